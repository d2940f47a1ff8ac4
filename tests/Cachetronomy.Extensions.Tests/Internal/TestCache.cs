using Cachetronomy;
using Cachetronomy.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Extensions.Tests.Internal;

/// <summary>
/// An engine over the real SQLite store on a temp file (one per test), wrapped for call counting and fault
/// injection, with a fake clock shared by engine and store.
/// </summary>
internal sealed class TestCache : IAsyncDisposable
{
    private readonly SqliteCacheStore _sqlite;
    private readonly List<Cachetronaut> _opened = [];

    public TestCache(Action<CachetronomyOptions>? configure = null, IEnumerable<ICacheSerializer>? serializers = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Folder = Path.Combine(Path.GetTempPath(), "cachetronomy-engine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DatabasePath = Path.Combine(Folder, "cache.db");
        _sqlite = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = DatabasePath }, Time);
        (StoreProxy, Store) = FaultInjectingStore.Wrap(_sqlite);
        var options = new CachetronomyOptions { DatabasePath = DatabasePath };
        configure?.Invoke(options);
        Options = options;
        Cache = new Cachetronaut(StoreProxy, options, Time, serializers);
    }

    /// <summary>Gets this test's own temp folder (deleted on dispose).</summary>
    public string Folder { get; }

    public string DatabasePath { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>Gets the real store, for writing rows directly.</summary>
    public ICacheStore Sqlite => _sqlite;

    public ICacheStore StoreProxy { get; }

    public FaultInjectingStore Store { get; }

    public CachetronomyOptions Options { get; }

    public Cachetronaut Cache { get; }

    /// <summary>Opens a second engine over the same file through its own store (front tier cold).</summary>
    public Cachetronaut Reopen()
    {
        var options = new CachetronomyOptions { DatabasePath = DatabasePath, ActiveProfile = Options.ActiveProfile };
        var engine = new Cachetronaut(options, Time);
        _opened.Add(engine);
        return engine;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Cachetronaut engine in _opened)
        {
            await engine.DisposeAsync();
        }

        await Cache.DisposeAsync();
        await _sqlite.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still open elsewhere stays behind in the temp folder.
        }
    }
}
