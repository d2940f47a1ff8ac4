using System.Text;
using Cachetronomy.Extensions.Tests.Internal;

namespace Cachetronomy.Extensions.Tests;

[TestClass]
public sealed class CachetronautGetTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task GetAsync_AfterSetAsync_ReturnsValue()
    {
        await using var t = new TestCache();
        await t.Cache.SetAsync("foo", "bar", cancellationToken: Token);
        Assert.AreEqual("bar", await t.Cache.GetAsync<string>("foo", Token));
    }

    [TestMethod]
    public async Task Get_FrontTierHit_ReturnsSameInstanceWithoutStoreRead()
    {
        await using var t = new TestCache();
        var value = new List<int> { 1, 2 };
        t.Cache.Set("k", value);
        int reads = t.Store.CallsTo("Get");
        Assert.AreSame(value, t.Cache.Get<List<int>>("k"));
        Assert.AreEqual(reads, t.Store.CallsTo("Get"));
    }

    [TestMethod]
    public async Task GetAsync_ExpiredEntry_ReturnsDefault()
    {
        await using var t = new TestCache();
        await t.Cache.SetAsync("k", "v", new CachetronautEntryOptions { TimeToLive = TimeSpan.FromSeconds(1) }, Token);
        t.Time.Advance(TimeSpan.FromSeconds(1.2));
        Assert.IsNull(await t.Cache.GetAsync<string>("k", Token));
    }

    [TestMethod]
    public async Task Get_LiveEntryBeforeExpiry_ReturnsValue()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", "v", new CachetronautEntryOptions { TimeToLive = TimeSpan.FromSeconds(2) });
        t.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.AreEqual("v", t.Cache.Get<string>("k"));
    }

    [TestMethod]
    public async Task Get_ExpiredStoreRowAfterEvict_ReturnsDefault()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", 1, new CachetronautEntryOptions { TimeToLive = TimeSpan.FromSeconds(1) });
        t.Cache.Evict("k");
        t.Time.Advance(TimeSpan.FromSeconds(1.2));
        Assert.AreEqual(0, t.Cache.Get<int>("k"));
        Assert.IsFalse(t.Cache.TryGet<int>("k", out _));
    }

    [TestMethod]
    public async Task Get_PromotedEntry_KeepsRowExpiry()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", "v", new CachetronautEntryOptions { TimeToLive = TimeSpan.FromSeconds(10) });
        t.Cache.Evict("k");
        Assert.AreEqual("v", t.Cache.Get<string>("k"));
        CollectionAssert.Contains(t.Cache.MemoryKeys().ToList(), "k");
        t.Time.Advance(TimeSpan.FromSeconds(11));
        Assert.IsNull(t.Cache.Get<string>("k"));
    }

    [TestMethod]
    public async Task TryGet_CachedNull_IsHit()
    {
        await using var t = new TestCache();
        t.Cache.Set<string?>("n", null);
        Assert.IsTrue(t.Cache.TryGet<string?>("n", out string? value));
        Assert.IsNull(value);
        t.Cache.Evict("n");
        Assert.IsTrue(t.Cache.TryGet<string?>("n", out value));
        Assert.IsNull(value);
    }

    [TestMethod]
    public async Task TryGet_Absent_ReturnsFalse()
    {
        await using var t = new TestCache();
        Assert.IsFalse(t.Cache.TryGet<string>("absent", out string? value));
        Assert.IsNull(value);
    }

    [TestMethod]
    public async Task Get_OtherTypeThanCached_ReadsStoreIntoRequestedType()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", 42);
        Assert.AreEqual(42L, t.Cache.Get<long>("k"));
        Assert.AreEqual(42, t.Cache.Get<int>("k"));
    }

    [TestMethod]
    public async Task Get_IncompatibleTypeThanCached_IsMissNotException()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", "not a number");
        Assert.IsFalse(t.Cache.TryGet<int>("k", out _));
        Assert.AreEqual("not a number", t.Cache.Get<string>("k"));
    }

    [TestMethod]
    public async Task Get_BothTiers_ReturnSameType()
    {
        await using var t = new TestCache();
        t.Cache.Set<object>("k", new Dictionary<string, int> { ["a"] = 1 });
        object? fromMemory = t.Cache.Get<Dictionary<string, int>>("k");
        t.Cache.Evict("k");
        object? fromStore = t.Cache.Get<Dictionary<string, int>>("k");
        Assert.IsInstanceOfType<Dictionary<string, int>>(fromMemory);
        Assert.IsInstanceOfType<Dictionary<string, int>>(fromStore);
    }

    [TestMethod]
    public async Task Get_UnknownFormatRow_IsMiss()
    {
        await using var t = new TestCache();
        t.Sqlite.Set(Row("k", "bogus", "{}"u8.ToArray(), t.Time));
        Assert.IsNull(t.Cache.Get<string>("k"));
        Assert.AreEqual(1, t.Cache.Stats().Misses);
    }

    [TestMethod]
    public async Task GetAsync_CorruptJsonRow_IsMiss()
    {
        await using var t = new TestCache();
        t.Sqlite.Set(Row("k", "json", "{not json"u8.ToArray(), t.Time));
        Assert.IsNull(await t.Cache.GetAsync<Dictionary<string, int>>("k", Token));
        Assert.IsEmpty(t.Cache.MemoryKeys());
    }

    [TestMethod]
    public async Task Get_InvalidUtf8StringRow_IsMiss()
    {
        await using var t = new TestCache();
        t.Sqlite.Set(Row("k", "string", [0xff, 0xfe, 0xfd], t.Time));
        Assert.IsNull(t.Cache.Get<string>("k"));
    }

    [TestMethod]
    public async Task Get_StringRow_ReadsUtf8()
    {
        await using var t = new TestCache();
        t.Sqlite.Set(Row("k", "string", Encoding.UTF8.GetBytes("héllo"), t.Time));
        Assert.AreEqual("héllo", t.Cache.Get<string>("k"));
    }

    [TestMethod]
    public async Task Get_NewInstanceOverSameStore_ReadsValueWithColdFrontTier()
    {
        await using var t = new TestCache();
        await t.Cache.SetAsync("k", new[] { 1, 2, 3 }, cancellationToken: Token);
        Cachetronaut second = t.Reopen();
        Assert.IsEmpty(second.MemoryKeys());
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, second.Get<int[]>("k"));
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   ")]
    public async Task Get_BadKey_ThrowsArgumentExceptionNamingKey(string? key)
    {
        await using var t = new TestCache();
        ArgumentException ex = Assert.Throws<ArgumentException>(() => t.Cache.Get<string>(key!));
        Assert.AreEqual("key", ex.ParamName);
        Assert.AreEqual(0, t.Store.CallsTo("Get"));
    }

    [TestMethod]
    public async Task GetAsync_OverlongKey_ThrowsBeforeIo()
    {
        await using var t = new TestCache(o => o.MaxKeyLength = 8);
        ArgumentException ex = await Assert.ThrowsExactlyAsync<ArgumentException>(async () => await t.Cache.GetAsync<string>("123456789", Token));
        Assert.AreEqual("key", ex.ParamName);
        Assert.AreEqual(0, t.Store.CallsTo("Get"));
    }

    internal static StoredCacheEntry Row(string key, string format, byte[] data, TimeProvider time) => new()
    {
        Key = key,
        Data = data,
        Format = format,
        ExpiresAt = time.GetUtcNow().AddHours(1),
        SavedByProfile = "default",
    };
}
