using System;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cachetronomy.Hosting;

/// <summary>
/// While <see cref="CachetronomyProfile.MemoryBasedEviction"/> is on, every
/// <see cref="CachetronomyProfile.MemoryCleanupInterval"/> (zero: off; the first check runs at start) asks the
/// <see cref="IMemoryPressureProbe"/> whether available memory is under <see cref="CachetronomyProfile.FreeMemoryTarget"/>;
/// while it is, moves the least-used front-tier entries out of RAM (never-read ones included, SEED B7), re-measuring
/// after each, logged as <c>memory_eviction</c>. The entries stay in the store. One tick evicts at most 10% of the
/// resident entries (at least one): available memory is measured machine-wide and does not rise until a garbage
/// collection, so an uncapped tick would empty the front tier. The next tick continues while the pressure remains.
/// </summary>
internal sealed class MemoryPressureService(
    Cachetronaut engine, CachetronomyHostingState state, TimeProvider timeProvider, IMemoryPressureProbe probe, ILoggerFactory? loggerFactory = null)
    : CachetronomyLoop(engine, state, timeProvider, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MemoryPressureService>(), "memory-pressure")
{
    protected override TimeSpan Interval
    {
        get
        {
            CachetronomyProfile profile = Engine.Profile;
            return profile.MemoryBasedEviction ? profile.MemoryCleanupInterval : TimeSpan.Zero;
        }
    }

    protected override bool RunsAtStart => true;

    protected override ValueTask RunOnceAsync(CancellationToken cancellationToken)
    {
        double target = Engine.Profile.FreeMemoryTarget;
        MemoryReading reading = probe.Read();
        if (!reading.IsUnderTarget(target))
        {
            return default;
        }

        int evicted = Engine.EvictForMemoryPressure(() => !cancellationToken.IsCancellationRequested && probe.Read().IsUnderTarget(target));
        if (evicted > 0)
        {
            Logger.MemoryPressureEviction(reading.AvailableBytes / (1024d * 1024d), target, evicted, Engine.FrontCount);
        }

        return default;
    }
}
