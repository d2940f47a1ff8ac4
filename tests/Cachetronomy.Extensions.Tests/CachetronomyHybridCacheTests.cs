using System.Text;
using System.Text.Json;
using Cachetronomy.Extensions.Tests.Internal;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;

namespace Cachetronomy.Extensions.Tests;

[TestClass]
public sealed class CachetronomyHybridCacheTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task GetOrCreateAsync_Miss_RunsFactoryOnceThenHits()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        int runs = 0;

        string first = await cache.GetOrCreateAsync("k", _ => { runs++; return ValueTask.FromResult("v"); }, cancellationToken: Token);
        string second = await cache.GetOrCreateAsync("k", _ => { runs++; return ValueTask.FromResult("other"); }, cancellationToken: Token);

        Assert.AreEqual("v", first);
        Assert.AreSame(first, second);
        Assert.AreEqual(1, runs);
    }

    [TestMethod]
    public async Task GetOrCreateAsync_WithState_PassesStateToFactory()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        int value = await cache.GetOrCreateAsync("k", 20, static (s, _) => ValueTask.FromResult(s + 1), cancellationToken: Token);
        Assert.AreEqual(21, value);
        Assert.AreEqual(21, t.Cache.Get<int>("k"));
    }

    [TestMethod]
    public async Task GetOrCreateAsync_100ConcurrentMisses_RunFactoryOnce()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0;
        async ValueTask<string> Factory(CancellationToken ct)
        {
            Interlocked.Increment(ref runs);
            await gate.Task.WaitAsync(ct);
            return "v";
        }

        Task<string>[] callers = Enumerable.Range(0, 100)
            .Select(_ => Task.Run(() => cache.GetOrCreateAsync("k", Factory, cancellationToken: Token).AsTask(), Token))
            .ToArray();
        await Wait.UntilAsync(() => t.Cache.Flights.Values.Sum(f => f.Waiters) == 100, Token, "100 waiters on one run");
        gate.SetResult();
        string[] results = await Task.WhenAll(callers);

        Assert.AreEqual(1, runs);
        Assert.IsTrue(results.All(r => r == "v"));
        Assert.IsEmpty(t.Cache.Flights);
    }

    [TestMethod]
    public async Task GetOrCreateAsync_FactoryThrows_CachesNothing()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(
            async () => await cache.GetOrCreateAsync<string>("k", _ => throw new InvalidOperationException(), cancellationToken: Token));

        Assert.IsEmpty(t.Cache.AllKeys());
        Assert.AreEqual("v", await cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("v"), cancellationToken: Token));
    }

    [TestMethod]
    public async Task GetOrCreateAsync_OneWaiterCancels_RunCompletesForOthers()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<CancellationToken, ValueTask<string>> factory = async ct =>
        {
            await gate.Task.WaitAsync(ct);
            return "v";
        };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        ValueTask<string> leaving = cache.GetOrCreateAsync("k", factory, cancellationToken: cts.Token);
        ValueTask<string> staying = cache.GetOrCreateAsync("k", factory, cancellationToken: Token);

        await cts.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(async () => await leaving);
        gate.SetResult();
        Assert.AreEqual("v", await staying);
        Assert.AreEqual("v", t.Cache.Get<string>("k"));
    }

    [TestMethod]
    [DoNotParallelize]
    public async Task GetOrCreateAsync_FrontTierHit_AllocatesNothing()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        var options = new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5) };
        string[] tags = ["t"];
        await cache.SetAsync("s", "value", options, tags, Token);
        Func<int, CancellationToken, ValueTask<string>> withState = static (_, _) => ValueTask.FromResult("other");
        Func<CancellationToken, ValueTask<string>> plain = static _ => ValueTask.FromResult("other");

        long stateBytes = Measure(() => Sync(cache.GetOrCreateAsync("s", 42, withState, options, tags)));
        long plainBytes = Measure(() => Sync(cache.GetOrCreateAsync("s", plain)));

        Assert.AreEqual(0L, stateBytes);
        Assert.AreEqual(0L, plainBytes);
    }

    [TestMethod]
    public async Task GetOrCreateAsync_ColdEngine_ReadsStoreWithoutFactory()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        await cache.SetAsync("k", new Item("a", 1), cancellationToken: Token);

        HybridCache cold = new CachetronomyHybridCache(t.Reopen());
        Item read = await cold.GetOrCreateAsync<Item>("k", _ => throw new AssertFailedException("factory ran"), cancellationToken: Token);
        Assert.AreEqual(new Item("a", 1), read);
    }

    [TestMethod]
    public async Task SetAsync_Expiration_IsTheStoreTimeToLive()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        await cache.SetAsync("k", 1, new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(3) }, cancellationToken: Token);
        await cache.SetAsync("d", 1, cancellationToken: Token);

        Assert.AreEqual(t.Time.GetUtcNow().AddMinutes(3), t.Cache.KeyMetadata("k")!.ExpiresAt);
        Assert.AreEqual(t.Time.GetUtcNow() + t.Cache.Profile.TimeToLive, t.Cache.KeyMetadata("d")!.ExpiresAt);
        t.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.AreEqual(2, await cache.GetOrCreateAsync("k", _ => ValueTask.FromResult(2), cancellationToken: Token));
    }

    [TestMethod]
    public async Task LocalCacheExpiration_FrontExpiresFirst_ThenStoreServesWithoutFactory()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        var options = new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(10), LocalCacheExpiration = TimeSpan.FromMinutes(1) };
        await cache.SetAsync("k", "v", options, cancellationToken: Token);
        int readsBefore = t.Store.CallsTo("GetAsync");

        Assert.AreEqual("v", await cache.GetOrCreateAsync<string>("k", _ => throw new AssertFailedException("factory ran"), options, cancellationToken: Token));
        Assert.AreEqual(readsBefore, t.Store.CallsTo("GetAsync"), "a front-tier hit reads no store");

        t.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.DoesNotContain("k", t.Cache.MemoryKeys());
        Assert.AreEqual("v", await cache.GetOrCreateAsync<string>("k", _ => throw new AssertFailedException("factory ran"), options, cancellationToken: Token));
        Assert.AreEqual(readsBefore + 1, t.Store.CallsTo("GetAsync"));
    }

    [TestMethod]
    public async Task LocalCacheExpiration_LongerThanExpiration_IsCappedByStoreExpiry()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        var options = new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(1), LocalCacheExpiration = TimeSpan.FromHours(1) };
        await cache.SetAsync("k", "old", options, cancellationToken: Token);
        t.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.AreEqual("new", await cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("new"), options, cancellationToken: Token));
    }

    [TestMethod]
    public async Task DisableLocalCacheRead_ReadsStoreOverFrontTier()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        await cache.SetAsync("k", "front", cancellationToken: Token);
        WriteRowBehindEngine(t, "k", "store");

        var skipFront = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableLocalCacheRead };
        Assert.AreEqual("front", await cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("factory"), cancellationToken: Token));
        Assert.AreEqual("store", await cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("factory"), skipFront, cancellationToken: Token));
    }

    [TestMethod]
    public async Task DisableLocalCacheWrite_StoresButKeepsOutOfRam()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        var options = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableLocalCacheWrite };
        Assert.AreEqual("v", await cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("v"), options, cancellationToken: Token));
        await cache.SetAsync("s", "w", options, cancellationToken: Token);

        Assert.IsEmpty(t.Cache.MemoryKeys());
        CollectionAssert.AreEquivalent(new[] { "k", "s" }, t.Cache.StoreKeys().ToArray());
        Assert.AreEqual("v", await cache.GetOrCreateAsync<string>("k", _ => throw new AssertFailedException("factory ran"), options, cancellationToken: Token));
        Assert.IsEmpty(t.Cache.MemoryKeys(), "a store read with the flag does not promote");
    }

    [TestMethod]
    public async Task DisableDistributedCacheRead_StoreRowIgnored_FactoryRuns()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        WriteRowBehindEngine(t, "k", "store");
        var options = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableDistributedCacheRead };
        Assert.AreEqual("factory", await cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("factory"), options, cancellationToken: Token));
        Assert.AreEqual("factory", t.Cache.Get<string>("k"));
    }

    [TestMethod]
    public async Task DisableDistributedCacheWrite_KeepsValueInRamOnly()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        var options = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableDistributedCacheWrite, LocalCacheExpiration = TimeSpan.FromMinutes(1) };
        Assert.AreEqual("v", await cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("v"), options, cancellationToken: Token));

        Assert.IsEmpty(t.Cache.StoreKeys());
        CollectionAssert.Contains(t.Cache.MemoryKeys().ToArray(), "k");
        Assert.AreEqual("v", await cache.GetOrCreateAsync<string>("k", _ => throw new AssertFailedException("factory ran"), cancellationToken: Token));
        t.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.AreEqual("again", await cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("again"), options, cancellationToken: Token));
    }

    [TestMethod]
    public async Task RemoveByTagAsync_RamOnlyTaggedEntry_IsRemoved()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        var localOnly = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableDistributedCacheWrite };
        await cache.SetAsync("k", "v", localOnly, ["t"], Token);
        await cache.SetAsync("other", "v", localOnly, ["u"], Token);

        await cache.RemoveByTagAsync("t", Token);

        Assert.AreEqual("fresh", await cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("fresh"), cancellationToken: Token));
        Assert.AreEqual("v", t.Cache.Get<string>("other"));
        t.Cache.FlushEvictionLogs();
        Assert.IsTrue(t.Cache.EvictionLogs().Any(e => e.Key == "k" && e.Reason == EvictionReasons.TagInvalidation));
    }

    [TestMethod]
    public async Task ClearByTags_ExactMatch_RemovesOnlyRamOnlyEntriesWithExactlyThoseTags()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        var localOnly = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableDistributedCacheWrite };
        await cache.SetAsync("exact", "v", localOnly, ["t", "u"], Token);
        await cache.SetAsync("wider", "v", localOnly, ["t", "u", "w"], Token);

        Assert.AreEqual(1, t.Cache.ClearByTags(["u", "t"], exactMatch: true));

        CollectionAssert.AreEquivalent(new[] { "wider" }, t.Cache.MemoryKeys().ToArray());
    }

    [TestMethod]
    public async Task DisableUnderlyingData_Miss_ReturnsDefaultWithoutFactory()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        var options = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableUnderlyingData };
        Assert.IsNull(await cache.GetOrCreateAsync<string>("k", _ => throw new AssertFailedException("factory ran"), options, cancellationToken: Token));
        Assert.AreEqual(0, await cache.GetOrCreateAsync<int>("n", _ => throw new AssertFailedException("factory ran"), options, cancellationToken: Token));
        Assert.IsEmpty(t.Cache.AllKeys());

        await cache.SetAsync("k", "v", cancellationToken: Token);
        Assert.AreEqual("v", await cache.GetOrCreateAsync<string>("k", _ => throw new AssertFailedException("factory ran"), options, cancellationToken: Token));
    }

    [TestMethod]
    public async Task DisableCompression_HasNoEffect()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        var options = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableCompression };
        await cache.SetAsync("k", "v", options, cancellationToken: Token);
        Assert.AreEqual("v", t.Cache.Get<string>("k"));
        CollectionAssert.AreEqual(Encoding.UTF8.GetBytes("v"), ((IDistributedCache)t.Cache).Get("k"));
    }

    [TestMethod]
    public async Task RemoveByTagAsync_RemovesOnlyTaggedEntries()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        await cache.SetAsync("a", 1, tags: ["red"], cancellationToken: Token);
        await cache.SetAsync("b", 2, tags: ["red", "blue"], cancellationToken: Token);
        await cache.SetAsync("c", 3, tags: ["green"], cancellationToken: Token);
        await cache.SetAsync("d", 4, cancellationToken: Token);

        await cache.RemoveByTagAsync("red", Token);
        CollectionAssert.AreEquivalent(new[] { "c", "d" }, t.Cache.AllKeys().ToArray());

        await cache.RemoveByTagAsync(["green", "nothing"], Token);
        CollectionAssert.AreEquivalent(new[] { "d" }, t.Cache.AllKeys().ToArray());
    }

    [TestMethod]
    public async Task GetOrCreateAsync_Tags_AreRecordedOnTheEntry()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        await cache.GetOrCreateAsync("k", _ => ValueTask.FromResult(1), tags: ["x", "x", "y"], cancellationToken: Token);
        CollectionAssert.AreEquivalent(new[] { "x", "y" }, t.Cache.KeyMetadata("k")!.Tags.ToArray());
        await cache.RemoveByTagAsync("y", Token);
        Assert.IsEmpty(t.Cache.AllKeys());
    }

    [TestMethod]
    public async Task RemoveByTagAsync_Wildcard_ClearsEverything()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        await cache.SetAsync("a", 1, tags: ["red"], cancellationToken: Token);
        await cache.SetAsync("b", 2, cancellationToken: Token);
        t.Cache.Set("c", 3);

        await cache.RemoveByTagAsync("*", Token);
        Assert.IsEmpty(t.Cache.AllKeys());

        await cache.SetAsync("d", 4, cancellationToken: Token);
        await cache.RemoveByTagAsync(["red", "*"], Token);
        Assert.IsEmpty(t.Cache.AllKeys());
    }

    [TestMethod]
    public async Task RemoveAsync_OneAndMany_RemoveFromBothTiers()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        foreach (string key in new[] { "a", "b", "c", "d" })
        {
            await cache.SetAsync(key, key, cancellationToken: Token);
        }

        await cache.RemoveAsync("a", Token);
        await cache.RemoveAsync(["b", "c", "missing"], Token);
        CollectionAssert.AreEquivalent(new[] { "d" }, t.Cache.AllKeys().ToArray());
        Assert.AreEqual("new", await cache.GetOrCreateAsync("a", _ => ValueTask.FromResult("new"), cancellationToken: Token));
    }

    [TestMethod]
    public async Task SetAsync_ByteArray_IsRawBytesForDistributedView()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        IDistributedCache distributed = t.Cache;
        await cache.SetAsync("k", new byte[] { 1, 2, 3 }, cancellationToken: Token);

        Assert.AreEqual("bytes", t.Cache.KeyMetadata("k")!.Format);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, distributed.Get("k"));
    }

    [TestMethod]
    public async Task DistributedSet_IsAHybridHit()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        IDistributedCache distributed = t.Cache;
        distributed.Set("k", [4, 5], new DistributedCacheEntryOptions());
        byte[] read = await cache.GetOrCreateAsync<byte[]>("k", _ => throw new AssertFailedException("factory ran"), cancellationToken: Token);
        CollectionAssert.AreEqual(new byte[] { 4, 5 }, read);
    }

    [TestMethod]
    public async Task TypedSetAndDelete_AreSeenByHybridView()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        t.Cache.Set("k", new Item("typed", 1));
        Assert.AreEqual(new Item("typed", 1), await cache.GetOrCreateAsync<Item>("k", _ => throw new AssertFailedException("factory ran"), cancellationToken: Token));

        t.Cache.Delete("k");
        Assert.AreEqual(new Item("new", 2), await cache.GetOrCreateAsync("k", _ => ValueTask.FromResult(new Item("new", 2)), cancellationToken: Token));
        t.Cache.Evict("k");
        Assert.AreEqual(new Item("new", 2), t.Cache.Get<Item>("k"));
    }

    [TestMethod]
    public async Task BadInput_ThrowsArgumentExceptions()
    {
        await using var t = new TestCache();
        HybridCache cache = new CachetronomyHybridCache(t.Cache);
        await Assert.ThrowsExactlyAsync<ArgumentException>(async () => await cache.GetOrCreateAsync("", _ => ValueTask.FromResult(1), cancellationToken: Token));
        await Assert.ThrowsExactlyAsync<ArgumentException>(async () => await cache.SetAsync("k", 1, tags: [" "], cancellationToken: Token));
        await Assert.ThrowsExactlyAsync<ArgumentOutOfRangeException>(async () => await cache.SetAsync("k", 1, new HybridCacheEntryOptions { Expiration = TimeSpan.Zero }, cancellationToken: Token));
        Assert.ThrowsExactly<ArgumentNullException>(() => new CachetronomyHybridCache(null!));
        Assert.IsEmpty(t.Cache.AllKeys());
    }

    private static void WriteRowBehindEngine(TestCache t, string key, string value) =>
        t.Sqlite.Set(new StoredCacheEntry
        {
            Key = key,
            Data = JsonSerializer.SerializeToUtf8Bytes(value),
            Format = "json",
            ExpiresAt = t.Time.GetUtcNow().AddHours(1),
            SavedByProfile = "default",
        });

    private static T Sync<T>(ValueTask<T> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : throw new AssertFailedException("The hit did not complete synchronously.");

    private static long Measure<T>(Func<T> hit)
    {
        for (int i = 0; i < 10; i++)
        {
            _ = hit();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            _ = hit();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    public sealed record Item(string Name, int Count);
}
