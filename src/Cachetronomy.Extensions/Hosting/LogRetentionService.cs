using System;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cachetronomy.Hosting;

/// <summary>
/// Every <see cref="CachetronomyRetentionOptions.Interval"/> (zero: off), trims the eviction log and the access log
/// by age and row cap (SEED B10), in bounded batches.
/// </summary>
internal sealed class LogRetentionService(Cachetronaut engine, CachetronomyHostingState state, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    : CachetronomyLoop(engine, state, timeProvider, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<LogRetentionService>(), "log retention")
{
    protected override TimeSpan Interval => State.Current.Retention.Interval;

    protected override async ValueTask RunOnceAsync(CancellationToken cancellationToken)
    {
        (int evictionRows, int accessRows) = await Engine.TrimLogsAsync(State.Current.Retention, cancellationToken).ConfigureAwait(false);
        if (evictionRows + accessRows > 0)
        {
            Logger.LogsTrimmed(evictionRows, accessRows);
        }
    }
}
