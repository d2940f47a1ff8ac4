using System.Reflection;
using Cachetronomy.Extensions.Tests.Internal;
using Cachetronomy.Internal;

namespace Cachetronomy.Extensions.Tests.Decorator;

[TestClass]
public sealed class CachedServiceTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    public sealed record Movie(int Id, string Title);

    public interface IMovieService
    {
        [Cached(TimeToLiveSeconds = 900, Tags = ["quotes"])]
        string PullQuote(string celebrity, string film);

        [Cached]
        Task<Movie> FindAsync(int id, CancellationToken cancellationToken = default);

        [Cached(Name = "Movies.Count")]
        ValueTask<int> CountAsync(string genre);

        int Uncached(int x);

        [Cached]
        int Fails(int x);

        [Cached]
        Task<int> FailsAsync(int x);

        int FailsUncached(int x);

        [Cached]
        string Echo<T>(T value);

        void Touch();

        bool TryFind(int id, out Movie? movie);
    }

    public sealed class MovieService : IMovieService
    {
        private int _runs;

        public int Runs => _runs;

        public CancellationToken LastToken { get; private set; }

        public TaskCompletionSource? Gate { get; set; }

        public string PullQuote(string celebrity, string film) => Count($"{celebrity} in {film}");

        public async Task<Movie> FindAsync(int id, CancellationToken cancellationToken = default)
        {
            Count(0);
            LastToken = cancellationToken;
            if (Gate is { } gate)
            {
                gate.SetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            await Task.Yield();
            return new Movie(id, "Cacheablanca");
        }

        public ValueTask<int> CountAsync(string genre) => ValueTask.FromResult(Count(genre.Length));

        public int Uncached(int x) => Count(x);

        public int Fails(int x)
        {
            Count(0);
            throw new InvalidOperationException("sync boom");
        }

        public async Task<int> FailsAsync(int x)
        {
            Count(0);
            await Task.Yield();
            throw new FormatException("async boom");
        }

        public int FailsUncached(int x) => throw new ArgumentOutOfRangeException(nameof(x));

        public string Echo<T>(T value) => Count(typeof(T).Name + ":" + value);

        public void Touch() => Count(0);

        public bool TryFind(int id, out Movie? movie)
        {
            Count(0);
            movie = new Movie(id, "found");
            return true;
        }

        private T Count<T>(T value)
        {
            Interlocked.Increment(ref _runs);
            return value;
        }
    }

    [Cached(TimeToLiveSeconds = 60, Tags = ["all"])]
    public interface IAllCached
    {
        int Double(int x);

        [Cached(TimeToLiveSeconds = 5)]
        int Triple(int x);

        void Reset();

        Task SaveAsync();

        int Property { get; }
    }

    public sealed class AllCached : IAllCached
    {
        public int Runs { get; private set; }

        public int Property => ++Runs;

        public int Double(int x)
        {
            Runs++;
            return x * 2;
        }

        public int Triple(int x)
        {
            Runs++;
            return x * 3;
        }

        public void Reset() => Runs++;

        public Task SaveAsync()
        {
            Runs++;
            return Task.CompletedTask;
        }
    }

    private const string ServiceName = "Cachetronomy.Extensions.Tests.Decorator.CachedServiceTests+IMovieService";

    [TestMethod]
    public async Task Proxy_SyncCachedMethod_RunsOncePerArguments()
    {
        await using var t = new TestCache();
        var movies = new MovieService();
        IMovieService proxy = CachingProxy.Create<IMovieService>(movies, t.Cache);

        Assert.AreEqual("Ash in Cacheablanca", proxy.PullQuote("Ash", "Cacheablanca"));
        Assert.AreEqual("Ash in Cacheablanca", proxy.PullQuote("Ash", "Cacheablanca"));
        Assert.AreEqual(1, movies.Runs);
        Assert.AreEqual("Bo in Cacheablanca", proxy.PullQuote("Bo", "Cacheablanca"));
        Assert.AreEqual(2, movies.Runs);
        CollectionAssert.Contains(t.Cache.StoreKeys().ToList(), ServiceName + ".PullQuote(celebrity=\"Ash\", film=\"Cacheablanca\")");
    }

    [TestMethod]
    public async Task Proxy_TaskAndValueTaskMethods_RunOncePerArguments()
    {
        await using var t = new TestCache();
        var movies = new MovieService();
        IMovieService proxy = CachingProxy.Create<IMovieService>(movies, t.Cache);

        Assert.AreEqual(new Movie(7, "Cacheablanca"), await proxy.FindAsync(7, Token));
        Assert.AreEqual(new Movie(7, "Cacheablanca"), await proxy.FindAsync(7));
        Assert.AreEqual(5, await proxy.CountAsync("noir!"));
        Assert.AreEqual(5, await proxy.CountAsync("noir!"));
        Assert.AreEqual(2, movies.Runs);
        CollectionAssert.AreEquivalent(
            new[] { ServiceName + ".FindAsync(id=7)", "Movies.Count(genre=\"noir!\")" },
            t.Cache.StoreKeys().ToList());
    }

    [TestMethod]
    public async Task Proxy_UnmarkedMethods_PassThroughEveryTime()
    {
        await using var t = new TestCache();
        var movies = new MovieService();
        IMovieService proxy = CachingProxy.Create<IMovieService>(movies, t.Cache);

        Assert.AreEqual(3, proxy.Uncached(3));
        Assert.AreEqual(3, proxy.Uncached(3));
        proxy.Touch();
        Assert.IsTrue(proxy.TryFind(4, out Movie? found));
        Assert.AreEqual(new Movie(4, "found"), found);
        Assert.AreEqual(4, movies.Runs);
        Assert.IsEmpty(t.Cache.StoreKeys());
    }

    [TestMethod]
    public async Task Proxy_HonoursTimeToLive()
    {
        await using var t = new TestCache();
        var movies = new MovieService();
        IMovieService proxy = CachingProxy.Create<IMovieService>(movies, t.Cache);

        proxy.PullQuote("Ash", "Cacheablanca");
        CacheEntryMetadata metadata = t.Cache.KeyMetadata(ServiceName + ".PullQuote(celebrity=\"Ash\", film=\"Cacheablanca\")")!;
        Assert.AreEqual(t.Time.GetUtcNow().AddSeconds(900), metadata.ExpiresAt);

        t.Time.Advance(TimeSpan.FromSeconds(899));
        proxy.PullQuote("Ash", "Cacheablanca");
        Assert.AreEqual(1, movies.Runs);
        t.Time.Advance(TimeSpan.FromSeconds(2));
        proxy.PullQuote("Ash", "Cacheablanca");
        Assert.AreEqual(2, movies.Runs);
    }

    [TestMethod]
    public async Task Proxy_Tags_AreWrittenAndClearByTagsRemovesTheEntries()
    {
        await using var t = new TestCache();
        var movies = new MovieService();
        IMovieService proxy = CachingProxy.Create<IMovieService>(movies, t.Cache);

        proxy.PullQuote("Ash", "Cacheablanca");
        await proxy.FindAsync(1, Token);
        CollectionAssert.AreEqual(new[] { "quotes" }, t.Cache.KeyMetadata(ServiceName + ".PullQuote(celebrity=\"Ash\", film=\"Cacheablanca\")")!.Tags.ToList());

        Assert.AreEqual(1, t.Cache.ClearByTags(["quotes"]));
        proxy.PullQuote("Ash", "Cacheablanca");
        await proxy.FindAsync(1, Token);
        Assert.AreEqual(3, movies.Runs, "the tagged entry ran again, the other did not");
    }

    [TestMethod]
    public async Task Proxy_NoTags_UsesTheActiveProfileTags()
    {
        await using var t = new TestCache();
        t.Cache.UpdateActiveProfile(new CachetronomyProfileUpdate { Tags = ["p"] });
        IMovieService proxy = CachingProxy.Create<IMovieService>(new MovieService(), t.Cache);

        await proxy.FindAsync(1, Token);
        proxy.PullQuote("Ash", "Cacheablanca");

        CollectionAssert.AreEqual(new[] { "p" }, t.Cache.KeyMetadata(ServiceName + ".FindAsync(id=1)")!.Tags.ToList());
        CollectionAssert.AreEqual(new[] { "quotes" }, t.Cache.KeyMetadata(ServiceName + ".PullQuote(celebrity=\"Ash\", film=\"Cacheablanca\")")!.Tags.ToList());
    }

    [TestMethod]
    public async Task Proxy_SyncException_PassesThroughUnwrappedAndIsNotCached()
    {
        await using var t = new TestCache();
        var movies = new MovieService();
        IMovieService proxy = CachingProxy.Create<IMovieService>(movies, t.Cache);

        InvalidOperationException ex = Assert.ThrowsExactly<InvalidOperationException>(() => proxy.Fails(1));
        Assert.AreEqual("sync boom", ex.Message);
        Assert.ThrowsExactly<InvalidOperationException>(() => proxy.Fails(1));
        Assert.AreEqual(2, movies.Runs);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => proxy.FailsUncached(1));
        Assert.IsEmpty(t.Cache.StoreKeys());
    }

    [TestMethod]
    public async Task Proxy_AsyncException_IsAFaultedTaskAndIsNotCached()
    {
        await using var t = new TestCache();
        var movies = new MovieService();
        IMovieService proxy = CachingProxy.Create<IMovieService>(movies, t.Cache);

        Task<int> call = proxy.FailsAsync(1);
        FormatException ex = await Assert.ThrowsExactlyAsync<FormatException>(() => call);
        Assert.AreEqual("async boom", ex.Message);
        Assert.IsTrue(call.IsFaulted);
        await Assert.ThrowsExactlyAsync<FormatException>(() => proxy.FailsAsync(1));
        Assert.AreEqual(2, movies.Runs);
        Assert.IsEmpty(t.Cache.StoreKeys());
    }

    [TestMethod]
    public async Task Proxy_CancellationToken_IsLeftOutOfTheKeyAndReachesTheImplementation()
    {
        await using var t = new TestCache();
        var movies = new MovieService { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        IMovieService proxy = CachingProxy.Create<IMovieService>(movies, t.Cache);
        using var cts = new CancellationTokenSource();

        Task<Movie> call = proxy.FindAsync(9, cts.Token);
        await movies.Gate.Task;
        Assert.IsTrue(movies.LastToken.CanBeCanceled);
        Assert.IsFalse(movies.LastToken.IsCancellationRequested);
        await cts.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => call);
        Assert.IsTrue(movies.LastToken.IsCancellationRequested, "the only caller cancelled, so the implementation's token did too");
        Assert.IsEmpty(t.Cache.StoreKeys());

        movies.Gate = null;
        await proxy.FindAsync(9, Token);
        await proxy.FindAsync(9, CancellationToken.None);
        Assert.AreEqual(2, movies.Runs, "one cancelled run, then one run for both tokens");
        CollectionAssert.AreEqual(new[] { ServiceName + ".FindAsync(id=9)" }, t.Cache.StoreKeys().ToList());
    }

    [TestMethod]
    public async Task Proxy_GenericMethod_KeyNamesTheTypeArgument()
    {
        await using var t = new TestCache();
        var movies = new MovieService();
        IMovieService proxy = CachingProxy.Create<IMovieService>(movies, t.Cache);

        Assert.AreEqual("Int32:1", proxy.Echo(1));
        Assert.AreEqual("Int64:1", proxy.Echo(1L));
        Assert.AreEqual("Int32:1", proxy.Echo(1));
        Assert.AreEqual(2, movies.Runs);
        CollectionAssert.AreEquivalent(
            new[] { ServiceName + ".Echo[System.Int32](value=1)", ServiceName + ".Echo[System.Int64](value=1)" },
            t.Cache.StoreKeys().ToList());
    }

    [TestMethod]
    public async Task Proxy_InterfaceLevelCached_CachesEveryCacheableMethodWithMethodOverrides()
    {
        await using var t = new TestCache();
        var impl = new AllCached();
        IAllCached proxy = CachingProxy.Create<IAllCached>(impl, t.Cache);

        Assert.AreEqual(4, proxy.Double(2));
        Assert.AreEqual(4, proxy.Double(2));
        Assert.AreEqual(6, proxy.Triple(2));
        Assert.AreEqual(6, proxy.Triple(2));
        Assert.AreEqual(2, impl.Runs);

        proxy.Reset();
        await proxy.SaveAsync();
        _ = proxy.Property;
        _ = proxy.Property;
        Assert.AreEqual(6, impl.Runs, "void, Task and property getters pass through");

        string prefix = "Cachetronomy.Extensions.Tests.Decorator.CachedServiceTests+IAllCached.";
        CacheEntryMetadata doubled = t.Cache.KeyMetadata(prefix + "Double(x=2)")!;
        CacheEntryMetadata tripled = t.Cache.KeyMetadata(prefix + "Triple(x=2)")!;
        Assert.AreEqual(t.Time.GetUtcNow().AddSeconds(60), doubled.ExpiresAt);
        Assert.AreEqual(t.Time.GetUtcNow().AddSeconds(5), tripled.ExpiresAt, "the method's TTL wins");
        CollectionAssert.AreEqual(new[] { "all" }, tripled.Tags.ToList(), "the interface's tags apply when the method has none");
    }

    public interface IVoidMarked
    {
        [Cached]
        void Save(int x);
    }

    public interface ITaskMarked
    {
        [Cached]
        Task SaveAsync(int x);
    }

    public interface IValueTaskMarked
    {
        [Cached]
        ValueTask SaveAsync(int x);
    }

    public interface IOutMarked
    {
        [Cached]
        bool TryGet(int x, out int value);
    }

    public interface IRefMarked
    {
        [Cached]
        int Bump(ref int value);
    }

    public interface IColliding
    {
        [Cached]
        int Get(int id);

        [Cached]
        long Get(long id);
    }

    public interface INegativeTtl
    {
        [Cached(TimeToLiveSeconds = -1)]
        int Get(int id);
    }

    public interface IBadName
    {
        [Cached(Name = "Get(id)")]
        int Get(int id);
    }

    public abstract class NotAnInterface
    {
        [Cached]
        public abstract int Get(int id);
    }

    [TestMethod]
    [DataRow(typeof(IVoidMarked), "void")]
    [DataRow(typeof(ITaskMarked), "Task without a result")]
    [DataRow(typeof(IValueTaskMarked), "ValueTask without a result")]
    [DataRow(typeof(IOutMarked), "out, ref")]
    [DataRow(typeof(IRefMarked), "out, ref")]
    [DataRow(typeof(IColliding), "share cache keys")]
    [DataRow(typeof(INegativeTtl), "TimeToLiveSeconds")]
    [DataRow(typeof(IBadName), "parentheses")]
    [DataRow(typeof(NotAnInterface), "not an interface")]
    public void Plan_UncacheableMarkedMethod_FailsWithAClearMessage(Type serviceType, string reason)
    {
        InvalidOperationException ex = Assert.ThrowsExactly<InvalidOperationException>(() => CachedServicePlan.For(serviceType));
        Assert.Contains(reason, ex.Message);
    }

    [TestMethod]
    public void Plan_IsCachedPerInterface()
    {
        Assert.AreSame(CachedServicePlan.For(typeof(IMovieService)), CachedServicePlan.For(typeof(IMovieService)));
    }

    [TestMethod]
    public async Task Proxy_DoesNotWrapInTargetInvocationException()
    {
        await using var t = new TestCache();
        IMovieService proxy = CachingProxy.Create<IMovieService>(new MovieService(), t.Cache);
        try
        {
            proxy.Fails(1);
            Assert.Fail("expected an exception");
        }
        catch (Exception ex)
        {
            Assert.IsNotInstanceOfType<TargetInvocationException>(ex);
            Assert.IsInstanceOfType<InvalidOperationException>(ex);
        }
    }
}
