using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using NeoSmart.Caching.Sqlite;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace Cachetronomy.Benchmarks.Peers;

/// <summary>
/// The peers, each set up the way its documentation suggests, with one-hour entries so nothing expires mid-run.
/// </summary>
internal static class PeerCaches
{
    public static readonly TimeSpan Duration = TimeSpan.FromHours(1);

    /// <summary>Our entries for byte arrays: the raw-bytes format (what a user storing byte[] picks).</summary>
    public static readonly CachetronautEntryOptions Bytes = new() { Serializer = "bytes" };

    public static readonly DistributedCacheEntryOptions DistributedOptions = new() { AbsoluteExpirationRelativeToNow = Duration };

    public static readonly HybridCacheEntryOptions HybridOptions = new() { Expiration = Duration, LocalCacheExpiration = Duration };

    public static MemoryCache Memory() => new(new MemoryCacheOptions());

    /// <summary>FusionCache with a memory tier only, or with <paramref name="l2"/> as its distributed tier (System.Text.Json).</summary>
    public static FusionCache Fusion(IDistributedCache? l2 = null)
    {
        var cache = new FusionCache(new FusionCacheOptions
        {
            DefaultEntryOptions = new FusionCacheEntryOptions { Duration = Duration },
        });
        if (l2 is not null)
        {
            cache.SetupDistributedCache(l2, new FusionCacheSystemTextJsonSerializer());
        }

        return cache;
    }

    /// <summary>Microsoft's HybridCache from <c>AddHybridCache()</c>, with <paramref name="l2"/> registered as its IDistributedCache.</summary>
    public static (ServiceProvider Services, HybridCache Cache) Hybrid(IDistributedCache? l2 = null)
    {
        var services = new ServiceCollection();
        if (l2 is not null)
        {
            services.AddSingleton(l2);
        }

        services.AddHybridCache(o =>
        {
            o.DefaultEntryOptions = HybridOptions;
            o.MaximumPayloadBytes = 16 * 1024 * 1024;
        });
        ServiceProvider provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<HybridCache>());
    }

    /// <summary>NeoSmart.Caching.Sqlite over the file at <paramref name="path"/> (its own schema; WAL, as it sets up).</summary>
    public static SqliteCache NeoSmart(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteCache(new SqliteCacheOptions { CachePath = path, CleanupInterval = null });
    }
}
