using Cachetronomy.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Storage.Sqlite.Tests;

/// <summary>A database file of its own under the temp folder, and a fake clock; deleted on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<SqliteCacheStore> _stores = [];

    public TempDatabase()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cachetronomy-tests", Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Folder, "cache.db");
    }

    public string Folder { get; }

    public string Path { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public SqliteCacheStore Open(Action<SqliteCacheStoreOptions>? configure = null)
    {
        var options = new SqliteCacheStoreOptions { DatabasePath = Path };
        configure?.Invoke(options);
        var store = new SqliteCacheStore(options, Time);
        _stores.Add(store);
        return store;
    }

    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public long Scalar(string sql)
    {
        using SqliteConnection connection = OpenRaw();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        foreach (SqliteCacheStore store in _stores)
        {
            store.Dispose();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
