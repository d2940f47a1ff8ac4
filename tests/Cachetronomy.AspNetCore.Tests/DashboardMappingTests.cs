using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cachetronomy.AspNetCore.Tests;

[TestClass]
public sealed class DashboardMappingTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Map_WithoutAntiforgery_ThrowsNamingTheFix()
    {
        await using WebApplication app = Build(antiforgery: false, out _);

        InvalidOperationException ex = Assert.ThrowsExactly<InvalidOperationException>(() => app.MapCachetronomyDashboard());

        StringAssert.Contains(ex.Message, "AddAntiforgery");
    }

    [TestMethod]
    public async Task Map_TopKeysBelowOne_Throws()
    {
        await using WebApplication app = Build(antiforgery: true, out _);

        Assert.ThrowsExactly<InvalidOperationException>(() => app.MapCachetronomyDashboard(configure: o => o.TopKeys = 0));
    }

    [TestMethod]
    public async Task NamedPolicy_UserWithoutTheRole_IsForbidden_AndWithIt_IsServed()
    {
        await using WebApplication app = Build(antiforgery: true, out string path, authentication: true);
        app.MapCachetronomyDashboard("cache-admin/", o => o.AuthorizationPolicy = "CacheAdmins");
        await app.StartAsync(TestContext.CancellationToken);
        using HttpClient client = app.GetTestClient();

        using HttpResponseMessage anonymous = await client.GetAsync("/cache-admin", TestContext.CancellationToken);
        using var plainRequest = new HttpRequestMessage(HttpMethod.Get, "/cache-admin/api/stats");
        plainRequest.Headers.Add(TestAuthHandler.UserHeader, "bob");
        using HttpResponseMessage plain = await client.SendAsync(plainRequest, TestContext.CancellationToken);
        using var adminRequest = new HttpRequestMessage(HttpMethod.Get, "/cache-admin/api/stats");
        adminRequest.Headers.Add(TestAuthHandler.UserHeader, "alice");
        adminRequest.Headers.Add(TestAuthHandler.RoleHeader, "ops");
        using HttpResponseMessage admin = await client.SendAsync(adminRequest, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.AreEqual(HttpStatusCode.Forbidden, plain.StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, admin.StatusCode);
        await app.StopAsync(TestContext.CancellationToken);
        Cleanup(path);
    }

    [TestMethod]
    public async Task DefaultOptions_WithoutAuthorizationServices_FailClosed()
    {
        await using WebApplication app = Build(antiforgery: true, out string path);
        app.MapCachetronomyDashboard();
        await app.StartAsync(TestContext.CancellationToken);
        using HttpClient client = app.GetTestClient();

        // No authorization middleware: the endpoint's authorization metadata makes routing refuse to run it.
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => client.GetAsync("/cachetronomy", TestContext.CancellationToken));

        await app.StopAsync(TestContext.CancellationToken);
        Cleanup(path);
    }

    [TestMethod]
    public async Task Stats_KeyBrowserLimitAtMaximum_ListsEveryKey()
    {
        await using WebApplication app = Build(antiforgery: true, out string path);
        app.MapCachetronomyDashboard(configure: o => { o.AllowAnonymous = true; o.KeyBrowserLimit = int.MaxValue; });
        await app.StartAsync(TestContext.CancellationToken);
        using HttpClient client = app.GetTestClient();
        ICachetronaut cache = app.Services.GetRequiredService<ICachetronaut>();
        for (int i = 0; i < 3; i++)
        {
            await cache.SetAsync($"k{i}", i, cancellationToken: TestContext.CancellationToken);
        }

        using JsonDocument stats = JsonDocument.Parse(await client.GetStringAsync("/cachetronomy/api/stats", TestContext.CancellationToken));

        Assert.AreEqual(3, stats.RootElement.GetProperty("keys").GetArrayLength());
        Assert.IsFalse(stats.RootElement.GetProperty("keysTruncated").GetBoolean());
        await app.StopAsync(TestContext.CancellationToken);
        Cleanup(path);
    }

    [TestMethod]
    public async Task Stats_TopKeys_LimitsTheHotKeysTables()
    {
        await using WebApplication app = Build(antiforgery: true, out string path);
        app.MapCachetronomyDashboard(configure: o => { o.AllowAnonymous = true; o.TopKeys = 2; o.KeyBrowserLimit = 3; });
        await app.StartAsync(TestContext.CancellationToken);
        using HttpClient client = app.GetTestClient();
        ICachetronaut cache = app.Services.GetRequiredService<ICachetronaut>();
        for (int i = 0; i < 5; i++)
        {
            await cache.SetAsync($"k{i}", i, cancellationToken: TestContext.CancellationToken);
        }

        using JsonDocument stats = JsonDocument.Parse(await client.GetStringAsync("/cachetronomy/api/stats", TestContext.CancellationToken));
        using JsonDocument filtered = JsonDocument.Parse(await client.GetStringAsync("/cachetronomy/api/stats?q=K4", TestContext.CancellationToken));

        Assert.AreEqual(2, stats.RootElement.GetProperty("memoryHotKeys").GetArrayLength());
        Assert.AreEqual(3, stats.RootElement.GetProperty("keys").GetArrayLength());
        Assert.IsTrue(stats.RootElement.GetProperty("keysTruncated").GetBoolean());
        Assert.AreEqual("k4", filtered.RootElement.GetProperty("keys")[0].GetProperty("key").GetString());
        Assert.IsFalse(filtered.RootElement.GetProperty("keysTruncated").GetBoolean());
        await app.StopAsync(TestContext.CancellationToken);
        Cleanup(path);
    }

    private static WebApplication Build(bool antiforgery, out string databasePath, bool authentication = false)
    {
        string path = Path.Combine(Path.GetTempPath(), $"cachetronomy-dashboard-{Guid.NewGuid():N}.db");
        databasePath = path;
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddCachetronomy(o => o.DatabasePath = path);
        if (antiforgery)
        {
            builder.Services.AddAntiforgery();
        }

        if (authentication)
        {
            builder.Services.AddAuthentication(TestAuthHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, null);
            builder.Services.AddAuthorization(o => o.AddPolicy("CacheAdmins", p => p.RequireRole("ops")));
        }

        return builder.Build();
    }

    private static void Cleanup(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (string file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Test";
        public const string UserHeader = "X-Test-User";
        public const string RoleHeader = "X-Test-Role";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            string? user = Request.Headers[UserHeader];
            if (string.IsNullOrEmpty(user))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var claims = new List<Claim> { new(ClaimTypes.Name, user) };
            if (Request.Headers[RoleHeader].ToString() is { Length: > 0 } role)
            {
                claims.Add(new Claim(ClaimTypes.Role, role));
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
