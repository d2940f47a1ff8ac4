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
    public async Task SetMany_SetOfItsKeyCommitsFirstWhileTheBatchIsOpen_ServesTheBatchValue()
    {
        await using var t = new TestCache(Uncapped);
        Dictionary<string, int> items = ManyItems();
        const string Key = "key:0";
        StoreGate gate = t.Store.HoldNextBeforeStore("SetMany"); // batch ticket open, nothing written yet
        Task batch = Task.Run(() => t.Cache.SetMany(items), Token);
        await gate.Reached.Task.WaitAsync(Token);

        t.Cache.Set(Key, -1);                                     // commits before the batch
        gate.Release();
        await batch.WaitAsync(Token);

        Assert.AreEqual(0, StoreValue<int>(t, Key), "the batch committed last");
        CollectionAssert.AreEquivalent(KeysOffStripeOf(items, Key), t.Cache.MemoryKeys().ToList(), "only the contended stripe left RAM");
        Assert.AreEqual(0, t.Cache.Get<int>(Key), "RAM agrees with the store");
    }

    [TestMethod]
    public async Task SetManyAsync_SetOfItsKeyCommitsFirstWhileTheBatchIsOpen_ServesTheBatchValue()
    {
        await using var t = new TestCache(Uncapped);
        Dictionary<string, int> items = ManyItems();
        const string Key = "key:1";
        StoreGate gate = t.Store.HoldNext("SetManyAsync");          // asynchronous: held before the store
        Task batch = t.Cache.SetManyAsync(items, cancellationToken: Token).AsTask();
        await gate.Reached.Task.WaitAsync(Token);

        await t.Cache.SetAsync(Key, -1, cancellationToken: Token); // commits before the batch
        gate.Release();
        await batch.WaitAsync(Token);

        Assert.AreEqual(1, StoreValue<int>(t, Key), "the batch committed last");
        CollectionAssert.AreEquivalent(KeysOffStripeOf(items, Key), t.Cache.MemoryKeys().ToList(), "only the contended stripe left RAM");
        Assert.AreEqual(1, t.Cache.Get<int>(Key), "RAM agrees with the store");
    }

    [TestMethod]
    public async Task SetMany_OverlappingAHeldSetOfItsKey_ServesTheBatchValue()
    {
        await using var t = new TestCache(Uncapped);
        Dictionary<string, int> items = ManyItems();
        const string Key = "key:2";
        StoreGate gate = t.Store.HoldNext("Set");                 // committed, then held before RAM
        Task single = Task.Run(() => t.Cache.Set(Key, -1), Token);
        await gate.Reached.Task.WaitAsync(Token);

        t.Cache.SetMany(items);                                   // commits after the single write
        gate.Release();
        await single.WaitAsync(Token);

        Assert.AreEqual(2, StoreValue<int>(t, Key), "the batch committed last");
        Assert.AreEqual(2, t.Cache.Get<int>(Key), "the older single write did not reach RAM");
    }

    [TestMethod]
    public async Task SetMany_RacingSetOfAnotherKeyOnItsStripe_RamAgreesWithTheStore()
    {
        await using var t = new TestCache(Uncapped);
        Dictionary<string, int> items = ManyItems();
        const string Key = "key:3";
        string neighbour = Enumerable.Range(0, 100_000).Select(i => "other:" + i).First(k => Cachetronaut.StripeOf(k) == Cachetronaut.StripeOf(Key));
        StoreGate gate = t.Store.HoldNext("SetMany");             // committed, then held before RAM
        Task batch = Task.Run(() => t.Cache.SetMany(items), Token);
        await gate.Reached.Task.WaitAsync(Token);

        t.Cache.Set(neighbour, -1);
        gate.Release();
        await batch.WaitAsync(Token);

        Assert.AreEqual(3, t.Cache.Get<int>(Key));
        Assert.AreEqual(-1, t.Cache.Get<int>(neighbour));
        Assert.AreEqual(items.Count, items.Count(item => t.Cache.Get<int>(item.Key) == item.Value), "every key reads its committed value");
    }

    [TestMethod]
    public async Task SetMany_ClearAllWhileTheBatchIsHeld_NothingOfTheBatchIsServed()
    {
        await using var t = new TestCache(Uncapped);
        Dictionary<string, int> items = ManyItems();
        StoreGate gate = t.Store.HoldNext("SetMany");             // committed, then held before RAM
        Task batch = Task.Run(() => t.Cache.SetMany(items), Token);
        await gate.Reached.Task.WaitAsync(Token);

        t.Cache.ClearAll();                                       // removes the committed rows
        gate.Release();
        await batch.WaitAsync(Token);

        Assert.AreEqual(0, t.Cache.FrontCount, "a bulk removal during the batch keeps its keys out of RAM");
        Assert.IsNull(t.Sqlite.Get("key:0"));
        Assert.IsFalse(t.Cache.TryGet("key:0", out int _));
    }

    [TestMethod]
    public async Task SetMany_SameKeyTwice_LastValueWinsInRamAndStore()
    {
        await using var t = new TestCache(Uncapped);
        KeyValuePair<string, int>[] items = [.. ManyItems(), KeyValuePair.Create("key:4", -4), KeyValuePair.Create("key:0", -1)];

        t.Cache.SetMany(items);

        Assert.AreEqual(ManyKeys, t.Cache.FrontCount, "one entry per distinct key, all in RAM");
        Assert.AreEqual(-4, StoreValue<int>(t, "key:4"));
        Assert.AreEqual(-1, StoreValue<int>(t, "key:0"));
        int storeReads = t.Store.CallsTo("Get");
        Assert.AreEqual(-4, t.Cache.Get<int>("key:4"));
        Assert.AreEqual(-1, t.Cache.Get<int>("key:0"));
        Assert.AreEqual(5, t.Cache.Get<int>("key:5"));
        Assert.AreEqual(storeReads, t.Store.CallsTo("Get"), "served from RAM");
    }

    [TestMethod]
    public async Task SetManyAsync_SameKeyTwice_LastValueWinsInRamAndStore()
    {
        await using var t = new TestCache();
        string twin = Enumerable.Range(0, 100_000).Select(i => "b" + i).First(k => Cachetronaut.StripeOf(k) == Cachetronaut.StripeOf("a"));

        await t.Cache.SetManyAsync([KeyValuePair.Create("a", "first"), KeyValuePair.Create(twin, "twin"), KeyValuePair.Create("a", "last")], cancellationToken: Token);

        Assert.AreEqual("last", StoreValue<string>(t, "a"));
        CollectionAssert.AreEquivalent(new[] { "a", twin }, t.Cache.MemoryKeys().ToList());
        int storeReads = t.Store.CallsTo("GetAsync");
        Assert.AreEqual("last", await t.Cache.GetAsync<string>("a", Token));
        Assert.AreEqual("twin", await t.Cache.GetAsync<string>(twin, Token));
        Assert.AreEqual(storeReads, t.Store.CallsTo("GetAsync"), "served from RAM");
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

    /// <summary>The keys of <paramref name="items"/> not on the write-ordering stripe of <paramref name="key"/>.</summary>
    private static List<string> KeysOffStripeOf(Dictionary<string, int> items, string key) =>
        items.Keys.Where(k => Cachetronaut.StripeOf(k) != Cachetronaut.StripeOf(key)).ToList();

    /// <summary>Reads the value the store committed for <paramref name="key"/> (default serializer: JSON).</summary>
    private static T? StoreValue<T>(TestCache t, string key)
    {
        StoredCacheEntry? row = t.Sqlite.Get(key);
        Assert.IsNotNull(row, $"the store has a row for '{key}'");
        return System.Text.Json.JsonSerializer.Deserialize<T>(row.Data.Span);
    }

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
