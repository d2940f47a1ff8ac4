using Cachetronomy.Extensions.Tests.Internal;

namespace Cachetronomy.Extensions.Tests;

/// <summary>RAM follows the store's commit order when writers of one key overlap (SEED B17).</summary>
[TestClass]
public sealed class CachetronautWriteOrderingTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Set_OlderWriteReturnsLast_FrontTierServesTheCommittedValue()
    {
        await using var t = new TestCache();
        StoreGate gate = t.Store.HoldNext("Set");
        Task older = Task.Run(() => t.Cache.Set("k", "older"), Token); // committed, then held before RAM
        await gate.Reached.Task.WaitAsync(Token);

        t.Cache.Set("k", "newer");                                      // commits after "older"
        gate.Release();
        await older.WaitAsync(Token);

        Assert.AreEqual("newer", t.Cache.Get<string>("k"));
        Assert.AreEqual("newer", t.Cache.Get<string>("k"), "a second read (from RAM) agrees");
    }

    [TestMethod]
    public async Task SetMany_KeysSharingAStripe_AllStayInRam()
    {
        await using var t = new TestCache();
        string first = "a0";
        string second = Enumerable.Range(1, 100_000).Select(i => "a" + i).First(k => Cachetronaut.StripeOf(k) == Cachetronaut.StripeOf(first));
        var items = new Dictionary<string, int> { [first] = 1, [second] = 2, ["other"] = 3 };

        t.Cache.SetMany(items);

        CollectionAssert.AreEquivalent(items.Keys.ToList(), t.Cache.MemoryKeys().ToList(), "keys of one batch do not race each other");
        int storeReads = t.Store.CallsTo("Get");
        Assert.AreEqual(2, t.Cache.Get<int>(second));
        Assert.AreEqual(storeReads, t.Store.CallsTo("Get"), "served from RAM");
    }

    [TestMethod]
    public async Task SetMany_ManyKeys_AllStayInRamAndReadsSkipTheStore()
    {
        await using var t = new TestCache(Uncapped);
        Dictionary<string, int> items = ManyItems();
        Assert.IsTrue(items.Keys.GroupBy(Cachetronaut.StripeOf).Any(g => g.Count() > 1), "the batch shares stripes");

        t.Cache.SetMany(items);

        AssertAllServedFromRam(t, items);
    }

    [TestMethod]
    public async Task SetManyAsync_ManyKeys_AllStayInRamAndReadsSkipTheStore()
    {
        await using var t = new TestCache(Uncapped);
        Dictionary<string, int> items = ManyItems();

        await t.Cache.SetManyAsync(items, cancellationToken: Token);

        AssertAllServedFromRam(t, items);
    }

    [TestMethod]
    public async Task SetMany_RacingSetOfOneOfItsKeys_ServesTheCommittedValue()
    {
        await using var t = new TestCache();
        StoreGate gate = t.Store.HoldNext("SetMany");
        Task batch = Task.Run(() => t.Cache.SetMany(new Dictionary<string, string> { ["k"] = "older", ["j"] = "batch" }), Token);
        await gate.Reached.Task.WaitAsync(Token);

        t.Cache.Set("k", "newer");
        gate.Release();
        await batch.WaitAsync(Token);

        Assert.AreEqual("newer", t.Cache.Get<string>("k"));
        Assert.AreEqual("batch", t.Cache.Get<string>("j"));
    }

    [TestMethod]
    public async Task Set_RacingDelete_DeletedValueIsNotServed()
    {
        await using var t = new TestCache();
        StoreGate gate = t.Store.HoldNext("Set");
        Task set = Task.Run(() => t.Cache.Set("k", "v"), Token);
        await gate.Reached.Task.WaitAsync(Token);

        Assert.IsTrue(t.Cache.Delete("k"));
        gate.Release();
        await set.WaitAsync(Token);

        Assert.IsNull(t.Sqlite.Get("k"));
        Assert.IsNull(t.Cache.Get<string>("k"));
    }

    [TestMethod]
    public async Task SetBytes_OlderWriteReturnsLast_FrontTierServesTheCommittedValue()
    {
        await using var t = new TestCache();
        DateTimeOffset expires = t.Time.GetUtcNow().AddHours(1);
        StoreGate gate = t.Store.HoldNext("Set");
        Task older = Task.Run(() => t.Cache.SetBytes("k", new byte[] { 1 }, "bytes", expires), Token);
        await gate.Reached.Task.WaitAsync(Token);

        t.Cache.SetBytes("k", new byte[] { 2 }, "bytes", expires);
        gate.Release();
        await older.WaitAsync(Token);

        CollectionAssert.AreEqual(new byte[] { 2 }, t.Cache.GetBytes("k"));
    }

    [TestMethod]
    public async Task Get_PromotionRacingWriteOfAnotherKey_IsKept()
    {
        await using var t = new TestCache();
        t.Sqlite.Set(new StoredCacheEntry { Key = "a", Data = "\"va\""u8.ToArray(), Format = "json", ExpiresAt = t.Time.GetUtcNow().AddHours(1), SavedByProfile = "default" });
        string other = Enumerable.Range(0, 10_000).Select(i => "b" + i).First(k => Cachetronaut.StripeOf(k) != Cachetronaut.StripeOf("a"));

        StoreGate gate = t.Store.HoldNext("Get");
        Task<string?> read = Task.Run(() => t.Cache.Get<string>("a"), Token); // read the row, held before promotion
        await gate.Reached.Task.WaitAsync(Token);
        t.Cache.Set(other, "x");
        gate.Release();
        Assert.AreEqual("va", await read.WaitAsync(Token));

        int reads = t.Store.CallsTo("Get");
        Assert.AreEqual("va", t.Cache.Get<string>("a"));
        Assert.AreEqual(reads, t.Store.CallsTo("Get"), "the promotion of 'a' must survive a write of another key");
    }

    [TestMethod]
    public async Task Get_PromotionRacingWriteOfItsKey_IsDropped()
    {
        await using var t = new TestCache();
        t.Cache.Set("a", "old");
        t.Cache.Evict("a");

        StoreGate gate = t.Store.HoldNext("Get");
        Task<string?> read = Task.Run(() => t.Cache.Get<string>("a"), Token);
        await gate.Reached.Task.WaitAsync(Token);
        t.Cache.Set("a", "new");
        gate.Release();
        await read.WaitAsync(Token);

        Assert.AreEqual("new", t.Cache.Get<string>("a"));
    }

    /// <summary>Enough keys that almost every one of the 1,024 stripes holds several of the batch's keys.</summary>
    private const int ManyKeys = 5_000;

    private static void Uncapped(CachetronomyOptions options)
    {
        options.ActiveProfile = "uncapped";
        options.Profiles["uncapped"] = new CachetronomyProfile { Name = "uncapped", MaxItemsInMemory = 0 };
    }

    private static Dictionary<string, int> ManyItems() => Enumerable.Range(0, ManyKeys).ToDictionary(i => "key:" + i, i => i);

    private static void AssertAllServedFromRam(TestCache t, Dictionary<string, int> items)
    {
        int inRam = t.Cache.FrontCount;
        Assert.AreEqual(items.Count, inRam, $"every key of the batch is in RAM (found {inRam} of {items.Count})");
        int storeReads = t.Store.CallsTo("Get") + t.Store.CallsTo("GetAsync");
        foreach (KeyValuePair<string, int> item in items)
        {
            Assert.AreEqual(item.Value, t.Cache.Get<int>(item.Key));
        }

        Assert.AreEqual(storeReads, t.Store.CallsTo("Get") + t.Store.CallsTo("GetAsync"), "every read is a front-tier hit");
    }
}
