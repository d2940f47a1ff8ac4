using Cachetronomy.Extensions.Tests.Internal;

namespace Cachetronomy.Extensions.Tests.Decorator;

/// <summary>The story docs/decorator.md tells: an expensive lookup, first call a miss, second a hit.</summary>
[TestClass]
public sealed class DecoratorDocsTests
{
    public TestContext TestContext { get; set; } = null!;

    public sealed class Studio
    {
        public int Lookups { get; private set; }

        public async Task<string> PullQuoteAsync(string celebrity, string film)
        {
            Lookups++;
            await Task.Yield(); // stands in for the slow call to the archive
            return $"{celebrity}: \"Here's looking at you, {film}.\"";
        }
    }

    [TestMethod]
    public async Task QuickStart_FirstCallMisses_SecondCallHits()
    {
        await using var t = new TestCache(o => o.ActiveProfile = CachetronomyProfile.DefaultName);
        var studio = new Studio();
        Func<string, string, Task<string>> pullQuote = t.Cache.Memoize<string, string, string>(
            studio.PullQuoteAsync, options: new CachetronautEntryOptions { TimeToLive = TimeSpan.FromMinutes(15) });

        string first = await pullQuote("Ash", "Cacheablanca");
        CacheStatistics afterFirst = t.Cache.Stats();
        string second = await pullQuote("Ash", "Cacheablanca");
        CacheStatistics afterSecond = t.Cache.Stats();

        Assert.AreEqual(first, second);
        Assert.AreEqual(1, studio.Lookups);
        Assert.AreEqual(1, afterFirst.Misses);
        Assert.AreEqual(0, afterFirst.MemoryHits);
        Assert.AreEqual(1, afterSecond.MemoryHits);
        Assert.AreEqual(1, afterSecond.Misses);
        CollectionAssert.AreEqual(
            new[] { "Cachetronomy.Extensions.Tests.Decorator.DecoratorDocsTests+Studio.PullQuoteAsync(celebrity=\"Ash\", film=\"Cacheablanca\")" },
            t.Cache.StoreKeys().ToList());
    }
}
