using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;
using Cachetronomy.Serialization;

namespace Cachetronomy;

public sealed partial class Cachetronaut
{
    /// <inheritdoc/>
    public T? Get<T>(string key)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        if (TryGetFromFront(key, out T value))
        {
            return value;
        }

        return ReadThrough(key, out value) ? value : default;
    }

    /// <inheritdoc/>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        return TryGetFromFront(key, out value) || ReadThrough(key, out value);
    }

    /// <inheritdoc/>
    /// <remarks>Never inlined, for the reason given on <see cref="GetOrCreateAsync{T}"/>.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public ValueTask<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        if (TryGetFromFront(key, out T value))
        {
            return new ValueTask<T?>(value);
        }

        return ReadAsync(this, key, cancellationToken);

        static async ValueTask<T?> ReadAsync(Cachetronaut self, string key, CancellationToken cancellationToken)
        {
            (bool found, T value) = await self.ReadThroughAsync<T>(key, cancellationToken).ConfigureAwait(false);
            return found ? value : default;
        }
    }

    /// <inheritdoc/>
    public void Set<T>(string key, T value, CachetronautEntryOptions? options = null)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        WritePlan plan = PlanWrite(options);
        StoredCacheEntry row = Serialize(key, value, plan);
        WriteThrough(row, value, static (self, row, value) => self.AfterWrite(row, value));
        FlushEvictionsIfFull();
    }

    /// <inheritdoc/>
    public async ValueTask SetAsync<T>(string key, T value, CachetronautEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        WritePlan plan = PlanWrite(options);
        StoredCacheEntry row = Serialize(key, value, plan);
        cancellationToken.ThrowIfCancellationRequested();

        await WriteThroughAsync(row, value, static (self, row, value) => self.AfterWrite(row, value)).ConfigureAwait(false);
        await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public bool Delete(string key)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        bool existed = DeleteCore(key);
        FlushEvictionsIfFull();
        return existed;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        bool existed = await DeleteCoreAsync(key).ConfigureAwait(false);
        await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
        return existed;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, T> GetMany<T>(IEnumerable<string> keys)
    {
        ThrowIfDisposed();
        List<string> distinct = DistinctKeys(keys);
        var hits = new Dictionary<string, T>(StringComparer.Ordinal);
        List<string>? misses = CollectFrontHits(distinct, hits);
        if (misses is not null)
        {
            ReadStamp[] stamps = BeginReads(misses);
            long started = Stopwatch.GetTimestamp();
            IReadOnlyList<StoredCacheEntry> rows = _store.GetMany(misses);
            _metrics.StoreRead(started);
            CompleteManyReads(misses, rows, stamps, hits);
            FlushEvictionsIfFull();
        }

        return hits;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyDictionary<string, T>> GetManyAsync<T>(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        List<string> distinct = DistinctKeys(keys);
        var hits = new Dictionary<string, T>(StringComparer.Ordinal);
        List<string>? misses = CollectFrontHits(distinct, hits);
        if (misses is not null)
        {
            ReadStamp[] stamps = BeginReads(misses);
            long started = Stopwatch.GetTimestamp();
            IReadOnlyList<StoredCacheEntry> rows = await _store.GetManyAsync(misses, cancellationToken).ConfigureAwait(false);
            _metrics.StoreRead(started);
            CompleteManyReads(misses, rows, stamps, hits);
            await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
        }

        return hits;
    }

    /// <inheritdoc/>
    public void SetMany<T>(IEnumerable<KeyValuePair<string, T>> items, CachetronautEntryOptions? options = null)
    {
        ThrowIfDisposed();
        List<KeyValuePair<string, T>> unique = LastValuePerKey(items);
        WritePlan plan = PlanWrite(options);
        var rows = SerializeMany(unique, plan);
        var tickets = BeginWrites(rows);
        var entries = new FrontTierEntry?[rows.Count];
        try
        {
            long started = Stopwatch.GetTimestamp();
            _store.SetMany(rows);
            _metrics.StoreWrite(started);
            for (int i = 0; i < rows.Count; i++)
            {
                entries[i] = AfterWrite(rows[i], unique[i].Value);
            }
        }
        finally
        {
            EndWrites(tickets, rows, entries);
        }

        FlushEvictionsIfFull();
    }

    /// <inheritdoc/>
    public async ValueTask SetManyAsync<T>(IEnumerable<KeyValuePair<string, T>> items, CachetronautEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        List<KeyValuePair<string, T>> unique = LastValuePerKey(items);
        WritePlan plan = PlanWrite(options);
        var rows = SerializeMany(unique, plan);
        cancellationToken.ThrowIfCancellationRequested();
        var tickets = BeginWrites(rows);
        var entries = new FrontTierEntry?[rows.Count];
        try
        {
            long started = Stopwatch.GetTimestamp();
            await _store.SetManyAsync(rows, CancellationToken.None).ConfigureAwait(false);
            _metrics.StoreWrite(started);
            for (int i = 0; i < rows.Count; i++)
            {
                entries[i] = AfterWrite(rows[i], unique[i].Value);
            }
        }
        finally
        {
            EndWrites(tickets, rows, entries);
        }

        await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public int DeleteMany(IEnumerable<string> keys)
    {
        ThrowIfDisposed();
        List<string> distinct = DistinctKeys(keys);
        int existed = 0;
        foreach (string key in distinct)
        {
            // One store call per key, so each removed key is logged (the batch call only returns a count).
            if (DeleteCore(key))
            {
                existed++;
            }
        }

        FlushEvictionsIfFull();
        return existed;
    }

    /// <inheritdoc/>
    public async ValueTask<int> DeleteManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        List<string> distinct = DistinctKeys(keys);
        int existed = 0;
        foreach (string key in distinct)
        {
            // Cancellation is observed between keys: a key handed to the store always leaves RAM too.
            cancellationToken.ThrowIfCancellationRequested();
            if (await DeleteCoreAsync(key).ConfigureAwait(false))
            {
                existed++;
            }
        }

        await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
        return existed;
    }

    // ---- shared read/write steps ---------------------------------------------------------------------------------

    private bool ReadThrough<T>(string key, out T value)
    {
        ReadStamp generation = BeginRead(key);
        long started = Stopwatch.GetTimestamp();
        StoredCacheEntry? row = _store.Get(key);
        _metrics.StoreRead(started);
        bool found = CompleteRead(key, row, generation, out value);
        ScheduleEvictionFlushIfFull();
        return found;
    }

    private async ValueTask<(bool Found, T Value)> ReadThroughAsync<T>(string key, CancellationToken cancellationToken)
    {
        ReadStamp generation = BeginRead(key);
        long started = Stopwatch.GetTimestamp();
        StoredCacheEntry? row = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        _metrics.StoreRead(started);
        bool found = CompleteRead(key, row, generation, out T value);
        ScheduleEvictionFlushIfFull();
        return (found, value);
    }

    /// <summary>
    /// Finishes a store read: a live row that deserializes into <typeparamref name="T"/> is counted, promoted into
    /// the front tier with its expiry and metadata, and returned; anything else is a (logged when unreadable) miss.
    /// </summary>
    private bool CompleteRead<T>(string key, StoredCacheEntry? row, ReadStamp generation, out T value)
    {
        DateTimeOffset now = UtcNow;
        if (row is null || row.ExpiresAt <= now || !TryDeserialize(row, out value))
        {
            Interlocked.Increment(ref _misses);
            _metrics.Miss();
            value = default!;
            return false;
        }

        Interlocked.Increment(ref _storeHits);
        _metrics.StoreHit();
        var entry = new FrontTierEntry<T>(key, value, EntryMetadata.From(row), NextSequence());
        PromoteCounted(entry, generation, now.UtcTicks);
        return true;
    }

    /// <summary>The largest serialization buffer a thread keeps between writes.</summary>
    private const int MaxPooledSerializeBuffer = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? s_serializeBuffer;

    /// <summary>
    /// A <c>bytes</c> row read as <see cref="byte"/>[]: our SQLite store hands every read a fresh array that nothing
    /// else holds, so that array becomes the value instead of a copy of it (one 1 KB allocation and copy less per
    /// cold read of a 1 KB value). Any other store, serializer or buffer shape takes the serializer's copy.
    /// </summary>
    private bool TryTakeOwnedBytes(StoredCacheEntry row, ICacheSerializer serializer, [NotNullWhen(true)] out byte[]? bytes)
    {
        if (_storeHandsOutFreshRows
            && serializer is ByteArrayCacheSerializer
            && MemoryMarshal.TryGetArray(row.Data, out ArraySegment<byte> segment)
            && segment.Offset == 0
            && segment.Array!.Length == segment.Count)
        {
            bytes = segment.Array;
            return true;
        }

        bytes = null;
        return false;
    }

    private bool TryDeserialize<T>(StoredCacheEntry row, out T value)
    {
        if (!_serializers.TryGet(row.Format, out ICacheSerializer serializer))
        {
            _logger.UnknownFormat(row.Format);
            MarkUnreadable(row.Key);
            value = default!;
            return false;
        }

        if (typeof(T) == typeof(byte[]) && TryTakeOwnedBytes(row, serializer, out byte[]? owned))
        {
            value = (T)(object)owned;
            ForgetUnreadable(row.Key);
            return true;
        }

        try
        {
            value = serializer.Deserialize<T>(new ReadOnlySequence<byte>(row.Data));
            ForgetUnreadable(row.Key);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.DeserializationFailed(row.Format, typeof(T).FullName ?? typeof(T).Name, ex);
            MarkUnreadable(row.Key);
            value = default!;
            return false;
        }
    }

    private List<string>? CollectFrontHits<T>(List<string> keys, Dictionary<string, T> hits)
    {
        List<string>? misses = null;
        foreach (string key in keys)
        {
            if (TryGetFromFront(key, out T value))
            {
                hits[key] = value;
            }
            else
            {
                (misses ??= []).Add(key);
            }
        }

        return misses;
    }

    private void CompleteManyReads<T>(List<string> misses, IReadOnlyList<StoredCacheEntry> rows, ReadStamp[] stamps, Dictionary<string, T> hits)
    {
        var byKey = new Dictionary<string, StoredCacheEntry>(rows.Count, StringComparer.Ordinal);
        foreach (StoredCacheEntry row in rows)
        {
            byKey[row.Key] = row;
        }

        for (int i = 0; i < misses.Count; i++)
        {
            string key = misses[i];
            byKey.TryGetValue(key, out StoredCacheEntry? row);
            if (CompleteRead(key, row, stamps[i], out T value))
            {
                hits[key] = value;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="row"/> to the store under a write ticket, then puts the entry
    /// <paramref name="afterWrite"/> builds into RAM when the write provably committed last for its key (else, or when
    /// it builds none, the key leaves RAM). The state keeps the callback static, so no closure is allocated per write.
    /// </summary>
    private void WriteThrough<TState>(StoredCacheEntry row, TState state, Func<Cachetronaut, StoredCacheEntry, TState, FrontTierEntry?> afterWrite)
    {
        WriteTicket ticket = BeginWrite(row.Key);
        FrontTierEntry? entry = null;
        try
        {
            long started = Stopwatch.GetTimestamp();
            _store.Set(row);
            _metrics.StoreWrite(started);
            entry = afterWrite(this, row, state);
        }
        finally
        {
            EndWrite(ticket, row.Key, entry);
        }
    }

    /// <inheritdoc cref="WriteThrough"/>
    /// <remarks>Once handed to the store a write is not cancelled (it would still commit), so RAM follows the commit.</remarks>
    private async ValueTask WriteThroughAsync<TState>(StoredCacheEntry row, TState state, Func<Cachetronaut, StoredCacheEntry, TState, FrontTierEntry?> afterWrite)
    {
        WriteTicket ticket = BeginWrite(row.Key);
        FrontTierEntry? entry = null;
        try
        {
            long started = Stopwatch.GetTimestamp();
            await _store.SetAsync(row, CancellationToken.None).ConfigureAwait(false);
            _metrics.StoreWrite(started);
            entry = afterWrite(this, row, state);
        }
        finally
        {
            EndWrite(ticket, row.Key, entry);
        }
    }

    /// <summary>After a durable write: the entry its write ticket puts into RAM (when the write committed last).</summary>
    private FrontTierEntry<T> AfterWrite<T>(StoredCacheEntry row, T value)
    {
        _metrics.Set();
        return new FrontTierEntry<T>(row.Key, value, EntryMetadata.From(row), NextSequence());
    }

    /// <summary>Deletes a key from the store, then from RAM; logs it when it existed in either tier.</summary>
    private bool DeleteCore(string key)
    {
        WriteTicket ticket = BeginWrite(key);
        bool deleted;
        FrontTierEntry? removed;
        try
        {
            deleted = _store.Delete(key);
        }
        finally
        {
            removed = EndWrite(ticket, key, entry: null);
        }

        return AfterDelete(key, deleted, removed, EvictionReasons.UserEviction);
    }

    /// <inheritdoc cref="DeleteCore"/>
    private async ValueTask<bool> DeleteCoreAsync(string key)
    {
        WriteTicket ticket = BeginWrite(key);
        bool deleted;
        FrontTierEntry? removed;
        try
        {
            deleted = await _store.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            removed = EndWrite(ticket, key, entry: null);
        }

        return AfterDelete(key, deleted, removed, EvictionReasons.UserEviction);
    }

    /// <summary>After a store deletion: log the key when it existed in either tier.</summary>
    private bool AfterDelete(string key, bool deletedFromStore, FrontTierEntry? removed, string reason)
    {
        if (removed is null && !deletedFromStore)
        {
            return false;
        }

        LogEviction(key, reason, removed?.AccessCount ?? 0);
        return true;
    }

    private ReadStamp[] BeginReads(List<string> keys)
    {
        var stamps = new ReadStamp[keys.Count];
        for (int i = 0; i < keys.Count; i++)
        {
            stamps[i] = BeginRead(keys[i]);
        }

        return stamps;
    }

    private List<string> DistinctKeys(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<string>();
        foreach (string key in keys)
        {
            KeyValidator.Validate(key, _maxKeyLength, nameof(keys));
            if (seen.Add(key))
            {
                distinct.Add(key);
            }
        }

        return distinct;
    }

    private List<KeyValuePair<string, T>> LastValuePerKey<T>(IEnumerable<KeyValuePair<string, T>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var unique = new List<KeyValuePair<string, T>>();
        foreach (KeyValuePair<string, T> item in items)
        {
            KeyValidator.Validate(item.Key, _maxKeyLength, nameof(items));
            if (index.TryGetValue(item.Key, out int at))
            {
                unique[at] = item;
            }
            else
            {
                index[item.Key] = unique.Count;
                unique.Add(item);
            }
        }

        return unique;
    }

    private List<StoredCacheEntry> SerializeMany<T>(List<KeyValuePair<string, T>> items, WritePlan plan)
    {
        var rows = new List<StoredCacheEntry>(items.Count);
        foreach (KeyValuePair<string, T> item in items)
        {
            rows.Add(Serialize(item.Key, item.Value, plan));
        }

        return rows;
    }

    // ---- write planning ------------------------------------------------------------------------------------------

    /// <summary>What a write resolved from its options: serializer, expiry, tags, version.</summary>
    private readonly record struct WritePlan(ICacheSerializer Serializer, DateTimeOffset ExpiresAt, IReadOnlyList<string> Tags, long Version);

    /// <summary>
    /// The GetOrCreate hit path's <see cref="ValidateEntryOptions"/>: options without tags are immutable once checked
    /// (init-only members, a registry fixed at construction), so the last instance that passed is remembered and a
    /// caller reusing one options object pays a reference compare instead of a serializer lookup.
    /// </summary>
    private void ValidateReadOptions(CachetronautEntryOptions? options)
    {
        if (options is null || ReferenceEquals(options, Volatile.Read(ref _validatedOptions)))
        {
            return;
        }

        ValidateEntryOptions(options);
        if (options.Tags is null)
        {
            Volatile.Write(ref _validatedOptions, options);
        }
    }

    private CachetronautEntryOptions? _validatedOptions;

    /// <summary>Checks entry options without allocating (the GetOrCreate hit path): serializer name, time-to-live, tags.</summary>
    private ICacheSerializer ValidateEntryOptions(CachetronautEntryOptions? options)
    {
        ICacheSerializer serializer = _serializers.Resolve(options?.Serializer, nameof(options));
        if (options is null)
        {
            return serializer;
        }

        if (options.TimeToLive is TimeSpan ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), ttl, "TimeToLive must be positive.");
        }

        if (options.Tags is { } tags)
        {
            // Indexed, not foreach: enumerating an IReadOnlyList allocates an enumerator, and tagged options are
            // checked on every GetOrCreate hit (a list can change after it passed, so it is never remembered).
            for (int i = 0; i < tags.Count; i++)
            {
                ThrowIfInvalidTag(tags[i], nameof(options));
            }
        }

        return serializer;
    }

    /// <summary>Throws unless <paramref name="tag"/> is a tag the store accepts (non-empty, within its length limit).</summary>
    private void ThrowIfInvalidTag(string tag, string paramName)
    {
        if (string.IsNullOrWhiteSpace(tag) || tag.Length > _maxTagLength)
        {
            throw new ArgumentException($"Tags must be non-empty and at most {_maxTagLength} characters long.", paramName);
        }
    }

    private WritePlan PlanWrite(CachetronautEntryOptions? options)
    {
        ICacheSerializer serializer = ValidateEntryOptions(options);
        TimeSpan ttl = options?.TimeToLive ?? _profile.TimeToLive;
        DateTimeOffset now = UtcNow;
        DateTimeOffset expiresAt = ttl >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + ttl;
        return new WritePlan(serializer, expiresAt, DistinctTags(options?.Tags), options?.Version ?? 1);
    }

    private static List<string> DistinctTags(IReadOnlyList<string>? tags)
    {
        if (tags is null || tags.Count == 0)
        {
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<string>(tags.Count);
        foreach (string tag in tags)
        {
            if (seen.Add(tag))
            {
                distinct.Add(tag);
            }
        }

        return distinct;
    }

    /// <summary>Serializes once; nothing is written when this throws.</summary>
    private StoredCacheEntry Serialize<T>(string key, T value, WritePlan plan)
    {
        ReadOnlyMemory<byte> data;
        if (value is byte[] array && plan.Serializer is ByteArrayCacheSerializer)
        {
            // The bytes serializer would copy the array as is: the row takes it instead (the front tier keeps this
            // same instance as the value, and the write is committed before Set returns).
            data = array;
        }
        else
        {
            // A per-thread buffer, rented so a re-entrant call gets its own: one exact-size copy per write instead
            // of a fresh, growing buffer whose slice the store would copy again.
            ArrayBufferWriter<byte> buffer = s_serializeBuffer ?? new ArrayBufferWriter<byte>(256);
            s_serializeBuffer = null;
            try
            {
                try
                {
                    plan.Serializer.Serialize(value, buffer);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    throw new CachetronomySerializationException(
                        $"The '{plan.Serializer.Format}' serializer could not write a value of type {typeof(T)}; nothing was written.", ex);
                }

                data = buffer.WrittenSpan.ToArray();
            }
            finally
            {
                if (buffer.Capacity <= MaxPooledSerializeBuffer)
                {
                    buffer.ResetWrittenCount();
                    s_serializeBuffer = buffer;
                }
            }
        }

        if (_maxValueSize > 0 && data.Length > _maxValueSize)
        {
            throw new ArgumentException($"The serialized value is {data.Length} bytes; the most is {_maxValueSize}.", nameof(value));
        }

        return new StoredCacheEntry
        {
            Key = key,
            Data = data,
            Format = plan.Serializer.Format,
            ExpiresAt = plan.ExpiresAt,
            Tags = plan.Tags,
            Version = plan.Version,
            SavedByProfile = _profile.Name,
        };
    }
}
