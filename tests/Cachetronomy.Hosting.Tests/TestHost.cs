using Cachetronomy.Hosting;
using Cachetronomy.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Cachetronomy.Hosting.Tests;

/// <summary>A memory probe the test sets.</summary>
internal sealed class FakeProbe : IMemoryPressureProbe
{
    public const long Plenty = 64L * 1024 * 1024 * 1024;

    public Func<MemoryReading> Reading { get; set; } = static () => new MemoryReading(Plenty, Plenty);

    public int Reads { get; private set; }

    public MemoryReading Read()
    {
        Reads++;
        return Reading();
    }
}

/// <summary>
/// A real generic host (Host.CreateApplicationBuilder) over a temp folder as content root, an in-memory
/// configuration source, a fake clock and a fake memory probe registered before AddCachetronomy, and fake logging.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];
    private readonly List<IAsyncDisposable> _owned = [];

    public TestHost()
    {
        Folder = Path.Combine(Path.GetTempPath(), "cachetronomy-hosting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "cachetronomy.db");

    public FakeTimeProvider Time { get; } = new(Start);

    public FakeProbe Probe { get; } = new();

    public IHost Host { get; private set; } = null!;

    public IServiceProvider Services => Host.Services;

    public Cachetronaut Engine => Services.GetRequiredService<Cachetronaut>();

    public IConfigurationRoot Configuration => (IConfigurationRoot)Services.GetRequiredService<IConfiguration>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>Builds (does not start) a host; later calls build a new host over the same folder.</summary>
    public IHost Build(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = Folder,
            EnvironmentName = "Test",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.AddFakeLogging();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddSingleton<IMemoryPressureProbe>(Probe);
        services?.Invoke(builder.Services);
        builder.Services.AddCachetronomy();
        builder.Services.AddHealthChecks().AddCachetronomy();
        Host = builder.Build();
        _hosts.Add(Host);
        return Host;
    }

    /// <summary>Builds and starts a host.</summary>
    public async Task<IHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, CancellationToken cancellationToken = default)
    {
        IHost host = Build(settings, services);
        await host.StartAsync(cancellationToken);
        return host;
    }

    public T Loop<T>()
        where T : CachetronomyLoop => Services.GetServices<IHostedService>().OfType<T>().Single();

    /// <summary>Advances the fake clock and waits until <paramref name="loop"/> reacted and parked again.</summary>
    public async Task AdvanceAsync(CachetronomyLoop loop, TimeSpan by)
    {
        await loop.WhenParkedAsync(1).WaitAsync(TimeSpan.FromSeconds(30));
        long parks = loop.Parks;
        Time.Advance(by);
        await loop.WhenParkedAsync(parks + 1).WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Changes configuration values and raises the reload token, as an appsettings edit would.</summary>
    public void Reload(IDictionary<string, string?> changes)
    {
        IConfigurationRoot root = Configuration;
        foreach ((string key, string? value) in changes)
        {
            root[key] = value;
        }

        root.Reload();
    }

    public async Task<HealthReport> CheckHealthAsync(CancellationToken cancellationToken) =>
        await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(cancellationToken);

    /// <summary>Opens the real store on the test's file, wrapped for fault injection; disposed with the test.</summary>
    public (ICacheStore Proxy, FaultInjectingStore Control) OpenFaultyStore()
    {
        var store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = DatabasePath }, Time);
        _owned.Add(store);
        return FaultInjectingStore.Wrap(store);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IHost host in _hosts)
        {
            try
            {
                await host.StopAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
            }

            host.Dispose();
        }

        foreach (IAsyncDisposable owned in _owned)
        {
            await owned.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
