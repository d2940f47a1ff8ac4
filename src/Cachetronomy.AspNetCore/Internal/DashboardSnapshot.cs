using System;
using System.Collections.Generic;

namespace Cachetronomy.AspNetCore.Internal;

/// <summary>What <c>{prefix}/api/stats</c> returns and what the page renders.</summary>
internal sealed record DashboardSnapshot(
    DateTimeOffset GeneratedAt,
    string ActiveProfile,
    long TotalKeys,
    int MemoryKeys,
    int MemoryCapacity,
    long StoreKeys,
    long? FileSizeBytes,
    double HitRatio,
    long MemoryHits,
    long StoreHits,
    long Misses,
    long EvictionsCount,
    IReadOnlyList<DashboardHotKey> MemoryHotKeys,
    IReadOnlyList<DashboardHotKey> StoreHotKeys,
    IReadOnlyList<DashboardEviction> Evictions,
    IReadOnlyList<DashboardProfile> Profiles,
    IReadOnlyList<DashboardKey> Keys,
    bool KeysTruncated);

/// <summary>One hot key with its read count.</summary>
internal sealed record DashboardHotKey(string Key, long AccessCount, DateTimeOffset? LastAccessed);

/// <summary>One row of the eviction log.</summary>
internal sealed record DashboardEviction(string Key, DateTimeOffset EvictedAt, string Reason, long LastAccessCount, string Profile);

/// <summary>One stored profile.</summary>
internal sealed record DashboardProfile(
    string Name,
    bool Active,
    TimeSpan TimeToLive,
    TimeSpan TtlCleanupInterval,
    bool MemoryBasedEviction,
    double FreeMemoryTarget,
    TimeSpan MemoryCleanupInterval,
    int MaxItemsInMemory,
    IReadOnlyList<string> Tags);

/// <summary>One key of the key browser with its store metadata.</summary>
internal sealed record DashboardKey(
    string Key,
    bool InMemory,
    string Format,
    DateTimeOffset ExpiresAt,
    bool Expired,
    IReadOnlyList<string> Tags,
    long Version,
    string SavedByProfile,
    long SizeBytes,
    DateTimeOffset UpdatedAt);

/// <summary>The answer to an action posted with <c>Accept: application/json</c>.</summary>
internal sealed record DashboardActionResult(string Action, bool Ok, int Affected, string Message);
