using Cachetronomy.Extensions.Tests.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Cachetronomy.Extensions.Tests.Decorator;

[TestClass]
public sealed class CachedServiceRegistrationTests
{
    public interface IQuotes
    {
        [Cached]
        string PullQuote(string celebrity, string film);

        int Runs { get; }

        Guid Instance { get; }
    }

    /// <summary>Counts runs across instances, so a test sees calls made through any scope.</summary>
    public sealed class Quotes(RunCounter counter) : IQuotes, IDisposable
    {
        public Guid Instance { get; } = Guid.NewGuid();

        public int Runs => counter.Runs;

        public bool Disposed { get; private set; }

        public string PullQuote(string celebrity, string film)
        {
            counter.Increment();
            return $"{celebrity} in {film}";
        }

        public void Dispose()
        {
            Disposed = true;
            counter.Disposals++;
        }
    }

    public sealed class RunCounter
    {
        private int _runs;

        public int Runs => _runs;

        public int Disposals { get; set; }

        public void Increment() => Interlocked.Increment(ref _runs);
    }

    public interface IVoidMarked
    {
        [Cached]
        void Save(int x);
    }

    public sealed class VoidMarked : IVoidMarked
    {
        public void Save(int x)
        {
        }
    }

    private static (ServiceCollection Services, ICachetronomyBuilder Builder) NewServices(TestCache t)
    {
        var services = new ServiceCollection();
        services.AddSingleton(t.StoreProxy);
        services.AddSingleton<TimeProvider>(t.Time);
        services.AddSingleton<RunCounter>();
        return (services, services.AddCachetronomy(o => o.DatabasePath = t.DatabasePath));
    }

    [TestMethod]
    public async Task AddCachedService_Scoped_OneImplementationPerScopeAndOneCacheForAll()
    {
        await using var t = new TestCache();
        (ServiceCollection services, ICachetronomyBuilder builder) = NewServices(t);
        Assert.AreSame(builder, builder.AddCachedService<IQuotes, Quotes>());
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        Guid first;
        using (IServiceScope scope = provider.CreateScope())
        {
            IQuotes quotes = scope.ServiceProvider.GetRequiredService<IQuotes>();
            Assert.AreSame(quotes, scope.ServiceProvider.GetRequiredService<IQuotes>());
            Assert.IsNotInstanceOfType<Quotes>(quotes, "a proxy, not the implementation");
            Assert.AreEqual("Ash in Cacheablanca", quotes.PullQuote("Ash", "Cacheablanca"));
            first = quotes.Instance;
            Assert.AreEqual(first, scope.ServiceProvider.GetRequiredService<IQuotes>().Instance);
        }

        Assert.AreEqual(1, provider.GetRequiredService<RunCounter>().Disposals, "the container created the scoped implementation, so it disposes it");
        using (IServiceScope scope = provider.CreateScope())
        {
            IQuotes quotes = scope.ServiceProvider.GetRequiredService<IQuotes>();
            Assert.AreNotEqual(first, quotes.Instance);
            Assert.AreEqual("Ash in Cacheablanca", quotes.PullQuote("Ash", "Cacheablanca"));
            Assert.AreEqual(1, quotes.Runs, "the second scope was answered from the cache");
        }

        Assert.ThrowsExactly<InvalidOperationException>(() => provider.GetRequiredService<IQuotes>(), "scoped: not from the root");
    }

    [TestMethod]
    public async Task AddCachedService_Singleton_IsOneProxyOverOneImplementation()
    {
        await using var t = new TestCache();
        (ServiceCollection services, ICachetronomyBuilder builder) = NewServices(t);
        builder.AddCachedService<IQuotes, Quotes>(ServiceLifetime.Singleton);
        await using ServiceProvider provider = services.BuildServiceProvider();

        IQuotes quotes = provider.GetRequiredService<IQuotes>();
        using IServiceScope scope = provider.CreateScope();
        Assert.AreSame(quotes, scope.ServiceProvider.GetRequiredService<IQuotes>());
        Assert.AreEqual(ServiceLifetime.Singleton, services.Single(d => d.ServiceType == typeof(IQuotes) && !d.IsKeyedService).Lifetime);
        Assert.AreEqual(ServiceLifetime.Singleton, services.Single(d => d.ServiceType == typeof(IQuotes) && d.IsKeyedService).Lifetime);
    }

