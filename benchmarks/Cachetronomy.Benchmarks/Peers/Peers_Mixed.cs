using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using NeoSmart.Caching.Sqlite;
using ZiggyCreatures.Caching.Fusion;

namespace Cachetronomy.Benchmarks.Peers;

/// <summary>
/// A mixed load: 16 tasks, 90 % GetOrCreateAsync and 10 % durable SetAsync of 1 KB values, keys drawn from a
/// pre-generated Zipf(0.99) sequence over 10k keys (fixed seed; every contender replays the same one). All keys are
/// written before the run. Ours (one SQLite file under its own front tier) beside Microsoft HybridCache and
/// FusionCache, each with NeoSmart.Caching.Sqlite as its L2 (registered as IDistributedCache). Time is per operation.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Peers")]
public class Peers_Mixed
{
    private const int Keys = 10_000;
    private const int Tasks = 16;
    private const int OpsPerTask = 256;
    private static readonly Func<CancellationToken, ValueTask<byte[]>> s_miss = static _ => ValueTask.FromResult(new byte[1024]);
    private static readonly Func<FusionCacheFactoryExecutionContext<byte[]>, CancellationToken, Task<byte[]>> s_fusionMiss = static (_, _) => Task.FromResult(new byte[1024]);

    private string[] _keys = [];
    private int[] _sequence = [];
    private bool[] _isSet = [];
    private byte[] _payload = [];
    private int _round;
    private string _oursPath = "";
    private string _hybridL2Path = "";
    private string _fusionL2Path = "";
    private Cachetronaut _ours = null!;
    private SqliteCache _hybridL2 = null!;
    private ServiceProvider _services = null!;
    private HybridCache _hybrid = null!;
    private SqliteCache _fusionL2 = null!;
    private FusionCache _fusion = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _keys = Enumerable.Range(0, Keys).Select(i => $"key:{i}").ToArray();
        // Several rounds of the sequence, so consecutive invocations do not replay the same operations.
        const int Rounds = 8;
        _sequence = Zipf.Sequence(Keys, 0.99, Rounds * Tasks * OpsPerTask, seed: 42);
        var random = new Random(43);
        _isSet = _sequence.Select(_ => random.Next(10) == 0).ToArray();
        _payload = BenchmarkFiles.Payload(1024, 9);

        _oursPath = BenchmarkFiles.NewPath("peers-mixed-ours");
        _ours = BenchmarkEngines.Open(_oursPath, TimeProvider.System);
        _ours.SetMany(_keys.Select(k => KeyValuePair.Create(k, _payload)), PeerCaches.Bytes);

        _hybridL2Path = BenchmarkFiles.NewPath("peers-mixed-hybrid-neo");
        _hybridL2 = PeerCaches.NeoSmart(_hybridL2Path);
        (_services, _hybrid) = PeerCaches.Hybrid(_hybridL2);

        _fusionL2Path = BenchmarkFiles.NewPath("peers-mixed-fusion-neo");
        _fusionL2 = PeerCaches.NeoSmart(_fusionL2Path);
        _fusion = PeerCaches.Fusion(_fusionL2);

        foreach (string key in _keys)
        {
            await _hybrid.SetAsync(key, _payload, PeerCaches.HybridOptions);
            await _fusion.SetAsync(key, _payload);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        CacheStatistics stats = _ours.Stats();
        Console.WriteLine($"// Cachetronomy mixed reads: {stats.MemoryHits} from RAM, {stats.StoreHits} from the store, {stats.Misses} misses");
        _services.Dispose();
        _fusion.Dispose();
        _hybridL2.Dispose();
        _fusionL2.Dispose();
        _ours.Dispose();
        BenchmarkFiles.Delete(_oursPath);
        BenchmarkFiles.Delete(_hybridL2Path);
        BenchmarkFiles.Delete(_fusionL2Path);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks * OpsPerTask)]
    public Task HybridCache_NeoSmartL2() => Run(async (key, set) =>
    {
        if (set)
        {
            await _hybrid.SetAsync(key, _payload, PeerCaches.HybridOptions);
        }
        else
        {
            _ = await _hybrid.GetOrCreateAsync(key, s_miss);
        }
    });

    [Benchmark(OperationsPerInvoke = Tasks * OpsPerTask)]
    public Task FusionCache_NeoSmartL2() => Run(async (key, set) =>
    {
        if (set)
        {
            await _fusion.SetAsync(key, _payload);
        }
        else
        {
            _ = await _fusion.GetOrSetAsync<byte[]>(key, s_fusionMiss, default(MaybeValue<byte[]>));
        }
    });

    [Benchmark(OperationsPerInvoke = Tasks * OpsPerTask)]
    public Task Cachetronomy() => Run(async (key, set) =>
    {
        if (set)
        {
            await _ours.SetAsync(key, _payload, PeerCaches.Bytes);
        }
        else
        {
            _ = await _ours.GetOrCreateAsync(key, s_miss, PeerCaches.Bytes);
        }
    });

    private Task Run(Func<string, bool, Task> operation)
    {
        int round = _round++ % (_sequence.Length / (Tasks * OpsPerTask));
        return Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            int start = (round * Tasks + t) * OpsPerTask;
            for (int i = start; i < start + OpsPerTask; i++)
            {
                await operation(_keys[_sequence[i]], _isSet[i]);
            }
        })));
    }
}
