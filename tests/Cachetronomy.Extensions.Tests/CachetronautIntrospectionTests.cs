using Cachetronomy.Extensions.Tests.Internal;
using Microsoft.Extensions.Caching.Hybrid;

namespace Cachetronomy.Extensions.Tests;

[TestClass]
public sealed class CachetronautIntrospectionTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task MemoryStats_CountsHitsPerKeyAndResetsOnEvict()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", 1);
        for (int i = 0; i < 3; i++)
        {
            t.Cache.Get<int>("k");
        }

        t.Cache.Set("j", 2);
        t.Cache.Get<int>("j");
        CollectionAssert.AreEqual(new[] { new HotKey("k", 3), new HotKey("j", 1) }, t.Cache.MemoryStats().ToArray());

        t.Cache.Evict("k");
        t.Cache.Set("k", 1);
        Assert.AreEqual(0L, (await t.Cache.MemoryStatsAsync(cancellationToken: Token)).Single(h => h.Key == "k").AccessCount);
    }

    [TestMethod]
    public async Task StoreStats_AfterHits_PersistsAggregatedCountsAndSurvivesReopen()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", 1);
        for (int i = 0; i < 3; i++)
        {
            t.Cache.Get<int>("k");
        }

        t.Cache.Get<int>("missing");
        AccessLogEntry top = t.Cache.StoreStats(1).Single();
        Assert.AreEqual(("k", 3L, "default"), (top.Key, top.AccessCount, top.LastAccessedByProfile));
        Assert.IsNull(t.Cache.KeyAccessLogs("missing"));
        Assert.AreEqual(1, t.Store.CallsTo("AddAccessCounts"));

        Cachetronaut reopened = t.Reopen();
        Assert.AreEqual(3L, reopened.KeyAccessLogs("k")!.AccessCount);
    }

    [TestMethod]
    public async Task FlushAccessCountsAsync_AddsDeltasOnce()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", 1);
        t.Cache.Get<int>("k");
        await t.Cache.FlushAccessCountsAsync(Token);
        t.Cache.Get<int>("k");
        await t.Cache.FlushAccessCountsAsync(Token);
        await t.Cache.FlushAccessCountsAsync(Token);
        Assert.AreEqual(2L, (await t.Cache.KeyAccessLogsAsync("k", Token))!.AccessCount);
    }

    [TestMethod]
    public async Task FlushAccessCounts_EntryLeftRamOrWasReplaced_CountsEveryReadOnce()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", 1);
        t.Cache.Get<int>("k");
        t.Cache.Get<int>("k");
        t.Cache.FlushAccessCounts();   // 2
        t.Cache.Get<int>("k");
        t.Cache.Evict("k");            // 1 pending hit moves off the entry
        t.Cache.Get<int>("k");         // a store read (promotes)
        t.Cache.Get<int>("k");         // a hit on the new entry
        t.Cache.Set("k", 2);           // replaced: its pending hit moves too
        t.Cache.Get<int>("k");
        t.Cache.FlushAccessCounts();
        t.Cache.FlushAccessCounts();
        Assert.AreEqual(6L, t.Cache.KeyAccessLogs("k")!.AccessCount);
        Assert.AreEqual((5L, 1L), (t.Cache.Stats().MemoryHits, t.Cache.Stats().StoreHits));
    }

    [TestMethod]
    public async Task FlushAccessCounts_RacingHitsEvictionsAndFlushes_LosesAndDoublesNothing()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", 1);
        const int Readers = 4;
        const int ReadsEach = 20_000;
        using var done = new CancellationTokenSource();
        Task churn = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                t.Cache.Evict("k");
                t.Cache.FlushAccessCounts();
            }
        }, Token);
        Task[] readers = Enumerable.Range(0, Readers).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < ReadsEach; i++)
            {
                Assert.AreEqual(1, t.Cache.Get<int>("k"));
            }
        }, Token)).ToArray();
        await Task.WhenAll(readers);
        done.Cancel();
        await churn;
        t.Cache.FlushAccessCounts();

        CacheStatistics stats = t.Cache.Stats();
        Assert.AreEqual(Readers * ReadsEach, stats.MemoryHits + stats.StoreHits);
        Assert.AreEqual((long)Readers * ReadsEach, t.Cache.KeyAccessLogs("k")!.AccessCount);
    }

    [TestMethod]
    public async Task ClearAccessLogs_DropsPendingCounts()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", 1);
        t.Cache.Get<int>("k");
        t.Cache.FlushAccessCounts();
        t.Cache.Get<int>("k");
        Assert.AreEqual(1, t.Cache.ClearAccessLogs());
        Assert.IsEmpty(t.Cache.AccessLogs());
    }

    [TestMethod]
    public async Task DeleteAccessLogsAsync_DropsThatKeysPendingCount()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", 1);
        t.Cache.Set("j", 1);
        t.Cache.Get<int>("k");
        t.Cache.Get<int>("j");
        t.Cache.FlushAccessCounts();
        t.Cache.Get<int>("k");
        Assert.IsTrue(await t.Cache.DeleteAccessLogsAsync("k", Token));
        CollectionAssert.AreEqual(new[] { "j" }, (await t.Cache.AccessLogsAsync(Token)).Select(a => a.Key).ToArray());
    }

    [TestMethod]
    public async Task EvictionLogs_LimitReturnsNewestFirst()
    {
        await using var t = new TestCache();
        foreach (string key in new[] { "a", "b", "c" })
        {
            t.Cache.Set(key, 1);
            t.Cache.Evict(key);
            t.Time.Advance(TimeSpan.FromSeconds(1));
        }

        CollectionAssert.AreEqual(new[] { "c", "b" }, t.Cache.EvictionLogs(2).Select(e => e.Key).ToArray());
        Assert.AreEqual(3L, t.Cache.Stats().EvictionsCount);
        Assert.AreEqual(3, await t.Cache.ClearEvictionLogsAsync(Token));
        Assert.IsEmpty(await t.Cache.EvictionLogsAsync(cancellationToken: Token));
    }

    [TestMethod]
    public async Task ClearEvictionLogs_IncludesBufferedRows()
    {
        await using var t = new TestCache();
        t.Cache.Set("a", 1);
        t.Cache.Evict("a");
        Assert.AreEqual(1, t.Cache.ClearEvictionLogs());
        Assert.IsEmpty(t.Cache.EvictionLogs());
    }

    [TestMethod]
    public async Task Stats_ReportsBothTiersWithoutDuplicatesAndHitCounters()
    {
        await using var t = new TestCache();
        t.Cache.Set("a", 1);
        t.Cache.Set("b", 2);
        t.Cache.Evict("b");
        t.Cache.Get<int>("a");
        t.Cache.Get<int>("b");
        t.Cache.Get<int>("z");
        CacheStatistics stats = await t.Cache.StatsAsync(Token);
        Assert.AreEqual(2L, stats.TotalKeys);
        Assert.AreEqual(2, stats.MemoryKeys);
        Assert.AreEqual(2L, stats.StoreKeys);
        Assert.AreEqual("default", stats.Profile);
        Assert.AreEqual((1L, 1L, 1L), (stats.MemoryHits, stats.StoreHits, stats.Misses));
        Assert.HasCount(2, stats.HotKeys);
    }

    [TestMethod]
    public async Task Stats_RamOnlyAndStoreOnlyKeys_CountOnceWithoutReadingEveryStoreKey()
    {
        await using var t = new TestCache();
        t.Cache.Set("both", 1);
        t.Cache.Set("store-only", 2);
        t.Cache.Evict("store-only");
        HybridCache hybrid = new CachetronomyHybridCache(t.Cache);
        var ramOnly = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableDistributedCacheWrite };
        await hybrid.SetAsync("ram-only", "v", ramOnly, cancellationToken: Token);

        CacheStatistics stats = await t.Cache.StatsAsync(Token);
        CacheStatistics syncStats = t.Cache.Stats();

        Assert.AreEqual((3L, 2, 2L), (stats.TotalKeys, stats.MemoryKeys, stats.StoreKeys));
        Assert.AreEqual((3L, 2, 2L), (syncStats.TotalKeys, syncStats.MemoryKeys, syncStats.StoreKeys));
        Assert.AreEqual(0, t.Store.CallsTo(nameof(ICacheStore.Keys)) + t.Store.CallsTo(nameof(ICacheStore.KeysAsync)), "A count, not a read of every key.");
    }

    [TestMethod]
    public async Task Stats_RamOnlyKeyTheStoreWouldRefuse_CountsAsRamOnly()
    {
        await using var t = new TestCache();
        t.Cache.Set("stored", 1);
        HybridCache hybrid = new CachetronomyHybridCache(t.Cache);
        var ramOnly = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableDistributedCacheWrite };
        await hybrid.SetAsync("lone\uD800surrogate", "v", ramOnly, cancellationToken: Token);

        CacheStatistics stats = await t.Cache.StatsAsync(Token);

        Assert.AreEqual((2L, 2, 1L), (stats.TotalKeys, stats.MemoryKeys, stats.StoreKeys));
        Assert.AreEqual(2L, t.Cache.Stats().TotalKeys);
    }

    [TestMethod]
    public async Task Stats_CountersArePerInstance()
    {
        await using var t = new TestCache();
        t.Cache.Set("a", 1);
        t.Cache.Get<int>("a");
        Cachetronaut other = t.Reopen();
        Assert.AreEqual(0L, other.Stats().MemoryHits);
    }

    [TestMethod]
    public async Task AllKeys_HasNoDuplicates()
    {
        await using var t = new TestCache();
        t.Cache.Set("a", 1);
        t.Cache.Set("b", 1);
        t.Cache.Evict("b");
        CollectionAssert.AreEquivalent(new[] { "a", "b" }, t.Cache.AllKeys().ToList());
        CollectionAssert.AreEquivalent(new[] { "a", "b" }, (await t.Cache.AllKeysAsync(Token)).ToList());
        CollectionAssert.AreEqual(new[] { "a" }, (await t.Cache.MemoryKeysAsync(Token)).ToArray());
        Assert.HasCount(2, await t.Cache.StoreKeysAsync(Token));
    }

    [TestMethod]
    public async Task KeyMetadata_ReportsRealFormatAndNullWhenAbsent()
    {
        await using var t = new TestCache();
        t.Cache.Set("b", new byte[] { 0, 255 }, new CachetronautEntryOptions { Serializer = "bytes" });
        Assert.AreEqual("bytes", t.Cache.KeyMetadata("b")!.Format);
        Assert.IsNull(t.Cache.KeyMetadata("nope"));
        Assert.HasCount(1, await t.Cache.StoreMetadataAsync(Token));
        Assert.HasCount(1, t.Cache.StoreMetadata());
    }

    [TestMethod]
    public async Task StoreMetadata_FilterAndLimit_ReadsOnlyThatPageFromTheStore()
    {
        await using var t = new TestCache();
        t.Cache.SetMany([KeyValuePair.Create("team:b", 1), KeyValuePair.Create("Team:a", 2), KeyValuePair.Create("user:c", 3)]);

        IReadOnlyList<CacheEntryMetadata> page = await t.Cache.StoreMetadataAsync("TEAM", 1, Token);

        Assert.AreEqual("Team:a", page.Single().Key);
        CollectionAssert.AreEqual(new[] { "Team:a", "team:b", "user:c" }, t.Cache.StoreMetadata(null, 10).Select(m => m.Key).ToArray());
        Assert.AreEqual(0, t.Store.CallsTo(nameof(ICacheStore.GetAllMetadataAsync)) + t.Store.CallsTo(nameof(ICacheStore.GetAllMetadata)), "A page, not every row.");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => t.Cache.StoreMetadata("x", -1));
    }

    [TestMethod]
    public async Task HealthCheck_NormalStore_IsHealthyWithCounts()
    {
        await using var t = new TestCache();
        t.Cache.MemoryProbe = () => (800L << 20, 1024L << 20);
        t.Cache.Set("a", 1);
        CacheHealth health = t.Cache.HealthCheck();
        Assert.AreEqual(new CacheHealth(CacheHealthStatus.Healthy, true, true, 1, 1), health);
    }

    [TestMethod]
    public async Task HealthCheckAsync_LowMemory_IsDegraded()
    {
        await using var t = new TestCache();
        t.Cache.MemoryProbe = () => (10L << 20, 1024L << 20);
        CacheHealth health = await t.Cache.HealthCheckAsync(Token);
        Assert.AreEqual(CacheHealthStatus.Degraded, health.Status);
        Assert.IsFalse(health.MemoryOk);
    }

    [TestMethod]
    public async Task HealthCheck_FractionTarget_UsesShareOfTotal()
    {
        await using var t = new TestCache();
        t.Cache.UpdateActiveProfile(new CachetronomyProfileUpdate { FreeMemoryTarget = 0.5 });
        t.Cache.MemoryProbe = () => (400L << 20, 1024L << 20);
        Assert.AreEqual(CacheHealthStatus.Degraded, t.Cache.HealthCheck().Status);
        t.Cache.MemoryProbe = () => (600L << 20, 1024L << 20);
        Assert.AreEqual(CacheHealthStatus.Healthy, t.Cache.HealthCheck().Status);
    }

    [TestMethod]
    public async Task HealthCheck_StoreFails_IsUnhealthyWithoutThrowing()
    {
        await using var t = new TestCache();
        t.Store.FailWith = () => new CachetronomyStoreException("unreadable");
        CacheHealth health = t.Cache.HealthCheck();
        t.Store.FailWith = null;
        Assert.AreEqual(CacheHealthStatus.Unhealthy, health.Status);
        Assert.IsFalse(health.DatabaseAccessible);
        Assert.AreEqual(0L, health.StoreKeysCount);
    }

    [TestMethod]
    public async Task DisposeAsync_FlushesPendingCountsAndEvictions()
    {
        var t = new TestCache();
        await using (t)
        {
            t.Cache.Set("k", 1);
            t.Cache.Get<int>("k");
            t.Cache.Evict("k");
            await t.Cache.DisposeAsync();
            Assert.AreEqual(1L, t.Sqlite.GetAccessLog("k")!.AccessCount);
            Assert.AreEqual(1L, t.Sqlite.CountEvictionLogs());
            Assert.ThrowsExactly<ObjectDisposedException>(() => t.Cache.Stats());
            t.Cache.Dispose();
        }
    }

    [TestMethod]
    public async Task Dispose_OwnedStore_ClosesIt()
    {
        await using var t = new TestCache();
        Cachetronaut owned = t.Reopen();
        owned.Set("k", 1);
        owned.Dispose();
        Assert.AreEqual(1, t.Cache.Get<int>("k"));
        Assert.ThrowsExactly<ObjectDisposedException>(() => owned.Get<int>("k"));
    }
}
