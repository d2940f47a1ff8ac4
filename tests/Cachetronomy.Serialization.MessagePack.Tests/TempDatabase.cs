using Microsoft.Data.Sqlite;

namespace Cachetronomy.Serialization.MessagePack.Tests;

/// <summary>A SQLite file under the temp folder, one per test, deleted (with its WAL files) on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cachetronomy-msgpack-tests");
        Directory.CreateDirectory(folder);
        Path = System.IO.Path.Combine(folder, Guid.NewGuid().ToString("N") + ".db");
    }

    public string Path { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Opens an engine on the file that knows the msgpack format.</summary>
    public Cachetronaut Open() =>
        new(new CachetronomyOptions { DatabasePath = Path }, Time, [new MessagePackCacheSerializer(MessagePackCacheSerializerTests.Options)]);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (string suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(Path + suffix);
            }
            catch (IOException)
            {
            }
        }
    }
}
