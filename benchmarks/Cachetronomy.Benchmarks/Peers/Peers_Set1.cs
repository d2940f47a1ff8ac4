using BenchmarkDotNet.Attributes;
using NeoSmart.Caching.Sqlite;

namespace Cachetronomy.Benchmarks.Peers;

/// <summary>
/// Durable writes of 1 KB values from one writer, cycling over 10k keys: our Set/SetAsync beside a raw autocommit
/// INSERT OR REPLACE (baseline) and NeoSmart.Caching.Sqlite Set. Every call returns after its commit.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Peers")]
public class Peers_Set1
{
    private const int Keys = 10_000;
    private readonly TimeProvider _time = TimeProvider.System;
    private byte[] _payload = [];
    private string[] _keys = [];
    private string _oursPath = "";
    private string _rawPath = "";
    private string _neoPath = "";
    private Cachetronaut _ours = null!;
    private RawSqlite _raw = null!;
    private SqliteCache _neo = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _payload = BenchmarkFiles.Payload(1024, 6);
        _keys = Enumerable.Range(0, Keys).Select(i => $"key:{i}").ToArray();
        _oursPath = BenchmarkFiles.NewPath("peers-set1-ours");
        _ours = BenchmarkEngines.Open(_oursPath, _time);
        _rawPath = BenchmarkFiles.NewPath("peers-set1-raw");
        _raw = new RawSqlite(_rawPath);
        _neoPath = BenchmarkFiles.NewPath("peers-set1-neo");
        _neo = PeerCaches.NeoSmart(_neoPath);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.Dispose();
        _raw.Dispose();
        _neo.Dispose();
        BenchmarkFiles.Delete(_oursPath);
        BenchmarkFiles.Delete(_rawPath);
        BenchmarkFiles.Delete(_neoPath);
    }

    [Benchmark(Baseline = true)]
    public void Raw_AutocommitUpsert() =>
        _raw.Upsert(NextKey(), _payload, _time.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds());

    [Benchmark]
    public void Cachetronomy_Set() => _ours.Set(NextKey(), _payload, PeerCaches.Bytes);

    [Benchmark]
    public ValueTask Cachetronomy_SetAsync() => _ours.SetAsync(NextKey(), _payload, PeerCaches.Bytes);

    [Benchmark]
    public void NeoSmart_Set() => _neo.Set(NextKey(), _payload, PeerCaches.DistributedOptions);

    private string NextKey() => _keys[_next++ % Keys];
}
