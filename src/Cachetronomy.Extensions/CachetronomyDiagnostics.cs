namespace Cachetronomy;

/// <summary>
/// Names of Cachetronomy's <see cref="System.Diagnostics.Metrics.Meter"/> and its instruments, for OpenTelemetry
/// (<c>metrics.AddMeter(CachetronomyDiagnostics.MeterName)</c>) and <c>dotnet-counters</c>. Tags never carry keys.
/// </summary>
public static class CachetronomyDiagnostics
{
    /// <summary>The meter's name: <c>Cachetronomy</c>.</summary>
    public const string MeterName = "Cachetronomy";

    /// <summary>Counter of reads answered from the cache, tagged <see cref="TierTag"/> (<see cref="MemoryTier"/> or <see cref="StoreTier"/>).</summary>
    public const string CacheHit = "cachetronomy.cache.hit";

    /// <summary>Counter of reads that found nothing usable (absent, expired or unreadable).</summary>
    public const string CacheMiss = "cachetronomy.cache.miss";

    /// <summary>Counter of entries written.</summary>
    public const string CacheSet = "cachetronomy.cache.set";

    /// <summary>Counter of entries evicted or removed, tagged <see cref="ReasonTag"/> (an <see cref="EvictionReasons"/> value).</summary>
    public const string CacheEviction = "cachetronomy.cache.eviction";

    /// <summary>Counter of <c>GetOrCreate</c> factory runs (one per key at a time, however many callers waited).</summary>
    public const string FactoryRun = "cachetronomy.factory.run";

    /// <summary>Histogram of store read durations, in seconds.</summary>
    public const string StoreReadDuration = "cachetronomy.store.read.duration";

    /// <summary>Histogram of store write durations (until committed), in seconds.</summary>
    public const string StoreWriteDuration = "cachetronomy.store.write.duration";

    /// <summary>The tag naming the tier that answered a hit.</summary>
    public const string TierTag = "tier";

    /// <summary>The <see cref="TierTag"/> value of a front-tier (RAM) hit.</summary>
    public const string MemoryTier = "memory";

    /// <summary>The <see cref="TierTag"/> value of a store hit.</summary>
    public const string StoreTier = "store";

    /// <summary>The tag naming an eviction's reason.</summary>
    public const string ReasonTag = "reason";
}
