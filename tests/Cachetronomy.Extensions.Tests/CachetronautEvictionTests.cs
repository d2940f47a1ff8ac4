using Cachetronomy.Extensions.Tests.Internal;

namespace Cachetronomy.Extensions.Tests;

[TestClass]
public sealed class CachetronautEvictionTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private static Action<CachetronomyOptions> Cap(int cap) => o =>
    {
        o.Profiles["capped"] = new CachetronomyProfile { MaxItemsInMemory = cap };
        o.ActiveProfile = "capped";
    };

    [TestMethod]
    public async Task FrontTier_CappedUpToAMillion_IsAllocatedForItsCapUpFront()
    {
        await using var t = new TestCache(Cap(1_000));

        // A quarter more than the cap: the map grows when any one lock stripe passes its share, not at the total.
        Assert.AreEqual(1_000 + 250 + 16, t.Cache.FrontTierPresize);
        Assert.AreEqual(Cachetronaut.MaxPresizedFrontTier + (Cachetronaut.MaxPresizedFrontTier / 4) + 16, Cachetronaut.FrontTierPresizeFor(Cachetronaut.MaxPresizedFrontTier));
    }

    [TestMethod]
    public void FrontTier_UnlimitedOrOverAMillion_StartsSmallAndGrows()
    {
        Assert.AreEqual(0, Cachetronaut.FrontTierPresizeFor(0), "0 is unlimited: no size to allocate for.");
        Assert.AreEqual(0, Cachetronaut.FrontTierPresizeFor(Cachetronaut.MaxPresizedFrontTier + 1));
    }

    [TestMethod]
    public async Task FrontTier_PresizedForTheCap_HoldsTheCapAndTrimsAsBefore()
    {
        await using var t = new TestCache(Cap(50));
        for (int i = 0; i < 120; i++)
        {
            t.Cache.Set("k" + i, i);
        }

        Assert.IsLessThanOrEqualTo(50, t.Cache.FrontCount);
        Assert.AreEqual(119, t.Cache.Get<int>("k119"), "The newest entry stays in RAM.");
    }

    [TestMethod]
    public async Task Set_OverALargeCap_TrimsInOneBatchToNinetyPercent()
    {
        await using var t = new TestCache(Cap(20));
        for (int i = 0; i < 20; i++)
        {
            t.Cache.Set("k" + i, i);
            t.Cache.Get<int>("k" + i); // every resident key read once...
        }

        t.Cache.Get<int>("k0");        // ...k0 twice, so k1 and k2 are the least used (LRU tie-break)
        t.Cache.Set("new", 0);          // 21 entries: trim to 20 - 20/10 = 18 in one pass

        Assert.AreEqual(18, t.Cache.FrontCount);
        string[] resident = t.Cache.MemoryKeys().ToArray();
        CollectionAssert.Contains(resident, "new", "never the entry just inserted");
        CollectionAssert.Contains(resident, "k0");
        CollectionAssert.DoesNotContain(resident, "k1");
        CollectionAssert.DoesNotContain(resident, "k2");
        t.Cache.Set("again", 0);        // under the cap again: nothing is trimmed
        Assert.AreEqual(19, t.Cache.FrontCount);
    }

    [TestMethod]
    public async Task Evict_LeavesRamKeepsStoreAndLogs()
    {
        await using var t = new TestCache();
        t.Cache.Set("k1", 1);
        Assert.IsTrue(t.Cache.Evict("k1"));
        CollectionAssert.DoesNotContain(t.Cache.MemoryKeys().ToList(), "k1");
        CollectionAssert.Contains(t.Cache.StoreKeys().ToList(), "k1");
        Assert.AreEqual(EvictionReasons.ManualEvictionClearKey, t.Cache.EvictionLogs().Single().Reason);
        Assert.AreEqual(1, t.Cache.Get<int>("k1"));
        CollectionAssert.Contains(t.Cache.MemoryKeys().ToList(), "k1");
    }

    [TestMethod]
    public async Task EvictAsync_NotResident_ReturnsFalseAndLogsNothing()
    {
        await using var t = new TestCache();
        Assert.IsFalse(await t.Cache.EvictAsync("nope", Token));
        Assert.IsEmpty(t.Cache.EvictionLogs());
    }

    [TestMethod]
    public async Task EvictAllAsync_EmptiesRamOnly()
    {
        await using var t = new TestCache();
        t.Cache.Set("a", 1);
        t.Cache.Set("b", 2);
        Assert.AreEqual(2, await t.Cache.EvictAllAsync(Token));
        Assert.IsEmpty(t.Cache.MemoryKeys());
        Assert.HasCount(2, t.Cache.StoreKeys());
    }

    [TestMethod]
    public async Task ClearAll_EmptiesBothTiersAndLogsEachResidentKey()
    {
        await using var t = new TestCache();
        t.Cache.Set("a", 1);
        t.Cache.Set("b", 2);
        t.Cache.ClearAll();
        Assert.IsEmpty(t.Cache.MemoryKeys());
        Assert.IsEmpty(t.Cache.StoreKeys());
        IReadOnlyList<EvictionLogEntry> logs = t.Cache.EvictionLogs();
        Assert.HasCount(2, logs);
        Assert.IsTrue(logs.All(l => l.Reason == EvictionReasons.ManualEvictionClearFullCache));
    }

    [TestMethod]
    public async Task ClearAllAsync_KeepsProfiles()
    {
        await using var t = new TestCache();
        await t.Cache.SetAsync("a", 1, cancellationToken: Token);
        await t.Cache.ClearAllAsync(Token);
        Assert.IsFalse(t.Cache.TryGet<int>("a", out _));
        Assert.IsNotNull(t.Cache.GetProfile("default"));
    }

    [TestMethod]
    public async Task ClearByTags_ExactThenAny_RemovesMatchingOnly()
    {
        await using var t = new TestCache();
        t.Cache.Set("x", 1, new CachetronautEntryOptions { Tags = ["one"] });
        t.Cache.Set("y", 2, new CachetronautEntryOptions { Tags = ["one", "two"] });
        Assert.AreEqual(1, t.Cache.ClearByTags(["one"], exactMatch: true));
        Assert.IsFalse(t.Cache.TryGet<int>("x", out _));
        Assert.AreEqual(2, t.Cache.Get<int>("y"));
        Assert.AreEqual(1, await t.Cache.ClearByTagsAsync(["two"], exactMatch: false, Token));
        Assert.IsFalse(t.Cache.TryGet<int>("y", out _));
        Assert.IsTrue(t.Cache.EvictionLogs().All(l => l.Reason == EvictionReasons.TagInvalidation));
    }

    [TestMethod]
    public async Task ClearByTags_NoTagsAnyMatch_RemovesNothing()
    {
        await using var t = new TestCache();
        t.Cache.Set("x", 1);
        Assert.AreEqual(0, t.Cache.ClearByTags([]));
        Assert.AreEqual(1, t.Cache.Get<int>("x"));
    }

    [TestMethod]
    public async Task ClearByProfile_RemovesOnlyThatProfilesEntries()
    {
        await using var t = new TestCache(o => o.Profiles["alt"] = new CachetronomyProfile());
        t.Cache.Set("p-default", 1);
        t.Cache.SetProfile("alt");
        t.Cache.Set("p-alt", 2);
        Assert.AreEqual(1, await t.Cache.ClearByProfileAsync("default", Token));
        Assert.IsFalse(t.Cache.TryGet<int>("p-default", out _));
        Assert.AreEqual(2, t.Cache.Get<int>("p-alt"));
        Assert.AreEqual(EvictionReasons.ProfileInvalidation, t.Cache.EvictionLogs().Single().Reason);
    }

    [TestMethod]
    public async Task ClearExpired_LogsStoreOnlyKeysToo()
    {
        await using var t = new TestCache();
        t.Cache.Set("tmp", "data", new CachetronautEntryOptions { TimeToLive = TimeSpan.FromSeconds(10) });
        t.Cache.Set("cold", "data", new CachetronautEntryOptions { TimeToLive = TimeSpan.FromSeconds(10) });
        t.Cache.Evict("cold");
        t.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.AreEqual(2, t.Cache.ClearExpired());
        Assert.IsEmpty(t.Cache.StoreKeys());
        var timeLogs = t.Cache.EvictionLogs().Where(l => l.Reason == EvictionReasons.TimeEviction).Select(l => l.Key).Order().ToList();
        CollectionAssert.AreEqual(new[] { "cold", "tmp" }, timeLogs);
    }

    [TestMethod]
    public async Task ClearExpiredAsync_NothingExpired_ReturnsZero()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", 1);
        Assert.AreEqual(0, await t.Cache.ClearExpiredAsync(Token));
    }

    [TestMethod]
    public async Task Capacity_LeastUsedLeavesFirst()
    {
        await using var t = new TestCache(Cap(2));
        t.Cache.Set("a", 1);
        t.Cache.Set("b", 2);
        t.Cache.Get<int>("a");
        t.Cache.Set("c", 3);
        CollectionAssert.AreEquivalent(new[] { "a", "c" }, t.Cache.MemoryKeys().ToList());
        EvictionLogEntry log = t.Cache.EvictionLogs().Single();
        Assert.AreEqual(("b", EvictionReasons.CapacityEviction, 0L), (log.Key, log.Reason, log.LastAccessCount));
        CollectionAssert.Contains(t.Cache.StoreKeys().ToList(), "b");
    }

    [TestMethod]
    public async Task Capacity_NoReads_LeastRecentlyUsedLeaves()
    {
        await using var t = new TestCache(Cap(2));
        t.Cache.Set("a", 1);
        t.Cache.Set("b", 2);
        t.Cache.Set("c", 3);
        CollectionAssert.AreEquivalent(new[] { "b", "c" }, t.Cache.MemoryKeys().ToList());
    }

    [TestMethod]
    public async Task Capacity_NewEntryIsNeverTheVictim()
    {
        await using var t = new TestCache(Cap(1));
        t.Cache.Set("hot", 1);
        for (int i = 0; i < 5; i++)
        {
            t.Cache.Get<int>("hot");
        }

        t.Cache.Set("new", 2);
        CollectionAssert.AreEqual(new[] { "new" }, t.Cache.MemoryKeys().ToList());
    }

    [TestMethod]
    public async Task Capacity_FromProfile_BoundsRamNotStore()
    {
        await using var t = new TestCache(Cap(3));
        for (int i = 0; i < 5; i++)
        {
            await t.Cache.SetAsync($"k{i}", i, cancellationToken: Token);
        }

        Assert.HasCount(3, t.Cache.MemoryKeys());
        Assert.HasCount(5, t.Cache.StoreKeys());
    }

    [TestMethod]
    public async Task Capacity_LoweredByProfileUpdate_TrimsRam()
    {
        await using var t = new TestCache();
        for (int i = 0; i < 5; i++)
        {
            t.Cache.Set($"k{i}", i);
        }

        t.Cache.UpdateActiveProfile(new CachetronomyProfileUpdate { MaxItemsInMemory = 2 });
        Assert.HasCount(2, t.Cache.MemoryKeys());
        Assert.AreEqual(3, t.Cache.EvictionLogs().Count(l => l.Reason == EvictionReasons.CapacityEviction));
    }

    [TestMethod]
    public async Task EvictionLogs_BufferedRows_FlushInBatches()
    {
        await using var t = new TestCache();
        for (int i = 0; i < Cachetronaut.EvictionBatchSize + 1; i++)
        {
            t.Cache.Set($"k{i}", i);
            t.Cache.Evict($"k{i}");
        }

        Assert.IsGreaterThan(0, t.Store.CallsTo("AppendEvictionLogs"));
        Assert.IsLessThan(Cachetronaut.EvictionBatchSize, t.Cache.PendingEvictionCount);
    }

    [TestMethod]
    public async Task Items_PurgesExpiredThenReturnsValuesInNeutralForm()
    {
        await using var t = new TestCache();
        t.Cache.Set("live", "v", new CachetronautEntryOptions { Serializer = "string" });
        t.Cache.Set("old", 1, new CachetronautEntryOptions { TimeToLive = TimeSpan.FromSeconds(1) });
        t.Time.Advance(TimeSpan.FromSeconds(2));
        IReadOnlyList<CacheItem> items = t.Cache.Items();
        Assert.AreEqual("live", items.Single().Key);
        Assert.AreEqual("v", items.Single().Value);
        Assert.HasCount(1, t.Cache.StoreKeys());
    }

    [TestMethod]
    public async Task ItemsAsync_NullLimit_ReturnsAll()
    {
        await using var t = new TestCache();
        for (int i = 0; i < 3; i++)
        {
            t.Cache.Set($"k{i}", new { n = i });
        }

        IReadOnlyList<CacheItem> items = await t.Cache.ItemsAsync(null, Token);
        Assert.HasCount(3, items);
        Assert.IsInstanceOfType<System.Text.Json.JsonElement>(items[0].Value);
    }
}
