using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cachetronomy.AspNetCore.Internal;

/// <summary>Reads one <see cref="DashboardSnapshot"/> from the engine.</summary>
internal static class DashboardData
{
    private const int EvictionRows = 20;

    public static async Task<DashboardSnapshot> ReadAsync(
        ICachetronaut cache,
        IServiceProvider services,
        CachetronomyDashboardOptions options,
        string? filter,
        CancellationToken cancellationToken)
    {
        CacheStatistics stats = await cache.StatsAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<HotKey> memoryHot = await cache.MemoryStatsAsync(options.TopKeys, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<AccessLogEntry> storeHot = await cache.StoreStatsAsync(options.TopKeys, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<EvictionLogEntry> evictions = await cache.EvictionLogsAsync(EvictionRows, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<CachetronomyProfile> profiles = await cache.ListProfilesAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> memoryKeys = await cache.MemoryKeysAsync(cancellationToken).ConfigureAwait(false);
        // One more row than shown tells whether the list was cut; a page, not every row, on every refresh.
        int pageSize = options.KeyBrowserLimit == int.MaxValue ? int.MaxValue : options.KeyBrowserLimit + 1;
        IReadOnlyList<CacheEntryMetadata> metadata = await cache.StoreMetadataAsync(filter, pageSize, cancellationToken).ConfigureAwait(false);
        long? fileSize = await ReadFileSizeAsync(services, cancellationToken).ConfigureAwait(false);

        CachetronomyProfile active = cache.Profile;
        DateTimeOffset now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();

        var memoryHotKeys = new List<DashboardHotKey>(memoryHot.Count);
        foreach (HotKey hot in memoryHot)
        {
            memoryHotKeys.Add(new DashboardHotKey(hot.Key, hot.AccessCount, LastAccessed: null));
        }

        var storeHotKeys = new List<DashboardHotKey>(storeHot.Count);
        foreach (AccessLogEntry entry in storeHot)
        {
            storeHotKeys.Add(new DashboardHotKey(entry.Key, entry.AccessCount, entry.LastAccessed));
        }

        var evictionRows = new List<DashboardEviction>(evictions.Count);
        foreach (EvictionLogEntry entry in evictions)
        {
            evictionRows.Add(new DashboardEviction(entry.Key, entry.EvictedAt, entry.Reason, entry.LastAccessCount, entry.EvictedByProfile));
        }

        var profileRows = new List<DashboardProfile>(profiles.Count);
        foreach (CachetronomyProfile profile in profiles)
        {
            profileRows.Add(new DashboardProfile(
                profile.Name,
                string.Equals(profile.Name, active.Name, StringComparison.Ordinal),
                profile.TimeToLive,
                profile.TtlCleanupInterval,
                profile.MemoryBasedEviction,
                profile.FreeMemoryTarget,
                profile.MemoryCleanupInterval,
                profile.MaxItemsInMemory,
                profile.Tags));
        }

        var resident = new HashSet<string>(memoryKeys, StringComparer.Ordinal);
        int shown = Math.Min(metadata.Count, options.KeyBrowserLimit);
        var keys = new List<DashboardKey>(shown);
        for (int i = 0; i < shown; i++)
        {
            CacheEntryMetadata entry = metadata[i];
            keys.Add(new DashboardKey(
                entry.Key,
                resident.Contains(entry.Key),
                entry.Format,
                entry.ExpiresAt,
                entry.ExpiresAt <= now,
                entry.Tags,
                entry.Version,
                entry.SavedByProfile,
                entry.SizeBytes,
                entry.UpdatedAt));
        }

        return new DashboardSnapshot(
            now,
            active.Name,
            stats.TotalKeys,
            stats.MemoryKeys,
            active.MaxItemsInMemory,
            stats.StoreKeys,
            fileSize,
            stats.HitRatio,
            stats.MemoryHits,
            stats.StoreHits,
            stats.Misses,
            stats.EvictionsCount,
            memoryHotKeys,
            storeHotKeys,
            evictionRows,
            profileRows,
            keys,
            metadata.Count > shown);
    }

    /// <summary>The store's size on disk: its own statistics when an <see cref="ICacheStore"/> is registered, else the SQLite file and its WAL.</summary>
    private static async Task<long?> ReadFileSizeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<ICacheStore>() is { } store)
        {
            CacheStoreStatistics statistics = await store.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
            return statistics.FileSizeBytes + statistics.WalSizeBytes;
        }

        string? path = services.GetService<IOptions<CachetronomyOptions>>()?.Value.DatabasePath;
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        var wal = new FileInfo(path + "-wal");
        return file.Length + (wal.Exists ? wal.Length : 0);
    }
}
