using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Storage.Sqlite;

public sealed partial class SqliteCacheStore
{
    // ---- access log ----

    /// <inheritdoc/>
    /// <remarks>The latest <see cref="AccessCountDelta.LastAccessed"/> wins, with its profile; an older one only adds its count.</remarks>
    public void AddAccessCounts(IEnumerable<AccessCountDelta> deltas)
    {
        List<AccessCountDelta> rows = ValidateDeltas(deltas);
        ThrowIfDisposed();
        if (rows.Count > 0)
        {
            Write(rows, s_addAccessCounts);
        }
    }

    /// <inheritdoc/>
    public ValueTask AddAccessCountsAsync(IEnumerable<AccessCountDelta> deltas, CancellationToken cancellationToken = default)
    {
        try
        {
            List<AccessCountDelta> rows = ValidateDeltas(deltas);
            ThrowIfDisposed();
            return rows.Count == 0 ? default : new ValueTask(WriteAsync(rows, s_addAccessCounts, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException(exception);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<AccessLogEntry> GetTopAccessed(int? top = 10)
    {
        ValidateLimit(top, nameof(top));
        return Read(top ?? -1, static (connection, limit) => ReadAccessLogs(connection.Command(Sql.TopAccessed).Bind("@limit", limit)));
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<AccessLogEntry>> GetTopAccessedAsync(int? top = 10, CancellationToken cancellationToken = default) =>
        RunAsync((Store: this, Top: top), static s => s.Store.GetTopAccessed(s.Top), cancellationToken);

    /// <inheritdoc/>
    public IReadOnlyList<AccessLogEntry> GetAccessLogs(int? limit = null)
    {
        ValidateLimit(limit, nameof(limit));
        return Read(limit ?? -1, static (connection, limit) => ReadAccessLogs(connection.Command(Sql.ListAccessLogs).Bind("@limit", limit)));
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<AccessLogEntry>> GetAccessLogsAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        RunAsync((Store: this, Limit: limit), static s => s.Store.GetAccessLogs(s.Limit), cancellationToken);

    /// <inheritdoc/>
    public AccessLogEntry? GetAccessLog(string key)
    {
        ValidateKey(key, nameof(key));
        return Read(key, static (connection, key) =>
        {
            List<AccessLogEntry> rows = ReadAccessLogs(connection.Command(Sql.GetAccessLog).Bind("@key", key));
            return rows.Count == 0 ? null : rows[0];
        });
    }

    /// <inheritdoc/>
    public ValueTask<AccessLogEntry?> GetAccessLogAsync(string key, CancellationToken cancellationToken = default) =>
        RunAsync((Store: this, Key: key), static s => s.Store.GetAccessLog(s.Key), cancellationToken);

    /// <inheritdoc/>
    public int ClearAccessLogs() => Write(Sql.ClearAccessLogs, s_executeNonQuery);

    /// <inheritdoc/>
    public ValueTask<int> ClearAccessLogsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return new ValueTask<int>(WriteAsync(Sql.ClearAccessLogs, s_executeNonQuery, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<int>(exception);
        }
    }

    /// <inheritdoc/>
    public bool DeleteAccessLog(string key)
    {
        ValidateKey(key, nameof(key));
        return Write(key, s_deleteAccessLog);
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAccessLogAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            ValidateKey(key, nameof(key));
            return new ValueTask<bool>(WriteAsync(key, s_deleteAccessLog, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<bool>(exception);
        }
    }

    // ---- eviction log ----

    /// <inheritdoc/>
    public void AppendEvictionLogs(IEnumerable<EvictionLogEntry> entries)
    {
        List<EvictionLogEntry> rows = ValidateEvictions(entries);
        ThrowIfDisposed();
        if (rows.Count > 0)
        {
            Write(rows, s_appendEvictionLogs);
        }
    }

    /// <inheritdoc/>
    public ValueTask AppendEvictionLogsAsync(IEnumerable<EvictionLogEntry> entries, CancellationToken cancellationToken = default)
    {
        try
        {
            List<EvictionLogEntry> rows = ValidateEvictions(entries);
            ThrowIfDisposed();
            return rows.Count == 0 ? default : new ValueTask(WriteAsync(rows, s_appendEvictionLogs, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException(exception);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<EvictionLogEntry> GetEvictionLogs(int? limit = 100)
    {
        ValidateLimit(limit, nameof(limit));
        return Read(limit ?? -1, static (connection, limit) =>
        {
            using SqliteDataReader reader = connection.Command(Sql.ListEvictionLogs).Bind("@limit", limit).ExecuteReader();
            var rows = new List<EvictionLogEntry>();
            while (reader.Read())
            {
                rows.Add(new EvictionLogEntry(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    UnixTime.FromMilliseconds(reader.GetInt64(2)),
                    reader.GetString(3),
                    reader.GetInt64(4),
                    reader.GetString(5)));
            }

            return rows;
        });
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<EvictionLogEntry>> GetEvictionLogsAsync(int? limit = 100, CancellationToken cancellationToken = default) =>
        RunAsync((Store: this, Limit: limit), static s => s.Store.GetEvictionLogs(s.Limit), cancellationToken);

    /// <inheritdoc/>
    public long CountEvictionLogs() => Read(0, static (connection, _) => connection.Command(Sql.CountEvictionLogs).ScalarInt64());

    /// <inheritdoc/>
    public ValueTask<long> CountEvictionLogsAsync(CancellationToken cancellationToken = default) =>
        RunAsync(this, static store => store.CountEvictionLogs(), cancellationToken);

    /// <inheritdoc/>
    public int ClearEvictionLogs() => Write(Sql.ClearEvictionLogs, s_executeNonQuery);

    /// <inheritdoc/>
    public ValueTask<int> ClearEvictionLogsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return new ValueTask<int>(WriteAsync(Sql.ClearEvictionLogs, s_executeNonQuery, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<int>(exception);
        }
    }

    // ---- helpers ----

    private List<AccessCountDelta> ValidateDeltas(IEnumerable<AccessCountDelta> deltas)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        var rows = new List<AccessCountDelta>();
        foreach (AccessCountDelta delta in deltas)
        {
            ValidateKey(delta.Key, nameof(deltas));
            ValidateProfileName(delta.Profile, nameof(deltas));
            if (delta.Delta < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(deltas), delta.Delta, "An access-count delta must be at least 1.");
            }

            rows.Add(delta);
        }

        return rows;
    }

    private List<EvictionLogEntry> ValidateEvictions(IEnumerable<EvictionLogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var rows = new List<EvictionLogEntry>();
        foreach (EvictionLogEntry entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            ValidateKey(entry.Key, nameof(entries));
            ValidateProfileName(entry.EvictedByProfile, nameof(entries));
            ValidateText(entry.Reason, _maxTagLength, "reason", nameof(entries));
            if (entry.LastAccessCount < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(entries), entry.LastAccessCount, "An eviction's LastAccessCount cannot be negative.");
            }

            rows.Add(entry);
        }

        return rows;
    }

    private static List<AccessLogEntry> ReadAccessLogs(SqliteCommand command)
    {
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<AccessLogEntry>();
        while (reader.Read())
        {
            rows.Add(new AccessLogEntry(
                reader.GetString(0),
                reader.GetInt64(1),
                UnixTime.FromMilliseconds(reader.GetInt64(2)),
                reader.GetString(3)));
        }

        return rows;
    }

    private static readonly Func<StoreConnection, string, int> s_executeNonQuery =
        static (writer, sql) => writer.Command(sql).ExecuteNonQuery();

    private static readonly Func<StoreConnection, string, bool> s_deleteAccessLog =
        static (writer, key) => writer.Command(Sql.DeleteAccessLog).Bind("@key", key).ExecuteNonQuery() > 0;

    private static readonly Func<StoreConnection, List<AccessCountDelta>, int> s_addAccessCounts = static (writer, rows) =>
    {
        SqliteCommand command = writer.Command(Sql.AddAccessCount);
        foreach (AccessCountDelta delta in rows)
        {
            command.Bind("@key", delta.Key)
                .Bind("@delta", delta.Delta)
                .Bind("@at", UnixTime.ToMilliseconds(delta.LastAccessed))
                .Bind("@profile", delta.Profile)
                .ExecuteNonQuery();
        }

        return rows.Count;
    };

    private static readonly Func<StoreConnection, List<EvictionLogEntry>, int> s_appendEvictionLogs = static (writer, rows) =>
    {
        SqliteCommand command = writer.Command(Sql.AppendEvictionLog);
        foreach (EvictionLogEntry entry in rows)
        {
            command.Bind("@key", entry.Key)
                .Bind("@at", UnixTime.ToMilliseconds(entry.EvictedAt))
                .Bind("@reason", entry.Reason)
                .Bind("@count", entry.LastAccessCount)
                .Bind("@profile", entry.EvictedByProfile)
                .ExecuteNonQuery();
        }

        return rows.Count;
    };
}
