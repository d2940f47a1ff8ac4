using Cachetronomy.Hosting;
using Cachetronomy.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cachetronomy.Hosting.Tests;

[TestClass]
public sealed class HostingRegistrationTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task AddCachetronomy_InHost_ResolvesOneEngineAndTheHostedServices()
    {
        await using var t = new TestHost();
        await t.StartAsync(cancellationToken: TestContext.CancellationToken);

        Assert.AreSame(t.Engine, t.Services.GetRequiredService<ICachetronaut>());
        Type[] hosted = t.Services.GetServices<IHostedService>().Select(s => s.GetType()).Where(s => s.Assembly == typeof(Cachetronaut).Assembly).ToArray();
        CollectionAssert.AreEqual(
            new[] { typeof(CachetronomyLifecycleService), typeof(TtlSweepService), typeof(MemoryPressureService), typeof(AccessCountFlushService), typeof(LogRetentionService) },
            hosted,
            "The lifecycle service is first, so it starts first and stops last.");
        Assert.AreEqual(t.DatabasePath, t.Engine.Store.Location, "The default file lives in the content root.");
        Assert.IsTrue(t.Logs.GetSnapshot().Any(r => r.Id.Id == 20), "Start is logged.");
    }

    [TestMethod]
    public void AddCachetronomy_CalledTwice_RegistersHostingOnce()
    {
        var services = new ServiceCollection();
        services.AddCachetronomy();
        services.AddCachetronomy(o => o.MaxKeyLength = 10);
        Assert.AreEqual(5, services.Count(d => d.ServiceType == typeof(IHostedService)));
        Assert.AreEqual(1, services.Count(d => d.ServiceType == typeof(IMemoryPressureProbe)));
        Assert.AreEqual(1, services.Count(d => d.ServiceType == typeof(IValidateOptions<CachetronomyOptions>)));
    }

    [TestMethod]
    public async Task AddCachetronomy_NoConfiguration_UsesDefaultsAndTheSystemProbe()
    {
        string folder = Path.Combine(Path.GetTempPath(), "cachetronomy-hosting-tests", Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddCachetronomy(o => o.DatabasePath = Path.Combine(folder, "plain.db"));
        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            CachetronomyOptions options = provider.GetRequiredService<IOptions<CachetronomyOptions>>().Value;
            Assert.AreEqual(CachetronomyProfile.DefaultName, options.ActiveProfile);
            Assert.AreEqual(TimeSpan.FromSeconds(5), options.AccessLogFlushInterval);
            Assert.AreEqual(100_000, options.Retention.EvictionLogMaxRows);
            Assert.AreSame(SystemMemoryPressureProbe.Instance, provider.GetRequiredService<IMemoryPressureProbe>());
            provider.GetRequiredService<ICachetronaut>().Set("k", 1);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [TestMethod]
    public async Task Binding_ReadsTheSectionAndUpsertsConfiguredProfiles()
    {
        await using var t = new TestHost();
        Directory.CreateDirectory(Path.Combine(t.Folder, "data"));
        await t.StartAsync(
            new Dictionary<string, string?>
            {
                ["Cachetronomy:DatabasePath"] = "data/app-cache.db",
                ["Cachetronomy:ActiveProfile"] = "fast",
                ["Cachetronomy:MaxKeyLength"] = "200",
                ["Cachetronomy:AccessLogFlushInterval"] = "00:00:02",
                ["Cachetronomy:Retention:EvictionLogMaxRows"] = "50",
                ["Cachetronomy:Profiles:fast:TimeToLive"] = "00:00:30",
                ["Cachetronomy:Profiles:fast:MaxItemsInMemory"] = "7",
                ["Cachetronomy:Profiles:fast:MemoryBasedEviction"] = "false",
                ["Cachetronomy:Profiles:fast:FreeMemoryTarget"] = "0.25",
                ["Cachetronomy:Profiles:fast:Tags:0"] = "web",
            },
            cancellationToken: TestContext.CancellationToken);

        CachetronomyOptions options = t.Services.GetRequiredService<IOptionsMonitor<CachetronomyOptions>>().CurrentValue;
        Assert.AreEqual(Path.Combine(t.Folder, "data", "app-cache.db"), options.DatabasePath, "A relative path resolves against the content root.");
        Assert.AreEqual(200, options.MaxKeyLength);
        Assert.AreEqual(TimeSpan.FromSeconds(2), options.AccessLogFlushInterval);
        Assert.AreEqual(50, options.Retention.EvictionLogMaxRows);
        Assert.AreEqual(TimeSpan.FromHours(1), options.Retention.Interval, "Unset retention values keep their defaults.");

        var expected = new CachetronomyProfile
        {
            Name = "fast",
            TimeToLive = TimeSpan.FromSeconds(30),
            MaxItemsInMemory = 7,
            MemoryBasedEviction = false,
            FreeMemoryTarget = 0.25,
            Tags = ["web"],
        };
        Assert.AreEqual(expected, t.Engine.Profile, "Fields left out keep the defaults.");
        Assert.AreEqual(expected, t.Engine.GetProfile("fast"), "Configured profiles are written to the profiles table.");
    }

    [TestMethod]
    public async Task Start_ActiveProfileOnlyInTheFile_Starts()
    {
        await using var t = new TestHost();
        await using (var store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = t.DatabasePath }, t.Time))
        {
            store.UpsertProfile(new CachetronomyProfile { Name = "cli", TimeToLive = TimeSpan.FromMinutes(3) });
        }

        await t.StartAsync(new Dictionary<string, string?> { ["Cachetronomy:ActiveProfile"] = "cli" }, cancellationToken: TestContext.CancellationToken);

        Assert.AreEqual("cli", t.Engine.Profile.Name);
        Assert.AreEqual(TimeSpan.FromMinutes(3), t.Engine.Profile.TimeToLive);
    }

    [TestMethod]
    [DataRow("Cachetronomy:Profiles:bad:TimeToLive", "00:00:00", "Cachetronomy:Profiles:bad:TimeToLive")]
    [DataRow("Cachetronomy:Profiles:bad:TtlCleanupInterval", "-00:00:01", "Cachetronomy:Profiles:bad:TtlCleanupInterval")]
    [DataRow("Cachetronomy:Profiles:bad:MemoryCleanupInterval", "-00:00:01", "Cachetronomy:Profiles:bad:MemoryCleanupInterval")]
    [DataRow("Cachetronomy:Profiles:bad:FreeMemoryTarget", "-1", "Cachetronomy:Profiles:bad:FreeMemoryTarget")]
    [DataRow("Cachetronomy:Profiles:bad:MaxItemsInMemory", "-1", "Cachetronomy:Profiles:bad:MaxItemsInMemory")]
    [DataRow("Cachetronomy:AccessLogFlushInterval", "-00:00:01", "Cachetronomy:AccessLogFlushInterval")]
    [DataRow("Cachetronomy:AccessLogFlushInterval", "60.00:00:00", "Cachetronomy:AccessLogFlushInterval")]
    [DataRow("Cachetronomy:Retention:Interval", "60.00:00:00", "Cachetronomy:Retention:Interval")]
    [DataRow("Cachetronomy:Profiles:bad:TtlCleanupInterval", "60.00:00:00", "Cachetronomy:Profiles:bad:TtlCleanupInterval")]
    [DataRow("Cachetronomy:Profiles:bad:MemoryCleanupInterval", "60.00:00:00", "Cachetronomy:Profiles:bad:MemoryCleanupInterval")]
    [DataRow("Cachetronomy:Retention:EvictionLogMaxRows", "-1", "EvictionLogMaxRows")]
    [DataRow("Cachetronomy:Retention:AccessLogMaxAge", "-1.00:00:00", "Cachetronomy:Retention:AccessLogMaxAge")]
    [DataRow("Cachetronomy:MaxKeyLength", "0", "MaxKeyLength")]
    [DataRow("Cachetronomy:SlidingRefreshThreshold", "0.6", "SlidingRefreshThreshold")]
    [DataRow("Cachetronomy:SlidingRefreshThreshold", "-0.1", "SlidingRefreshThreshold")]
    [DataRow("Cachetronomy:CoherenceInterval", "00:00:00", "Cachetronomy:CoherenceInterval")]
    [DataRow("Cachetronomy:CoherenceInterval", "60.00:00:00", "Cachetronomy:CoherenceInterval")]
    [DataRow("Cachetronomy:BusyTimeout", "-00:00:01", "Cachetronomy:BusyTimeout")]
    [DataRow("Cachetronomy:DatabasePath", " ", "DatabasePath")]
    [DataRow("Cachetronomy:ActiveProfile", "ghost", "Cachetronomy:ActiveProfile 'ghost' is neither configured")]
    public async Task Start_InvalidSetting_FailsNamingTheSetting(string key, string value, string expected)
    {
        await using var t = new TestHost();
        IHost host = t.Build(new Dictionary<string, string?> { [key] = value });

        var ex = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync(TestContext.CancellationToken));

        Assert.Contains(expected, string.Join(" | ", ex.Failures), ex.Message);
    }

    [TestMethod]
    public async Task Binding_ReadsCoherenceAndStoreDurabilitySettings()
    {
        await using var t = new TestHost();
        await t.StartAsync(
            new Dictionary<string, string?>
            {
                ["Cachetronomy:Coherence"] = "false",
                ["Cachetronomy:CoherenceInterval"] = "00:00:00.100",
                ["Cachetronomy:Synchronous"] = "Full",
                ["Cachetronomy:BusyTimeout"] = "00:00:07",
                ["Cachetronomy:SlidingRefreshThreshold"] = "0.25",
                ["Cachetronomy:RecordChanges"] = "false",
            },
            cancellationToken: TestContext.CancellationToken);

        CachetronomyOptions options = t.Services.GetRequiredService<IOptionsMonitor<CachetronomyOptions>>().CurrentValue;
        Assert.IsFalse(options.Coherence);
        Assert.AreEqual(TimeSpan.FromMilliseconds(100), options.CoherenceInterval);
        Assert.AreEqual(SqliteSynchronousMode.Full, options.Synchronous);
        Assert.AreEqual(TimeSpan.FromSeconds(7), options.BusyTimeout);
        Assert.AreEqual(0.25, options.SlidingRefreshThreshold);
        Assert.IsFalse(options.RecordChanges);

        var store = (SqliteCacheStore)t.Engine.Store;
        Assert.AreEqual(SqliteSynchronousMode.Full, store.Synchronous, "The engine opens its store with the configured durability.");
        long changes = store.GetLastChangeId();
        t.Engine.Set("k", 1);
        Assert.AreEqual(changes, store.GetLastChangeId(), "... and without the change feed.");
    }

    [TestMethod]
    public void SystemMemoryPressureProbe_ReadsMemInfoOrTheRuntime()
    {
        Assert.IsTrue(SystemMemoryPressureProbe.TryParseMemInfo("MemTotal:       16000 kB\nMemFree:  10 kB\nMemAvailable:    4000 kB\n", out MemoryReading parsed));
        Assert.AreEqual(new MemoryReading(4000L * 1024, 16000L * 1024), parsed);
        Assert.IsFalse(SystemMemoryPressureProbe.TryParseMemInfo("MemTotal: 1 kB\n", out _));

        MemoryReading live = SystemMemoryPressureProbe.Instance.Read();
        Assert.IsGreaterThan(0L, live.TotalBytes);
        Assert.IsGreaterThanOrEqualTo(0L, live.AvailableBytes);
        Assert.IsTrue(new MemoryReading(100, 1000).IsUnderTarget(0.5), "At most 1 is a fraction of total.");
        Assert.IsFalse(new MemoryReading(2L * 1024 * 1024, 0).IsUnderTarget(1.5), "Above 1 is megabytes.");
        Assert.IsFalse(new MemoryReading(0, 1000).IsUnderTarget(0), "A zero target is never reached.");
    }
}
