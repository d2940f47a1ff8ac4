using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Cachetronomy.Storage.Sqlite;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace Cachetronomy.Benchmarks;

/// <summary>Engines for the benchmarks: a profile with a front-tier cap above the row counts used here.</summary>
internal static class BenchmarkEngines
{
    public const string Profile = "bench";

    public static CachetronomyOptions Options(string path) => new()
    {
        DatabasePath = path,
        ActiveProfile = Profile,
        Profiles = { [Profile] = new CachetronomyProfile { Name = Profile, TimeToLive = TimeSpan.FromHours(1), MaxItemsInMemory = 1_000_000 } },
    };

    public static Cachetronaut Open(string path, TimeProvider time) => new(Options(path), time);

    /// <summary>Opens an engine whose commits fsync (<see cref="SqliteSynchronousMode.Full"/>) or not (Normal).</summary>
    public static Cachetronaut Open(string path, TimeProvider time, SqliteSynchronousMode synchronous)
    {
        CachetronomyOptions options = Options(path);
        options.Synchronous = synchronous;
        return new(options, time);
    }
}

/// <summary>Front-tier hits: the engine's typed reads and GetOrCreateAsync beside MemoryCache.TryGetValue.</summary>
[MemoryDiagnoser]
public class EngineHitBenchmarks
{
    private static readonly Func<CancellationToken, ValueTask<string>> s_factory = static _ => ValueTask.FromResult("created");
    private readonly ManualTimeProvider _time = new();
    private string _path = "";
    private Cachetronaut _engine = null!;
    private MemoryCache _memory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = BenchmarkFiles.NewPath("engine-hit");
        _engine = BenchmarkEngines.Open(_path, _time);
        _engine.Set("s", "a cached string value");
        _engine.Set("b", BenchmarkFiles.Payload(1024, 4), new CachetronautEntryOptions { Serializer = "bytes" });
        _memory = new MemoryCache(new MemoryCacheOptions());
        _memory.Set("s", "a cached string value", TimeSpan.FromHours(1));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _memory.Dispose();
        BenchmarkFiles.Delete(_path);
    }

    [Benchmark(Baseline = true)]
    public string? MemoryCache_TryGetValue() => _memory.TryGetValue("s", out string? value) ? value : null;

    [Benchmark]
    public string? Engine_GetString() => _engine.Get<string>("s");

    [Benchmark]
    public byte[]? Engine_GetBytes() => _engine.Get<byte[]>("b");

    [Benchmark]
    public ValueTask<string> Engine_GetOrCreateAsync() => _engine.GetOrCreateAsync("s", s_factory);
}

/// <summary>
/// Cold reads: every key once through an engine whose front tier is empty (a fresh instance over a 10k-row file
/// per iteration), so each read is a store point read, a deserialization and a promotion. One invocation per
/// iteration, so no invocation reads what an earlier one promoted.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class EngineColdGetBenchmarks
{
    private const int Rows = 10_000;
    private readonly ManualTimeProvider _time = new();
    private string _path = "";
    private string _rawPath = "";
    private string[] _keys = [];
    private Cachetronaut? _engine;
    private RawSqlite _raw = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keys = Enumerable.Range(0, Rows).Select(i => $"key:{i}").ToArray();
        byte[] payload = BenchmarkFiles.Payload(1024, 5);
        _path = BenchmarkFiles.NewPath("engine-cold");
        using (Cachetronaut seed = BenchmarkEngines.Open(_path, _time))
        {
            seed.SetMany(_keys.Select(k => KeyValuePair.Create(k, payload)), new CachetronautEntryOptions { Serializer = "bytes" });
        }

        _rawPath = BenchmarkFiles.NewPath("raw-cold");
        _raw = new RawSqlite(_rawPath);
        _raw.Execute("BEGIN");
        foreach (string key in _keys)
        {
            _raw.Upsert(key, payload, _time.Now.AddHours(1).ToUnixTimeMilliseconds());
        }

        _raw.Execute("COMMIT");
    }

    [IterationSetup(Target = nameof(Engine_ColdGet))]
    public void OpenFreshEngine() => _engine = BenchmarkEngines.Open(_path, _time);

    [IterationCleanup(Target = nameof(Engine_ColdGet))]
    public void CloseEngine() => _engine?.Dispose();

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        BenchmarkFiles.Delete(_path);
        BenchmarkFiles.Delete(_rawPath);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public int Raw_PreparedSelect()
    {
        int found = 0;
        long now = _time.Now.ToUnixTimeMilliseconds();
        foreach (string key in _keys)
        {
            found += _raw.Get(key, now) is null ? 0 : 1;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int Engine_ColdGet()
    {
        int found = 0;
        foreach (string key in _keys)
        {
            found += _engine!.Get<byte[]>(key) is null ? 0 : 1;
        }

        return found;
    }
}

/// <summary>Durable writes of 1 KB values: the engine's Set beside a raw autocommit upsert.</summary>
[MemoryDiagnoser]
public class EngineSetBenchmarks
{
    private static readonly CachetronautEntryOptions s_bytes = new() { Serializer = "bytes" };
    private readonly ManualTimeProvider _time = new();
    private string _path = "";
    private string _rawPath = "";
    private Cachetronaut _engine = null!;
    private RawSqlite _raw = null!;
    private byte[] _payload = [];
    private string[] _keys = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _payload = BenchmarkFiles.Payload(1024, 6);
        _keys = Enumerable.Range(0, 10_000).Select(i => $"key:{i}").ToArray();
        _path = BenchmarkFiles.NewPath("engine-set");
        _engine = BenchmarkEngines.Open(_path, _time);
        _rawPath = BenchmarkFiles.NewPath("raw-set");
        _raw = new RawSqlite(_rawPath);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _raw.Dispose();
        BenchmarkFiles.Delete(_path);
        BenchmarkFiles.Delete(_rawPath);
    }

    [Benchmark(Baseline = true)]
    public void Raw_AutocommitUpsert() =>
        _raw.Upsert(_keys[_next++ % _keys.Length], _payload, _time.Now.AddHours(1).ToUnixTimeMilliseconds());

    [Benchmark]
    public void Engine_SetBytes() => _engine.Set(_keys[_next++ % _keys.Length], _payload, s_bytes);

    [Benchmark]
    public ValueTask Engine_SetBytesAsync() => _engine.SetAsync(_keys[_next++ % _keys.Length], _payload, s_bytes);
}

