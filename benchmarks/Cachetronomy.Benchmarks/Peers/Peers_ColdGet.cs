using BenchmarkDotNet.Attributes;
using NeoSmart.Caching.Sqlite;

namespace Cachetronomy.Benchmarks.Peers;

/// <summary>
/// Store reads with a cold front tier: 1 KB values, 10k keys, every key read once per iteration through a fresh
/// instance opened over an existing, checkpointed file (so no read finds what an earlier one promoted, and every
/// contender starts with an empty SQLite page cache). Baseline: a raw prepared point SELECT on a fresh connection.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
// An iteration is one pass over 10k keys (tens of milliseconds): 15 of them, even in --short runs, so one slow pass
// (a VM stall, a GC) moves the mean less.
[IterationCount(15)]
[BenchmarkCategory("Peers")]
public class Peers_ColdGet
{
    private const int Rows = 10_000;
    private readonly TimeProvider _time = TimeProvider.System;
    private string[] _keys = [];
    private string _oursPath = "";
    private string _rawPath = "";
    private string _neoPath = "";
    private Cachetronaut? _ours;
    private RawSqlite? _raw;
    private SqliteCache? _neo;

    [GlobalSetup]
    public void Setup()
    {
        _keys = Enumerable.Range(0, Rows).Select(i => $"key:{i}").ToArray();
        // Shuffled, so reads do not walk the B-tree in insertion order.
        new Random(10).Shuffle(_keys);
        byte[] payload = BenchmarkFiles.Payload(1024, 5);

        _oursPath = BenchmarkFiles.NewPath("peers-cold-ours");
        using (Cachetronaut seed = BenchmarkEngines.Open(_oursPath, _time))
        {
            seed.SetMany(_keys.Select(k => KeyValuePair.Create(k, payload)), PeerCaches.Bytes);
        }

        _rawPath = BenchmarkFiles.NewPath("peers-cold-raw");
        RawSqlite.Seed(_rawPath, _keys, payload, _time.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds());

        _neoPath = BenchmarkFiles.NewPath("peers-cold-neo");
        using (SqliteCache seed = PeerCaches.NeoSmart(_neoPath))
        {
            seed.SetBulk(_keys.Select(k => KeyValuePair.Create(k, payload)), PeerCaches.DistributedOptions);
        }
    }

    [IterationSetup(Target = nameof(Raw_PreparedSelect))]
    public void OpenRaw() => _raw = new RawSqlite(_rawPath);

    [IterationCleanup(Target = nameof(Raw_PreparedSelect))]
    public void CloseRaw() => _raw?.Dispose();

    [IterationSetup(Target = nameof(Cachetronomy_ColdGet))]
    public void OpenOurs() => _ours = BenchmarkEngines.Open(_oursPath, _time);

    [IterationCleanup(Target = nameof(Cachetronomy_ColdGet))]
    public void CloseOurs() => _ours?.Dispose();

    [IterationSetup(Target = nameof(NeoSmart_Get))]
    public void OpenNeo() => _neo = PeerCaches.NeoSmart(_neoPath);

    [IterationCleanup(Target = nameof(NeoSmart_Get))]
    public void CloseNeo() => _neo?.Dispose();

    [GlobalCleanup]
    public void Cleanup()
    {
        BenchmarkFiles.Delete(_oursPath);
        BenchmarkFiles.Delete(_rawPath);
        BenchmarkFiles.Delete(_neoPath);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public int Raw_PreparedSelect()
    {
        int found = 0;
        foreach (string key in _keys)
        {
            found += _raw!.Get(key, _time.GetUtcNow().ToUnixTimeMilliseconds()) is null ? 0 : 1;
        }

        return Check(found);
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int Cachetronomy_ColdGet()
    {
        int found = 0;
        foreach (string key in _keys)
        {
            found += _ours!.Get<byte[]>(key) is null ? 0 : 1;
        }

        return Check(found);
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int NeoSmart_Get()
    {
        int found = 0;
        foreach (string key in _keys)
        {
            found += _neo!.Get(key) is null ? 0 : 1;
        }

        return Check(found);
    }

    private static int Check(int found) =>
        found == Rows ? found : throw new InvalidOperationException($"Read {found} of {Rows} rows: the setup is wrong.");
}
