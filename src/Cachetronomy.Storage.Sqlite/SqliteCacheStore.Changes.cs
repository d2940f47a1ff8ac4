using System;
using System.Collections.Generic;
using System.Threading;
using Cachetronomy.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Storage.Sqlite;

// The change feed. Every write that changes or removes entries inserts its change rows in the same transaction (so a
// change is visible exactly when its write is), stamped with this instance's id. Rows older than ChangeRetention are
// trimmed by the writer itself, so the table stays small whether or not anyone watches it.
public sealed partial class SqliteCacheStore
{
    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private readonly Lock _watchLock = new();
    private StoreConnection? _watchConnection;
    private long _nextTrimAt = long.MinValue;
    private readonly bool _recordChanges;

    // The change ids this instance wrote in the writer's open transaction (write lock), and the newest run of
    // consecutive ids it committed with no other writer's row in between (_ownRunLock): a watcher in this process
    // need not read back its own rows (see WroteChanges).
    private readonly Lock _ownRunLock = new();
    private long _transactionFirstChange;
    private long _transactionLastChange;
    private long _ownRunFirst;
    private long _ownRunLast;

    /// <inheritdoc/>
    public string InstanceId => _instanceId;

    /// <summary>
    /// Gets whether every change recorded after <paramref name="afterId"/>, through <paramref name="throughId"/>, was
    /// written and committed by this store instance, so that an engine watching the feed from the same instance
    /// (whose own changes it skips anyway) need not read them. Exact for the newest run of changes this instance
    /// committed with no other writer's change in between; <see langword="false"/> whenever that is not known.
    /// </summary>
    /// <param name="afterId">The last change id the caller has seen.</param>
    /// <param name="throughId">The newest change id (<see cref="GetLastChangeId"/>), read after the caller's data version.</param>
    /// <returns><see langword="true"/> when the changes in between, if any, are all this instance's own.</returns>
    public bool WroteChanges(long afterId, long throughId)
    {
        if (throughId <= afterId)
        {
            return throughId == afterId;
        }

        lock (_ownRunLock)
        {
            return _ownRunLast != 0 && afterId + 1 >= _ownRunFirst && throughId <= _ownRunLast;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <c>PRAGMA data_version</c> read on one long-lived connection kept for this purpose: it changes when any other
    /// connection, this store's own writer included, commits. The connection holds no transaction between calls.
    /// </remarks>
    public long GetDataVersion()
    {
        ThrowIfDisposed();
        lock (_watchLock)
        {
            ThrowIfDisposed();
            try
            {
                _watchConnection ??= OpenConnection(isReader: true);
                return RetryBusy(_watchConnection, static c => c.Command(ChangeSql.DataVersion).ScalarInt64());
            }
            catch (SqliteException exception)
            {
                _watchConnection?.Dispose();
                _watchConnection = null;
                throw StoreFailure(exception);
            }
        }
    }

    /// <inheritdoc/>
    public long GetLastChangeId() => Read(0, static (connection, _) => connection.Command(ChangeSql.LastId).ScalarInt64());

    /// <inheritdoc/>
    public IReadOnlyList<CacheChange> GetChangesSince(long afterId, int max = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return Read((After: afterId, Max: max), static (connection, s) =>
        {
            SqliteCommand command = connection.Command(ChangeSql.Since).Bind("@after", s.After).Bind("@max", s.Max);
            using SqliteDataReader reader = command.ExecuteReader();
            var changes = new List<CacheChange>();
            while (reader.Read())
            {
                changes.Add(new CacheChange(
                    reader.GetInt64(0),
                    (CacheChangeKind)reader.GetInt32(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    UnixTime.FromMilliseconds(reader.GetInt64(3)),
                    reader.GetString(4)));
            }

            return changes;
        });
    }

    /// <inheritdoc/>
    public void PublishEviction(string? key)
    {
        if (key is not null)
        {
            ValidateKey(key, nameof(key));
        }

        Write((Store: this, Key: key), static (writer, s) =>
        {
            s.Store.InsertChange(writer, CacheChangeKind.Evict, s.Key);
            return 0;
        });
    }

    /// <inheritdoc/>
    /// <remarks>The newest change row always stays (change ids continue from it), however old it is.</remarks>
    public int TrimChanges(DateTimeOffset olderThan) =>
        Write(olderThan.ToUnixTimeMilliseconds(), static (writer, cutoff) => writer.Command(ChangeSql.Trim).Bind("@cutoff", cutoff).ExecuteNonQuery());

    /// <summary>Records one change (a null key means every key) inside the writer's open transaction, unless changes are off.</summary>
    private void RecordChange(StoreConnection writer, CacheChangeKind kind, string? key)
    {
        if (_recordChanges)
        {
            InsertChange(writer, kind, key);
        }
    }

    /// <summary>Inserts one change row inside the writer's open transaction.</summary>
    private void InsertChange(StoreConnection writer, CacheChangeKind kind, string? key)
    {
        // Parameters in order of appearance: @key, @kind, @now, @origin.
        RawStatement insert = writer.InsertChange;
        insert.Bind(1, key);
        insert.Bind(2, (long)kind);
        insert.Bind(3, NowMilliseconds());
        insert.Bind(4, _instanceId);
        insert.Execute();
        NoteOwnChanges(writer.LastInsertRowId, 1);
    }

    /// <summary>Notes change rows this instance just inserted in the writer's open transaction (ids are consecutive).</summary>
    private void NoteOwnChanges(long lastId, int count)
    {
        if (count <= 0)
        {
            return;
        }

        if (_transactionFirstChange == 0)
        {
            _transactionFirstChange = lastId - count + 1;
        }

        _transactionLastChange = lastId;
    }

    /// <summary>Forgets the change ids noted so far: a transaction begins (what an earlier one noted is published or rolled back).</summary>
    private void ResetOwnChanges()
    {
        _transactionFirstChange = 0;
        _transactionLastChange = 0;
    }

    /// <summary>
    /// After a commit: extends this instance's run of consecutive change ids with the transaction's, or starts a new
    /// run when another writer's change came in between.
    /// </summary>
    private void PublishOwnChanges()
    {
        if (_transactionFirstChange == 0)
        {
            return;
        }

        lock (_ownRunLock)
        {
            if (_ownRunLast == 0 || _transactionFirstChange != _ownRunLast + 1)
            {
                _ownRunFirst = _transactionFirstChange;
            }

            _ownRunLast = _transactionLastChange;
        }
    }

    /// <summary>Records one change per key of a JSON array inside the writer's open transaction.</summary>
    private void RecordChanges(StoreConnection writer, CacheChangeKind kind, string keysJson)
    {
        if (_recordChanges)
        {
            int inserted = writer.Command(ChangeSql.InsertMany)
                .Bind("@keys", keysJson)
                .Bind("@kind", (int)kind)
                .Bind("@now", NowMilliseconds())
                .Bind("@origin", _instanceId)
                .ExecuteNonQuery();
            NoteOwnChanges(writer.LastInsertRowId, inserted);
        }
    }

    private void RecordChanges(StoreConnection writer, CacheChangeKind kind, List<string> keys)
    {
        if (keys.Count > 0 && _recordChanges)
        {
            RecordChanges(writer, kind, JsonStrings.Write(keys));
        }
    }

    /// <summary>
    /// Deletes change rows older than the retention in a short transaction of its own, at most every quarter of the
    /// retention. Called by the writer between batches (it holds the write lock); a failure is logged and retried later.
    /// </summary>
    private void TrimChangesIfDue()
    {
        long now;
        try
        {
            now = NowMilliseconds();
        }
        catch (Exception exception)
        {
            // A throwing TimeProvider must not escape the writer: this runs in thread-pool drains too, where an
            // exception would end the process and leave queued writes unsent.
            _logger.ChangeTrimFailed(_databasePath, exception);
            return;
        }

        if (now < _nextTrimAt || _writerClosed)
        {
            return;
        }

        long retention = (long)_changeRetention.TotalMilliseconds;
        _nextTrimAt = now + Math.Max(retention / 4, 1);
        StoreConnection writer = _writer;
        try
        {
            RetryBusy(writer, static w =>
            {
                w.Execute(Sql.Begin);
                return 0;
            });
            writer.Command(ChangeSql.Trim).Bind("@cutoff", now - retention).ExecuteNonQuery();
            writer.Execute(Sql.Commit);
        }
        catch (Exception exception) when (exception is SqliteException or CachetronomyStoreException)
        {
            TryRollback(writer);
            _logger.ChangeTrimFailed(_databasePath, exception);
        }
    }

    private void CloseWatchConnection()
    {
        lock (_watchLock)
        {
            _watchConnection?.Dispose();
            _watchConnection = null;
        }
    }
}
