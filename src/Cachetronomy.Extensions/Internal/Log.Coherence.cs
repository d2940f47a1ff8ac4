using System;
using Microsoft.Extensions.Logging;

namespace Cachetronomy.Internal;

internal static partial class Log
{
    internal const int CoherencePollFailedId = 40;
    internal const int CoherenceGapId = 41;

    [LoggerMessage(EventId = CoherencePollFailedId, EventName = "CoherencePollFailed", Level = LogLevel.Warning,
        Message = "Checking the cache store for changes made by other processes failed; it is tried again next interval.")]
    public static partial void CoherencePollFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = CoherenceGapId, EventName = "CoherenceGap", Level = LogLevel.Warning,
        Message = "Changes {FirstMissing} to {NextSeen} were trimmed before this engine read them; the whole front tier was dropped. Poll more often than the store's change retention.")]
    public static partial void CoherenceGap(this ILogger logger, long firstMissing, long nextSeen);
}
