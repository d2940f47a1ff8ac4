using System;
using System.Collections.Generic;

namespace Cachetronomy;

/// <summary>
/// A partial change to the active profile: every property left <see langword="null"/> keeps its current value.
/// </summary>
public sealed record CachetronomyProfileUpdate
{
    /// <summary>Gets the new default time-to-live, or <see langword="null"/> to keep it.</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>Gets the new TTL sweep interval, or <see langword="null"/> to keep it.</summary>
    public TimeSpan? TtlCleanupInterval { get; init; }

    /// <summary>Gets whether memory-based eviction runs, or <see langword="null"/> to keep it.</summary>
    public bool? MemoryBasedEviction { get; init; }

    /// <summary>Gets the new free-memory target, or <see langword="null"/> to keep it.</summary>
    public double? FreeMemoryTarget { get; init; }

    /// <summary>Gets the new memory check interval, or <see langword="null"/> to keep it.</summary>
    public TimeSpan? MemoryCleanupInterval { get; init; }

    /// <summary>Gets the new front-tier cap, or <see langword="null"/> to keep it.</summary>
    public int? MaxItemsInMemory { get; init; }

    /// <summary>Gets the new decorator tags, or <see langword="null"/> to keep them.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Applies this update to a profile.</summary>
    /// <param name="profile">The profile to change.</param>
    /// <returns>A new profile with the same name and the changed settings.</returns>
    public CachetronomyProfile ApplyTo(CachetronomyProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile with
        {
            TimeToLive = TimeToLive ?? profile.TimeToLive,
            TtlCleanupInterval = TtlCleanupInterval ?? profile.TtlCleanupInterval,
            MemoryBasedEviction = MemoryBasedEviction ?? profile.MemoryBasedEviction,
            FreeMemoryTarget = FreeMemoryTarget ?? profile.FreeMemoryTarget,
            MemoryCleanupInterval = MemoryCleanupInterval ?? profile.MemoryCleanupInterval,
            MaxItemsInMemory = MaxItemsInMemory ?? profile.MaxItemsInMemory,
            Tags = Tags ?? profile.Tags,
        };
    }
}
