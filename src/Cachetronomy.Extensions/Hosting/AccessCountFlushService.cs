using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cachetronomy.Hosting;

/// <summary>
/// Every <see cref="CachetronomyOptions.AccessLogFlushInterval"/> (zero: off), writes the reads counted in memory to
/// the access log (<c>access_count = access_count + delta</c>, one transaction) and buffered eviction-log rows to the
/// eviction log. A failed flush keeps its rows for the next one.
/// </summary>
internal sealed class AccessCountFlushService(Cachetronaut engine, CachetronomyHostingState state, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    : CachetronomyLoop(engine, state, timeProvider, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<AccessCountFlushService>(), "access-count flush")
{
    protected override TimeSpan Interval => State.Current.AccessLogFlushInterval;

    protected override async ValueTask RunOnceAsync(CancellationToken cancellationToken)
    {
        await Engine.FlushAccessCountsAsync(cancellationToken).ConfigureAwait(false);
        await Engine.FlushEvictionLogsAsync(cancellationToken).ConfigureAwait(false);
    }
}
