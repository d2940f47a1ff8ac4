using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using ZiggyCreatures.Caching.Fusion;

namespace Cachetronomy.Benchmarks.Peers;

/// <summary>
/// A stampede: 200 concurrent GetOrCreateAsync calls on one missing key whose factory takes 50 ms; each invocation
/// uses a fresh key. The target is one factory run and a wall time within 1.05× the factory time. Factory runs per
/// stampede are printed at cleanup (and by <c>--scale</c>).
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Peers")]
public class Peers_Stampede
{
    public const int Callers = 200;
    public static readonly TimeSpan FactoryTime = TimeSpan.FromMilliseconds(50);

    private string _path = "";
    private Cachetronaut _ours = null!;
    private FusionCache _fusion = null!;
    private ServiceProvider _services = null!;
    private HybridCache _microsoft = null!;
    private readonly StampedeCounter _oursCount = new();
    private readonly StampedeCounter _fusionCount = new();
    private readonly StampedeCounter _microsoftCount = new();

    [GlobalSetup]
    public void Setup()
    {
        _path = BenchmarkFiles.NewPath("peers-stampede");
        _ours = BenchmarkEngines.Open(_path, TimeProvider.System);
        _fusion = PeerCaches.Fusion();
        (_services, _microsoft) = PeerCaches.Hybrid();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// Stampede factory runs: Cachetronomy {_oursCount}; FusionCache {_fusionCount}; HybridCache {_microsoftCount}");
        _services.Dispose();
        _fusion.Dispose();
        _ours.Dispose();
        BenchmarkFiles.Delete(_path);
    }

    [Benchmark(Baseline = true)]
    public Task<int> Cachetronomy_Stampede() => Ours(_ours, _oursCount);

    [Benchmark]
    public Task<int> FusionCache_Stampede() => Fusion(_fusion, _fusionCount);

    [Benchmark]
    public Task<int> HybridCache_Stampede() => Microsoft(_microsoft, _microsoftCount);

    public static Task<int> Ours(Cachetronaut cache, StampedeCounter counter) =>
        Stampede(counter, (key, factory) => cache.GetOrCreateAsync(key, factory).AsTask());

    public static Task<int> Fusion(FusionCache cache, StampedeCounter counter) =>
        Stampede(counter, (key, factory) => cache.GetOrSetAsync<string>(key, (_, ct) => factory(ct).AsTask(), default(MaybeValue<string>)).AsTask());

    public static Task<int> Microsoft(HybridCache cache, StampedeCounter counter) =>
        Stampede(counter, (key, factory) => cache.GetOrCreateAsync(key, factory).AsTask());

    /// <summary>
    /// Starts <see cref="Callers"/> calls on a fresh key back to back, each with the same counting factory that takes
    /// <see cref="FactoryTime"/>, waits for all, and returns how many times the factory ran.
    /// </summary>
    private static async Task<int> Stampede(StampedeCounter counter, Func<string, Func<CancellationToken, ValueTask<string>>, Task<string>> call)
    {
        string key = counter.NextKey();
        Func<CancellationToken, ValueTask<string>> factory = async ct =>
        {
            counter.FactoryRan();
            await Task.Delay(FactoryTime, ct).ConfigureAwait(false);
            return "created";
        };
        var calls = new Task<string>[Callers];
        for (int i = 0; i < Callers; i++)
        {
            calls[i] = call(key, factory);
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
        return counter.RunsOfLast;
    }
}

/// <summary>Counts factory runs per stampede: a fresh key each time, and the worst and total runs.</summary>
public sealed class StampedeCounter
{
    private static int s_keys;
    private int _stampedes;
    private int _runs;
    private int _runsOfLast;
    private int _worst;

    public int RunsOfLast => Volatile.Read(ref _runsOfLast);

    public int Worst => Volatile.Read(ref _worst);

    public int Stampedes => Volatile.Read(ref _stampedes);

    public string NextKey()
    {
        Interlocked.Increment(ref _stampedes);
        Interlocked.Exchange(ref _runsOfLast, 0);
        return $"stampede:{Interlocked.Increment(ref s_keys)}";
    }

    public void FactoryRan()
    {
        Interlocked.Increment(ref _runs);
        int last = Interlocked.Increment(ref _runsOfLast);
        int worst;
        while (last > (worst = Volatile.Read(ref _worst)) && Interlocked.CompareExchange(ref _worst, last, worst) != worst)
        {
        }
    }

    public override string ToString() =>
        _stampedes == 0 ? "no stampedes" : $"{(double)_runs / _stampedes:0.##} per stampede (worst {_worst}, {_stampedes} stampedes)";
}
