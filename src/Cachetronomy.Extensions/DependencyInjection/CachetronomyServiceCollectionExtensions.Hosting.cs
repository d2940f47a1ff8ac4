using System;
using System.Diagnostics.Metrics;
using Cachetronomy;
using Cachetronomy.Hosting;
using Cachetronomy.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static partial class CachetronomyServiceCollectionExtensions
{
    /// <summary>
    /// Registers (once) what makes the engine a hosted citizen: binding of the <c>Cachetronomy</c> configuration
    /// section (before the caller's configure action, which therefore wins), the content-root path rule, validation on
    /// start and on reload, the memory probe (TryAdd), the lifecycle service and the four loops.
    /// </summary>
    private static void AddHosting(IServiceCollection services)
    {
        foreach (ServiceDescriptor descriptor in services)
        {
            if (descriptor.ServiceType == typeof(CachetronomyHostingState))
            {
                return;
            }
        }

        services.AddSingleton<CachetronomyHostingState>();
        services.AddSingleton<IConfigureOptions<CachetronomyOptions>, CachetronomyConfigureOptions>();
        services.AddSingleton<IPostConfigureOptions<CachetronomyOptions>, CachetronomyPostConfigureOptions>();
        services.AddSingleton<IOptionsChangeTokenSource<CachetronomyOptions>, CachetronomyOptionsChangeTokenSource>();
        services.AddOptionsWithValidateOnStart<CachetronomyOptions, CachetronomyOptionsValidator>();
        services.TryAddSingleton<IMemoryPressureProbe>(SystemMemoryPressureProbe.Instance);

        // The lifecycle service comes first: it starts before the loops and stops after them.
        services.AddHostedService<CachetronomyLifecycleService>();
        services.AddHostedService<TtlSweepService>();
        services.AddHostedService<MemoryPressureService>();
        services.AddHostedService<AccessCountFlushService>();
        services.AddHostedService<LogRetentionService>();
    }

    /// <summary>Points a container-built engine at the registered memory probe and the container's meter factory.</summary>
    private static Cachetronaut AttachHosting(Cachetronaut engine, IServiceProvider services)
    {
        IMemoryPressureProbe probe = services.GetService<IMemoryPressureProbe>() ?? SystemMemoryPressureProbe.Instance;
        engine.MemoryProbe = () =>
        {
            MemoryReading reading = probe.Read();
            return (reading.AvailableBytes, reading.TotalBytes);
        };

        if (services.GetService<IMeterFactory>() is { } meterFactory)
        {
            engine.Metrics = new CachetronomyMetrics(meterFactory);
        }

        return engine;
    }
}
