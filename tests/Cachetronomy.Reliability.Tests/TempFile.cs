using Microsoft.Data.Sqlite;

namespace Cachetronomy.Reliability.Tests;

/// <summary>A fresh folder (and a database path in it) per test, deleted afterwards.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile()
    {
        Folder = Path.Combine(Path.GetTempPath(), "cachetronomy-reliability-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DatabasePath = Path.Combine(Folder, "cache.db");
    }

    public string Folder { get; }

    public string DatabasePath { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
