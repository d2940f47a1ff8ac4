using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Cachetronomy;

/// <summary>
/// The cold store under the engine: keys, bytes and metadata rows, plus the access log, the eviction log and
/// profiles. It knows nothing of serialization, front tiers or dependency injection, so another store can plug in.
/// </summary>
/// <remarks>
/// <para>Every operation has a synchronous and an asynchronous form. A write completes only when it is durable
/// (committed). Expired rows are never returned by <see cref="Get"/> or <see cref="GetMany"/>; they are removed by
/// <see cref="DeleteExpired"/>.</para>
/// <para>Keys and tags are non-empty strings of at most <see cref="MaxKeyLength"/> / <see cref="MaxTagLength"/>
/// characters, compared ordinally; bad input throws an <see cref="ArgumentException"/> before any I/O. Failures of
/// the store itself throw <see cref="CachetronomyStoreException"/>.</para>
/// </remarks>
public partial interface ICacheStore : IDisposable, IAsyncDisposable
{
    /// <summary>Gets a short description of where the data lives (for a file store, its full path).</summary>
    string Location { get; }

    /// <summary>Gets the longest key accepted, in UTF-16 characters.</summary>
    int MaxKeyLength { get; }

    /// <summary>Gets the longest tag accepted, in UTF-16 characters.</summary>
    int MaxTagLength { get; }

    // ---- entries ---------------------------------------------------------------------------------------------

    /// <summary>Reads one live entry.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The entry, or <see langword="null"/> when it is absent or expired.</returns>
    StoredCacheEntry? Get(string key);

    /// <inheritdoc cref="Get"/>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<StoredCacheEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads several live entries; absent or expired keys are left out, duplicates are read once.</summary>
    /// <param name="keys">The keys.</param>
    /// <returns>The entries found, in no particular order.</returns>
    IReadOnlyList<StoredCacheEntry> GetMany(IEnumerable<string> keys);

    /// <inheritdoc cref="GetMany"/>
    /// <param name="keys">The keys.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<IReadOnlyList<StoredCacheEntry>> GetManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces one entry; returns when it is committed.</summary>
    /// <param name="entry">The entry.</param>
    void Set(StoredCacheEntry entry);

