using System;

namespace Cachetronomy;

/// <summary>One row of the eviction log.</summary>
/// <param name="Id">The row id, increasing with time (0 for a row not yet written).</param>
/// <param name="Key">The key that left the cache (or RAM).</param>
/// <param name="EvictedAt">When it happened (UTC).</param>
/// <param name="Reason">Why: one of the <see cref="EvictionReasons"/> constants.</param>
/// <param name="LastAccessCount">The key's in-memory access count at that moment.</param>
/// <param name="EvictedByProfile">The profile that was active.</param>
public sealed record EvictionLogEntry(
    long Id,
    string Key,
    DateTimeOffset EvictedAt,
    string Reason,
    long LastAccessCount,
    string EvictedByProfile);