/// <summary>
/// HybridCache hits: CachetronomyHybridCache beside Microsoft's default HybridCache (AddHybridCache(), in-memory L1
/// only), for a string and a 1 KB byte array.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EngineHybridHitBenchmarks
{
    private static readonly Func<CancellationToken, ValueTask<string>> s_stringFactory = static _ => ValueTask.FromResult("created");
    private static readonly Func<CancellationToken, ValueTask<byte[]>> s_bytesFactory = static _ => ValueTask.FromResult(Array.Empty<byte>());
    private readonly ManualTimeProvider _time = new();
    private string _path = "";
    private Cachetronaut _engine = null!;
    private HybridCache _ours = null!;
    private HybridCache _microsoft = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        byte[] payload = BenchmarkFiles.Payload(1024, 7);
        _path = BenchmarkFiles.NewPath("engine-hybrid");
        _engine = BenchmarkEngines.Open(_path, _time);
        _ours = new CachetronomyHybridCache(_engine);
        await _ours.SetAsync("s", "a cached string value");
        await _ours.SetAsync("b", payload);

        _services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
        _microsoft = _services.GetRequiredService<HybridCache>();
        await _microsoft.SetAsync("s", "a cached string value");
        await _microsoft.SetAsync("b", payload);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _engine.Dispose();
        BenchmarkFiles.Delete(_path);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("string")]
    public ValueTask<string> Microsoft_String() => _microsoft.GetOrCreateAsync("s", s_stringFactory);

    [Benchmark, BenchmarkCategory("string")]
    public ValueTask<string> Cachetronomy_String() => _ours.GetOrCreateAsync("s", s_stringFactory);

    [Benchmark(Baseline = true), BenchmarkCategory("bytes")]
    public ValueTask<byte[]> Microsoft_Bytes() => _microsoft.GetOrCreateAsync("b", s_bytesFactory);

    [Benchmark, BenchmarkCategory("bytes")]
    public ValueTask<byte[]> Cachetronomy_Bytes() => _ours.GetOrCreateAsync("b", s_bytesFactory);
}

/// <summary>
/// <c>IDistributedCache.Get</c> of a 1 KB entry in RAM, one read per millisecond of a manual clock: an absolute entry
/// (baseline: no slide), a sliding one (60 s window) at the default <c>SlidingRefreshThreshold</c> (a store slide once
/// per 6 s of reads) and at 0 (a store write on every read, what SQL Server's distributed cache does).
/// </summary>
[MemoryDiagnoser]
public class EngineSlidingGetBenchmarks
{
    private readonly ManualTimeProvider _time = new();
    private string _path = "";
    private string _everyReadPath = "";
    private Cachetronaut _engine = null!;
    private Cachetronaut _everyRead = null!;
    private IDistributedCache _cache = null!;
    private IDistributedCache _everyReadCache = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[] payload = BenchmarkFiles.Payload(1024, 9);
        var sliding = new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(60) };
        _path = BenchmarkFiles.NewPath("engine-sliding");
        _engine = BenchmarkEngines.Open(_path, _time);
        _cache = _engine;
        _cache.Set("absolute", payload, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromDays(365) });
        _cache.Set("sliding", payload, sliding);

        _everyReadPath = BenchmarkFiles.NewPath("engine-sliding-every-read");
        CachetronomyOptions options = BenchmarkEngines.Options(_everyReadPath);
        options.SlidingRefreshThreshold = 0;
        _everyRead = new Cachetronaut(options, _time);
        _everyReadCache = _everyRead;
        _everyReadCache.Set("sliding", payload, sliding);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _everyRead.Dispose();
        BenchmarkFiles.Delete(_path);
        BenchmarkFiles.Delete(_everyReadPath);
    }

    [Benchmark(Baseline = true)]
    public byte[]? Absolute() => Read(_cache, "absolute");

    [Benchmark]
    public byte[]? Sliding_DefaultThreshold() => Read(_cache, "sliding");

    [Benchmark]
    public byte[]? Sliding_WriteEveryRead() => Read(_everyReadCache, "sliding");

    private byte[]? Read(IDistributedCache cache, string key)
    {
        _time.Now = _time.Now.AddMilliseconds(1);
        return cache.Get(key);
    }
}
