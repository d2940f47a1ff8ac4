using System;
using System.Collections.Generic;
using Cachetronomy;
using Cachetronomy.Internal;
using Cachetronomy.Serialization;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Cachetronomy in an <see cref="IServiceCollection"/>.</summary>
public static partial class CachetronomyServiceCollectionExtensions
{
    /// <summary>Adds Cachetronomy with default options.</summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder for add-ons.</returns>
    public static ICachetronomyBuilder AddCachetronomy(this IServiceCollection services) =>
        services.AddCachetronomy(static _ => { });

    /// <summary>
    /// Adds Cachetronomy: <see cref="CachetronomyOptions"/>, <see cref="TimeProvider.System"/> (unless a
    /// <see cref="TimeProvider"/> is registered), the built-in serializers, and one <see cref="Cachetronaut"/>
    /// singleton served as itself, as <see cref="ICachetronaut"/>, as <c>IDistributedCache</c> and
    /// <c>IBufferDistributedCache</c>, and (through <see cref="CachetronomyHybridCache"/>) as <c>HybridCache</c>: four
    /// views of one engine and one key space. These replace registrations made by <c>AddDistributedMemoryCache()</c> or
    /// <c>AddHybridCache()</c>, whether those come before or after. Calling it again only adds the configuration.
    /// </summary>
    /// <remarks>
    /// The engine opens the SQLite file at <see cref="CachetronomyOptions.DatabasePath"/>, unless an
    /// <see cref="ICacheStore"/> is registered, which it then uses (and does not dispose: the container does).
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>A builder for add-ons.</returns>
    public static ICachetronomyBuilder AddCachetronomy(this IServiceCollection services, Action<CachetronomyOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<CachetronomyOptions>();
        AddHosting(services);
        services.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICacheSerializer, JsonCacheSerializer>(static sp =>
            new JsonCacheSerializer(sp.GetRequiredService<IOptions<CachetronomyOptions>>().Value.JsonSerializerOptions
                ?? SerializerRegistry.CreateDefaultJsonOptions())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICacheSerializer, ByteArrayCacheSerializer>(static _ => new ByteArrayCacheSerializer()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICacheSerializer, StringCacheSerializer>(static _ => new StringCacheSerializer()));

        if (!IsRegistered(services))
        {
            services.AddSingleton(static sp => CreateEngine(sp));
            services.AddSingleton<ICachetronaut>(static sp => sp.GetRequiredService<Cachetronaut>());

            // The IDistributedCache / IBufferDistributedCache and HybridCache views of the same engine register here.
            // Replace, not TryAdd: they win over an earlier AddDistributedMemoryCache() / AddHybridCache(), and those
            // calls made later (TryAdd) leave them in place.
            services.Replace(ServiceDescriptor.Singleton<IDistributedCache>(static sp => sp.GetRequiredService<Cachetronaut>()));
            services.Replace(ServiceDescriptor.Singleton<IBufferDistributedCache>(static sp => sp.GetRequiredService<Cachetronaut>()));
            services.AddSingleton(static sp => new CachetronomyHybridCache(sp.GetRequiredService<Cachetronaut>()));
            services.Replace(ServiceDescriptor.Singleton<HybridCache>(static sp => sp.GetRequiredService<CachetronomyHybridCache>()));
        }

        return new CachetronomyBuilder(services);
    }

    private static bool IsRegistered(IServiceCollection services)
    {
        foreach (ServiceDescriptor descriptor in services)
        {
            if (descriptor.ServiceType == typeof(Cachetronaut))
            {
                return true;
            }
        }

        return false;
    }

    private static Cachetronaut CreateEngine(IServiceProvider services)
    {
        CachetronomyOptions options = services.GetRequiredService<IOptions<CachetronomyOptions>>().Value;
        TimeProvider timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        ILoggerFactory? loggerFactory = services.GetService<ILoggerFactory>();
        IEnumerable<ICacheSerializer> serializers = services.GetServices<ICacheSerializer>();
        ICacheStore? store = services.GetService<ICacheStore>();
        Cachetronaut engine = store is not null
            ? new Cachetronaut(store, ownsStore: false, options, timeProvider, serializers, loggerFactory)
            : Cachetronaut.CreateWithOwnStore(options, timeProvider, serializers, loggerFactory);
        return AttachHosting(engine, services);
    }
}
