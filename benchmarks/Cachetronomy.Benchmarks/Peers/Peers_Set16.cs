using BenchmarkDotNet.Attributes;
using Cachetronomy.Storage.Sqlite;
using NeoSmart.Caching.Sqlite;

namespace Cachetronomy.Benchmarks.Peers;

/// <summary>
/// Durable writes of 1 KB values from 16 concurrent writers (64 each per invocation; the time shown is per write,
/// so throughput is its inverse): our SetAsync (group commit) beside raw one-commit-per-write on 16 connections
/// (baseline), raw 16 upserts per transaction on one connection (the floor) and NeoSmart.Caching.Sqlite SetAsync.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Peers")]
public class Peers_Set16
{
    private const int Writers = 16;
    private const int WritesPerWriter = 64;
    private readonly TimeProvider _time = TimeProvider.System;
    private byte[] _payload = [];
    private string[][] _keys = [];
    private string _oursPath = "";
    private string _rawPath = "";
    private string _neoPath = "";
    private SqliteCacheStore _oursStore = null!;
    private Cachetronaut _ours = null!;
    private RawSqlite[] _raw = [];
    private SqliteCache _neo = null!;

    /// <summary>
    /// Normal: commits do not fsync in WAL mode (the store's default, and the scenario). Full: every commit
    /// fsyncs, ours and raw alike (NeoSmart keeps its own setting), which is where group commit shares the cost.
    /// </summary>
    [Params(SqliteSynchronousMode.Normal, SqliteSynchronousMode.Full)]
    public SqliteSynchronousMode Synchronous { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = BenchmarkFiles.Payload(1024, 8);
        _keys = Enumerable.Range(0, Writers)
            .Select(w => Enumerable.Range(0, WritesPerWriter).Select(i => $"w{w}:{i}").ToArray())
            .ToArray();
        _oursPath = BenchmarkFiles.NewPath("peers-set16-ours");
        _oursStore = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = _oursPath, Synchronous = Synchronous }, _time);
        _ours = new Cachetronaut(_oursStore, BenchmarkEngines.Options(_oursPath), _time);
        _rawPath = BenchmarkFiles.NewPath("peers-set16-raw");
        _raw = Enumerable.Range(0, Writers).Select(_ => new RawSqlite(_rawPath, Synchronous == SqliteSynchronousMode.Full)).ToArray();
        _neoPath = BenchmarkFiles.NewPath("peers-set16-neo");
        _neo = PeerCaches.NeoSmart(_neoPath);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        GroupCommitStatistics commits = _oursStore.GroupCommit;
        Console.WriteLine($"// Cachetronomy group commit ({Synchronous}): {commits.Writes} writes in {commits.Transactions} transactions, {commits.MeanBatchSize:F1} per transaction");
        _ours.Dispose();
        _oursStore.Dispose();
        foreach (RawSqlite raw in _raw)
        {
            raw.Dispose();
        }

        _neo.Dispose();
        BenchmarkFiles.Delete(_oursPath);
        BenchmarkFiles.Delete(_rawPath);
        BenchmarkFiles.Delete(_neoPath);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Writers * WritesPerWriter)]
    public Task Raw_16Writers_CommitPerWrite() => Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
    {
        RawSqlite raw = _raw[w];
        foreach (string key in _keys[w])
        {
            raw.Upsert(key, _payload, _time.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds());
        }
    })));

    /// <summary>
    /// The floor for group commit: one writer, 16 upserts per transaction on one prepared command, nothing else (no
    /// change row, no tag table, no task per write). Ours with 16 writers cannot beat this by design.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Writers * WritesPerWriter)]
    public void Raw_16PerTransaction_OneWriter()
    {
        RawSqlite raw = _raw[0];
        long expireAt = _time.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds();
        for (int w = 0; w < WritesPerWriter; w++)
        {
            raw.Execute("BEGIN");
            for (int i = 0; i < Writers; i++)
            {
                raw.Upsert(_keys[i][w], _payload, expireAt);
            }

            raw.Execute("COMMIT");
        }
    }

    [Benchmark(OperationsPerInvoke = Writers * WritesPerWriter)]
    public Task Cachetronomy_16Writers() => Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
    {
        foreach (string key in _keys[w])
        {
            await _ours.SetAsync(key, _payload, PeerCaches.Bytes);
        }
    })));

    [Benchmark(OperationsPerInvoke = Writers * WritesPerWriter)]
    public Task NeoSmart_16Writers() => Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
    {
        foreach (string key in _keys[w])
        {
            await _neo.SetAsync(key, _payload, PeerCaches.DistributedOptions);
        }
    })));
}
