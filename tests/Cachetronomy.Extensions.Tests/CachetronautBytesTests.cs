using System.Text;
using Cachetronomy.Extensions.Tests.Internal;

namespace Cachetronomy.Extensions.Tests;

[TestClass]
public sealed class CachetronautBytesTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task SetBytesAsync_ThenTypedGet_SeesSameKeySpace()
    {
        await using var t = new TestCache();
        await t.Cache.SetBytesAsync("k", new byte[] { 1, 2 }, "bytes", t.Time.GetUtcNow().AddMinutes(1), null, null, null, Token);
        CollectionAssert.AreEqual(new byte[] { 1, 2 }, t.Cache.Get<byte[]>("k"));
        Assert.AreSame(t.Cache.Get<byte[]>("k"), await t.Cache.GetBytesAsync("k", Token));
    }

    [TestMethod]
    public async Task GetBytes_TypedJsonEntry_ReturnsRowBytes()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", "v");
        CollectionAssert.AreEqual(Encoding.UTF8.GetBytes("\"v\""), t.Cache.GetBytes("k"));
    }

    [TestMethod]
    public async Task Refresh_SlidingEntry_MovesExpiryInBothTiers()
    {
        await using var t = new TestCache();
        t.Cache.SetBytes("k", new byte[] { 1 }, "bytes", t.Time.GetUtcNow().AddSeconds(10), slidingExpiration: TimeSpan.FromSeconds(10));
        t.Time.Advance(TimeSpan.FromSeconds(8));
        Assert.IsTrue(await t.Cache.RefreshAsync("k", Token));
        t.Time.Advance(TimeSpan.FromSeconds(8));
        Assert.IsNotNull(t.Cache.GetBytes("k"));
        t.Cache.Evict("k");
        Assert.IsNotNull(t.Cache.GetBytes("k"));
    }

    [TestMethod]
    public async Task SetBytes_PastExpiry_Throws()
    {
        await using var t = new TestCache();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => t.Cache.SetBytes("k", new byte[] { 1 }, "bytes", t.Time.GetUtcNow()));
    }
}
