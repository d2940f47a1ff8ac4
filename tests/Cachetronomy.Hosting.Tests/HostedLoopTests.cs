using Cachetronomy.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cachetronomy.Hosting.Tests;

[TestClass]
public sealed class HostedLoopTests
{
    public TestContext TestContext { get; set; } = null!;

    private static Dictionary<string, string?> Profile(params (string Key, string Value)[] fields)
    {
        var settings = new Dictionary<string, string?> { ["Cachetronomy:ActiveProfile"] = "test" };
        foreach ((string key, string value) in fields)
        {
            settings["Cachetronomy:Profiles:test:" + key] = value;
        }

        return settings;
    }

    [TestMethod]
    public async Task TtlLoop_OnFakeTime_SweepsExpiredRowsAndLogsThem()
    {
        await using var t = new TestHost();
        await t.StartAsync(Profile(("TimeToLive", "00:00:10"), ("TtlCleanupInterval", "00:00:30")), cancellationToken: TestContext.CancellationToken);
        TtlSweepService loop = t.Loop<TtlSweepService>();
        t.Engine.Set("a", 1);
        t.Engine.Set("b", 2, new CachetronautEntryOptions { TimeToLive = TimeSpan.FromHours(1) });

        await loop.WhenParkedAsync(1).WaitAsync(TimeSpan.FromSeconds(30), TestContext.CancellationToken);
        t.Time.Advance(TimeSpan.FromSeconds(29)); // fake timers fire inside Advance: none is due yet
        Assert.AreEqual(0L, loop.Ticks, "The first sweep comes one interval after start.");
        await t.AdvanceAsync(loop, TimeSpan.FromSeconds(1));

        Assert.AreEqual(1L, loop.Ticks);
        CollectionAssert.AreEqual(new[] { "b" }, t.Engine.StoreKeys().ToArray());
        Assert.IsTrue(t.Engine.EvictionLogs().Any(e => e.Key == "a" && e.Reason == EvictionReasons.TimeEviction));
        Assert.IsTrue(t.Logs.GetSnapshot().Any(r => r.Id.Id == 24 && r.Message.Contains("1 expired", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task MemoryLoop_UnderPressure_EvictsLeastUsedUntilPressureIsGone()
    {
        await using var t = new TestHost();
        await t.StartAsync(Profile(("MemoryCleanupInterval", "00:00:05"), ("FreeMemoryTarget", "100")), cancellationToken: TestContext.CancellationToken);
        MemoryPressureService loop = t.Loop<MemoryPressureService>();
        await loop.WhenParkedAsync(1).WaitAsync(TimeSpan.FromSeconds(30), TestContext.CancellationToken);
        Cachetronaut engine = t.Engine;
        foreach (string key in new[] { "never-read", "read-once", "hot", "warm", "also-never" })
        {
            engine.Set(key, key);
        }

        engine.Get<string>("read-once");
        for (int i = 0; i < 5; i++)
        {
            engine.Get<string>("hot");
        }

        engine.Get<string>("warm");
        engine.Get<string>("warm");

        // Memory is short while more than two entries are in RAM. One entry (10% of 5, at least 1) leaves per tick.
        t.Probe.Reading = () => new MemoryReading(engine.FrontCount > 2 ? 0 : FakeProbe.Plenty, FakeProbe.Plenty);
        for (int tick = 0; tick < 3; tick++)
        {
            await t.AdvanceAsync(loop, TimeSpan.FromSeconds(5));
        }

        CollectionAssert.AreEquivalent(new[] { "hot", "warm" }, engine.MemoryKeys().ToArray(), "Never-read entries go first (B7), then the least used.");
        Assert.HasCount(5, engine.StoreKeys(), "The entries stay in the store.");
        CollectionAssert.AreEquivalent(
            new[] { "never-read", "also-never", "read-once" },
            engine.EvictionLogs().Where(e => e.Reason == EvictionReasons.MemoryEviction).Select(e => e.Key).ToArray());
        Assert.IsTrue(t.Logs.GetSnapshot().Any(r => r.Id.Id == 25));

        await t.AdvanceAsync(loop, TimeSpan.FromSeconds(5));
        Assert.HasCount(2, engine.MemoryKeys(), "With the pressure gone, the next check evicts nothing.");
    }

    [TestMethod]
    public async Task MemoryLoop_ProbeStaysUnderTarget_EvictsAtMostATenthPerTick()
    {
        await using var t = new TestHost();
        await t.StartAsync(Profile(("MemoryCleanupInterval", "00:00:05"), ("FreeMemoryTarget", "100"), ("MaxItemsInMemory", "0")), cancellationToken: TestContext.CancellationToken);
        MemoryPressureService loop = t.Loop<MemoryPressureService>();
        await loop.WhenParkedAsync(1).WaitAsync(TimeSpan.FromSeconds(30), TestContext.CancellationToken);
        Cachetronaut engine = t.Engine;
        for (int i = 0; i < 50; i++)
        {
            engine.Set($"k{i}", i);
        }

        // Machine-wide available memory does not rise until a GC runs, so the probe stays under the target.
        t.Probe.Reading = static () => new MemoryReading(0, FakeProbe.Plenty);
        await t.AdvanceAsync(loop, TimeSpan.FromSeconds(5));
        int afterFirst = engine.FrontCount;
        Assert.IsInRange(45, 49, afterFirst, "One tick evicts at most 10% of the resident entries, and at least one.");

        await t.AdvanceAsync(loop, TimeSpan.FromSeconds(5));
        int afterSecond = engine.FrontCount;
        Assert.IsLessThan(afterFirst, afterSecond, "While the pressure remains, the next tick evicts more.");
        Assert.IsGreaterThanOrEqualTo(afterFirst - 5, afterSecond);

        t.Probe.Reading = static () => new MemoryReading(FakeProbe.Plenty, FakeProbe.Plenty);
        await t.AdvanceAsync(loop, TimeSpan.FromSeconds(5));
        Assert.AreEqual(afterSecond, engine.FrontCount, "Above the target, eviction stops.");
        Assert.HasCount(50, engine.StoreKeys(), "The entries stay in the store.");
    }

    [TestMethod]
    public async Task Loop_StoreThrows_LogsAndKeepsRunning()
    {
        await using var t = new TestHost();
        (ICacheStore proxy, FaultInjectingStore control) = t.OpenFaultyStore();
        await t.StartAsync(Profile(("TimeToLive", "00:00:01"), ("TtlCleanupInterval", "00:01:00")), s => s.AddSingleton(proxy), TestContext.CancellationToken);
        TtlSweepService loop = t.Loop<TtlSweepService>();
        t.Engine.Set("k", 1);
        control.FailingMembers.Add(nameof(ICacheStore.DeleteExpiredAsync));
        control.FailWith = static () => new CachetronomyStoreException("disk on fire");

        await t.AdvanceAsync(loop, TimeSpan.FromMinutes(1));
        Assert.AreEqual(1L, loop.Ticks);
        Assert.IsTrue(t.Logs.GetSnapshot().Any(r => r.Id.Id == 26 && r.Exception is CachetronomyStoreException));
        Assert.IsFalse(t.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "The host keeps running.");

        control.FailWith = null;
        await t.AdvanceAsync(loop, TimeSpan.FromMinutes(1));
        Assert.AreEqual(2L, loop.Ticks);
        Assert.IsEmpty(t.Engine.StoreKeys(), "The next tick works again.");
    }

    [TestMethod]
    public async Task Stop_FlushesAccessCounts_TheySurviveARestart()
    {
        await using var t = new TestHost();
        Dictionary<string, string?> settings = new() { ["Cachetronomy:AccessLogFlushInterval"] = "00:00:00" };
        IHost first = await t.StartAsync(settings, cancellationToken: TestContext.CancellationToken);
        t.Engine.Set("k", "v");
        for (int i = 0; i < 3; i++)
        {
            Assert.AreEqual("v", t.Engine.Get<string>("k"));
        }

        await first.StopAsync(TestContext.CancellationToken);
        first.Dispose();

        await t.StartAsync(settings, cancellationToken: TestContext.CancellationToken);
        Assert.AreEqual(3L, t.Engine.KeyAccessLogs("k")?.AccessCount);
        Assert.IsTrue(t.Engine.EvictionLogs().Any(e => e.Key == "k" && e.Reason == EvictionReasons.Shutdown), "Resident entries leave RAM as shutdown.");
    }

    [TestMethod]
    public async Task FlushLoop_WritesCountsEveryInterval()
    {
        await using var t = new TestHost();
        await t.StartAsync(new Dictionary<string, string?> { ["Cachetronomy:AccessLogFlushInterval"] = "00:00:02" }, cancellationToken: TestContext.CancellationToken);
        AccessCountFlushService loop = t.Loop<AccessCountFlushService>();
        t.Engine.Set("k", 1);
        t.Engine.Get<int>("k");

        await t.AdvanceAsync(loop, TimeSpan.FromSeconds(2));

        Assert.AreEqual(1L, t.Engine.Store.GetAccessLog("k")?.AccessCount, "Read straight from the store: the loop wrote it.");
    }

    [TestMethod]
    public async Task RetentionLoop_TrimsTheEvictionLogToItsCap()
    {
        await using var t = new TestHost();
        await t.StartAsync(
            new Dictionary<string, string?> { ["Cachetronomy:Retention:Interval"] = "00:10:00", ["Cachetronomy:Retention:EvictionLogMaxRows"] = "2" },
            cancellationToken: TestContext.CancellationToken);
        LogRetentionService loop = t.Loop<LogRetentionService>();
        for (int i = 0; i < 5; i++)
        {
            t.Engine.Set("k" + i, i);
            t.Engine.Delete("k" + i);
        }

        await t.AdvanceAsync(loop, TimeSpan.FromMinutes(10));

        CollectionAssert.AreEqual(new[] { "k4", "k3" }, t.Engine.EvictionLogs().Select(e => e.Key).ToArray());
        Assert.IsTrue(t.Logs.GetSnapshot().Any(r => r.Id.Id == 27));
    }
}
