using System;
using Microsoft.Extensions.Logging;

namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>The store's log events. Keys are never logged; the database path is.</summary>
internal static partial class Log
{
    internal const int StoreOpenedId = 1;
    internal const int SchemaCreatedId = 2;
    internal const int SchemaMigratedId = 3;
    internal const int FileRefusedId = 4;
    internal const int WriteFailedId = 5;
    internal const int CommitFailedId = 6;
    internal const int BusyTimeoutId = 7;
    internal const int StoreDisposedId = 8;

    [LoggerMessage(EventId = StoreOpenedId, EventName = "StoreOpened", Level = LogLevel.Debug,
        Message = "Opened the cache store '{DatabasePath}' at schema version {SchemaVersion}.")]
    internal static partial void StoreOpened(this ILogger logger, string databasePath, int schemaVersion);

    [LoggerMessage(EventId = SchemaCreatedId, EventName = "SchemaCreated", Level = LogLevel.Information,
        Message = "Created the cache store schema version {SchemaVersion} in '{DatabasePath}'.")]
    internal static partial void SchemaCreated(this ILogger logger, string databasePath, int schemaVersion);

    [LoggerMessage(EventId = SchemaMigratedId, EventName = "SchemaMigrated", Level = LogLevel.Information,
        Message = "Migrated the cache store '{DatabasePath}' from schema version {FromVersion} to {ToVersion}.")]
    internal static partial void SchemaMigrated(this ILogger logger, string databasePath, int fromVersion, int toVersion);

    [LoggerMessage(EventId = FileRefusedId, EventName = "FileRefused", Level = LogLevel.Error,
        Message = "Refused to open '{DatabasePath}': {Reason}")]
    internal static partial void FileRefused(this ILogger logger, string databasePath, string reason);

    [LoggerMessage(EventId = WriteFailedId, EventName = "WriteFailed", Level = LogLevel.Warning,
        Message = "A write to the cache store '{DatabasePath}' failed and was rolled back.")]
    internal static partial void WriteFailed(this ILogger logger, string databasePath, Exception exception);

    [LoggerMessage(EventId = CommitFailedId, EventName = "CommitFailed", Level = LogLevel.Error,
        Message = "Committing {OperationCount} writes to the cache store '{DatabasePath}' failed; they were rolled back.")]
    internal static partial void CommitFailed(this ILogger logger, string databasePath, int operationCount, Exception exception);

    [LoggerMessage(EventId = BusyTimeoutId, EventName = "BusyTimeout", Level = LogLevel.Warning,
        Message = "The cache store '{DatabasePath}' stayed locked by another connection for {ElapsedMilliseconds} ms.")]
    internal static partial void BusyTimeout(this ILogger logger, string databasePath, long elapsedMilliseconds);

    [LoggerMessage(EventId = StoreDisposedId, EventName = "StoreDisposed", Level = LogLevel.Debug,
        Message = "Closed the cache store '{DatabasePath}'.")]
    internal static partial void StoreDisposed(this ILogger logger, string databasePath);
}
