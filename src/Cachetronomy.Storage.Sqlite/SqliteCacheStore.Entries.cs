using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Cachetronomy.Storage.Sqlite;

public sealed partial class SqliteCacheStore
{
    /// <inheritdoc/>
    public StoredCacheEntry? Get(string key)
    {
        ValidateKey(key, nameof(key));
        return Read((Key: key, Now: NowMilliseconds()), static (connection, s) =>
        {
            RawStatement read = connection.GetEntry;
            read.Bind(1, s.Key);
            read.Bind(2, s.Now);
            try
            {
                return read.Step() ? ReadPointEntry(read.Handle, connection.Strings, s.Key) : null;
            }
            finally
            {
                read.Reset();
            }
        });
    }

    /// <inheritdoc/>
    public ValueTask<StoredCacheEntry?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        RunAsync((Store: this, Key: key), static s => s.Store.Get(s.Key), cancellationToken);

    /// <inheritdoc/>
    public IReadOnlyList<StoredCacheEntry> GetMany(IEnumerable<string> keys)
    {
        List<string> distinct = ValidateKeys(keys, nameof(keys));
        if (distinct.Count == 0)
        {
            ThrowIfDisposed();
            return [];
        }

        return Read((Keys: JsonStrings.Write(distinct), Now: NowMilliseconds()), static (connection, s) =>
        {
            SqliteCommand command = connection.Command(Sql.GetEntries).Bind("@keys", s.Keys).Bind("@now", s.Now);
            return ReadEntries(command);
        });
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<StoredCacheEntry>> GetManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        RunAsync((Store: this, Keys: keys), static s => s.Store.GetMany(s.Keys), cancellationToken);

    /// <inheritdoc/>
    public void Set(StoredCacheEntry entry)
    {
        EntryRow row = ValidateEntry(entry, nameof(entry));
        Write((Store: this, Row: row), s_upsertOne);
    }

    /// <inheritdoc/>
    public ValueTask SetAsync(StoredCacheEntry entry, CancellationToken cancellationToken = default)
    {
        try
        {
            EntryRow row = ValidateEntry(entry, nameof(entry));
            return new ValueTask(WriteAsync((Store: this, Row: row), s_upsertOne, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException(exception);
        }
    }

    /// <inheritdoc/>
    public void SetMany(IEnumerable<StoredCacheEntry> entries)
    {
        List<EntryRow> rows = ValidateEntries(entries);
        if (rows.Count == 0)
        {
            ThrowIfDisposed();
            return;
        }

        Write((Store: this, Rows: rows), s_upsertMany);
    }

    /// <inheritdoc/>
    public ValueTask SetManyAsync(IEnumerable<StoredCacheEntry> entries, CancellationToken cancellationToken = default)
    {
        try
        {
            List<EntryRow> rows = ValidateEntries(entries);
            if (rows.Count == 0)
            {
                ThrowIfDisposed();
                return default;
            }

            return new ValueTask(WriteAsync((Store: this, Rows: rows), s_upsertMany, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException(exception);
        }
    }

    /// <inheritdoc/>
    public bool Refresh(string key)
    {
        ValidateKey(key, nameof(key));

        // Look first on a reader: a missing or non-sliding entry needs no write at all.
        long now = NowMilliseconds();
        (bool live, bool sliding) = Read((Key: key, Now: now), static (connection, s) =>
        {
            SqliteCommand command = connection.Command(Sql.GetSliding).Bind("@key", s.Key).Bind("@now", s.Now);
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? (true, !reader.IsDBNull(0)) : (false, false);
        });
        if (!live || !sliding)
        {
            return live;
        }

        return Write((Key: key, Now: now), s_slide);
    }

    /// <inheritdoc/>
    public ValueTask<bool> RefreshAsync(string key, CancellationToken cancellationToken = default) =>
        RunAsync((Store: this, Key: key), static s => s.Store.Refresh(s.Key), cancellationToken);

    /// <inheritdoc/>
    public bool Delete(string key)
    {
        ValidateKey(key, nameof(key));
        return Write((Store: this, Key: key), s_deleteOne);
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            ValidateKey(key, nameof(key));
            return new ValueTask<bool>(WriteAsync((Store: this, Key: key), s_deleteOne, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<bool>(exception);
        }
    }

    /// <inheritdoc/>
    public int DeleteMany(IEnumerable<string> keys)
    {
        List<string> distinct = ValidateKeys(keys, nameof(keys));
        ThrowIfDisposed();
        return distinct.Count == 0 ? 0 : Write((Store: this, Keys: JsonStrings.Write(distinct)), s_deleteMany);
    }

    /// <inheritdoc/>
    public ValueTask<int> DeleteManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        try
        {
            List<string> distinct = ValidateKeys(keys, nameof(keys));
            ThrowIfDisposed();
            return distinct.Count == 0
                ? new ValueTask<int>(0)
                : new ValueTask<int>(WriteAsync((Store: this, Keys: JsonStrings.Write(distinct)), s_deleteMany, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<int>(exception);
        }
    }

    /// <inheritdoc/>
    public int DeleteAll() => Write(this, s_deleteAll);

    /// <inheritdoc/>
    public ValueTask<int> DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return new ValueTask<int>(WriteAsync(this, s_deleteAll, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<int>(exception);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Rows expired at the moment of the call are removed, <paramref name="batchSize"/> per write transaction, until
    /// a batch comes back short. Rows that expire while it runs are left for the next call.
    /// </remarks>
    public IReadOnlyList<string> DeleteExpired(int batchSize = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        long now = NowMilliseconds();
        var removed = new List<string>();
        while (true)
        {
            List<string> batch = Write((Store: this, BatchSize: batchSize, Now: now), s_deleteExpiredBatch);
            removed.AddRange(batch);
            if (batch.Count < batchSize)
            {
                return removed;
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> DeleteExpiredAsync(int batchSize = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        long now = NowMilliseconds();
        var removed = new List<string>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<string> batch = await WriteAsync((Store: this, BatchSize: batchSize, Now: now), s_deleteExpiredBatch, cancellationToken).ConfigureAwait(false);
            removed.AddRange(batch);
            if (batch.Count < batchSize)
            {
                return removed;
            }
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> DeleteByTags(IEnumerable<string> tags, bool exactMatch = false)
    {
        List<string> distinct = ValidateTags(tags, nameof(tags));
        ThrowIfDisposed();
        if (distinct.Count == 0 && !exactMatch)
        {
            return [];
        }

        return Write((Store: this, Tags: JsonStrings.Write(distinct), Count: distinct.Count, Exact: exactMatch), s_deleteByTags);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> DeleteByTagsAsync(IEnumerable<string> tags, bool exactMatch = false, CancellationToken cancellationToken = default)
    {
        try
        {
            List<string> distinct = ValidateTags(tags, nameof(tags));
            ThrowIfDisposed();
            if (distinct.Count == 0 && !exactMatch)
            {
                return new ValueTask<IReadOnlyList<string>>([]);
            }

            return AsReadOnly(WriteAsync((Store: this, Tags: JsonStrings.Write(distinct), Count: distinct.Count, Exact: exactMatch), s_deleteByTags, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<IReadOnlyList<string>>(exception);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> DeleteByProfile(string profileName)
    {
        ValidateProfileName(profileName, nameof(profileName));
        return Write((Store: this, Profile: profileName), s_deleteByProfile);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> DeleteByProfileAsync(string profileName, CancellationToken cancellationToken = default)
    {
        try
        {
            ValidateProfileName(profileName, nameof(profileName));
            return AsReadOnly(WriteAsync((Store: this, Profile: profileName), s_deleteByProfile, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<IReadOnlyList<string>>(exception);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Keys() => Read(0, static (connection, _) =>
    {
        using SqliteDataReader reader = connection.Command(Sql.ListKeys).ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    });

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> KeysAsync(CancellationToken cancellationToken = default) =>
        RunAsync(this, static store => store.Keys(), cancellationToken);

    /// <inheritdoc/>
    public long Count() => Read(0, static (connection, _) => connection.Command(Sql.CountEntries).ScalarInt64());

    /// <inheritdoc/>
    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) =>
        RunAsync(this, static store => store.Count(), cancellationToken);

    /// <inheritdoc/>
    /// <remarks>One query: the keys go in as one JSON array, so its cost grows with the keys asked about, not the store.</remarks>
    public long CountExisting(IEnumerable<string> keys)
    {
        List<string> distinct = ValidateKeys(keys, nameof(keys));
        if (distinct.Count == 0)
        {
            ThrowIfDisposed();
            return 0;
        }

        return Read(JsonStrings.Write(distinct), static (connection, keys) =>
            connection.Command(Sql.CountExistingKeys).Bind("@keys", keys).ScalarInt64());
    }

    /// <inheritdoc/>
    public ValueTask<long> CountExistingAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        RunAsync((Store: this, Keys: keys), static s => s.Store.CountExisting(s.Keys), cancellationToken);

    /// <inheritdoc/>
    public CacheEntryMetadata? GetMetadata(string key)
    {
        ValidateKey(key, nameof(key));
        return Read(key, static (connection, key) =>
        {
            using SqliteDataReader reader = connection.Command(Sql.GetMetadata).Bind("@key", key).ExecuteReader();
            return reader.Read() ? ReadMetadata(reader) : null;
        });
    }

    /// <inheritdoc/>
    public ValueTask<CacheEntryMetadata?> GetMetadataAsync(string key, CancellationToken cancellationToken = default) =>
        RunAsync((Store: this, Key: key), static s => s.Store.GetMetadata(s.Key), cancellationToken);

    /// <inheritdoc/>
    public IReadOnlyList<CacheEntryMetadata> GetAllMetadata() =>
        Read(0, static (connection, _) => ReadMetadataRows(connection.Command(Sql.ListMetadata)));

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<CacheEntryMetadata>> GetAllMetadataAsync(CancellationToken cancellationToken = default) =>
        RunAsync(this, static store => store.GetAllMetadata(), cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// Without a filter, one read of the first <paramref name="limit"/> rows. With one, a scan of the key index alone
    /// (each key decoded into a reused buffer, nothing allocated for keys that do not match) that stops at
    /// <paramref name="limit"/> matches, then one read of their metadata.
    /// </remarks>
    public IReadOnlyList<CacheEntryMetadata> FindMetadata(string? keyContains, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            ThrowIfDisposed();
            return [];
        }

        if (string.IsNullOrEmpty(keyContains))
        {
            return Read(limit, static (connection, limit) =>
                ReadMetadataRows(connection.Command(Sql.ListMetadataPage).Bind("@limit", limit)));
        }

        return Read((Filter: keyContains, Limit: limit), static (connection, s) =>
        {
            // One read transaction, so the rows read second are those of the keys found first (no write in between).
            connection.Execute(Sql.BeginRead);
            try
            {
                List<string> keys = FindKeys(connection, s.Filter, s.Limit);
                return keys.Count == 0
                    ? []
                    : ReadMetadataRows(connection.Command(Sql.GetMetadataOfKeys).Bind("@keys", JsonStrings.Write(keys)));
            }
            finally
            {
                connection.Execute(Sql.Commit);
            }
        });
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<CacheEntryMetadata>> FindMetadataAsync(string? keyContains, int limit, CancellationToken cancellationToken = default) =>
        RunAsync((Store: this, Filter: keyContains, Limit: limit), static s => s.Store.FindMetadata(s.Filter, s.Limit), cancellationToken);

    /// <inheritdoc/>
    public IReadOnlyList<StoredCacheEntry> GetEntries(int? limit = null)
    {
        ValidateLimit(limit, nameof(limit));
        return Read((Limit: limit ?? -1, Now: NowMilliseconds()), static (connection, s) =>
            ReadEntries(connection.Command(Sql.ListEntries).Bind("@limit", s.Limit).Bind("@now", s.Now)));
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<StoredCacheEntry>> GetEntriesAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        RunAsync((Store: this, Limit: limit), static s => s.Store.GetEntries(s.Limit), cancellationToken);

    // ---- helpers ----

    private List<EntryRow> ValidateEntries(IEnumerable<StoredCacheEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var rows = new List<EntryRow>();
        var indexByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (StoredCacheEntry entry in entries)
        {
            EntryRow row = ValidateEntry(entry, nameof(entries));
            if (indexByKey.TryGetValue(row.Key, out int index))
            {
                rows[index] = row; // A repeated key keeps the last one.
            }
            else
            {
                indexByKey.Add(row.Key, rows.Count);
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>Reads a row of <see cref="Sql.GetEntry"/>; a point read passes the key it asked for (the column equals it), saving a string.</summary>
    private static StoredCacheEntry ReadEntry(SqliteDataReader reader, string? key = null) => new()
    {
        Key = key ?? reader.GetString(0),
        Data = reader.IsDBNull(1) ? Array.Empty<byte>() : reader.GetFieldValue<byte[]>(1),
        Format = reader.GetString(2),
        ExpiresAt = UnixTime.FromMilliseconds(reader.GetInt64(3)),
        Tags = JsonStrings.Read(reader.GetString(4)),
        Version = reader.GetInt64(5),
        SavedByProfile = reader.GetString(6),
        SlidingExpiration = reader.IsDBNull(7) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(7)),
        AbsoluteExpiration = reader.IsDBNull(8) ? null : UnixTime.FromMilliseconds(reader.GetInt64(8)),
    };

    /// <summary>
    /// Reads a <see cref="Sql.GetEntry"/> row straight from the statement: the format and profile names come from
    /// the connection's string cache and an empty tag list is the shared empty array, so a point read allocates
    /// the value, the entry and nothing per text column.
    /// </summary>
    private static StoredCacheEntry ReadPointEntry(sqlite3_stmt statement, Utf8StringCache strings, string key)
    {
        ReadOnlySpan<byte> tags = raw.sqlite3_column_blob(statement, 4);
        return new()
        {
            Key = key,
            Data = raw.sqlite3_column_blob(statement, 1).ToArray(),
            Format = strings.Get(raw.sqlite3_column_blob(statement, 2)),
            ExpiresAt = UnixTime.FromMilliseconds(raw.sqlite3_column_int64(statement, 3)),
            Tags = tags.Length == 0 || tags.SequenceEqual("[]"u8) ? [] : JsonStrings.Read(Encoding.UTF8.GetString(tags)),
            Version = raw.sqlite3_column_int64(statement, 5),
            SavedByProfile = strings.Get(raw.sqlite3_column_blob(statement, 6)),
            SlidingExpiration = raw.sqlite3_column_type(statement, 7) == raw.SQLITE_NULL
                ? null
                : TimeSpan.FromMilliseconds(raw.sqlite3_column_int64(statement, 7)),
            AbsoluteExpiration = raw.sqlite3_column_type(statement, 8) == raw.SQLITE_NULL
                ? null
                : UnixTime.FromMilliseconds(raw.sqlite3_column_int64(statement, 8)),
        };
    }

    private static List<StoredCacheEntry> ReadEntries(SqliteCommand command) => ReadRows(command, static reader => ReadEntry(reader));

    /// <summary>Runs a query and reads every row it returns with <paramref name="readRow"/>.</summary>
    private static List<T> ReadRows<T>(SqliteCommand command, Func<SqliteDataReader, T> readRow)
    {
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(readRow(reader));
        }

        return rows;
    }

    private static CacheEntryMetadata ReadMetadata(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        UnixTime.FromMilliseconds(reader.GetInt64(2)),
        JsonStrings.Read(reader.GetString(3)),
        reader.GetInt64(4),
        reader.GetString(5),
        reader.IsDBNull(6) ? 0 : reader.GetInt64(6),
        UnixTime.FromMilliseconds(reader.GetInt64(7)));

    private static List<CacheEntryMetadata> ReadMetadataRows(SqliteCommand command) => ReadRows(command, ReadMetadata);

    /// <summary>The first <paramref name="limit"/> keys, in key order, that contain <paramref name="filter"/> (ordinal, ignoring case).</summary>
    private static List<string> FindKeys(StoreConnection connection, string filter, int limit)
    {
        var keys = new List<string>();
        char[] buffer = ArrayPool<char>.Shared.Rent(256);
        try
        {
            using SqliteDataReader reader = connection.Command(Sql.ListKeys).ExecuteReader();
            sqlite3_stmt statement = reader.Handle!;
            while (keys.Count < limit && reader.Read())
            {
                ReadOnlySpan<byte> utf8 = raw.sqlite3_column_blob(statement, 0);
                int needed = Encoding.UTF8.GetMaxCharCount(utf8.Length);
                if (needed > buffer.Length)
                {
                    char[] larger = ArrayPool<char>.Shared.Rent(needed);
                    ArrayPool<char>.Shared.Return(buffer);
                    buffer = larger;
                }

                ReadOnlySpan<char> key = buffer.AsSpan(0, Encoding.UTF8.GetChars(utf8, buffer));
                if (key.Contains(filter, StringComparison.OrdinalIgnoreCase))
                {
                    keys.Add(key.ToString());
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        return keys;
    }

    private static List<string> ReadKeys(SqliteCommand command) => ReadRows(command, static reader => reader.GetString(0));

    private static void Upsert(StoreConnection writer, EntryRow row, long now)
    {
        // True when the row had another profile or other tags: its old tag rows go first.
        if (writer.Upsert.Execute(row, now))
        {
            RawStatement deleteTags = writer.DeleteTagsOfKey;
            deleteTags.Bind(1, row.Key);
            deleteTags.Execute();
        }

        // Otherwise the key is new (every delete removes a key's tag rows in its own transaction, so none are left
        // over) or kept its tags (its rows are right). INSERT OR IGNORE covers all three cases.
        if (!string.Equals(row.TagsJson, JsonStrings.EmptyArray, StringComparison.Ordinal))
        {
            writer.Command(Sql.InsertTagsOfKey).Bind("@key", row.Key).Bind("@tags", row.TagsJson).ExecuteNonQuery();
        }
    }

    /// <summary>Drops the tag rows of deleted keys, so the tag table never points at a missing entry.</summary>
    private static void DeleteTagsOf(StoreConnection writer, List<string> keys)
    {
        if (keys.Count > 0)
        {
            writer.Command(Sql.DeleteTagsOfKeys).Bind("@keys", JsonStrings.Write(keys)).ExecuteNonQuery();
        }
    }

    private static readonly Func<StoreConnection, (SqliteCacheStore Store, EntryRow Row), int> s_upsertOne =
        static (writer, s) =>
        {
            Upsert(writer, s.Row, s.Store.NowMilliseconds());
            s.Store.RecordChange(writer, CacheChangeKind.Set, s.Row.Key);
            return 0;
        };

    private static readonly Func<StoreConnection, (SqliteCacheStore Store, List<EntryRow> Rows), int> s_upsertMany =
        static (writer, s) =>
        {
            long now = s.Store.NowMilliseconds();
            foreach (EntryRow row in s.Rows)
            {
                Upsert(writer, row, now);
                s.Store.RecordChange(writer, CacheChangeKind.Set, row.Key);
            }

            return 0;
        };

    private static readonly Func<StoreConnection, (string Key, long Now), bool> s_slide =
        static (writer, s) => writer.Command(Sql.Slide).Bind("@key", s.Key).Bind("@now", s.Now).ExecuteNonQuery() > 0;

    private static readonly Func<StoreConnection, (SqliteCacheStore Store, string Key), bool> s_deleteOne = static (writer, s) =>
    {
        int deleted = writer.Command(Sql.DeleteEntry).Bind("@key", s.Key).ExecuteNonQuery();
        writer.Command(Sql.DeleteTagsOfKey).Bind("@key", s.Key).ExecuteNonQuery();
        if (deleted > 0)
        {
            s.Store.RecordChange(writer, CacheChangeKind.Delete, s.Key);
        }

        return deleted > 0;
    };

    private static readonly Func<StoreConnection, (SqliteCacheStore Store, string Keys), int> s_deleteMany = static (writer, s) =>
    {
        int deleted = writer.Command(Sql.DeleteEntries).Bind("@keys", s.Keys).ExecuteNonQuery();
        writer.Command(Sql.DeleteTagsOfKeys).Bind("@keys", s.Keys).ExecuteNonQuery();
        if (deleted > 0)
        {
            s.Store.RecordChanges(writer, CacheChangeKind.Delete, s.Keys);
        }

        return deleted;
    };

    private static readonly Func<StoreConnection, SqliteCacheStore, int> s_deleteAll = static (writer, store) =>
    {
        int deleted = writer.Command(Sql.DeleteAllEntries).ExecuteNonQuery();
        writer.Command(Sql.DeleteAllTags).ExecuteNonQuery();
        if (deleted > 0)
        {
            store.RecordChange(writer, CacheChangeKind.Delete, key: null);
        }

        return deleted;
    };

    private static readonly Func<StoreConnection, (SqliteCacheStore Store, int BatchSize, long Now), List<string>> s_deleteExpiredBatch =
        static (writer, s) =>
        {
            List<string> keys = ReadKeys(writer.Command(Sql.DeleteExpiredBatch).Bind("@now", s.Now).Bind("@batch", s.BatchSize));
            DeleteTagsOf(writer, keys);
            s.Store.RecordChanges(writer, CacheChangeKind.Delete, keys);
            return keys;
        };

    private static readonly Func<StoreConnection, (SqliteCacheStore Store, string Tags, int Count, bool Exact), IReadOnlyList<string>> s_deleteByTags =
        static (writer, s) =>
        {
            SqliteCommand command = s.Count == 0
                ? writer.Command(Sql.DeleteUntagged)
                : s.Exact
                    ? writer.Command(Sql.DeleteByExactTags).Bind("@tags", s.Tags).Bind("@count", s.Count)
                    : writer.Command(Sql.DeleteByAnyTag).Bind("@tags", s.Tags);
            List<string> keys = ReadKeys(command);
            DeleteTagsOf(writer, keys);
            s.Store.RecordChanges(writer, CacheChangeKind.Delete, keys);
            return keys;
        };

    private static readonly Func<StoreConnection, (SqliteCacheStore Store, string Profile), IReadOnlyList<string>> s_deleteByProfile = static (writer, s) =>
    {
        List<string> keys = ReadKeys(writer.Command(Sql.DeleteByProfile).Bind("@profile", s.Profile));
        DeleteTagsOf(writer, keys);
        s.Store.RecordChanges(writer, CacheChangeKind.Delete, keys);
        return keys;
    };

    private static ValueTask<IReadOnlyList<string>> AsReadOnly(Task<IReadOnlyList<string>> task) => new(task);

    /// <summary>Runs a synchronous operation for an asynchronous form, reporting every failure through the task.</summary>
    private static ValueTask<TResult> RunAsync<TState, TResult>(TState state, Func<TState, TResult> operation, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        try
        {
            return new ValueTask<TResult>(operation(state));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<TResult>(exception);
        }
    }
}
