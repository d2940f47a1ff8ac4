using BenchmarkDotNet.Attributes;
using Cachetronomy.Storage.Sqlite;

namespace Cachetronomy.Benchmarks;

/// <summary>A settable clock, so expiry in benchmarks needs no waiting.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Point reads of 1 KB values from 10k rows: the store beside a raw prepared SELECT.</summary>
[MemoryDiagnoser]
public class StoreGetBenchmarks
{
    private const int Rows = 10_000;
    private readonly ManualTimeProvider _time = new();
    private string _storePath = "";
    private string _rawPath = "";
    private SqliteCacheStore _store = null!;
    private RawSqlite _raw = null!;
    private string[] _keys = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _keys = Enumerable.Range(0, Rows).Select(i => $"key:{i}").ToArray();
        byte[] payload = BenchmarkFiles.Payload(1024, 1);
        DateTimeOffset expires = _time.Now.AddHours(1);

        _storePath = BenchmarkFiles.NewPath("store-get");
        _store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = _storePath }, _time);
        _store.SetMany(_keys.Select(k => new StoredCacheEntry { Key = k, Data = payload, Format = "bytes", ExpiresAt = expires, SavedByProfile = "default" }));

        _rawPath = BenchmarkFiles.NewPath("raw-get");
        _raw = new RawSqlite(_rawPath);
        _raw.Execute("BEGIN");
        foreach (string key in _keys)
        {
            _raw.Upsert(key, payload, expires.ToUnixTimeMilliseconds());
        }

        _raw.Execute("COMMIT");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _raw.Dispose();
        BenchmarkFiles.Delete(_storePath);
        BenchmarkFiles.Delete(_rawPath);
    }

    [Benchmark(Baseline = true)]
    public byte[]? Raw_PreparedSelect() => _raw.Get(_keys[_next++ % Rows], _time.Now.ToUnixTimeMilliseconds());

    [Benchmark]
    public StoredCacheEntry? Store_Get() => _store.Get(_keys[_next++ % Rows]);

    [Benchmark]
    public async ValueTask<StoredCacheEntry?> Store_GetAsync() => await _store.GetAsync(_keys[_next++ % Rows]);
}

/// <summary>Durable upserts of 1 KB values: one writer, and 16 concurrent writers (group commit vs one commit each).</summary>
[MemoryDiagnoser]
public class StoreSetBenchmarks
{
    private const int WritesPerWriter = 64;
    private readonly ManualTimeProvider _time = new();
    private string _storePath = "";
    private string _rawPath = "";
    private SqliteCacheStore _store = null!;
    private RawSqlite _raw = null!;
    private RawSqlite[] _rawWriters = [];
    private byte[] _payload = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _payload = BenchmarkFiles.Payload(1024, 2);
        _storePath = BenchmarkFiles.NewPath("store-set");
        _store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = _storePath }, _time);
        _rawPath = BenchmarkFiles.NewPath("raw-set");
        _raw = new RawSqlite(_rawPath);
        _rawWriters = Enumerable.Range(0, 16).Select(_ => new RawSqlite(_rawPath)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _raw.Dispose();
        foreach (RawSqlite writer in _rawWriters)
        {
            writer.Dispose();
        }

        BenchmarkFiles.Delete(_storePath);
        BenchmarkFiles.Delete(_rawPath);
    }

    [Benchmark(Baseline = true)]
    public void Raw_AutocommitUpsert() =>
        _raw.Upsert($"key:{_next++ % 10_000}", _payload, _time.Now.AddHours(1).ToUnixTimeMilliseconds());

    [Benchmark]
    public void Store_Set() => _store.Set(Entry(_next++ % 10_000));

    /// <summary>16 writers × 64 upserts, each writer on its own connection, one autocommit transaction per write.</summary>
    [Benchmark(OperationsPerInvoke = 16 * WritesPerWriter)]
    public Task Raw_16Writers() => Task.WhenAll(_rawWriters.Select((writer, w) => Task.Run(() =>
    {
        for (int i = 0; i < WritesPerWriter; i++)
        {
            writer.Upsert($"w{w}:{i}", _payload, _time.Now.AddHours(1).ToUnixTimeMilliseconds());
        }
    })));

    /// <summary>16 writers × 64 upserts through the store's group-commit writer.</summary>
    [Benchmark(OperationsPerInvoke = 16 * WritesPerWriter)]
    public Task Store_16Writers() => Task.WhenAll(Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
    {
        for (int i = 0; i < WritesPerWriter; i++)
        {
            await _store.SetAsync(Entry(w * WritesPerWriter + i));
        }
    })));

    private StoredCacheEntry Entry(int i) => new()
    {
        Key = $"key:{i}",
        Data = _payload,
        Format = "bytes",
        ExpiresAt = _time.Now.AddHours(1),
        SavedByProfile = "default",
    };
}

/// <summary>Deleting 10k expired rows: the store's bounded batches beside one raw DELETE.</summary>
[MemoryDiagnoser]
public class StoreDeleteExpiredBenchmarks
{
    private const int Rows = 10_000;
    private readonly ManualTimeProvider _time = new();
    private string _storePath = "";
    private string _rawPath = "";
    private SqliteCacheStore _store = null!;
    private RawSqlite _raw = null!;
    private byte[] _payload = [];

    [GlobalSetup]
    public void Setup()
    {
        _payload = BenchmarkFiles.Payload(256, 3);
        _storePath = BenchmarkFiles.NewPath("store-exp");
        _store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = _storePath }, _time);
        _rawPath = BenchmarkFiles.NewPath("raw-exp");
        _raw = new RawSqlite(_rawPath);
    }

    [IterationSetup(Target = nameof(Store_DeleteExpired))]
    public void FillStore()
    {
        DateTimeOffset soon = _time.Now.AddMinutes(1);
        _store.SetMany(Enumerable.Range(0, Rows).Select(i => new StoredCacheEntry
        {
            Key = $"key:{i}",
            Data = _payload,
            Format = "bytes",
            ExpiresAt = soon,
            SavedByProfile = "default",
        }));
        _time.Now = _time.Now.AddMinutes(2);
    }

    [IterationSetup(Target = nameof(Raw_DeleteExpired))]
    public void FillRaw()
    {
        long soon = _time.Now.AddMinutes(1).ToUnixTimeMilliseconds();
        _raw.Execute("BEGIN");
        for (int i = 0; i < Rows; i++)
        {
            _raw.Upsert($"key:{i}", _payload, soon);
        }

        _raw.Execute("COMMIT");
        _time.Now = _time.Now.AddMinutes(2);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _raw.Dispose();
        BenchmarkFiles.Delete(_storePath);
        BenchmarkFiles.Delete(_rawPath);
    }

    [Benchmark(Baseline = true)]
    public int Raw_DeleteExpired() => _raw.DeleteExpired(_time.Now.ToUnixTimeMilliseconds());

    [Benchmark]
    public int Store_DeleteExpired() => _store.DeleteExpired().Count;
}
