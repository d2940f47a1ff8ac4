using System;
using Microsoft.Extensions.Logging;

namespace Cachetronomy.Internal;

// Hosting events: 20-39. Keys are never logged.
internal static partial class Log
{
    internal const int StartedId = 20;
    internal const int StoppedId = 21;
    internal const int ProfileReloadedId = 22;
    internal const int ReloadRejectedId = 23;
    internal const int TtlSweepId = 24;
    internal const int MemoryPressureEvictionId = 25;
    internal const int LoopFailedId = 26;
    internal const int LogsTrimmedId = 27;
    internal const int StopFlushFailedId = 28;

    [LoggerMessage(EventId = StartedId, EventName = "Started", Level = LogLevel.Information,
        Message = "Cachetronomy started on {Location} with profile '{Profile}'.")]
    public static partial void Started(this ILogger logger, string location, string profile);

    [LoggerMessage(EventId = StoppedId, EventName = "Stopped", Level = LogLevel.Information,
        Message = "Cachetronomy stopped: {Resident} entries left RAM, pending access counts and eviction-log rows were written.")]
    public static partial void Stopped(this ILogger logger, int resident);

    [LoggerMessage(EventId = ProfileReloadedId, EventName = "ProfileReloaded", Level = LogLevel.Information,
        Message = "Configuration changed: profile '{Profile}' re-applied (time-to-live {TimeToLive}, TTL sweep every {TtlCleanupInterval}, memory check every {MemoryCleanupInterval}, front-tier cap {MaxItemsInMemory}).")]
    public static partial void ProfileReloaded(this ILogger logger, string profile, TimeSpan timeToLive, TimeSpan ttlCleanupInterval, TimeSpan memoryCleanupInterval, int maxItemsInMemory);

    [LoggerMessage(EventId = ReloadRejectedId, EventName = "ReloadRejected", Level = LogLevel.Error,
        Message = "Reloaded Cachetronomy configuration is invalid and was ignored; the last valid settings stay in effect. {Failures}")]
    public static partial void ReloadRejected(this ILogger logger, string failures, Exception? exception);

    [LoggerMessage(EventId = TtlSweepId, EventName = "TtlSweep", Level = LogLevel.Information,
        Message = "TTL sweep removed {Count} expired entries.")]
    public static partial void TtlSweep(this ILogger logger, int count);

    [LoggerMessage(EventId = MemoryPressureEvictionId, EventName = "MemoryPressureEviction", Level = LogLevel.Warning,
        Message = "Memory was short ({AvailableMegabytes:F0} MB available, target {Target}): moved {Count} entries out of RAM, {Remaining} remain.")]
    public static partial void MemoryPressureEviction(this ILogger logger, double availableMegabytes, double target, int count, int remaining);

    [LoggerMessage(EventId = LoopFailedId, EventName = "LoopFailed", Level = LogLevel.Error,
        Message = "The Cachetronomy {Loop} loop failed; it runs again at its next interval.")]
    public static partial void LoopFailed(this ILogger logger, string loop, Exception exception);

    [LoggerMessage(EventId = LogsTrimmedId, EventName = "LogsTrimmed", Level = LogLevel.Information,
        Message = "Retention trimmed {EvictionRows} eviction-log rows and {AccessRows} access-log rows.")]
    public static partial void LogsTrimmed(this ILogger logger, int evictionRows, int accessRows);

    [LoggerMessage(EventId = StopFlushFailedId, EventName = "StopFlushFailed", Level = LogLevel.Error,
        Message = "Writing pending access counts and eviction-log rows failed while the host stopped; the engine retries when it is disposed.")]
    public static partial void StopFlushFailed(this ILogger logger, Exception exception);
}
