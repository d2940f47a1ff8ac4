using Cachetronomy.Extensions.Tests.Internal;

namespace Cachetronomy.Extensions.Tests;

[TestClass]
public sealed class CachetronautSetTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Set_Defaults_RecordsJsonFormatProfileVersionAndNoTags()
    {
        await using var t = new TestCache();
        t.Cache.Set("foo", "bar");
        CacheEntryMetadata? row = t.Cache.KeyMetadata("foo");
        Assert.IsNotNull(row);
        Assert.AreEqual("json", row.Format);
        Assert.AreEqual("default", row.SavedByProfile);
        Assert.AreEqual(1L, row.Version);
        Assert.IsEmpty(row.Tags);
        Assert.AreEqual(t.Time.GetUtcNow().AddHours(1), row.ExpiresAt);
    }

    [TestMethod]
    public async Task SetAsync_WithOptions_RecordsTtlTagsVersionAndSerializer()
    {
        await using var t = new TestCache();
        await t.Cache.SetAsync("k", "v", new CachetronautEntryOptions { TimeToLive = TimeSpan.FromSeconds(900), Tags = ["t", "t"], Version = 3, Serializer = "string" }, Token);
        CacheEntryMetadata? row = await t.Cache.KeyMetadataAsync("k", Token);
        Assert.IsNotNull(row);
        Assert.AreEqual("string", row.Format);
        Assert.AreEqual(3L, row.Version);
        CollectionAssert.AreEqual(new[] { "t" }, row.Tags.ToArray());
        Assert.AreEqual(t.Time.GetUtcNow().AddSeconds(900), row.ExpiresAt);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-1)]
    public async Task Set_NonPositiveTtl_ThrowsBeforeIo(int seconds)
    {
        await using var t = new TestCache();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => t.Cache.Set("k", 1, new CachetronautEntryOptions { TimeToLive = TimeSpan.FromSeconds(seconds) }));
        Assert.AreEqual(0, t.Store.CallsTo("Set"));
    }

    [TestMethod]
    public async Task SetAsync_UnknownSerializer_ThrowsArgumentExceptionNamingOptions()
    {
        await using var t = new TestCache();
        ArgumentException ex = await Assert.ThrowsExactlyAsync<ArgumentException>(async () =>
            await t.Cache.SetAsync("k", 1, new CachetronautEntryOptions { Serializer = "nope" }, Token));
        Assert.AreEqual("options", ex.ParamName);
        Assert.AreEqual(0, t.Store.CallsTo("SetAsync"));
    }

    [TestMethod]
    public async Task Set_ValueTheSerializerCannotWrite_ThrowsAndLeavesBothTiers()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", "old", new CachetronautEntryOptions { Serializer = "string" });
        Assert.ThrowsExactly<CachetronomySerializationException>(() => t.Cache.Set("k", 42, new CachetronautEntryOptions { Serializer = "string" }));
        Assert.AreEqual("old", t.Cache.Get<string>("k"));
        t.Cache.Evict("k");
        Assert.AreEqual("old", t.Cache.Get<string>("k"));
    }

    [TestMethod]
    public async Task Set_StoreFails_FrontTierKeepsOldValue()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", "old");
        t.Store.FailWith = () => new CachetronomyStoreException("disk full");
        Assert.ThrowsExactly<CachetronomyStoreException>(() => t.Cache.Set("k", "new"));
        t.Store.FailWith = null;
        Assert.AreEqual("old", t.Cache.Get<string>("k"));
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow(" ")]
    public async Task Set_BadKey_ThrowsNamingKey(string? key)
    {
        await using var t = new TestCache();
        ArgumentException ex = Assert.Throws<ArgumentException>(() => t.Cache.Set(key!, 1));
        Assert.AreEqual("key", ex.ParamName);
    }

    [TestMethod]
    public async Task Set_DisposedEngine_ThrowsObjectDisposed()
    {
        await using var t = new TestCache();
        t.Cache.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => t.Cache.Set("k", 1));
        Assert.ThrowsExactly<ObjectDisposedException>(() => t.Cache.Get<int>("k"));
    }

    [TestMethod]
    public async Task Delete_ResidentKey_RemovesBothTiersAndLogsUserEviction()
    {
        await using var t = new TestCache();
        t.Cache.Set("d", 1);
        Assert.IsTrue(t.Cache.Delete("d"));
        Assert.IsFalse(t.Cache.TryGet<int>("d", out _));
        EvictionLogEntry log = t.Cache.EvictionLogs().Single();
        Assert.AreEqual(("d", EvictionReasons.UserEviction), (log.Key, log.Reason));
    }

    [TestMethod]
    public async Task DeleteAsync_AbsentKey_ReturnsFalseAndLogsNothing()
    {
        await using var t = new TestCache();
        Assert.IsFalse(await t.Cache.DeleteAsync("never", Token));
        Assert.IsEmpty(await t.Cache.EvictionLogsAsync(cancellationToken: Token));
    }

    [TestMethod]
    public async Task DeleteMany_CountsDistinctExistingKeys()
    {
        await using var t = new TestCache();
        t.Cache.Set("d1", 1);
        t.Cache.Set("d2", 2);
        t.Cache.Evict("d2");
        Assert.AreEqual(2, t.Cache.DeleteMany(["d1", "d2", "d1", "ghost"]));
        Assert.AreEqual(2, t.Cache.EvictionLogs().Count(e => e.Reason == EvictionReasons.UserEviction));
    }

    [TestMethod]
    public async Task DeleteManyAsync_CountsDistinctExistingKeys()
    {
        await using var t = new TestCache();
        await t.Cache.SetAsync("d1", 1, cancellationToken: Token);
        Assert.AreEqual(1, await t.Cache.DeleteManyAsync(["d1", "ghost"], Token));
        Assert.IsEmpty(t.Cache.StoreKeys());
    }

    [TestMethod]
    public async Task SetMany_ThenGetMany_ReturnsHitsOnlyIncludingNull()
    {
        await using var t = new TestCache();
        t.Cache.SetMany(new Dictionary<string, int?> { ["a"] = 1, ["b"] = null }, new CachetronautEntryOptions { TimeToLive = TimeSpan.FromSeconds(60) });
        IReadOnlyDictionary<string, int?> hits = t.Cache.GetMany<int?>(["a", "b", "z", "a"]);
        Assert.HasCount(2, hits);
        Assert.AreEqual(1, hits["a"]);
        Assert.IsNull(hits["b"]);
    }

    [TestMethod]
    public async Task SetManyAsync_ThenGetManyAsync_ReadsFromStoreWhenCold()
    {
        await using var t = new TestCache();
        await t.Cache.SetManyAsync([KeyValuePair.Create("a", "x"), KeyValuePair.Create("b", "y"), KeyValuePair.Create("a", "z")], cancellationToken: Token);
        t.Cache.EvictAll();
        IReadOnlyDictionary<string, string> hits = await t.Cache.GetManyAsync<string>(["a", "b"], Token);
        Assert.AreEqual("z", hits["a"]);
        Assert.AreEqual("y", hits["b"]);
    }
}
