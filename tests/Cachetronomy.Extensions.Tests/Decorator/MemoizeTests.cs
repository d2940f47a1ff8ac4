using Cachetronomy.Extensions.Tests.Internal;

namespace Cachetronomy.Extensions.Tests.Decorator;

[TestClass]
public sealed class MemoizeTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    /// <summary>An expensive lookup that counts its runs.</summary>
    public sealed class Quotes
    {
        private int _runs;

        public int Runs => _runs;

        public string PullQuote(string celebrity, string film)
        {
            Interlocked.Increment(ref _runs);
            return $"{celebrity} in {film}";
        }

        public async Task<string> PullQuoteAsync(string celebrity, string film)
        {
            Interlocked.Increment(ref _runs);
            await Task.Yield();
            return $"{celebrity} in {film}";
        }

        public ValueTask<int> Sum(int a, int b, int c, int d)
        {
            Interlocked.Increment(ref _runs);
            return ValueTask.FromResult(a + b + c + d);
        }

        public Task<int> Answer()
        {
            Interlocked.Increment(ref _runs);
            return Task.FromResult(42);
        }

        public string? Nothing(int id)
        {
            Interlocked.Increment(ref _runs);
            return null;
        }

        public string Describe<T>(T value)
        {
            Interlocked.Increment(ref _runs);
            return typeof(T).Name + ":" + value;
        }
    }

    private const string QuotesName = "Cachetronomy.Extensions.Tests.Decorator.MemoizeTests+Quotes";

    [TestMethod]
    public async Task Memoize_SyncMethodGroup_RunsOncePerDistinctArguments()
    {
        await using var t = new TestCache();
        var quotes = new Quotes();
        Func<string, string, string> pullQuote = t.Cache.Memoize<string, string, string>(quotes.PullQuote);

        Assert.AreEqual("Ash in Cacheablanca", pullQuote("Ash", "Cacheablanca"));
        Assert.AreEqual("Ash in Cacheablanca", pullQuote("Ash", "Cacheablanca"));
        Assert.AreEqual("Ash in Cacheablanca", pullQuote("Ash", "Cacheablanca"));
        Assert.AreEqual(1, quotes.Runs);

        Assert.AreEqual("Bo in Cacheablanca", pullQuote("Bo", "Cacheablanca"));
        Assert.AreEqual("Cacheablanca in Ash", pullQuote("Cacheablanca", "Ash"));
        Assert.AreEqual(3, quotes.Runs);
        CollectionAssert.Contains(
            t.Cache.StoreKeys().ToList(),
            QuotesName + ".PullQuote(celebrity=\"Ash\", film=\"Cacheablanca\")");
    }

    [TestMethod]
    public async Task Memoize_AsyncMethodGroup_RunsOncePerDistinctArgumentsAndAgainAfterTtl()
    {
        await using var t = new TestCache();
        var quotes = new Quotes();
        Func<string, string, Task<string>> pullQuote = t.Cache.Memoize<string, string, string>(
            quotes.PullQuoteAsync, options: new CachetronautEntryOptions { TimeToLive = TimeSpan.FromMinutes(15) });

        Assert.AreEqual("Ash in Cacheablanca", await pullQuote("Ash", "Cacheablanca"));
        Assert.AreEqual("Ash in Cacheablanca", await pullQuote("Ash", "Cacheablanca"));
        Assert.AreEqual(1, quotes.Runs);
        await pullQuote("Bo", "Cacheablanca");
        Assert.AreEqual(2, quotes.Runs);

        t.Time.Advance(TimeSpan.FromMinutes(14));
        await pullQuote("Ash", "Cacheablanca");
        Assert.AreEqual(2, quotes.Runs, "still fresh");

        t.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.AreEqual("Ash in Cacheablanca", await pullQuote("Ash", "Cacheablanca"));
        Assert.AreEqual(3, quotes.Runs, "expired, so it ran again");
        CacheEntryMetadata? metadata = t.Cache.KeyMetadata(QuotesName + ".PullQuoteAsync(celebrity=\"Ash\", film=\"Cacheablanca\")");
        Assert.IsNotNull(metadata);
        Assert.AreEqual(t.Time.GetUtcNow() + TimeSpan.FromMinutes(15), metadata.ExpiresAt);
    }

    [TestMethod]
    public async Task Memoize_ValueTaskOfFourArguments_RunsOncePerDistinctArguments()
    {
        await using var t = new TestCache();
        var quotes = new Quotes();
        Func<int, int, int, int, ValueTask<int>> sum = t.Cache.Memoize<int, int, int, int, int>(quotes.Sum);

        Assert.AreEqual(10, await sum(1, 2, 3, 4));
        Assert.AreEqual(10, await sum(1, 2, 3, 4));
        Assert.AreEqual(10, await sum(4, 3, 2, 1));
        Assert.AreEqual(2, quotes.Runs);
        CollectionAssert.Contains(t.Cache.StoreKeys().ToList(), QuotesName + ".Sum(a=4, b=3, c=2, d=1)");
    }

    [TestMethod]
    public async Task Memoize_NoArguments_RunsOnce()
    {
        await using var t = new TestCache();
        var quotes = new Quotes();
        Func<Task<int>> answer = t.Cache.Memoize(quotes.Answer);

        Assert.AreEqual(42, await answer());
        Assert.AreEqual(42, await answer());
        Assert.AreEqual(1, quotes.Runs);
        CollectionAssert.AreEqual(new[] { QuotesName + ".Answer()" }, t.Cache.StoreKeys().ToList());
    }

    [TestMethod]
    public async Task Memoize_NullResult_IsAHit()
    {
        await using var t = new TestCache();
        var quotes = new Quotes();
        Func<int, string?> nothing = t.Cache.Memoize<int, string?>(quotes.Nothing);

        Assert.IsNull(nothing(1));
        Assert.IsNull(nothing(1));
        Assert.IsNull(nothing(1));
        Assert.AreEqual(1, quotes.Runs);
    }

    [TestMethod]
    public async Task Memoize_GenericMethod_NameHasTypeArguments()
    {
        await using var t = new TestCache();
        var quotes = new Quotes();
        Func<int, string> describe = t.Cache.Memoize<int, string>(quotes.Describe);

        Assert.AreEqual("Int32:7", describe(7));
        CollectionAssert.AreEqual(new[] { QuotesName + ".Describe[System.Int32](value=7)" }, t.Cache.StoreKeys().ToList());
    }

    [TestMethod]
    public async Task Memoize_LambdaWithoutName_Throws()
    {
        await using var t = new TestCache();
        ArgumentException ex = Assert.ThrowsExactly<ArgumentException>(() => t.Cache.Memoize((int id) => id * 2));
        Assert.AreEqual("name", ex.ParamName);
        Assert.ThrowsExactly<ArgumentException>(() => t.Cache.Memoize((int id) => Task.FromResult(id)));

        static int Local(int id) => id;
        Assert.ThrowsExactly<ArgumentException>(() => t.Cache.Memoize<int, int>(Local));
    }

    [TestMethod]
    public async Task Memoize_LambdaWithName_UsesTheNameAndTheLambdaParameterNames()
    {
        await using var t = new TestCache();
        int runs = 0;
        Func<int, string, string> lookup = t.Cache.Memoize((int id, string region) => { runs++; return $"{region}/{id}"; }, name: "Users.Lookup");

        Assert.AreEqual("eu/7", lookup(7, "eu"));
        Assert.AreEqual("eu/7", lookup(7, "eu"));
        Assert.AreEqual(1, runs);
        CollectionAssert.AreEqual(new[] { "Users.Lookup(id=7, region=\"eu\")" }, t.Cache.StoreKeys().ToList());
    }

    [TestMethod]
    public async Task Memoize_BadArguments_Throw()
    {
        await using var t = new TestCache();
        Assert.ThrowsExactly<ArgumentNullException>(() => t.Cache.Memoize((Func<int, int>)null!, name: "f"));
        Assert.ThrowsExactly<ArgumentNullException>(() => ((ICachetronaut)null!).Memoize((int x) => x, name: "f"));
        Assert.ThrowsExactly<ArgumentException>(() => t.Cache.Memoize((int x) => x, name: "f(x)"));
        Assert.ThrowsExactly<ArgumentException>(() => t.Cache.Memoize((int x) => x, name: " "));
        Assert.ThrowsExactly<ArgumentException>(() => t.Cache.Memoize((int x) => x, name: new string('n', 1000)));
    }

    [TestMethod]
    public async Task Memoize_ConcurrentCallsWithTheSameArguments_RunOnce()
    {
        await using var t = new TestCache();
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0;
        Func<int, Task<string>> slow = t.Cache.Memoize(async (int id) =>
        {
            Interlocked.Increment(ref runs);
            return await gate.Task + id;
        }, name: "Slow");

        var callers = Enumerable.Range(0, 20).Select(_ => Task.Run(() => slow(1), Token)).ToList();
        await WaitUntilAsync(() => t.Cache.Flights.Values.Sum(f => f.Waiters) == 20);
        gate.SetResult("done");
        string[] results = await Task.WhenAll(callers);

        Assert.AreEqual(1, runs);
        Assert.IsTrue(results.All(r => r == "done1"));
    }

    [TestMethod]
    public async Task Memoize_AsyncFunctionFails_ReturnsFaultedTaskAndCachesNothing()
    {
        await using var t = new TestCache();
        int runs = 0;
        var boom = new InvalidOperationException("boom");
        Func<int, Task<int>> failing = t.Cache.Memoize<int, int>(async id =>
        {
            runs++;
            await Task.Yield();
            throw boom;
        }, name: "Failing");

        Task<int> call = failing(1);
        Assert.AreSame(boom, await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => call));
        Assert.IsTrue(call.IsFaulted);
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => failing(1));
        Assert.AreEqual(2, runs, "nothing was cached, so it ran again");
        Assert.IsEmpty(t.Cache.StoreKeys());
    }

    [TestMethod]
    public async Task Memoize_AsyncFunctionThrowsSynchronously_ReturnsFaultedTask()
    {
        await using var t = new TestCache();
        Func<int, ValueTask<int>> failing = t.Cache.Memoize(ValueTask<int> (int _) => throw new FormatException(), name: "Throws");

        ValueTask<int> call = failing(1);
        await Assert.ThrowsExactlyAsync<FormatException>(async () => await call);
        Assert.IsEmpty(t.Cache.StoreKeys());
    }

    [TestMethod]
    public async Task Memoize_ArgumentWithoutKeyRule_ReturnsFaultedTask()
    {
        await using var t = new TestCache();
        Func<object, Task<int>> f = t.Cache.Memoize((object _) => Task.FromResult(1), name: "F");

        Task<int> call = f(new object());
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => call);
        Assert.IsTrue(call.IsFaulted);
    }

    [TestMethod]
    public async Task Memoize_SyncFunctionFails_ThrowsAndCachesNothing()
    {
        await using var t = new TestCache();
        int runs = 0;
        Func<int, int> failing = t.Cache.Memoize(int (int id) => { runs++; throw new InvalidOperationException(); }, name: "Failing");

        Assert.ThrowsExactly<InvalidOperationException>(() => failing(1));
        Assert.ThrowsExactly<InvalidOperationException>(() => failing(1));
        Assert.AreEqual(2, runs);
        Assert.IsEmpty(t.Cache.StoreKeys());
    }

    [TestMethod]
    public async Task Memoize_ResultSurvivesANewEngineOverTheSameFile()
    {
        await using var t = new TestCache();
        var quotes = new Quotes();
        Assert.AreEqual("Ash in Cacheablanca", await t.Cache.Memoize<string, string, string>(quotes.PullQuoteAsync)("Ash", "Cacheablanca"));
        await t.Cache.DisposeAsync();

        Cachetronaut reopened = t.Reopen();
        var fresh = new Quotes();
        Func<string, string, Task<string>> pullQuote = reopened.Memoize<string, string, string>(fresh.PullQuoteAsync);

        Assert.AreEqual("Ash in Cacheablanca", await pullQuote("Ash", "Cacheablanca"));
        Assert.AreEqual(0, fresh.Runs, "answered from the file");
    }

    [TestMethod]
    public async Task Memoize_NoTags_UsesTheActiveProfileTags()
    {
        await using var t = new TestCache();
        t.Cache.UpdateActiveProfile(new CachetronomyProfileUpdate { Tags = ["p"] });
        Func<int, int> plain = t.Cache.Memoize((int x) => x, name: "Plain");
        Func<int, int> tagged = t.Cache.Memoize((int x) => x, name: "Tagged", options: new CachetronautEntryOptions { Tags = ["t"], Version = 3, Serializer = "json" });

        plain(1);
        tagged(1);
        t.Cache.Set("direct", 1);

        CollectionAssert.AreEqual(new[] { "p" }, t.Cache.KeyMetadata("Plain(x=1)")!.Tags.ToList());
        CacheEntryMetadata taggedMetadata = t.Cache.KeyMetadata("Tagged(x=1)")!;
        CollectionAssert.AreEqual(new[] { "t" }, taggedMetadata.Tags.ToList());
        Assert.AreEqual(3, taggedMetadata.Version);
        Assert.AreEqual("json", taggedMetadata.Format);
        Assert.IsEmpty(t.Cache.KeyMetadata("direct")!.Tags, "a plain Set gets no profile tags");

        t.Cache.UpdateActiveProfile(new CachetronomyProfileUpdate { Tags = ["q"] });
        plain(2);
        CollectionAssert.AreEqual(new[] { "q" }, t.Cache.KeyMetadata("Plain(x=2)")!.Tags.ToList(), "a profile change applies at once");
    }

    [TestMethod]
    public async Task Memoize_CancellationToken_IsLeftOutOfTheKeyAndCancelsTheRun()
    {
        await using var t = new TestCache();
        int runs = 0;
        CancellationToken seen = default;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<int, CancellationToken, Task<int>> slow = t.Cache.Memoize(async (int id, CancellationToken ct) =>
        {
            runs++;
            seen = ct;
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return id;
        }, name: "Slow");
        using var cts = new CancellationTokenSource();

        Task<int> call = slow(1, cts.Token);
        await started.Task;
        Assert.IsFalse(seen.IsCancellationRequested);
        await cts.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => call);
        Assert.IsTrue(seen.IsCancellationRequested, "the only caller left, so the run was cancelled");
        Assert.AreEqual(1, runs);

        Func<int, CancellationToken, Task<int>> fast = t.Cache.Memoize((int id, CancellationToken _) => Task.FromResult(id), name: "Fast");
        Assert.AreEqual(5, await fast(5, Token));
        CollectionAssert.AreEqual(new[] { "Fast(id=5)" }, t.Cache.StoreKeys().ToList());
    }

    [TestMethod]
    public async Task Memoize_LongArguments_AreHashedWithinTheEngineKeyLimit()
    {
        await using var t = new TestCache(o => o.MaxKeyLength = 100);
        int runs = 0;
        Func<string, string> echo = t.Cache.Memoize((string text) => { runs++; return text; }, name: "Echo");
        string text = new('x', 500);

        Assert.AreEqual(text, echo(text));
        Assert.AreEqual(text, echo(text));
        Assert.AreEqual(1, runs);
        string key = t.Cache.StoreKeys().Single();
        Assert.AreEqual(CacheKey.For("Echo", [new("text", text)], 100), key);
        Assert.StartsWith("Echo(sha256=", key);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(1, timeout.Token);
        }
    }
}
