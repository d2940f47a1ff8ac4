using Cachetronomy.Extensions.Tests.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Cachetronomy.Extensions.Tests;

[TestClass]
public sealed class CachetronomyServiceCollectionExtensionsTests
{
    [TestMethod]
    public async Task AddCachetronomy_ResolvesOneEngineForBothServiceTypes()
    {
        await using var t = new TestCache();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(t.Time);
        services.AddCachetronomy(o => o.DatabasePath = t.DatabasePath + ".di.db");
        await using ServiceProvider provider = services.BuildServiceProvider();

        ICachetronaut cache = provider.GetRequiredService<ICachetronaut>();
        Assert.AreSame(provider.GetRequiredService<Cachetronaut>(), cache);
        cache.Set("k", "v");
        Assert.AreEqual("v", cache.Get<string>("k"));
    }

    [TestMethod]
    public void AddCachetronomy_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        ICachetronomyBuilder builder = services.AddCachetronomy();
        services.AddCachetronomy(o => o.MaxKeyLength = 10);
        Assert.AreSame(services, builder.Services);
        Assert.AreEqual(1, services.Count(d => d.ServiceType == typeof(Cachetronaut)));
        Assert.AreEqual(1, services.Count(d => d.ServiceType == typeof(ICachetronaut)));
        Assert.AreEqual(3, services.Count(d => d.ServiceType == typeof(ICacheSerializer)));
        Assert.AreEqual(1, services.Count(d => d.ServiceType == typeof(TimeProvider)));
    }

    [TestMethod]
    public async Task AddCachetronomy_RegisteredStore_IsUsed()
    {
        await using var t = new TestCache();
        var services = new ServiceCollection();
        services.AddSingleton(t.StoreProxy);
        services.AddSingleton<TimeProvider>(t.Time);
        services.AddCachetronomy();
        await using ServiceProvider provider = services.BuildServiceProvider();
        provider.GetRequiredService<ICachetronaut>().Set("shared", 1);
        Assert.AreEqual(1, t.Cache.Get<int>("shared"));
    }
}