    /// <inheritdoc cref="Set"/>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Cancels waiting; a write already handed to the writer may still commit.</param>
    ValueTask SetAsync(StoredCacheEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces several entries in one transaction (all or none); returns when committed.</summary>
    /// <param name="entries">The entries; a repeated key keeps the last one.</param>
    void SetMany(IEnumerable<StoredCacheEntry> entries);

    /// <inheritdoc cref="SetMany"/>
    /// <param name="entries">The entries.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask SetManyAsync(IEnumerable<StoredCacheEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Moves a sliding entry's expiry to <c>now + SlidingExpiration</c> (capped by its absolute expiry).</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when a live entry was found (sliding or not).</returns>
    bool Refresh(string key);

    /// <inheritdoc cref="Refresh"/>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask<bool> RefreshAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes one entry (live or expired).</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when a row was deleted.</returns>
    bool Delete(string key);

    /// <inheritdoc cref="Delete"/>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes several entries in one transaction.</summary>
    /// <param name="keys">The keys; duplicates count once.</param>
    /// <returns>How many rows were deleted.</returns>
    int DeleteMany(IEnumerable<string> keys);

    /// <inheritdoc cref="DeleteMany"/>
    /// <param name="keys">The keys.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask<int> DeleteManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Deletes every entry (the logs and profiles stay).</summary>
    /// <returns>How many rows were deleted.</returns>
    int DeleteAll();

    /// <inheritdoc cref="DeleteAll"/>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask<int> DeleteAllAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes expired rows in bounded batches (each batch its own short transaction, so readers and other writers
    /// are never blocked for long).
    /// </summary>
    /// <param name="batchSize">The most rows one transaction deletes.</param>
    /// <returns>The keys removed.</returns>
    IReadOnlyList<string> DeleteExpired(int batchSize = 1000);

    /// <inheritdoc cref="DeleteExpired"/>
    /// <param name="batchSize">The most rows one transaction deletes.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    ValueTask<IReadOnlyList<string>> DeleteExpiredAsync(int batchSize = 1000, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes entries by tag. With <paramref name="exactMatch"/> off, an entry carrying any of the tags goes; with it
    /// on, an entry whose tag set equals the given set (in any order) goes. Tags match literally: <c>%</c> and
    /// <c>_</c> are ordinary characters. No tags with any-match removes nothing; no tags with exact-match removes
    /// untagged entries.
    /// </summary>
    /// <param name="tags">The tags.</param>
    /// <param name="exactMatch">Match the whole tag set instead of any tag.</param>
    /// <returns>The keys removed.</returns>
    IReadOnlyList<string> DeleteByTags(IEnumerable<string> tags, bool exactMatch = false);

    /// <inheritdoc cref="DeleteByTags"/>
    /// <param name="tags">The tags.</param>
    /// <param name="exactMatch">Match the whole tag set instead of any tag.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask<IReadOnlyList<string>> DeleteByTagsAsync(IEnumerable<string> tags, bool exactMatch = false, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entries written under a profile.</summary>
    /// <param name="profileName">The profile name.</param>
    /// <returns>The keys removed.</returns>
    IReadOnlyList<string> DeleteByProfile(string profileName);

    /// <inheritdoc cref="DeleteByProfile"/>
    /// <param name="profileName">The profile name.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask<IReadOnlyList<string>> DeleteByProfileAsync(string profileName, CancellationToken cancellationToken = default);

    /// <summary>Lists every key, expired rows not yet swept included, in key order.</summary>
    /// <returns>The keys.</returns>
    IReadOnlyList<string> Keys();

    /// <inheritdoc cref="Keys"/>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<IReadOnlyList<string>> KeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Counts the rows of the cache table.</summary>
    /// <returns>The row count.</returns>
    long Count();

    /// <inheritdoc cref="Count"/>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts how many of the distinct <paramref name="keys"/> have a row (expired rows included). The default
    /// implementation reads <see cref="Keys"/> once; stores override it with a query over the given keys only.
    /// </summary>
    /// <param name="keys">The keys.</param>
    /// <returns>How many of them the store holds.</returns>
    long CountExisting(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return MetadataFilter.CountIn(Keys(), keys);
    }

    /// <inheritdoc cref="CountExisting"/>
    /// <param name="keys">The keys.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    async ValueTask<long> CountExistingAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return MetadataFilter.CountIn(await KeysAsync(cancellationToken).ConfigureAwait(false), keys);
    }

    /// <summary>Reads one entry's metadata (expired rows included).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The metadata, or <see langword="null"/> when absent.</returns>
    CacheEntryMetadata? GetMetadata(string key);

    /// <inheritdoc cref="GetMetadata"/>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<CacheEntryMetadata?> GetMetadataAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads every entry's metadata (expired rows included), in key order.</summary>
    /// <returns>The metadata rows.</returns>
    IReadOnlyList<CacheEntryMetadata> GetAllMetadata();

