using System.Collections.Generic;

namespace Cachetronomy;

/// <summary>The result of <c>Stats()</c>.</summary>
/// <param name="TotalKeys">Distinct keys across both tiers.</param>
/// <param name="MemoryKeys">Entries in the front tier.</param>
/// <param name="StoreKeys">Rows in the store.</param>
/// <param name="HotKeys">The ten most-read keys from the persisted access log.</param>
/// <param name="EvictionsCount">Rows in the eviction log.</param>
/// <param name="Profile">The active profile's name.</param>
/// <param name="MemoryHits">Reads answered by the front tier since this instance started.</param>
/// <param name="StoreHits">Reads answered by the store since this instance started.</param>
/// <param name="Misses">Reads that found nothing since this instance started.</param>
public sealed record CacheStatistics(
    long TotalKeys,
    int MemoryKeys,
    long StoreKeys,
    IReadOnlyList<AccessLogEntry> HotKeys,
    long EvictionsCount,
    string Profile,
    long MemoryHits,
    long StoreHits,
    long Misses)
{
    /// <summary>Gets the share of reads that were hits, from 0 to 1 (0 when nothing was read).</summary>
    public double HitRatio => MemoryHits + StoreHits + Misses == 0 ? 0d : (double)(MemoryHits + StoreHits) / (MemoryHits + StoreHits + Misses);
}
