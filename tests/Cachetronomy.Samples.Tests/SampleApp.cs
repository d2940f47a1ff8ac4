using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cachetronomy.Samples.Tests;

/// <summary>The sample on a test server, over its own temporary database, with a short lookup delay.</summary>
public sealed partial class SampleApp : IAsyncDisposable
{
    public const string DashboardUser = "admin";
    public const string DashboardPassword = "s3cret-for-tests";

    private SampleApp(WebApplicationFactory<Program> factory, string databasePath)
    {
        Factory = factory;
        DatabasePath = databasePath;
    }

    public WebApplicationFactory<Program> Factory { get; }

    public string DatabasePath { get; }

    public IServiceProvider Services => Factory.Services;

    public static SampleApp Start(string environment = "Development", TimeSpan? lookupDelay = null, TimeProvider? timeProvider = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"cachetronomy-sample-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?>
        {
            ["Cachetronomy:DatabasePath"] = path,
            ["Sample:LookupDelay"] = (lookupDelay ?? TimeSpan.FromMilliseconds(200)).ToString("c"),
            ["Sample:Dashboard:User"] = DashboardUser,
            ["Sample:Dashboard:Password"] = DashboardPassword,
        };

        WebApplicationFactory<Program> factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Cachetronomy:DatabasePath", path);
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
            if (timeProvider is not null)
            {
                builder.ConfigureTestServices(services => services.AddSingleton(timeProvider));
            }
        });
        return new SampleApp(factory, path);
    }

    public HttpClient CreateClient() => Factory.CreateClient();

    /// <summary>Loads the dashboard page (which sets the antiforgery cookie on <paramref name="client"/>) and returns its request token.</summary>
    public static async Task<(string Html, string Token)> GetDashboardAsync(HttpClient client, CancellationToken cancellationToken)
    {
        string html = await client.GetStringAsync("/cachetronomy", cancellationToken);
        Match match = TokenPattern().Match(html);
        Assert.IsTrue(match.Success, "The page carries an antiforgery token.");
        return (html, match.Groups[1].Value);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (string file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Best effort: a temp file left behind is harmless.
            }
        }
    }

    [GeneratedRegex("data-antiforgery-token=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