    /// <inheritdoc cref="GetAllMetadata"/>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<IReadOnlyList<CacheEntryMetadata>> GetAllMetadataAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the metadata of the first <paramref name="limit"/> rows (expired rows included), in the store's key order
    /// (as <see cref="GetAllMetadata"/>; for the SQLite store, the byte order of the UTF-8 keys), whose key contains
    /// <paramref name="keyContains"/> (ordinal, ignoring case), so a key browser reads a page, not the store. The
    /// default implementation filters <see cref="GetAllMetadata"/>, keeping its order; stores override it with a
    /// bounded read.
    /// </summary>
    /// <param name="keyContains">Text the key must contain; <see langword="null"/> or empty for every key.</param>
    /// <param name="limit">The most rows to return (0 or more).</param>
    /// <returns>The metadata rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    IReadOnlyList<CacheEntryMetadata> FindMetadata(string? keyContains, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return MetadataFilter.Apply(GetAllMetadata(), keyContains, limit);
    }

    /// <inheritdoc cref="FindMetadata"/>
    /// <param name="keyContains">Text the key must contain; <see langword="null"/> or empty for every key.</param>
    /// <param name="limit">The most rows to return (0 or more).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    async ValueTask<IReadOnlyList<CacheEntryMetadata>> FindMetadataAsync(string? keyContains, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return MetadataFilter.Apply(await GetAllMetadataAsync(cancellationToken).ConfigureAwait(false), keyContains, limit);
    }

    /// <summary>Reads live entries with their data, in key order.</summary>
    /// <param name="limit">The most rows to return; <see langword="null"/> for all.</param>
    /// <returns>The entries.</returns>
    IReadOnlyList<StoredCacheEntry> GetEntries(int? limit = null);

    /// <inheritdoc cref="GetEntries"/>
    /// <param name="limit">The most rows to return; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<IReadOnlyList<StoredCacheEntry>> GetEntriesAsync(int? limit = null, CancellationToken cancellationToken = default);

    // ---- access log ------------------------------------------------------------------------------------------

    /// <summary>Adds counted reads to the access log in one transaction (<c>access_count = access_count + delta</c>).</summary>
    /// <param name="deltas">The deltas; several for one key add up.</param>
    void AddAccessCounts(IEnumerable<AccessCountDelta> deltas);

    /// <inheritdoc cref="AddAccessCounts"/>
    /// <param name="deltas">The deltas.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask AddAccessCountsAsync(IEnumerable<AccessCountDelta> deltas, CancellationToken cancellationToken = default);

    /// <summary>Reads the most-read keys, highest count first (ties by key).</summary>
    /// <param name="top">How many; <see langword="null"/> for all.</param>
    /// <returns>The access-log rows.</returns>
    IReadOnlyList<AccessLogEntry> GetTopAccessed(int? top = 10);

    /// <inheritdoc cref="GetTopAccessed"/>
    /// <param name="top">How many; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<IReadOnlyList<AccessLogEntry>> GetTopAccessedAsync(int? top = 10, CancellationToken cancellationToken = default);

    /// <summary>Reads access-log rows in key order.</summary>
    /// <param name="limit">The most rows; <see langword="null"/> for all.</param>
    /// <returns>The rows.</returns>
    IReadOnlyList<AccessLogEntry> GetAccessLogs(int? limit = null);

    /// <inheritdoc cref="GetAccessLogs"/>
    /// <param name="limit">The most rows; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<IReadOnlyList<AccessLogEntry>> GetAccessLogsAsync(int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one key's access-log row.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The row, or <see langword="null"/> when the key was never counted.</returns>
    AccessLogEntry? GetAccessLog(string key);

    /// <inheritdoc cref="GetAccessLog"/>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<AccessLogEntry?> GetAccessLogAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every access-log row.</summary>
    /// <returns>How many rows were deleted.</returns>
    int ClearAccessLogs();

    /// <inheritdoc cref="ClearAccessLogs"/>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask<int> ClearAccessLogsAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes one key's access-log row.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when a row was deleted.</returns>
    bool DeleteAccessLog(string key);

    /// <inheritdoc cref="DeleteAccessLog"/>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask<bool> DeleteAccessLogAsync(string key, CancellationToken cancellationToken = default);

    // ---- eviction log ----------------------------------------------------------------------------------------

    /// <summary>Appends eviction-log rows in one transaction (their <see cref="EvictionLogEntry.Id"/> is ignored).</summary>
    /// <param name="entries">The rows.</param>
    void AppendEvictionLogs(IEnumerable<EvictionLogEntry> entries);

    /// <inheritdoc cref="AppendEvictionLogs"/>
    /// <param name="entries">The rows.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask AppendEvictionLogsAsync(IEnumerable<EvictionLogEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Reads the newest eviction-log rows, newest first.</summary>
    /// <param name="limit">The most rows; <see langword="null"/> for all.</param>
    /// <returns>The rows.</returns>
    IReadOnlyList<EvictionLogEntry> GetEvictionLogs(int? limit = 100);

    /// <inheritdoc cref="GetEvictionLogs"/>
    /// <param name="limit">The most rows; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<IReadOnlyList<EvictionLogEntry>> GetEvictionLogsAsync(int? limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Counts eviction-log rows.</summary>
    /// <returns>The count.</returns>
    long CountEvictionLogs();

    /// <inheritdoc cref="CountEvictionLogs"/>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<long> CountEvictionLogsAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes every eviction-log row.</summary>
    /// <returns>How many rows were deleted.</returns>
    int ClearEvictionLogs();

    /// <inheritdoc cref="ClearEvictionLogs"/>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask<int> ClearEvictionLogsAsync(CancellationToken cancellationToken = default);

    // ---- retention -------------------------------------------------------------------------------------------

    /// <summary>
    /// Trims the eviction log so it cannot grow without bound: deletes rows evicted before
    /// <paramref name="olderThan"/>, then the oldest rows beyond <paramref name="maxRows"/>. Each batch of
    /// <paramref name="batchSize"/> rows is its own short transaction.
    /// </summary>
    /// <param name="olderThan">Rows evicted before this instant go; <see langword="null"/> for no age limit.</param>
    /// <param name="maxRows">The most rows kept (the newest); <see langword="null"/> for no cap.</param>
    /// <param name="batchSize">The most rows one transaction deletes.</param>
    /// <returns>How many rows were deleted.</returns>
    int TrimEvictionLogs(DateTimeOffset? olderThan, int? maxRows, int batchSize = 1000);

    /// <inheritdoc cref="TrimEvictionLogs"/>
    /// <param name="olderThan">Rows evicted before this instant go; <see langword="null"/> for no age limit.</param>
    /// <param name="maxRows">The most rows kept (the newest); <see langword="null"/> for no cap.</param>
    /// <param name="batchSize">The most rows one transaction deletes.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    ValueTask<int> TrimEvictionLogsAsync(DateTimeOffset? olderThan, int? maxRows, int batchSize = 1000, CancellationToken cancellationToken = default);

    /// <summary>
    /// Trims access-log rows of keys that are no longer in the cache (rows of present keys are kept): those last
    /// read before <paramref name="olderThan"/>, then the least recently read while the log holds more than
    /// <paramref name="maxRows"/> rows. Each batch of <paramref name="batchSize"/> rows is its own short transaction.
    /// </summary>
    /// <param name="olderThan">Orphan rows last read before this instant go; <see langword="null"/> for no age limit.</param>
    /// <param name="maxRows">The row count above which orphan rows go, oldest first; <see langword="null"/> for no cap.</param>
    /// <param name="batchSize">The most rows one transaction deletes.</param>
    /// <returns>How many rows were deleted.</returns>
    int TrimAccessLogs(DateTimeOffset? olderThan, int? maxRows, int batchSize = 1000);

    /// <inheritdoc cref="TrimAccessLogs"/>
    /// <param name="olderThan">Orphan rows last read before this instant go; <see langword="null"/> for no age limit.</param>
    /// <param name="maxRows">The row count above which orphan rows go, oldest first; <see langword="null"/> for no cap.</param>
    /// <param name="batchSize">The most rows one transaction deletes.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    ValueTask<int> TrimAccessLogsAsync(DateTimeOffset? olderThan, int? maxRows, int batchSize = 1000, CancellationToken cancellationToken = default);

    // ---- profiles --------------------------------------------------------------------------------------------

    /// <summary>Inserts or replaces a profile.</summary>
    /// <param name="profile">The profile.</param>
    void UpsertProfile(CachetronomyProfile profile);

    /// <inheritdoc cref="UpsertProfile"/>
    /// <param name="profile">The profile.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask UpsertProfileAsync(CachetronomyProfile profile, CancellationToken cancellationToken = default);

    /// <summary>Reads a profile.</summary>
    /// <param name="name">The profile name.</param>
    /// <returns>The profile, or <see langword="null"/> when absent.</returns>
    CachetronomyProfile? GetProfile(string name);

    /// <inheritdoc cref="GetProfile"/>
    /// <param name="name">The profile name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<CachetronomyProfile?> GetProfileAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes a profile.</summary>
    /// <param name="name">The profile name.</param>
    /// <returns><see langword="true"/> when a row was deleted.</returns>
    bool DeleteProfile(string name);

    /// <inheritdoc cref="DeleteProfile"/>
    /// <param name="name">The profile name.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    ValueTask<bool> DeleteProfileAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists every profile, by name.</summary>
    /// <returns>The profiles.</returns>
    IReadOnlyList<CachetronomyProfile> ListProfiles();

    /// <inheritdoc cref="ListProfiles"/>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<IReadOnlyList<CachetronomyProfile>> ListProfilesAsync(CancellationToken cancellationToken = default);

    // ---- file ------------------------------------------------------------------------------------------------

    /// <summary>Reads facts about the store (row count, file size, pages).</summary>
    /// <returns>The statistics.</returns>
    CacheStoreStatistics GetStatistics();

    /// <inheritdoc cref="GetStatistics"/>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<CacheStoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);
}
