using Microsoft.Data.Sqlite;

namespace Cachetronomy.Benchmarks;

/// <summary>
/// The baseline: what a careful hand-written Microsoft.Data.Sqlite cache table does, made comparable with the store:
/// the same row shape (a rowid table with the store's columns and a unique key index), the same connection pragmas
/// (WAL, synchronous=NORMAL, temp_store=MEMORY, a 4 MB page cache), one prepared command per statement, and
/// autocommit writes (one commit per write). Only the minimum is read and written: the value and the expiry.
/// </summary>
internal sealed class RawSqlite : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _select;
    private readonly SqliteCommand _upsert;

    public RawSqlite(string path, bool synchronousFull = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=OFF; " +
                "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-4096;");
        Execute(synchronousFull ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS cache (
                key TEXT NOT NULL PRIMARY KEY, data BLOB NOT NULL, fmt TEXT NOT NULL, expire_at INTEGER NOT NULL,
                tags TEXT NOT NULL DEFAULT '[]', version INTEGER NOT NULL DEFAULT 1, saved_by_profile TEXT NOT NULL,
                sliding_ms INTEGER NULL, absolute_expire_at INTEGER NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS idx_cache_expire_at ON cache(expire_at);
            CREATE INDEX IF NOT EXISTS idx_cache_saved_by_profile ON cache(saved_by_profile);
            """);

        _select = _connection.CreateCommand();
        _select.CommandText = "SELECT data FROM cache WHERE key = $key AND expire_at > $now";
        _select.Parameters.Add("$key", SqliteType.Text);
        _select.Parameters.Add("$now", SqliteType.Integer);
        _select.Prepare();

        _upsert = _connection.CreateCommand();
        _upsert.CommandText = "INSERT OR REPLACE INTO cache(key, data, fmt, expire_at, saved_by_profile, created_at, updated_at) " +
                              "VALUES ($key, $data, 'bytes', $exp, 'default', $exp, $exp)";
        _upsert.Parameters.Add("$key", SqliteType.Text);
        _upsert.Parameters.Add("$data", SqliteType.Blob);
        _upsert.Parameters.Add("$exp", SqliteType.Integer);
        _upsert.Prepare();
    }

    /// <summary>Creates a file of <paramref name="keys"/> rows in one transaction and closes it (checkpointing the WAL).</summary>
    public static void Seed(string path, IEnumerable<string> keys, byte[] data, long expireAtMs)
    {
        using var raw = new RawSqlite(path);
        raw.Execute("BEGIN");
        foreach (string key in keys)
        {
            raw.Upsert(key, data, expireAtMs);
        }

        raw.Execute("COMMIT");
        raw.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    public byte[]? Get(string key, long nowMs)
    {
        _select.Parameters[0].Value = key;
        _select.Parameters[1].Value = nowMs;
        return _select.ExecuteScalar() as byte[];
    }

    public void Upsert(string key, byte[] data, long expireAtMs)
    {
        _upsert.Parameters[0].Value = key;
        _upsert.Parameters[1].Value = data;
        _upsert.Parameters[2].Value = expireAtMs;
        _upsert.ExecuteNonQuery();
    }

    public int DeleteExpired(long nowMs)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM cache WHERE expire_at <= $now";
        command.Parameters.AddWithValue("$now", nowMs);
        return command.ExecuteNonQuery();
    }

    public void Execute(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _select.Dispose();
        _upsert.Dispose();
        _connection.Dispose();
    }
}
