using System;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cachetronomy.Hosting;

/// <summary>
/// Every <see cref="CachetronomyProfile.TtlCleanupInterval"/> (zero: off), deletes expired rows in bounded batches,
/// drops them from RAM and logs them as <c>time_eviction</c>. The first sweep runs one interval after start.
/// </summary>
internal sealed class TtlSweepService(Cachetronaut engine, CachetronomyHostingState state, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    : CachetronomyLoop(engine, state, timeProvider, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<TtlSweepService>(), "TTL sweep")
{
    protected override TimeSpan Interval => Engine.Profile.TtlCleanupInterval;

    protected override async ValueTask RunOnceAsync(CancellationToken cancellationToken)
    {
        int removed = await Engine.ClearExpiredAsync(cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            Logger.TtlSweep(removed);
        }
    }
}
