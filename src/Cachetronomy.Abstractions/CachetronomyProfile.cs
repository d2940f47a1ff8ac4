using System;
using System.Collections.Generic;
using System.Linq;

namespace Cachetronomy;

/// <summary>
/// A named set of cache settings: default time-to-live, eviction loop intervals, memory target and front-tier cap.
/// Profiles live in configuration (<c>Cachetronomy:Profiles:&lt;name&gt;</c>) and in the store's <c>profiles</c>
/// table, so the command-line tool and other processes see them.
/// </summary>
/// <remarks>
/// Defaults are the original library's: a one hour time-to-live, a TTL sweep every minute, memory-based
/// eviction on with a 500 MB free-memory target checked every 5 seconds, and at most 100 items in RAM.
/// A zero interval, target or cap turns that loop or limit off. Instances are immutable; use a
/// <see langword="with"/> expression to derive one.
/// </remarks>
public sealed record CachetronomyProfile
{
    /// <summary>The name of the profile every store has: <c>default</c>.</summary>
    public const string DefaultName = "default";

    /// <summary>Gets the profile's name. Default: <c>default</c>.</summary>
    public string Name { get; init; } = DefaultName;

    /// <summary>Gets the time-to-live of entries written without one. Must be positive. Default: 1 hour.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets how often expired rows are swept. <see cref="TimeSpan.Zero"/> turns the sweep off. Default: 1 minute.</summary>
    public TimeSpan TtlCleanupInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets whether the memory-pressure loop runs. Default: <see langword="true"/>.</summary>
    public bool MemoryBasedEviction { get; init; } = true;

    /// <summary>
    /// Gets the free-memory target: at most 1 means a fraction of total memory, above 1 a number of megabytes
    /// (MB = 1024 × 1024 bytes). When available memory falls below it, least-used entries leave RAM, at most 10% of
    /// the resident entries (at least one) per check. Default: 500.
    /// </summary>
    public double FreeMemoryTarget { get; init; } = 500d;

    /// <summary>Gets how often available memory is checked. <see cref="TimeSpan.Zero"/> turns the check off. Default: 5 seconds.</summary>
    public TimeSpan MemoryCleanupInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the most entries the front tier holds in RAM. 0 means no cap. Default: 100.</summary>
    public int MaxItemsInMemory { get; init; } = 100;

    /// <summary>Gets the tags the decorator API adds to entries it writes without tags of their own. Default: none.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <inheritdoc/>
    public bool Equals(CachetronomyProfile? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && TimeToLive == other.TimeToLive
        && TtlCleanupInterval == other.TtlCleanupInterval
        && MemoryBasedEviction == other.MemoryBasedEviction
        && FreeMemoryTarget.Equals(other.FreeMemoryTarget)
        && MemoryCleanupInterval == other.MemoryCleanupInterval
        && MaxItemsInMemory == other.MaxItemsInMemory
        && Tags.SequenceEqual(other.Tags, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(Name, TimeToLive, TtlCleanupInterval, MemoryBasedEviction, FreeMemoryTarget, MemoryCleanupInterval, MaxItemsInMemory, Tags.Count);
}