    [TestMethod]
    public async Task AddCachedService_MarkedVoidMethod_FailsAtRegistration()
    {
        await using var t = new TestCache();
        (ServiceCollection services, ICachetronomyBuilder builder) = NewServices(t);
        int before = services.Count;

        InvalidOperationException ex = Assert.ThrowsExactly<InvalidOperationException>(() => builder.AddCachedService<IVoidMarked, VoidMarked>());
        Assert.Contains("Save", ex.Message);
        Assert.HasCount(before, services, "nothing was registered");
    }

    [TestMethod]
    public async Task DecorateWithCache_WrapsTheRegistrationAndKeepsItsLifetime()
    {
        await using var t = new TestCache();
        (ServiceCollection services, ICachetronomyBuilder builder) = NewServices(t);
        services.AddTransient<IQuotes, Quotes>();
        builder.DecorateWithCache<IQuotes>();
        await using ServiceProvider provider = services.BuildServiceProvider();

        IQuotes one = provider.GetRequiredService<IQuotes>();
        IQuotes two = provider.GetRequiredService<IQuotes>();
        Assert.AreNotSame(one, two, "still transient");
        Assert.AreNotEqual(one.Instance, two.Instance);
        one.PullQuote("Ash", "Cacheablanca");
        two.PullQuote("Ash", "Cacheablanca");
        Assert.AreEqual(1, one.Runs);
        Assert.AreEqual(ServiceLifetime.Transient, services.Single(d => d.ServiceType == typeof(IQuotes) && !d.IsKeyedService).Lifetime);
    }

    [TestMethod]
    public async Task DecorateWithCache_FactoryAndInstanceRegistrations_AreWrapped()
    {
        await using var t = new TestCache();
        (ServiceCollection services, ICachetronomyBuilder builder) = NewServices(t);
        var counter = new RunCounter();
        var instance = new Quotes(counter);
        services.AddSingleton<IQuotes>(instance);
        services.AddScoped<IQuotes>(sp => new Quotes(sp.GetRequiredService<RunCounter>()));
        builder.DecorateWithCache<IQuotes>();
        await using ServiceProvider provider = services.BuildServiceProvider();
        using IServiceScope scope = provider.CreateScope();

        IQuotes[] all = scope.ServiceProvider.GetServices<IQuotes>().ToArray();
        Assert.HasCount(2, all);
        Assert.AreEqual(instance.Instance, all[0].Instance);
        Assert.IsTrue(all.All(q => q is not Quotes));
        all[0].PullQuote("Ash", "Cacheablanca");
        all[1].PullQuote("Ash", "Cacheablanca");
        Assert.AreEqual(1, counter.Runs + provider.GetRequiredService<RunCounter>().Runs, "both share one cache");
    }

    [TestMethod]
    public void DecorateWithCache_NothingRegistered_Throws()
    {
        var services = new ServiceCollection();
        ICachetronomyBuilder builder = services.AddCachetronomy();
        InvalidOperationException ex = Assert.ThrowsExactly<InvalidOperationException>(() => builder.DecorateWithCache<IQuotes>());
        Assert.Contains("No ", ex.Message);
    }

    [TestMethod]
    public void Registration_NullBuilder_Throws()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => ((ICachetronomyBuilder)null!).AddCachedService<IQuotes, Quotes>());
        Assert.ThrowsExactly<ArgumentNullException>(() => ((ICachetronomyBuilder)null!).DecorateWithCache<IQuotes>());
    }
}
