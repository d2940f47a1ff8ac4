using Cachetronomy.Extensions.Tests.Internal;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Cachetronomy.Extensions.Tests;

[TestClass]
public sealed class CachetronomyViewRegistrationTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task AddCachetronomy_AllFourViews_AreOneEngine()
    {
        await using var t = new TestCache();
        await using ServiceProvider provider = Build(t, static _ => { });
        await AssertOneEngineAsync(provider);
    }

    [TestMethod]
    public async Task AddCachetronomy_AfterAddDistributedMemoryCacheAndAddHybridCache_Wins()
    {
        await using var t = new TestCache();
        await using ServiceProvider provider = Build(t, static services =>
        {
            services.AddDistributedMemoryCache();
            services.AddHybridCache();
        });
        await AssertOneEngineAsync(provider);
        Assert.AreEqual(1, CountOf<IDistributedCache>(provider));
    }

    [TestMethod]
    public async Task AddCachetronomy_BeforeAddDistributedMemoryCacheAndAddHybridCache_StillWins()
    {
        await using var t = new TestCache();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(t.Time);
        services.AddCachetronomy(o => o.DatabasePath = t.DatabasePath + ".di.db");
        services.AddDistributedMemoryCache();
        services.AddHybridCache();
        await using ServiceProvider provider = services.BuildServiceProvider();
        await AssertOneEngineAsync(provider);
    }

    private static ServiceProvider Build(TestCache t, Action<IServiceCollection> before)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(t.Time);
        before(services);
        services.AddCachetronomy(o => o.DatabasePath = t.DatabasePath + ".di.db");
        return services.BuildServiceProvider();
    }

    private static int CountOf<T>(IServiceProvider provider) => provider.GetServices<T>().Count();

    private async Task AssertOneEngineAsync(IServiceProvider provider)
    {
        Cachetronaut engine = provider.GetRequiredService<Cachetronaut>();
        ICachetronaut typed = provider.GetRequiredService<ICachetronaut>();
        IDistributedCache distributed = provider.GetRequiredService<IDistributedCache>();
        IBufferDistributedCache buffer = provider.GetRequiredService<IBufferDistributedCache>();
        HybridCache hybrid = provider.GetRequiredService<HybridCache>();

        Assert.AreSame(engine, typed);
        Assert.AreSame(engine, distributed);
        Assert.AreSame(engine, buffer);
        Assert.IsInstanceOfType<CachetronomyHybridCache>(hybrid);
        Assert.AreSame(engine, ((CachetronomyHybridCache)hybrid).Engine);

        await distributed.SetAsync("d", [1, 2], new DistributedCacheEntryOptions(), Token);
        CollectionAssert.AreEqual(new byte[] { 1, 2 }, typed.Get<byte[]>("d"));
        CollectionAssert.AreEqual(new byte[] { 1, 2 }, await hybrid.GetOrCreateAsync<byte[]>("d", _ => throw new AssertFailedException("factory ran"), cancellationToken: Token));

        await hybrid.SetAsync("h", "hybrid", cancellationToken: Token);
        Assert.AreEqual("hybrid", typed.Get<string>("h"));
        CollectionAssert.AreEqual("hybrid"u8.ToArray(), distributed.Get("h"));

        typed.Set("t", 7);
        Assert.AreEqual(7, await hybrid.GetOrCreateAsync<int>("t", _ => throw new AssertFailedException("factory ran"), cancellationToken: Token));
        CollectionAssert.AreEqual("7"u8.ToArray(), distributed.Get("t"));
    }
}
