using Cachetronomy;

namespace Cachetronomy.Extensions.Tests.Internal;

/// <summary>
/// A simple, lock-based ICacheStore for engine tests until the SQLite store lands. Expiry follows the given clock.
/// <see cref="FailWith"/> makes every call throw (fault injection).
/// </summary>
internal sealed class InMemoryCacheStore(TimeProvider timeProvider) : ICacheStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, (StoredCacheEntry Entry, DateTimeOffset UpdatedAt)> _rows = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, AccessLogEntry> _access = new(StringComparer.Ordinal);
    private readonly List<EvictionLogEntry> _evictions = [];
    private readonly SortedDictionary<string, CachetronomyProfile> _profiles = new(StringComparer.Ordinal)
    {
        [CachetronomyProfile.DefaultName] = new CachetronomyProfile(),
    };

    private long _evictionId;

    public Func<Exception>? FailWith { get; set; }

    public int GetCalls;
    public int SetCalls;
    public int AddAccessCountsCalls;
    public bool Disposed;

    public string Location => "memory";

    public int MaxKeyLength => 1024;

    public int MaxTagLength => 256;

    private DateTimeOffset Now => timeProvider.GetUtcNow();

    private T Run<T>(Func<T> body)
    {
        if (FailWith is { } fail)
        {
            throw fail();
        }

        lock (_lock)
        {
            return body();
        }
    }

    private void Run(Action body) => Run(() => { body(); return 0; });

    public StoredCacheEntry? Get(string key) => Run(() =>
    {
        Interlocked.Increment(ref GetCalls);
        return _rows.TryGetValue(key, out var row) && row.Entry.ExpiresAt > Now ? row.Entry : null;
    });

    public ValueTask<StoredCacheEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => new(Get(key));

    public IReadOnlyList<StoredCacheEntry> GetMany(IEnumerable<string> keys) =>
        keys.Distinct(StringComparer.Ordinal).Select(Get).Where(e => e is not null).Select(e => e!).ToList();

    public ValueTask<IReadOnlyList<StoredCacheEntry>> GetManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) => new(GetMany(keys));

    public void Set(StoredCacheEntry entry) => Run(() =>
    {
        Interlocked.Increment(ref SetCalls);
        _rows[entry.Key] = (entry with { Data = entry.Data.ToArray() }, Now);
    });

    public ValueTask SetAsync(StoredCacheEntry entry, CancellationToken cancellationToken = default)
    {
        Set(entry);
        return ValueTask.CompletedTask;
    }

    public void SetMany(IEnumerable<StoredCacheEntry> entries) => Run(() =>
    {
        foreach (StoredCacheEntry entry in entries)
        {
            _rows[entry.Key] = (entry with { Data = entry.Data.ToArray() }, Now);
        }
    });

    public ValueTask SetManyAsync(IEnumerable<StoredCacheEntry> entries, CancellationToken cancellationToken = default)
    {
        SetMany(entries);
        return ValueTask.CompletedTask;
    }

    public bool Refresh(string key) => Run(() =>
    {
        if (!_rows.TryGetValue(key, out var row) || row.Entry.ExpiresAt <= Now)
        {
            return false;
        }

        if (row.Entry.SlidingExpiration is TimeSpan sliding)
        {
            DateTimeOffset next = Now + sliding;
            if (row.Entry.AbsoluteExpiration is DateTimeOffset absolute && absolute < next)
            {
                next = absolute;
            }

            _rows[key] = (row.Entry with { ExpiresAt = next }, row.UpdatedAt);
        }

        return true;
    });

    public ValueTask<bool> RefreshAsync(string key, CancellationToken cancellationToken = default) => new(Refresh(key));

    public bool Delete(string key) => Run(() => _rows.Remove(key));

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => new(Delete(key));

    public int DeleteMany(IEnumerable<string> keys) => keys.Distinct(StringComparer.Ordinal).Count(Delete);

    public ValueTask<int> DeleteManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) => new(DeleteMany(keys));

    public int DeleteAll() => Run(() =>
    {
        int count = _rows.Count;
        _rows.Clear();
        return count;
    });

    public ValueTask<int> DeleteAllAsync(CancellationToken cancellationToken = default) => new(DeleteAll());

    public IReadOnlyList<string> DeleteExpired(int batchSize = 1000) => RemoveWhere(e => e.ExpiresAt <= Now);

    public ValueTask<IReadOnlyList<string>> DeleteExpiredAsync(int batchSize = 1000, CancellationToken cancellationToken = default) => new(DeleteExpired(batchSize));

    public IReadOnlyList<string> DeleteByTags(IEnumerable<string> tags, bool exactMatch = false)
    {
        var set = tags.ToHashSet(StringComparer.Ordinal);
        return exactMatch
            ? RemoveWhere(e => e.Tags.ToHashSet(StringComparer.Ordinal).SetEquals(set))
            : RemoveWhere(e => e.Tags.Any(set.Contains));
    }

    public ValueTask<IReadOnlyList<string>> DeleteByTagsAsync(IEnumerable<string> tags, bool exactMatch = false, CancellationToken cancellationToken = default) => new(DeleteByTags(tags, exactMatch));

    public IReadOnlyList<string> DeleteByProfile(string profileName) => RemoveWhere(e => e.SavedByProfile == profileName);

    public ValueTask<IReadOnlyList<string>> DeleteByProfileAsync(string profileName, CancellationToken cancellationToken = default) => new(DeleteByProfile(profileName));

    private List<string> RemoveWhere(Func<StoredCacheEntry, bool> predicate) => Run(() =>
    {
        var keys = _rows.Where(p => predicate(p.Value.Entry)).Select(p => p.Key).ToList();
        foreach (string key in keys)
        {
            _rows.Remove(key);
        }

        return keys;
    });

    public IReadOnlyList<string> Keys() => Run(() => _rows.Keys.ToList());

    public ValueTask<IReadOnlyList<string>> KeysAsync(CancellationToken cancellationToken = default) => new(Keys());

    public long Count() => Run(() => (long)_rows.Count);

    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) => new(Count());

    public CacheEntryMetadata? GetMetadata(string key) => Run(() => _rows.TryGetValue(key, out var row) ? ToMetadata(row.Entry, row.UpdatedAt) : null);

    public ValueTask<CacheEntryMetadata?> GetMetadataAsync(string key, CancellationToken cancellationToken = default) => new(GetMetadata(key));

    public IReadOnlyList<CacheEntryMetadata> GetAllMetadata() => Run(() => _rows.Values.Select(r => ToMetadata(r.Entry, r.UpdatedAt)).ToList());

    public ValueTask<IReadOnlyList<CacheEntryMetadata>> GetAllMetadataAsync(CancellationToken cancellationToken = default) => new(GetAllMetadata());

    public IReadOnlyList<StoredCacheEntry> GetEntries(int? limit = null) => Run(() =>
        _rows.Values.Select(r => r.Entry).Where(e => e.ExpiresAt > Now).Take(limit ?? int.MaxValue).ToList());

    public ValueTask<IReadOnlyList<StoredCacheEntry>> GetEntriesAsync(int? limit = null, CancellationToken cancellationToken = default) => new(GetEntries(limit));

    public void AddAccessCounts(IEnumerable<AccessCountDelta> deltas) => Run(() =>
    {
        Interlocked.Increment(ref AddAccessCountsCalls);
        foreach (AccessCountDelta delta in deltas)
        {
            long count = _access.TryGetValue(delta.Key, out var row) ? row.AccessCount : 0;
            _access[delta.Key] = new AccessLogEntry(delta.Key, count + delta.Delta, delta.LastAccessed, delta.Profile);
        }
    });

    public ValueTask AddAccessCountsAsync(IEnumerable<AccessCountDelta> deltas, CancellationToken cancellationToken = default)
    {
        AddAccessCounts(deltas);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<AccessLogEntry> GetTopAccessed(int? top = 10) => Run(() =>
        _access.Values.OrderByDescending(a => a.AccessCount).ThenBy(a => a.Key, StringComparer.Ordinal).Take(top ?? int.MaxValue).ToList());

    public ValueTask<IReadOnlyList<AccessLogEntry>> GetTopAccessedAsync(int? top = 10, CancellationToken cancellationToken = default) => new(GetTopAccessed(top));

    public IReadOnlyList<AccessLogEntry> GetAccessLogs(int? limit = null) => Run(() => _access.Values.Take(limit ?? int.MaxValue).ToList());

    public ValueTask<IReadOnlyList<AccessLogEntry>> GetAccessLogsAsync(int? limit = null, CancellationToken cancellationToken = default) => new(GetAccessLogs(limit));

    public AccessLogEntry? GetAccessLog(string key) => Run(() => _access.GetValueOrDefault(key));

    public ValueTask<AccessLogEntry?> GetAccessLogAsync(string key, CancellationToken cancellationToken = default) => new(GetAccessLog(key));

    public int ClearAccessLogs() => Run(() =>
    {
        int count = _access.Count;
        _access.Clear();
        return count;
    });

    public ValueTask<int> ClearAccessLogsAsync(CancellationToken cancellationToken = default) => new(ClearAccessLogs());

    public bool DeleteAccessLog(string key) => Run(() => _access.Remove(key));

    public ValueTask<bool> DeleteAccessLogAsync(string key, CancellationToken cancellationToken = default) => new(DeleteAccessLog(key));

    public void AppendEvictionLogs(IEnumerable<EvictionLogEntry> entries) => Run(() =>
    {
        foreach (EvictionLogEntry entry in entries)
        {
            _evictions.Add(entry with { Id = ++_evictionId });
        }
    });

    public ValueTask AppendEvictionLogsAsync(IEnumerable<EvictionLogEntry> entries, CancellationToken cancellationToken = default)
    {
        AppendEvictionLogs(entries);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<EvictionLogEntry> GetEvictionLogs(int? limit = 100) => Run(() =>
        _evictions.OrderByDescending(e => e.Id).Take(limit ?? int.MaxValue).ToList());

    public ValueTask<IReadOnlyList<EvictionLogEntry>> GetEvictionLogsAsync(int? limit = 100, CancellationToken cancellationToken = default) => new(GetEvictionLogs(limit));

    public long CountEvictionLogs() => Run(() => (long)_evictions.Count);

    public ValueTask<long> CountEvictionLogsAsync(CancellationToken cancellationToken = default) => new(CountEvictionLogs());

    public int ClearEvictionLogs() => Run(() =>
    {
        int count = _evictions.Count;
        _evictions.Clear();
        return count;
    });

    public ValueTask<int> ClearEvictionLogsAsync(CancellationToken cancellationToken = default) => new(ClearEvictionLogs());

    public void UpsertProfile(CachetronomyProfile profile) => Run(() => _profiles[profile.Name] = profile);

    public ValueTask UpsertProfileAsync(CachetronomyProfile profile, CancellationToken cancellationToken = default)
    {
        UpsertProfile(profile);
        return ValueTask.CompletedTask;
    }

    public CachetronomyProfile? GetProfile(string name) => Run(() => _profiles.GetValueOrDefault(name));

    public ValueTask<CachetronomyProfile?> GetProfileAsync(string name, CancellationToken cancellationToken = default) => new(GetProfile(name));

    public bool DeleteProfile(string name) => Run(() => _profiles.Remove(name));

    public ValueTask<bool> DeleteProfileAsync(string name, CancellationToken cancellationToken = default) => new(DeleteProfile(name));

    public IReadOnlyList<CachetronomyProfile> ListProfiles() => Run(() => _profiles.Values.ToList());

    public ValueTask<IReadOnlyList<CachetronomyProfile>> ListProfilesAsync(CancellationToken cancellationToken = default) => new(ListProfiles());

    public CacheStoreStatistics GetStatistics() => Run(() => new CacheStoreStatistics("memory", _rows.Count, 0, 0, 4096, 0, 0, 1));

    public ValueTask<CacheStoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => new(GetStatistics());

    public void Dispose() => Disposed = true;

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    private static CacheEntryMetadata ToMetadata(StoredCacheEntry e, DateTimeOffset updatedAt) =>
        new(e.Key, e.Format, e.ExpiresAt, e.Tags, e.Version, e.SavedByProfile, e.Data.Length, updatedAt);
}
