using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using ZiggyCreatures.Caching.Fusion;

namespace Cachetronomy.Benchmarks.Peers;

/// <summary>
/// Front-tier hits on one cached key, a string and a 1 KB byte[]: our Get/GetOrCreateAsync (engine and HybridCache
/// view) beside MemoryCache.TryGetValue (baseline), FusionCache TryGet/GetOrSetAsync and Microsoft HybridCache.
/// Every contender holds the same value instances.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[BenchmarkCategory("Peers")]
public class Peers_FrontTierHit
{
    private const string StringKey = "s";
    private const string BytesKey = "b";
    private static readonly Func<CancellationToken, ValueTask<string>> s_string = static _ => ValueTask.FromResult("created");
    private static readonly Func<CancellationToken, ValueTask<byte[]>> s_bytes = static _ => ValueTask.FromResult(Array.Empty<byte>());
    private static readonly Func<FusionCacheFactoryExecutionContext<string>, CancellationToken, Task<string>> s_fusionString = static (_, _) => Task.FromResult("created");
    private static readonly Func<FusionCacheFactoryExecutionContext<byte[]>, CancellationToken, Task<byte[]>> s_fusionBytes = static (_, _) => Task.FromResult(Array.Empty<byte>());

    private readonly string _string = "a cached string value";
    private readonly byte[] _payload = BenchmarkFiles.Payload(1024, 7);
    private string _path = "";
    private Cachetronaut _ours = null!;
    private HybridCache _oursHybrid = null!;
    private MemoryCache _memory = null!;
    private FusionCache _fusion = null!;
    private ServiceProvider _services = null!;
    private HybridCache _microsoft = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _path = BenchmarkFiles.NewPath("peers-hit");
        _ours = BenchmarkEngines.Open(_path, TimeProvider.System);
        _ours.Set(StringKey, _string);
        _ours.Set(BytesKey, _payload, PeerCaches.Bytes);
        _oursHybrid = new CachetronomyHybridCache(_ours);

        _memory = PeerCaches.Memory();
        _memory.Set(StringKey, _string, PeerCaches.Duration);
        _memory.Set(BytesKey, _payload, PeerCaches.Duration);

        _fusion = PeerCaches.Fusion();
        _fusion.Set(StringKey, _string);
        _fusion.Set(BytesKey, _payload);

        (_services, _microsoft) = PeerCaches.Hybrid();
        await _microsoft.SetAsync(StringKey, _string, PeerCaches.HybridOptions);
        await _microsoft.SetAsync(BytesKey, _payload, PeerCaches.HybridOptions);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _fusion.Dispose();
        _memory.Dispose();
        _ours.Dispose();
        BenchmarkFiles.Delete(_path);
    }

    // ---- string ----

    [Benchmark(Baseline = true), BenchmarkCategory("string")]
    public string? MemoryCache_TryGetValue_String() => _memory.TryGetValue(StringKey, out string? v) ? v : null;

    // Reference, not a contender: the baseline behind the same ValueTask<T> return that every GetOrCreateAsync row
    // has, so the harness's cost of consuming a ValueTask<T> shows on its own.
    [Benchmark, BenchmarkCategory("string")]
    public ValueTask<string?> MemoryCache_TryGetValue_AsValueTask_String() =>
        new(_memory.TryGetValue(StringKey, out string? v) ? v : null);

    [Benchmark, BenchmarkCategory("string")]
    public string? Cachetronomy_Get_String() => _ours.Get<string>(StringKey);

    [Benchmark, BenchmarkCategory("string")]
    public ValueTask<string> Cachetronomy_GetOrCreateAsync_String() => _ours.GetOrCreateAsync(StringKey, s_string);

    [Benchmark, BenchmarkCategory("string")]
    public ValueTask<string> CachetronomyHybrid_GetOrCreateAsync_String() => _oursHybrid.GetOrCreateAsync(StringKey, s_string);

    [Benchmark, BenchmarkCategory("string")]
    public string? FusionCache_TryGet_String() => _fusion.TryGet<string>(StringKey).GetValueOrDefault(null!);

    [Benchmark, BenchmarkCategory("string")]
    public ValueTask<string> FusionCache_GetOrSetAsync_String() => _fusion.GetOrSetAsync<string>(StringKey, s_fusionString, default(MaybeValue<string>));

    [Benchmark, BenchmarkCategory("string")]
    public ValueTask<string> HybridCache_GetOrCreateAsync_String() => _microsoft.GetOrCreateAsync(StringKey, s_string);

    // ---- byte[] (1 KB) ----

    [Benchmark(Baseline = true), BenchmarkCategory("bytes")]
    public byte[]? MemoryCache_TryGetValue_Bytes() => _memory.TryGetValue(BytesKey, out byte[]? v) ? v : null;

    [Benchmark, BenchmarkCategory("bytes")]
    public ValueTask<byte[]?> MemoryCache_TryGetValue_AsValueTask_Bytes() =>
        new(_memory.TryGetValue(BytesKey, out byte[]? v) ? v : null);

    [Benchmark, BenchmarkCategory("bytes")]
    public byte[]? Cachetronomy_Get_Bytes() => _ours.Get<byte[]>(BytesKey);

    [Benchmark, BenchmarkCategory("bytes")]
    public ValueTask<byte[]> Cachetronomy_GetOrCreateAsync_Bytes() => _ours.GetOrCreateAsync(BytesKey, s_bytes, PeerCaches.Bytes);

    [Benchmark, BenchmarkCategory("bytes")]
    public ValueTask<byte[]> CachetronomyHybrid_GetOrCreateAsync_Bytes() => _oursHybrid.GetOrCreateAsync(BytesKey, s_bytes);

    [Benchmark, BenchmarkCategory("bytes")]
    public byte[]? FusionCache_TryGet_Bytes() => _fusion.TryGet<byte[]>(BytesKey).GetValueOrDefault(null!);

    [Benchmark, BenchmarkCategory("bytes")]
    public ValueTask<byte[]> FusionCache_GetOrSetAsync_Bytes() => _fusion.GetOrSetAsync<byte[]>(BytesKey, s_fusionBytes, default(MaybeValue<byte[]>));

    [Benchmark, BenchmarkCategory("bytes")]
    public ValueTask<byte[]> HybridCache_GetOrCreateAsync_Bytes() => _microsoft.GetOrCreateAsync(BytesKey, s_bytes);
}
