using System.Buffers;
using System.Text;
using Cachetronomy.Extensions.Tests.Internal;
using Microsoft.Extensions.Caching.Distributed;

namespace Cachetronomy.Extensions.Tests;

[TestClass]
public sealed class CachetronautDistributedCacheTests
{
    private static readonly byte[] s_value = [1, 2, 3];

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Set_ThenGet_ReturnsBytesStoredAsBytesFormat()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        cache.Set("k", s_value, new DistributedCacheEntryOptions());

        CollectionAssert.AreEqual(s_value, cache.Get("k"));
        Assert.AreEqual("bytes", t.Cache.KeyMetadata("k")!.Format);
    }

    [TestMethod]
    public async Task Set_CopiesCallersArray()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        byte[] mine = [1, 2, 3];
        cache.Set("k", mine, new DistributedCacheEntryOptions());
        mine[0] = 9;
        CollectionAssert.AreEqual(s_value, cache.Get("k"));
    }

    [TestMethod]
    public async Task Get_FrontTierHit_ReturnsSameArrayWithoutCopy()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        await cache.SetAsync("k", s_value, new DistributedCacheEntryOptions(), Token);
        Assert.AreSame(cache.Get("k"), await cache.GetAsync("k", Token));
    }

    [TestMethod]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        Assert.IsNull(await cache.GetAsync("nope", Token));
        Assert.IsNull(cache.Get("nope"));
    }

    [TestMethod]
    public async Task Set_NoExpiration_UsesProfileTimeToLive()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        cache.Set("k", s_value, new DistributedCacheEntryOptions());
        Assert.AreEqual(t.Time.GetUtcNow() + t.Cache.Profile.TimeToLive, t.Cache.KeyMetadata("k")!.ExpiresAt);
    }

    [TestMethod]
    public async Task Set_AbsoluteRelativeToNow_ExpiresThen()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        cache.Set("k", s_value, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(10) });
        t.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.IsNotNull(cache.Get("k"));
        t.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.IsNull(cache.Get("k"));
    }

    [TestMethod]
    public async Task SetAsync_AbsoluteDate_ExpiresThenInStoreToo()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        await cache.SetAsync("k", s_value, new DistributedCacheEntryOptions { AbsoluteExpiration = t.Time.GetUtcNow().AddMinutes(1) }, Token);
        t.Time.Advance(TimeSpan.FromMinutes(1));
        t.Cache.Evict("k");
        Assert.IsNull(await cache.GetAsync("k", Token));
    }

    [TestMethod]
    public async Task Set_AbsoluteInPast_ThrowsAndWritesNothing()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        var options = new DistributedCacheEntryOptions { AbsoluteExpiration = t.Time.GetUtcNow().AddSeconds(-1) };
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => cache.Set("k", s_value, options));
        await Assert.ThrowsExactlyAsync<ArgumentOutOfRangeException>(() => cache.SetAsync("k", s_value, options, Token));
        Assert.AreEqual(0, t.Store.CallsTo("Set") + t.Store.CallsTo("SetAsync"));
    }

    [TestMethod]
    public async Task Get_SlidingEntry_EachReadExtendsIt()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        cache.Set("k", s_value, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(10) });
        for (int i = 0; i < 3; i++)
        {
            t.Time.Advance(TimeSpan.FromSeconds(8));
            Assert.IsNotNull(cache.Get("k"), $"read {i}");
        }

        // The store slid too: a cold engine reads it.
        t.Cache.Evict("k");
        Assert.IsNotNull(await cache.GetAsync("k", Token));
        t.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.IsNull(cache.Get("k"));
    }

    [TestMethod]
    public async Task Get_SlidingEntryReadOften_WritesTheStoreOncePerTenthOfItsWindow()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        DateTimeOffset start = t.Time.GetUtcNow();
        cache.Set("k", s_value, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(10) });

        // Reads every 0.25 s for 60 s: 240 reads, a slide (one store write) each time a tenth of the window has passed.
        for (int i = 0; i < 240; i++)
        {
            t.Time.Advance(TimeSpan.FromMilliseconds(250));
            Assert.IsNotNull(await cache.GetAsync("k", Token), $"read {i}");
        }

        Assert.AreEqual(60, t.Store.CallsTo(nameof(ICacheStore.RefreshAsync)), "One store slide per second of reads.");
        DateTimeOffset stored = t.Cache.KeyMetadata("k")!.ExpiresAt;
        Assert.AreEqual(start.AddSeconds(70), stored, "The last slide, at 60 s, moved the row to 70 s.");

        // Unread from now on, it lives until the last slide's expiry, in RAM as in the store.
        t.Time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.IsNotNull(t.Cache.Get<byte[]>("k"), "Alive until 70 s.");
        t.Time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.IsNull(t.Cache.Get<byte[]>("k"), "Gone at 70 s.");
        Assert.IsNull(t.Sqlite.Get("k"), "Gone from the store at the same moment.");
    }

    [TestMethod]
    public async Task Get_SlidingEntryReadWithinATenth_IsNotSlidAndExpiresWithItsLastSlide()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        DateTimeOffset start = t.Time.GetUtcNow();
        cache.Set("k", s_value, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(10) });

        t.Time.Advance(TimeSpan.FromSeconds(0.9));
        Assert.IsNotNull(cache.Get("k"));

        Assert.AreEqual(0, t.Store.CallsTo(nameof(ICacheStore.Refresh)), "Within a tenth of the window: no store write.");
        Assert.AreEqual(start.AddSeconds(10), t.Cache.KeyMetadata("k")!.ExpiresAt);
        t.Time.Advance(TimeSpan.FromSeconds(9.1));
        Assert.IsNull(cache.Get("k"), "RAM expires with the store's row, 0.9 s (under a tenth of the window) before the read's own 10 s.");
    }

    [TestMethod]
    public async Task Get_SlidingEntryWithThresholdZero_SlidesTheStoreOnEveryRead()
    {
        await using var t = new TestCache(o => o.SlidingRefreshThreshold = 0);
        IDistributedCache cache = t.Cache;
        DateTimeOffset start = t.Time.GetUtcNow();
        cache.Set("k", s_value, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(10) });

        for (int i = 1; i <= 3; i++)
        {
            t.Time.Advance(TimeSpan.FromMilliseconds(100));
            Assert.IsNotNull(cache.Get("k"));
            Assert.AreEqual(start.AddMilliseconds(10_000 + (100 * i)), t.Cache.KeyMetadata("k")!.ExpiresAt, $"read {i}");
        }

        Assert.AreEqual(3, t.Store.CallsTo(nameof(ICacheStore.Refresh)));
    }

    [TestMethod]
    public async Task Refresh_SlidingEntryWithinATenth_WritesNothing()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        cache.Set("k", s_value, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(20) });

        t.Time.Advance(TimeSpan.FromMinutes(1));
        cache.Refresh("k");
        await cache.RefreshAsync("k", Token);
        Assert.AreEqual(0, t.Store.CallsTo(nameof(ICacheStore.Refresh)) + t.Store.CallsTo(nameof(ICacheStore.RefreshAsync)));

        t.Time.Advance(TimeSpan.FromMinutes(1));
        await cache.RefreshAsync("k", Token);
        Assert.AreEqual(1, t.Store.CallsTo(nameof(ICacheStore.RefreshAsync)), "2 minutes is a tenth of 20: due.");
    }

    [TestMethod]
    [DataRow(-0.01)]
    [DataRow(0.51)]
    [DataRow(double.NaN)]
    public async Task Construct_SlidingRefreshThresholdOutOfRange_Throws(double threshold)
    {
        await using var t = new TestCache();
        var options = new CachetronomyOptions { DatabasePath = t.DatabasePath, SlidingRefreshThreshold = threshold };

        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Cachetronaut(t.StoreProxy, options, t.Time));

        Assert.Contains("SlidingRefreshThreshold", ex.Message);
    }

    [TestMethod]
    public async Task Get_SlidingEntryReadOftenNearItsAbsoluteLimit_LivesUntilTheLimit()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        DateTimeOffset start = t.Time.GetUtcNow();
        cache.Set("k", s_value, new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromSeconds(10),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(60_300),
        });

        // Slides every second take it to 60 s at 50 s; after that a slide gains 0.3 s, under a tenth of the window,
        // but one last slide still takes it to the limit.
        for (int i = 1; i <= 120; i++)
        {
            t.Time.Advance(TimeSpan.FromMilliseconds(500));
            Assert.IsNotNull(cache.Get("k"), $"read at {i * 0.5} s");
        }

        Assert.AreEqual(start.AddMilliseconds(60_300), t.Cache.KeyMetadata("k")!.ExpiresAt);
        t.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.IsNull(cache.Get("k"), "Gone at the absolute limit.");
    }

    [TestMethod]
    public async Task Get_SlidingEntry_NeverPassesAbsoluteLimit()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        cache.Set("k", s_value, new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromSeconds(10),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(15),
        });
        t.Time.Advance(TimeSpan.FromSeconds(8));
        Assert.IsNotNull(cache.Get("k"));
        t.Time.Advance(TimeSpan.FromSeconds(7));
        Assert.IsNull(cache.Get("k"));
    }

    [TestMethod]
    public async Task Refresh_SlidingEntryWithoutRead_KeepsItAlive()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        cache.Set("k", s_value, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(10) });
        t.Time.Advance(TimeSpan.FromSeconds(8));
        cache.Refresh("k");
        t.Time.Advance(TimeSpan.FromSeconds(8));
        await cache.RefreshAsync("k", Token);
        t.Time.Advance(TimeSpan.FromSeconds(8));
        t.Cache.Evict("k");
        Assert.IsNotNull(cache.Get("k"));
    }

    [TestMethod]
    public async Task Refresh_AbsoluteEntry_DoesNotExtendIt()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        cache.Set("k", s_value, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(10) });
        t.Time.Advance(TimeSpan.FromSeconds(8));
        cache.Refresh("k");
        t.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.IsNull(cache.Get("k"));
    }

    [TestMethod]
    public async Task Remove_DeletesFromBothTiers()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        cache.Set("a", s_value, new DistributedCacheEntryOptions());
        cache.Set("b", s_value, new DistributedCacheEntryOptions());
        cache.Remove("a");
        await cache.RemoveAsync("b", Token);
        Assert.IsNull(cache.Get("a"));
        Assert.IsNull(await cache.GetAsync("b", Token));
        Assert.IsEmpty(t.Cache.StoreKeys());
    }

    [TestMethod]
    public async Task BufferTryGet_Hit_WritesIntoWriter()
    {
        await using var t = new TestCache();
        IBufferDistributedCache cache = t.Cache;
        cache.Set("k", s_value, new DistributedCacheEntryOptions());
        var writer = new ArrayBufferWriter<byte>();
        writer.Write(new byte[] { 7 });

        Assert.IsTrue(cache.TryGet("k", writer));
        CollectionAssert.AreEqual(new byte[] { 7, 1, 2, 3 }, writer.WrittenSpan.ToArray());
    }

    [TestMethod]
    public async Task BufferTryGetAsync_MissAndColdHit()
    {
        await using var t = new TestCache();
        IBufferDistributedCache cache = t.Cache;
        var writer = new ArrayBufferWriter<byte>();
        Assert.IsFalse(await cache.TryGetAsync("k", writer, Token));
        Assert.AreEqual(0, writer.WrittenCount);

        cache.Set("k", s_value, new DistributedCacheEntryOptions());
        t.Cache.Evict("k");
        Assert.IsTrue(await cache.TryGetAsync("k", writer, Token));
        CollectionAssert.AreEqual(s_value, writer.WrittenSpan.ToArray());
    }

    [TestMethod]
    public async Task BufferSet_MultiSegmentSequence_StoresConcatenation()
    {
        await using var t = new TestCache();
        IBufferDistributedCache cache = t.Cache;
        ReadOnlySequence<byte> sequence = Segments([1, 2], [3], [4, 5]);
        cache.Set("k", sequence, new DistributedCacheEntryOptions());
        await cache.SetAsync("k2", new ReadOnlySequence<byte>(s_value), new DistributedCacheEntryOptions(), Token);

        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 5 }, cache.Get("k"));
        t.Cache.Evict("k2");
        CollectionAssert.AreEqual(s_value, await cache.GetAsync("k2", Token));
    }

    [TestMethod]
    public async Task BufferSet_CallerReusesBuffer_CacheUnaffected()
    {
        await using var t = new TestCache();
        IBufferDistributedCache cache = t.Cache;
        byte[] pooled = [1, 2, 3];
        cache.Set("k", new ReadOnlySequence<byte>(pooled), new DistributedCacheEntryOptions());
        pooled[0] = 9;
        CollectionAssert.AreEqual(s_value, cache.Get("k"));
    }

    [TestMethod]
    public async Task TypedJsonEntry_ReadsAsItsUtf8Json()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", new { Name = "x" });
        IDistributedCache cache = t.Cache;
        Assert.AreEqual("{\"Name\":\"x\"}", Encoding.UTF8.GetString(cache.Get("k")!));
    }

    [TestMethod]
    public async Task DistributedEntry_ReadsThroughTypedByteArrayApi()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        cache.Set("k", s_value, new DistributedCacheEntryOptions());
        Assert.AreSame(cache.Get("k"), t.Cache.Get<byte[]>("k"));

        await using Cachetronaut cold = t.Reopen();
        CollectionAssert.AreEqual(s_value, cold.Get<byte[]>("k"));
    }

    [TestMethod]
    public async Task TypedDelete_IsSeenByDistributedView()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        cache.Set("k", s_value, new DistributedCacheEntryOptions());
        Assert.IsTrue(t.Cache.Delete("k"));
        Assert.IsNull(cache.Get("k"));
    }

    [TestMethod]
    public async Task BadKey_ThrowsArgumentException()
    {
        await using var t = new TestCache();
        IDistributedCache cache = t.Cache;
        Assert.ThrowsExactly<ArgumentException>(() => cache.Get(" "));
        Assert.ThrowsExactly<ArgumentNullException>(() => cache.Set("k", null!, new DistributedCacheEntryOptions()));
        Assert.ThrowsExactly<ArgumentNullException>(() => cache.Set("k", s_value, null!));
    }

    private static ReadOnlySequence<byte> Segments(params byte[][] parts)
    {
        var first = new Segment(parts[0], 0);
        Segment last = first;
        for (int i = 1; i < parts.Length; i++)
        {
            last = last.Append(parts[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, long runningIndex)
        {
            Memory = data;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] data)
        {
            var next = new Segment(data, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
