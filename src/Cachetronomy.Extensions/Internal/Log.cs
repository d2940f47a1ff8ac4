using System;
using Microsoft.Extensions.Logging;

namespace Cachetronomy.Internal;

/// <summary>Source-generated log events. Keys are never logged (they may carry personal data).</summary>
internal static partial class Log
{
    internal const int UnknownFormatId = 1;
    internal const int DeserializationFailedId = 2;
    internal const int StoreErrorId = 3;
    internal const int CapacityEvictionId = 4;
    internal const int ProfileAppliedId = 5;
    internal const int FlushFailedId = 6;
    internal const int DisposeWaitsForEvictionFlushId = 8;

    [LoggerMessage(EventId = UnknownFormatId, EventName = "UnknownFormat", Level = LogLevel.Warning,
        Message = "A stored entry has the unknown format '{Format}'; the read is treated as a miss.")]
    public static partial void UnknownFormat(this ILogger logger, string format);

    [LoggerMessage(EventId = DeserializationFailedId, EventName = "DeserializationFailed", Level = LogLevel.Warning,
        Message = "A stored entry in format '{Format}' could not be read as {Type}; the read is treated as a miss.")]
    public static partial void DeserializationFailed(this ILogger logger, string format, string type, Exception exception);

    [LoggerMessage(EventId = StoreErrorId, EventName = "StoreError", Level = LogLevel.Error,
        Message = "The cache store failed during {Operation}.")]
    public static partial void StoreError(this ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = CapacityEvictionId, EventName = "CapacityEviction", Level = LogLevel.Debug,
        Message = "Moved {Count} entries out of RAM to respect the front-tier cap of {Cap}.")]
    public static partial void CapacityEviction(this ILogger logger, int count, int cap);

    [LoggerMessage(EventId = ProfileAppliedId, EventName = "ProfileApplied", Level = LogLevel.Information,
        Message = "Applied cache profile '{Profile}' (time-to-live {TimeToLive}, front-tier cap {MaxItemsInMemory}).")]
    public static partial void ProfileApplied(this ILogger logger, string profile, TimeSpan timeToLive, int maxItemsInMemory);

    [LoggerMessage(EventId = FlushFailedId, EventName = "FlushFailed", Level = LogLevel.Warning,
        Message = "Flushing {Count} pending {What} rows failed; they are kept for the next flush.")]
    public static partial void FlushFailed(this ILogger logger, int count, string what, Exception exception);

    [LoggerMessage(EventId = DisposeWaitsForEvictionFlushId, EventName = "DisposeWaitsForEvictionFlush", Level = LogLevel.Debug,
        Message = "Dispose waits for a background eviction-log flush to finish before the final flush.")]
    public static partial void DisposeWaitsForEvictionFlush(this ILogger logger);
}
