using Cachetronomy.Extensions.Tests.Internal;

namespace Cachetronomy.Extensions.Tests;

[TestClass]
[DoNotParallelize]
public sealed class CachetronautAllocationTests
{
    private const int Hits = 1000;

    [TestMethod]
    public async Task Get_FrontTierHitOfString_AllocatesNothing()
    {
        await using var t = new TestCache();
        t.Cache.Set("s", "value");
        long bytes = Measure(() => t.Cache.Get<string>("s"));
        Assert.AreEqual(0L, bytes);
    }

    [TestMethod]
    public async Task Get_FrontTierHitOfByteArray_AllocatesNothing()
    {
        await using var t = new TestCache();
        t.Cache.Set("b", new byte[] { 1, 2, 3 }, new CachetronautEntryOptions { Serializer = "bytes" });
        long bytes = Measure(() => t.Cache.Get<byte[]>("b"));
        Assert.AreEqual(0L, bytes);
    }

    [TestMethod]
    public async Task TryGet_FrontTierHit_AllocatesNothing()
    {
        await using var t = new TestCache();
        t.Cache.Set("s", "value");
        long bytes = Measure(() => t.Cache.TryGet<string>("s", out string? v) ? v : null);
        Assert.AreEqual(0L, bytes);
    }

    [TestMethod]
    public async Task GetAsync_FrontTierHit_AllocatesNothing()
    {
        await using var t = new TestCache();
        t.Cache.Set("b", new byte[] { 1, 2, 3 }, new CachetronautEntryOptions { Serializer = "bytes" });
        long bytes = Measure(() => Sync(t.Cache.GetAsync<byte[]>("b")));
        Assert.AreEqual(0L, bytes);
    }

    [TestMethod]
    public async Task GetOrCreateAsync_FrontTierHit_AllocatesNothing()
    {
        await using var t = new TestCache();
        t.Cache.Set("s", "value");
        Func<CancellationToken, ValueTask<string>> factory = static _ => ValueTask.FromResult("other");
        long bytes = Measure(() => Sync(t.Cache.GetOrCreateAsync("s", factory)));
        Assert.AreEqual(0L, bytes);
    }

    [TestMethod]
    public async Task GetOrCreateAsync_FrontTierHitWithTaggedOptions_AllocatesNothing()
    {
        await using var t = new TestCache();
        var options = new CachetronautEntryOptions { Tags = ["team", "quotes"] };
        t.Cache.Set("s", "value", options);
        Func<CancellationToken, ValueTask<string>> factory = static _ => ValueTask.FromResult("other");
        long bytes = Measure(() => Sync(t.Cache.GetOrCreateAsync("s", factory, options)));
        Assert.AreEqual(0L, bytes, $"tagged options are checked on every hit, without an enumerator ({bytes} B in {Hits} hits)");
    }

    private static T Sync<T>(ValueTask<T> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : throw new AssertFailedException("The hit did not complete synchronously.");

    private static long Measure<T>(Func<T> hit)
    {
        for (int i = 0; i < 10; i++)
        {
            _ = hit();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Hits; i++)
        {
            _ = hit();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
