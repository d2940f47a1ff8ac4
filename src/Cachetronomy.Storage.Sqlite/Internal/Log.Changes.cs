using System;
using Microsoft.Extensions.Logging;

namespace Cachetronomy.Storage.Sqlite.Internal;

internal static partial class Log
{
    internal const int ChangeTrimFailedId = 40;
    internal const int WalFlushFailedId = 41;

    [LoggerMessage(EventId = ChangeTrimFailedId, EventName = "ChangeTrimFailed", Level = LogLevel.Warning,
        Message = "Trimming old change rows of the cache store '{DatabasePath}' failed; it is retried later.")]
    internal static partial void ChangeTrimFailed(this ILogger logger, string databasePath, Exception exception);

    [LoggerMessage(EventId = WalFlushFailedId, EventName = "WalFlushFailed", Level = LogLevel.Warning,
        Message = "Flushing the WAL of the cache store '{DatabasePath}' ahead of checkpoints failed; it is no longer flushed ahead (SQLite still flushes it before each checkpoint).")]
    internal static partial void WalFlushFailed(this ILogger logger, string databasePath, Exception exception);
}
