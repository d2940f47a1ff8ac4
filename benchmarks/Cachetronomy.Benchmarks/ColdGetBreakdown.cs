using BenchmarkDotNet.Attributes;
using Cachetronomy.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Benchmarks;

/// <summary>
/// Where a cold engine read spends its time: the raw value-only SELECT, the raw SELECT of every column the store
/// reads, the store's Get, and the engine's Get (store read + deserialize + promotion), each on a fresh instance per
/// iteration over the same kind of 10k-row, 1 KB file.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
// An iteration is one pass over 10k keys (tens of milliseconds): 15 of them, even in --short runs, so one slow pass
// (a VM stall, a GC) moves the mean less.
[IterationCount(15)]
public class ColdGetBreakdown
{
    private const int Rows = 10_000;
    private string[] _keys = [];
    private string _oursPath = "";
    private string _rawPath = "";
    private RawSqlite? _raw;
    private SqliteConnection? _wide;
    private SqliteCommand? _wideSelect;
    private SqliteCacheStore? _store;
    private Cachetronaut? _engine;

    [GlobalSetup]
    public void Setup()
    {
        _keys = Enumerable.Range(0, Rows).Select(i => $"key:{i}").ToArray();
        new Random(10).Shuffle(_keys);
        byte[] payload = BenchmarkFiles.Payload(1024, 5);
        _oursPath = BenchmarkFiles.NewPath("breakdown-ours");
        using (Cachetronaut seed = BenchmarkEngines.Open(_oursPath, TimeProvider.System))
        {
            seed.SetMany(_keys.Select(k => KeyValuePair.Create(k, payload)), new CachetronautEntryOptions { Serializer = "bytes" });
        }

        _rawPath = BenchmarkFiles.NewPath("breakdown-raw");
        RawSqlite.Seed(_rawPath, _keys, payload, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        BenchmarkFiles.Delete(_oursPath);
        BenchmarkFiles.Delete(_rawPath);
    }

    [IterationSetup(Target = nameof(Raw_ValueOnly))]
    public void OpenRaw() => _raw = new RawSqlite(_rawPath);

    [IterationCleanup(Target = nameof(Raw_ValueOnly))]
    public void CloseRaw() => _raw?.Dispose();

    [IterationSetup(Target = nameof(Raw_AllColumns))]
    public void OpenWide()
    {
        _wide = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _oursPath, Pooling = false }.ToString());
        _wide.Open();
        using (SqliteCommand pragma = _wide.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-4096;";
            pragma.ExecuteNonQuery();
        }

        _wideSelect = _wide.CreateCommand();
        _wideSelect.CommandText = "SELECT key, data, fmt, expire_at, tags, version, saved_by_profile, sliding_ms, absolute_expire_at FROM cache WHERE key = $key AND expire_at > $now";
        _wideSelect.Parameters.Add("$key", SqliteType.Text);
        _wideSelect.Parameters.Add("$now", SqliteType.Integer);
        _wideSelect.Prepare();
    }

    [IterationCleanup(Target = nameof(Raw_AllColumns))]
    public void CloseWide()
    {
        _wideSelect?.Dispose();
        _wide?.Dispose();
    }

    [IterationSetup(Target = nameof(Store_Get))]
    public void OpenStore() => _store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = _oursPath });

    [IterationCleanup(Target = nameof(Store_Get))]
    public void CloseStore() => _store?.Dispose();

    [IterationSetup(Target = nameof(Engine_Get))]
    public void OpenEngine() => _engine = BenchmarkEngines.Open(_oursPath, TimeProvider.System);

    [IterationCleanup(Target = nameof(Engine_Get))]
    public void CloseEngine() => _engine?.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public int Raw_ValueOnly()
    {
        int found = 0;
        foreach (string key in _keys)
        {
            found += _raw!.Get(key, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) is null ? 0 : 1;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int Raw_AllColumns()
    {
        int found = 0;
        foreach (string key in _keys)
        {
            _wideSelect!.Parameters[0].Value = key;
            _wideSelect.Parameters[1].Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            using SqliteDataReader reader = _wideSelect.ExecuteReader();
            if (reader.Read())
            {
                found += reader.GetFieldValue<byte[]>(1).Length > 0 ? 1 : 0;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int Store_Get()
    {
        int found = 0;
        foreach (string key in _keys)
        {
            found += _store!.Get(key) is null ? 0 : 1;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int Engine_Get()
    {
        int found = 0;
        foreach (string key in _keys)
        {
            found += _engine!.Get<byte[]>(key) is null ? 0 : 1;
        }

        return found;
    }
}
