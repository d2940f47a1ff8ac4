using System;
using Microsoft.Extensions.Logging;

namespace Cachetronomy.Storage.Sqlite.Internal;

internal static partial class Log
{
    internal const int ChangeTrimFailedId = 40;

    [LoggerMessage(EventId = ChangeTrimFailedId, EventName = "ChangeTrimFailed", Level = LogLevel.Warning,
        Message = "Trimming old change rows of the cache store '{DatabasePath}' failed; it is retried later.")]
    internal static partial void ChangeTrimFailed(this ILogger logger, string databasePath, Exception exception);
}
