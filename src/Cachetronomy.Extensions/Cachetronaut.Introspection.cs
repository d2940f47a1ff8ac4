using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;

namespace Cachetronomy;

public sealed partial class Cachetronaut
{
    /// <summary>
    /// Reads (available bytes, total bytes) of memory for <see cref="HealthCheck"/>. <c>AddCachetronomy</c> points it at
    /// the registered <see cref="IMemoryPressureProbe"/>; tests replace it.
    /// </summary>
    internal Func<(long AvailableBytes, long TotalBytes)> MemoryProbe { get; set; } = DefaultMemoryProbe;

    /// <inheritdoc/>
    public IReadOnlyList<string> StoreKeys()
    {
        ThrowIfDisposed();
        return _store.Keys();
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> StoreKeysAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _store.KeysAsync(cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Expired entries not yet touched are left out; keys come least recently used first.</remarks>
    public IReadOnlyList<string> MemoryKeys()
    {
        ThrowIfDisposed();
        return MemoryKeysCore();
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> MemoryKeysAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<string>>(MemoryKeysCore());
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> AllKeys()
    {
        ThrowIfDisposed();
        return Union(_store.Keys(), MemoryKeysCore());
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> AllKeysAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        IReadOnlyList<string> storeKeys = await _store.KeysAsync(cancellationToken).ConfigureAwait(false);
        return Union(storeKeys, MemoryKeysCore());
    }

    /// <inheritdoc/>
    public CacheEntryMetadata? KeyMetadata(string key)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        return _store.GetMetadata(key);
    }

    /// <inheritdoc/>
    public ValueTask<CacheEntryMetadata?> KeyMetadataAsync(string key, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        return _store.GetMetadataAsync(key, cancellationToken);
    }

    /// <inheritdoc/>
    public IReadOnlyList<CacheEntryMetadata> StoreMetadata()
    {
        ThrowIfDisposed();
        return _store.GetAllMetadata();
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<CacheEntryMetadata>> StoreMetadataAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _store.GetAllMetadataAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public IReadOnlyList<CacheEntryMetadata> StoreMetadata(string? keyContains, int limit)
    {
        ThrowIfDisposed();
        return _store.FindMetadata(keyContains, limit);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<CacheEntryMetadata>> StoreMetadataAsync(string? keyContains, int limit, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _store.FindMetadataAsync(keyContains, limit, cancellationToken);
    }

    /// <inheritdoc/>
    public IReadOnlyList<CacheItem> Items(int? limit = 100)
    {
        ThrowIfDisposed();
        ValidateLimit(limit);
        ClearExpired();
        IReadOnlyList<StoredCacheEntry> rows = _store.GetEntries(limit);
        var items = new List<CacheItem>(rows.Count);
        foreach (StoredCacheEntry row in rows)
        {
            items.Add(ToItem(row, _store.GetMetadata(row.Key)));
        }

        return items;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<CacheItem>> ItemsAsync(int? limit = 100, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ValidateLimit(limit);
        await ClearExpiredAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<StoredCacheEntry> rows = await _store.GetEntriesAsync(limit, cancellationToken).ConfigureAwait(false);
        var items = new List<CacheItem>(rows.Count);
        foreach (StoredCacheEntry row in rows)
        {
            CacheEntryMetadata? metadata = await _store.GetMetadataAsync(row.Key, cancellationToken).ConfigureAwait(false);
            items.Add(ToItem(row, metadata));
        }

        return items;
    }

    /// <inheritdoc/>
    /// <remarks>Ties keep least-recently-used order.</remarks>
    public IReadOnlyList<HotKey> MemoryStats(int top = 10)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        return MemoryStatsCore(top);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<HotKey>> MemoryStatsAsync(int top = 10, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<HotKey>>(MemoryStatsCore(top));
    }

    /// <inheritdoc/>
    public IReadOnlyList<AccessLogEntry> StoreStats(int top = 10)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        FlushAccessCountsCore();
        return _store.GetTopAccessed(top);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<AccessLogEntry>> StoreStatsAsync(int top = 10, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        await FlushAccessCountsCoreAsync(cancellationToken).ConfigureAwait(false);
        return await _store.GetTopAccessedAsync(top, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public IReadOnlyList<AccessLogEntry> AccessLogs()
    {
        ThrowIfDisposed();
        FlushAccessCountsCore();
        return _store.GetAccessLogs();
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<AccessLogEntry>> AccessLogsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await FlushAccessCountsCoreAsync(cancellationToken).ConfigureAwait(false);
        return await _store.GetAccessLogsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public AccessLogEntry? KeyAccessLogs(string key)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        FlushAccessCountsCore();
        return _store.GetAccessLog(key);
    }

    /// <inheritdoc/>
    public async ValueTask<AccessLogEntry?> KeyAccessLogsAsync(string key, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        await FlushAccessCountsCoreAsync(cancellationToken).ConfigureAwait(false);
        return await _store.GetAccessLogAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public int ClearAccessLogs()
    {
        ThrowIfDisposed();
        _accessGate.Wait();
        try
        {
            DropPendingCounts(key: null);
            return _store.ClearAccessLogs();
        }
        finally
        {
            _accessGate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<int> ClearAccessLogsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _accessGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DropPendingCounts(key: null);
            return await _store.ClearAccessLogsAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _accessGate.Release();
        }
    }

    /// <inheritdoc/>
    public bool DeleteAccessLogs(string key)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        _accessGate.Wait();
        try
        {
            DropPendingCounts(key);
            return _store.DeleteAccessLog(key);
        }
        finally
        {
            _accessGate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> DeleteAccessLogsAsync(string key, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        await _accessGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DropPendingCounts(key);
            return await _store.DeleteAccessLogAsync(key, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _accessGate.Release();
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<EvictionLogEntry> EvictionLogs(int limit = 100)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        FlushEvictionLogsCore();
        return _store.GetEvictionLogs(limit);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<EvictionLogEntry>> EvictionLogsAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await FlushEvictionLogsCoreAsync(cancellationToken).ConfigureAwait(false);
        return await _store.GetEvictionLogsAsync(limit, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>Rows still buffered in memory are written first, so they are deleted too (they never come back).</remarks>
    public int ClearEvictionLogs()
    {
        ThrowIfDisposed();
        FlushEvictionLogsCore();
        return _store.ClearEvictionLogs();
    }

    /// <inheritdoc/>
    /// <remarks>Rows still buffered in memory are written first, so they are deleted too (they never come back).</remarks>
    public async ValueTask<int> ClearEvictionLogsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await FlushEvictionLogsCoreAsync(cancellationToken).ConfigureAwait(false);
        return await _store.ClearEvictionLogsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public CacheHealth HealthCheck()
    {
        ThrowIfDisposed();
        long count;
        try
        {
            count = _store.Count();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.StoreError("health check", ex);
            return Health(databaseAccessible: false, storeKeys: 0, ex.Message);
        }

        return Health(databaseAccessible: true, count, error: null);
    }

    /// <inheritdoc/>
    public async ValueTask<CacheHealth> HealthCheckAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        long count;
        try
        {
            count = await _store.CountAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            _logger.StoreError("health check", ex);
            return Health(databaseAccessible: false, storeKeys: 0, ex.Message);
        }

        return Health(databaseAccessible: true, count, error: null);
    }

    /// <inheritdoc/>
    public CacheStatistics Stats()
    {
        ThrowIfDisposed();
        FlushAccessCountsCore();
        FlushEvictionLogsCore();
        List<string> memoryKeys = MemoryKeysCore();
        long storeCount = _store.Count();
        List<string> storable = StorableKeys(memoryKeys);
        long memoryInStore = storable.Count == 0 ? 0 : _store.CountExisting(storable);
        IReadOnlyList<AccessLogEntry> hot = _store.GetTopAccessed(10);
        long evictions = _store.CountEvictionLogs();
        return BuildStatistics(memoryKeys, storeCount, memoryInStore, hot, evictions);
    }

    /// <inheritdoc/>
    public async ValueTask<CacheStatistics> StatsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await FlushAccessCountsCoreAsync(cancellationToken).ConfigureAwait(false);
        await FlushEvictionLogsCoreAsync(cancellationToken).ConfigureAwait(false);
        List<string> memoryKeys = MemoryKeysCore();
        long storeCount = await _store.CountAsync(cancellationToken).ConfigureAwait(false);
        List<string> storable = StorableKeys(memoryKeys);
        long memoryInStore = storable.Count == 0 ? 0 : await _store.CountExistingAsync(storable, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<AccessLogEntry> hot = await _store.GetTopAccessedAsync(10, cancellationToken).ConfigureAwait(false);
        long evictions = await _store.CountEvictionLogsAsync(cancellationToken).ConfigureAwait(false);
        return BuildStatistics(memoryKeys, storeCount, memoryInStore, hot, evictions);
    }

    /// <summary>The RAM keys the store could hold a row for (a RAM-only entry's key may be one it refuses).</summary>
    private static List<string> StorableKeys(List<string> memoryKeys) =>
        memoryKeys.TrueForAll(KeyValidator.HasNoLoneSurrogate) ? memoryKeys : memoryKeys.FindAll(KeyValidator.HasNoLoneSurrogate);

    /// <summary>
    /// The statistics, with the total counted as the store's rows plus the RAM keys that have none (written with the
    /// store write disabled, or deleted elsewhere and not yet dropped): a count and one lookup of the RAM keys, not a
    /// read of every key in the store.
    /// </summary>
    private CacheStatistics BuildStatistics(List<string> memoryKeys, long storeCount, long memoryInStore, IReadOnlyList<AccessLogEntry> hot, long evictions)
    {
        return new CacheStatistics(
            storeCount + Math.Max(0, memoryKeys.Count - memoryInStore),
            memoryKeys.Count,
            storeCount,
            hot,
            evictions,
            _profile.Name,
            MemoryHitsTotal(),
            Volatile.Read(ref _storeHits),
            Volatile.Read(ref _misses));
    }

    private CacheHealth Health(bool databaseAccessible, long storeKeys, string? error)
    {
        bool memoryOk = IsMemoryOk();
        List<string> unreadable = databaseAccessible ? UnreadableKeys() : [];
        CacheHealthStatus status = !databaseAccessible
            ? CacheHealthStatus.Unhealthy
            : memoryOk && unreadable.Count == 0 ? CacheHealthStatus.Healthy : CacheHealthStatus.Degraded;
        return new CacheHealth(status, databaseAccessible, memoryOk, storeKeys, MemoryKeysCore().Count, error)
        {
            UnreadableKeys = unreadable.Count == 0 ? Array.Empty<string>() : unreadable,
        };
    }

    /// <summary>Available memory above the profile's target (a fraction of total when at most 1, else megabytes); a failing probe counts as ok.</summary>
    private bool IsMemoryOk()
    {
        try
        {
            (long available, long total) = MemoryProbe();
            double target = _profile.FreeMemoryTarget;
            double threshold = target <= 1d ? total * target : target * 1024d * 1024d;
            return available > threshold;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return true;
        }
    }

    private static (long AvailableBytes, long TotalBytes) DefaultMemoryProbe()
    {
        MemoryReading reading = SystemMemoryPressureProbe.Instance.Read();
        return (reading.AvailableBytes, reading.TotalBytes);
    }

    private List<string> MemoryKeysCore()
    {
        List<FrontTierEntry> entries = LiveFrontEntries();
        var keys = new List<string>(entries.Count);
        foreach (FrontTierEntry entry in entries)
        {
            keys.Add(entry.Key);
        }

        return keys;
    }

    private List<HotKey> MemoryStatsCore(int top)
    {
        // LiveFrontEntries is least recently used first; OrderByDescending is stable, so ties keep that order.
        return LiveFrontEntries()
            .OrderByDescending(static e => e.AccessCount)
            .Take(top)
            .Select(static e => new HotKey(e.Key, e.AccessCount))
            .ToList();
    }

    private static List<string> Union(IReadOnlyList<string> storeKeys, List<string> memoryKeys)
    {
        var seen = new HashSet<string>(storeKeys.Count + memoryKeys.Count, StringComparer.Ordinal);
        var all = new List<string>(storeKeys.Count + memoryKeys.Count);
        foreach (string key in storeKeys)
        {
            if (seen.Add(key))
            {
                all.Add(key);
            }
        }

        foreach (string key in memoryKeys)
        {
            if (seen.Add(key))
            {
                all.Add(key);
            }
        }

        return all;
    }

    private CacheItem ToItem(StoredCacheEntry row, CacheEntryMetadata? metadata)
    {
        metadata ??= new CacheEntryMetadata(row.Key, row.Format, row.ExpiresAt, row.Tags, row.Version, row.SavedByProfile, row.Data.Length, default);
        object? value = null;
        if (_serializers.TryGet(row.Format, out ICacheSerializer serializer))
        {
            try
            {
                value = serializer.DeserializeUntyped(new ReadOnlySequence<byte>(row.Data));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.DeserializationFailed(row.Format, "object", ex);
            }
        }
        else
        {
            _logger.UnknownFormat(row.Format);
        }

        return new CacheItem(metadata, value);
    }

    private static void ValidateLimit(int? limit)
    {
        if (limit is int value)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(limit));
        }
    }
}
