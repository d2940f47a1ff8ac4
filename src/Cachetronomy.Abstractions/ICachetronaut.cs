using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;

namespace Cachetronomy;

/// <summary>
/// A persistent two-tier cache: an in-memory front tier over a durable store (by default one SQLite file), with
/// per-entry time-to-live and tags, hot-key tracking, eviction logs and named profiles.
/// </summary>
/// <remarks>
/// <para>Every operation has a synchronous and an asynchronous form (but <see cref="TryGet{T}"/>, whose
/// <see langword="out"/> parameter makes it synchronous only). The front-tier hit path does no I/O, takes no
/// global lock and allocates nothing.</para>
/// <para>Values read from the front tier are the very instances that were cached: treat cached values as
/// immutable. Keys are non-empty strings of bounded length (<see cref="ICacheStore.MaxKeyLength"/>); bad input
/// throws an <see cref="ArgumentException"/> before any I/O, and a disposed instance throws
/// <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public interface ICachetronaut : IDisposable, IAsyncDisposable
{
    /// <summary>Gets the active profile.</summary>
    CachetronomyProfile Profile { get; }

    /// <summary>Reads a value without throwing on a miss.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value on a hit; <see langword="default"/> otherwise.</param>
    /// <returns><see langword="true"/> on a hit.</returns>
    bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value);

    /// <summary>
    /// Reads a value, or runs <paramref name="factory"/> once (per key, per process, at a time) to create and store it.
    /// A factory that throws caches nothing and its exception reaches every waiting caller.
    /// </summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="factory">Creates the value on a miss.</param>
    /// <param name="options">How the created entry is written.</param>
    /// <returns>The cached or created value.</returns>
    T GetOrCreate<T>(string key, Func<T> factory, CachetronautEntryOptions? options = null);

    /// <summary>
    /// Reads a value, or runs <paramref name="factory"/> once (per key, per process, at a time) to create and store it.
    /// Concurrent callers for the same key await the same run; one caller's cancellation does not cancel the run
    /// for the others. A factory that throws caches nothing and its exception reaches every waiting caller.
    /// </summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="factory">Creates the value on a miss; its token is cancelled only when every waiter has cancelled.</param>
    /// <param name="options">How the created entry is written.</param>
    /// <param name="cancellationToken">Cancels this caller's wait.</param>
    /// <returns>The cached or created value.</returns>
    ValueTask<T> GetOrCreateAsync<T>(string key, Func<CancellationToken, ValueTask<T>> factory, CachetronautEntryOptions? options = null, CancellationToken cancellationToken = default);
    // ---- data -----------------------------------------------------------------------------------
    /// <summary>Reads a value. Front tier first, then the store; an expired, absent, unreadable or differently-typed entry is a miss.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <returns>The value, or <see langword="default"/> on a miss.</returns>
    T? Get<T>(string key);

    /// <summary>Reads a value. Front tier first, then the store; an expired, absent, unreadable or differently-typed entry is a miss.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The value, or <see langword="default"/> on a miss.</returns>
    ValueTask<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes a value to the store (durably) and then to the front tier.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value. Cached values are shared with every reader: treat them as immutable.</param>
    /// <param name="options">Time-to-live, tags, serializer and version; <see langword="null"/> for the defaults.</param>
    void Set<T>(string key, T value, CachetronautEntryOptions? options = null);

    /// <summary>Writes a value to the store (durably) and then to the front tier.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value. Cached values are shared with every reader: treat them as immutable.</param>
    /// <param name="options">Time-to-live, tags, serializer and version; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    ValueTask SetAsync<T>(string key, T value, CachetronautEntryOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an entry from both tiers (logged as <c>user_eviction</c> when it was in RAM).</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when the entry existed in either tier.</returns>
    bool Delete(string key);

    /// <summary>Deletes an entry from both tiers (logged as <c>user_eviction</c> when it was in RAM).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns><see langword="true"/> when the entry existed in either tier.</returns>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads several values; keys that miss are absent from the result.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="keys">The keys; duplicates are read once.</param>
    /// <returns>The hits, by key.</returns>
    IReadOnlyDictionary<string, T> GetMany<T>(IEnumerable<string> keys);

    /// <summary>Reads several values; keys that miss are absent from the result.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="keys">The keys; duplicates are read once.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The hits, by key.</returns>
    ValueTask<IReadOnlyDictionary<string, T>> GetManyAsync<T>(IEnumerable<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Writes several values in one store transaction (all or none), then to the front tier.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="items">The keys and values; a repeated key keeps the last value.</param>
    /// <param name="options">Options for every entry.</param>
    void SetMany<T>(IEnumerable<KeyValuePair<string, T>> items, CachetronautEntryOptions? options = null);

    /// <summary>Writes several values in one store transaction (all or none), then to the front tier.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="items">The keys and values; a repeated key keeps the last value.</param>
    /// <param name="options">Options for every entry.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    ValueTask SetManyAsync<T>(IEnumerable<KeyValuePair<string, T>> items, CachetronautEntryOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes several entries from both tiers.</summary>
    /// <param name="keys">The keys; duplicates count once.</param>
    /// <returns>How many distinct keys existed in either tier.</returns>
    int DeleteMany(IEnumerable<string> keys);

    /// <summary>Deletes several entries from both tiers.</summary>
    /// <param name="keys">The keys; duplicates count once.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>How many distinct keys existed in either tier.</returns>
    ValueTask<int> DeleteManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default);

    // ---- eviction -------------------------------------------------------------------------------
    /// <summary>Moves an entry out of RAM; it stays in the store unless expired (logged as <c>manual_eviction_clear_key</c>).</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when the entry was in RAM.</returns>
    bool Evict(string key);

    /// <summary>Moves an entry out of RAM; it stays in the store unless expired (logged as <c>manual_eviction_clear_key</c>).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns><see langword="true"/> when the entry was in RAM.</returns>
    ValueTask<bool> EvictAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Moves every entry out of RAM (logged as <c>manual_eviction_clear_full_cache</c>).</summary>
    /// <returns>How many entries left RAM.</returns>
    int EvictAll();

    /// <summary>Moves every entry out of RAM (logged as <c>manual_eviction_clear_full_cache</c>).</summary>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>How many entries left RAM.</returns>
    ValueTask<int> EvictAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes every entry from both tiers; logs and profiles stay.</summary>
    void ClearAll();

    /// <summary>Deletes every entry from both tiers; logs and profiles stay.</summary>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    ValueTask ClearAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes every expired entry from both tiers (logged as <c>time_eviction</c>).</summary>
    /// <returns>How many store rows were deleted.</returns>
    int ClearExpired();

    /// <summary>Deletes every expired entry from both tiers (logged as <c>time_eviction</c>).</summary>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>How many store rows were deleted.</returns>
    ValueTask<int> ClearExpiredAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes entries by tag from both tiers (logged as <c>tag_invalidation</c>). See <see cref="ICacheStore.DeleteByTags"/> for the matching rules.</summary>
    /// <param name="tags">The tags.</param>
    /// <param name="exactMatch">Match the whole tag set (in any order) instead of any tag.</param>
    /// <returns>How many entries were deleted: store rows, plus matching entries that lived in RAM only (HybridCache's <c>DisableDistributedCacheWrite</c>).</returns>
    int ClearByTags(IEnumerable<string> tags, bool exactMatch = false);

    /// <summary>Deletes entries by tag from both tiers (logged as <c>tag_invalidation</c>). See <see cref="ICacheStore.DeleteByTags"/> for the matching rules.</summary>
    /// <param name="tags">The tags.</param>
    /// <param name="exactMatch">Match the whole tag set (in any order) instead of any tag.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>How many entries were deleted: store rows, plus matching entries that lived in RAM only (HybridCache's <c>DisableDistributedCacheWrite</c>).</returns>
    ValueTask<int> ClearByTagsAsync(IEnumerable<string> tags, bool exactMatch = false, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entries written under a profile from both tiers (logged as <c>profile_invalidation</c>).</summary>
    /// <param name="profileName">The profile name.</param>
    /// <returns>How many store rows were deleted.</returns>
    int ClearByProfile(string profileName);

    /// <summary>Deletes the entries written under a profile from both tiers (logged as <c>profile_invalidation</c>).</summary>
    /// <param name="profileName">The profile name.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>How many store rows were deleted.</returns>
    ValueTask<int> ClearByProfileAsync(string profileName, CancellationToken cancellationToken = default);

    // ---- introspection --------------------------------------------------------------------------
    /// <summary>Lists the keys in the store (expired rows not yet swept included).</summary>
    /// <returns>The keys.</returns>
    IReadOnlyList<string> StoreKeys();

    /// <summary>Lists the keys in the store (expired rows not yet swept included).</summary>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The keys.</returns>
    ValueTask<IReadOnlyList<string>> StoreKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists the keys in the front tier.</summary>
    /// <returns>The keys.</returns>
    IReadOnlyList<string> MemoryKeys();

    /// <summary>Lists the keys in the front tier.</summary>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The keys.</returns>
    ValueTask<IReadOnlyList<string>> MemoryKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists the keys of both tiers, each once.</summary>
    /// <returns>The keys.</returns>
    IReadOnlyList<string> AllKeys();

    /// <summary>Lists the keys of both tiers, each once.</summary>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The keys.</returns>
    ValueTask<IReadOnlyList<string>> AllKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads one entry's metadata from the store (expired rows included).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The metadata, or <see langword="null"/> when absent.</returns>
    CacheEntryMetadata? KeyMetadata(string key);

    /// <summary>Reads one entry's metadata from the store (expired rows included).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The metadata, or <see langword="null"/> when absent.</returns>
    ValueTask<CacheEntryMetadata?> KeyMetadataAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads every entry's metadata from the store.</summary>
    /// <returns>The metadata rows.</returns>
    IReadOnlyList<CacheEntryMetadata> StoreMetadata();

    /// <summary>Reads every entry's metadata from the store.</summary>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The metadata rows.</returns>
    ValueTask<IReadOnlyList<CacheEntryMetadata>> StoreMetadataAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the metadata of the first <paramref name="limit"/> store rows (expired rows included), in key order, whose
    /// key contains <paramref name="keyContains"/> (ordinal, ignoring case): a page for a key browser, read without
    /// reading every row (<see cref="ICacheStore.FindMetadata"/>).
    /// </summary>
    /// <param name="keyContains">Text the key must contain; <see langword="null"/> or empty for every key.</param>
    /// <param name="limit">The most rows to return (0 or more).</param>
    /// <returns>The metadata rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    IReadOnlyList<CacheEntryMetadata> StoreMetadata(string? keyContains, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return MetadataFilter.Apply(StoreMetadata(), keyContains, limit);
    }

    /// <inheritdoc cref="StoreMetadata(string, int)"/>
    /// <param name="keyContains">Text the key must contain; <see langword="null"/> or empty for every key.</param>
    /// <param name="limit">The most rows to return (0 or more).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    async ValueTask<IReadOnlyList<CacheEntryMetadata>> StoreMetadataAsync(string? keyContains, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return MetadataFilter.Apply(await StoreMetadataAsync(cancellationToken).ConfigureAwait(false), keyContains, limit);
    }

    /// <summary>Removes expired rows, then reads live entries with their values in neutral form.</summary>
    /// <param name="limit">The most entries; <see langword="null"/> for all.</param>
    /// <returns>The entries.</returns>
    IReadOnlyList<CacheItem> Items(int? limit = 100);

    /// <summary>Removes expired rows, then reads live entries with their values in neutral form.</summary>
    /// <param name="limit">The most entries; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The entries.</returns>
    ValueTask<IReadOnlyList<CacheItem>> ItemsAsync(int? limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Reads the front tier's most-read keys by this instance's in-memory counters.</summary>
    /// <param name="top">How many.</param>
    /// <returns>The hot keys, most-read first.</returns>
    IReadOnlyList<HotKey> MemoryStats(int top = 10);

    /// <summary>Reads the front tier's most-read keys by this instance's in-memory counters.</summary>
    /// <param name="top">How many.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The hot keys, most-read first.</returns>
    ValueTask<IReadOnlyList<HotKey>> MemoryStatsAsync(int top = 10, CancellationToken cancellationToken = default);

    /// <summary>Flushes pending access counts, then reads the most-read keys from the persisted access log.</summary>
    /// <param name="top">How many.</param>
    /// <returns>The rows, highest count first.</returns>
    IReadOnlyList<AccessLogEntry> StoreStats(int top = 10);

    /// <summary>Flushes pending access counts, then reads the most-read keys from the persisted access log.</summary>
    /// <param name="top">How many.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The rows, highest count first.</returns>
    ValueTask<IReadOnlyList<AccessLogEntry>> StoreStatsAsync(int top = 10, CancellationToken cancellationToken = default);

    /// <summary>Flushes pending access counts, then reads the access log.</summary>
    /// <returns>The rows.</returns>
    IReadOnlyList<AccessLogEntry> AccessLogs();

    /// <summary>Flushes pending access counts, then reads the access log.</summary>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The rows.</returns>
    ValueTask<IReadOnlyList<AccessLogEntry>> AccessLogsAsync(CancellationToken cancellationToken = default);

    /// <summary>Flushes pending access counts, then reads one key's access-log row.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The row, or <see langword="null"/> when the key was never read.</returns>
    AccessLogEntry? KeyAccessLogs(string key);

    /// <summary>Flushes pending access counts, then reads one key's access-log row.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The row, or <see langword="null"/> when the key was never read.</returns>
    ValueTask<AccessLogEntry?> KeyAccessLogsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes the access log, pending in-memory counts included.</summary>
    /// <returns>How many rows were deleted.</returns>
    int ClearAccessLogs();

    /// <summary>Deletes the access log, pending in-memory counts included.</summary>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>How many rows were deleted.</returns>
    ValueTask<int> ClearAccessLogsAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes one key's access-log row, its pending in-memory count included.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when a row was deleted.</returns>
    bool DeleteAccessLogs(string key);

    /// <summary>Deletes one key's access-log row, its pending in-memory count included.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns><see langword="true"/> when a row was deleted.</returns>
    ValueTask<bool> DeleteAccessLogsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads the newest eviction-log rows, newest first.</summary>
    /// <param name="limit">The most rows.</param>
    /// <returns>The rows.</returns>
    IReadOnlyList<EvictionLogEntry> EvictionLogs(int limit = 100);

    /// <summary>Reads the newest eviction-log rows, newest first.</summary>
    /// <param name="limit">The most rows.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The rows.</returns>
    ValueTask<IReadOnlyList<EvictionLogEntry>> EvictionLogsAsync(int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Deletes the eviction log.</summary>
    /// <returns>How many rows were deleted.</returns>
    int ClearEvictionLogs();

    /// <summary>Deletes the eviction log.</summary>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>How many rows were deleted.</returns>
    ValueTask<int> ClearEvictionLogsAsync(CancellationToken cancellationToken = default);

    /// <summary>Checks that the store answers and that available memory is above the active profile's target.</summary>
    /// <returns>The health report; this never throws for a store failure.</returns>
    CacheHealth HealthCheck();

    /// <summary>Checks that the store answers and that available memory is above the active profile's target.</summary>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The health report; this never throws for a store failure.</returns>
    ValueTask<CacheHealth> HealthCheckAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads counts of both tiers, the hot keys, the eviction count and this instance's hit counters.</summary>
    /// <returns>The statistics.</returns>
    CacheStatistics Stats();

    /// <summary>Reads counts of both tiers, the hot keys, the eviction count and this instance's hit counters.</summary>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The statistics.</returns>
    ValueTask<CacheStatistics> StatsAsync(CancellationToken cancellationToken = default);

    // ---- profiles -------------------------------------------------------------------------------
    /// <summary>Makes a stored profile the active one.</summary>
    /// <param name="name">The profile name.</param>
    /// <returns>The profile now active. An unknown name throws <see cref="CachetronomyProfileNotFoundException"/> and changes nothing.</returns>
    CachetronomyProfile SetProfile(string name);

    /// <summary>Makes a stored profile the active one.</summary>
    /// <param name="name">The profile name.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The profile now active. An unknown name throws <see cref="CachetronomyProfileNotFoundException"/> and changes nothing.</returns>
    ValueTask<CachetronomyProfile> SetProfileAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Changes some settings of the active profile, stores it and applies it.</summary>
    /// <param name="update">The settings to change; the others keep their values.</param>
    /// <returns>The updated active profile.</returns>
    CachetronomyProfile UpdateActiveProfile(CachetronomyProfileUpdate update);

    /// <summary>Changes some settings of the active profile, stores it and applies it.</summary>
    /// <param name="update">The settings to change; the others keep their values.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The updated active profile.</returns>
    ValueTask<CachetronomyProfile> UpdateActiveProfileAsync(CachetronomyProfileUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Reads a stored profile.</summary>
    /// <param name="name">The profile name.</param>
    /// <returns>The profile, or <see langword="null"/> when absent.</returns>
    CachetronomyProfile? GetProfile(string name);

    /// <summary>Reads a stored profile.</summary>
    /// <param name="name">The profile name.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The profile, or <see langword="null"/> when absent.</returns>
    ValueTask<CachetronomyProfile?> GetProfileAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes a stored profile. Deleting the active profile throws <see cref="InvalidOperationException"/>.</summary>
    /// <param name="name">The profile name.</param>
    /// <returns><see langword="true"/> when a profile was deleted.</returns>
    bool DeleteProfile(string name);

    /// <summary>Deletes a stored profile. Deleting the active profile throws <see cref="InvalidOperationException"/>.</summary>
    /// <param name="name">The profile name.</param>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns><see langword="true"/> when a profile was deleted.</returns>
    ValueTask<bool> DeleteProfileAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists the stored profiles, by name.</summary>
    /// <returns>The profiles.</returns>
    IReadOnlyList<CachetronomyProfile> ListProfiles();

    /// <summary>Lists the stored profiles, by name.</summary>
    /// <param name="cancellationToken">Cancels the operation (a write already handed to the store may still commit).</param>
    /// <returns>The profiles.</returns>
    ValueTask<IReadOnlyList<CachetronomyProfile>> ListProfilesAsync(CancellationToken cancellationToken = default);
}
