using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Cachetronomy.Hosting.Tests;

[TestClass]
public sealed class HealthAndMetricsTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task HealthCheck_DatabaseAndMemoryOk_IsHealthyWithTheSeedFacts()
    {
        await using var t = new TestHost();
        await t.StartAsync(cancellationToken: TestContext.CancellationToken);
        t.Engine.Set("k", 1);

        HealthReportEntry entry = (await t.CheckHealthAsync(TestContext.CancellationToken)).Entries["cachetronomy"];

        Assert.AreEqual(HealthStatus.Healthy, entry.Status);
        Assert.IsTrue((bool)entry.Data["db_accessible"]);
        Assert.IsTrue((bool)entry.Data["memory_ok"]);
        Assert.AreEqual(1L, entry.Data["store_keys_count"]);
        Assert.AreEqual(1, entry.Data["memory_keys_count"]);
        Assert.AreEqual("default", entry.Data["profile"]);
        Assert.AreEqual(0, entry.Data["unreadable_keys_count"]);
    }

    [TestMethod]
    public async Task HealthCheck_MemoryUnderTarget_IsDegraded()
    {
        await using var t = new TestHost();
        await t.StartAsync(cancellationToken: TestContext.CancellationToken);
        t.Probe.Reading = static () => new MemoryReading(10L * 1024 * 1024, FakeProbe.Plenty);

        HealthReportEntry entry = (await t.CheckHealthAsync(TestContext.CancellationToken)).Entries["cachetronomy"];

        Assert.AreEqual(HealthStatus.Degraded, entry.Status);
        Assert.IsFalse((bool)entry.Data["memory_ok"]);
    }

    [TestMethod]
    public async Task HealthCheck_UnreadableRow_IsDegradedWithItsCount()
    {
        await using var t = new TestHost();
        await t.StartAsync(cancellationToken: TestContext.CancellationToken);
        t.Engine.Store.Set(new StoredCacheEntry
        {
            Key = "broken",
            Data = "{not json"u8.ToArray(),
            Format = "json",
            ExpiresAt = t.Time.GetUtcNow().AddHours(1),
            SavedByProfile = "default",
        });
        Assert.IsNull(t.Engine.Get<Dictionary<string, int>>("broken"), "An unreadable row is a miss.");

        HealthReportEntry entry = (await t.CheckHealthAsync(TestContext.CancellationToken)).Entries["cachetronomy"];

        Assert.AreEqual(HealthStatus.Degraded, entry.Status);
        Assert.IsTrue((bool)entry.Data["memory_ok"]);
        Assert.AreEqual(1, entry.Data["unreadable_keys_count"]);
        Assert.Contains("cannot be read", entry.Description ?? "");
    }

    [TestMethod]
    public async Task HealthCheck_StoreFails_IsUnhealthy()
    {
        await using var t = new TestHost();
        (ICacheStore proxy, FaultInjectingStore control) = t.OpenFaultyStore();
        await t.StartAsync(services: s => s.AddSingleton(proxy), cancellationToken: TestContext.CancellationToken);
        control.FailingMembers.Add(nameof(ICacheStore.CountAsync));
        control.FailWith = static () => new CachetronomyStoreException("database is locked");

        HealthReportEntry entry = (await t.CheckHealthAsync(TestContext.CancellationToken)).Entries["cachetronomy"];

        Assert.AreEqual(HealthStatus.Unhealthy, entry.Status);
        Assert.IsFalse((bool)entry.Data["db_accessible"]);
        Assert.Contains("database is locked", entry.Description ?? "");
    }

    [TestMethod]
    public async Task HealthCheck_EngineDisposed_IsUnhealthy()
    {
        await using var t = new TestHost();
        await t.StartAsync(cancellationToken: TestContext.CancellationToken);
        await t.Engine.DisposeAsync();

        HealthReportEntry entry = (await t.CheckHealthAsync(TestContext.CancellationToken)).Entries["cachetronomy"];

        Assert.AreEqual(HealthStatus.Unhealthy, entry.Status);
    }

    [TestMethod]
    public async Task Meter_CountsHitsMissesSetsEvictionsAndFactoryRuns()
    {
        await using var t = new TestHost();
        await t.StartAsync(cancellationToken: TestContext.CancellationToken);
        IMeterFactory meters = t.Services.GetRequiredService<IMeterFactory>();
        using var hits = new MetricCollector<long>(meters, CachetronomyDiagnostics.MeterName, CachetronomyDiagnostics.CacheHit);
        using var misses = new MetricCollector<long>(meters, CachetronomyDiagnostics.MeterName, CachetronomyDiagnostics.CacheMiss);
        using var sets = new MetricCollector<long>(meters, CachetronomyDiagnostics.MeterName, CachetronomyDiagnostics.CacheSet);
        using var evictions = new MetricCollector<long>(meters, CachetronomyDiagnostics.MeterName, CachetronomyDiagnostics.CacheEviction);
        using var runs = new MetricCollector<long>(meters, CachetronomyDiagnostics.MeterName, CachetronomyDiagnostics.FactoryRun);
        using var writes = new MetricCollector<double>(meters, CachetronomyDiagnostics.MeterName, CachetronomyDiagnostics.StoreWriteDuration);
        using var reads = new MetricCollector<double>(meters, CachetronomyDiagnostics.MeterName, CachetronomyDiagnostics.StoreReadDuration);
        Cachetronaut engine = t.Engine;

        engine.Set("k", "v");
        engine.Get<string>("k");
        engine.Evict("k");
        engine.Get<string>("k");
        engine.Get<string>("absent");
        await engine.GetOrCreateAsync("made", static _ => ValueTask.FromResult(42), cancellationToken: TestContext.CancellationToken);

        Assert.AreEqual(2L, sets.GetMeasurementSnapshot().EvaluateAsCounter(), "k and made.");
        CollectionAssert.AreEqual(
            new[] { CachetronomyDiagnostics.MemoryTier, CachetronomyDiagnostics.StoreTier },
            hits.GetMeasurementSnapshot().Select(m => (string?)m.Tags[CachetronomyDiagnostics.TierTag]).ToArray());
        Assert.AreEqual(2L, misses.GetMeasurementSnapshot().EvaluateAsCounter(), "absent, and made before its run.");
        Assert.AreEqual(EvictionReasons.ManualEvictionClearKey, evictions.GetMeasurementSnapshot().Single().Tags[CachetronomyDiagnostics.ReasonTag]);
        Assert.AreEqual(1L, runs.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.IsNotEmpty(writes.GetMeasurementSnapshot());
        Assert.IsNotEmpty(reads.GetMeasurementSnapshot());
        Assert.IsTrue(hits.GetMeasurementSnapshot().All(m => m.Tags.Count == 1), "No key in any tag.");
    }
}
