using Microsoft.Data.Sqlite;

namespace Cachetronomy.Benchmarks;

/// <summary>
/// The baseline: what a careful hand-written Microsoft.Data.Sqlite cache table does — WAL, synchronous=NORMAL,
/// one prepared command per statement, autocommit writes.
/// </summary>
internal sealed class RawSqlite : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _select;
    private readonly SqliteCommand _upsert;

    public RawSqlite(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
        Execute("CREATE TABLE IF NOT EXISTS cache(key TEXT PRIMARY KEY, data BLOB NOT NULL, expire_at INTEGER NOT NULL) WITHOUT ROWID;" +
                "CREATE INDEX IF NOT EXISTS ix_cache_expire ON cache(expire_at);");

        _select = _connection.CreateCommand();
        _select.CommandText = "SELECT data FROM cache WHERE key = $key AND expire_at > $now";
        _select.Parameters.Add("$key", SqliteType.Text);
        _select.Parameters.Add("$now", SqliteType.Integer);
        _select.Prepare();

        _upsert = _connection.CreateCommand();
        _upsert.CommandText = "INSERT OR REPLACE INTO cache(key, data, expire_at) VALUES ($key, $data, $exp)";
        _upsert.Parameters.Add("$key", SqliteType.Text);
        _upsert.Parameters.Add("$data", SqliteType.Blob);
        _upsert.Parameters.Add("$exp", SqliteType.Integer);
        _upsert.Prepare();
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
