using Microsoft.Data.Sqlite;

namespace Cachetronomy.Benchmarks;

/// <summary>Temp database files for benchmarks, deleted with their WAL and shared-memory files.</summary>
internal static class BenchmarkFiles
{
    public static string NewPath(string name) =>
        Path.Combine(Path.GetTempPath(), "cachetronomy-bench", $"{name}-{Guid.NewGuid():N}.db");

    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (string file in new[] { path, path + "-wal", path + "-shm" })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }

    public static byte[] Payload(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
