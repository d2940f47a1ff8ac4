using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;
using Cachetronomy.Serialization;

namespace Cachetronomy;

// Raw-bytes entry points for the IDistributedCache / IBufferDistributedCache and HybridCache views of this engine:
// one key space, one front tier. A "bytes" entry lives in RAM as FrontTierEntry<byte[]>, so a typed Get<byte[]>
// and a raw read see the same array; a raw read of an entry of another format reads the row's bytes from the store.
public sealed partial class Cachetronaut
{
    /// <summary>Reads an entry's serialized bytes: a live <c>bytes</c> entry from RAM, otherwise the store row's data.</summary>
    internal byte[]? GetBytes(string key)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        if (TryGetBytesFromFront(key, out byte[]? bytes))
        {
            return bytes;
        }

        ReadStamp generation = BeginRead(key);
        return CompleteBytesRead(key, _store.Get(key), generation);
    }

    /// <inheritdoc cref="GetBytes"/>
    internal ValueTask<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        if (TryGetBytesFromFront(key, out byte[]? bytes))
        {
            return new ValueTask<byte[]?>(bytes);
        }

        return ReadAsync(this, key, cancellationToken);

        static async ValueTask<byte[]?> ReadAsync(Cachetronaut self, string key, CancellationToken cancellationToken)
        {
            ReadStamp generation = self.BeginRead(key);
            long started = Stopwatch.GetTimestamp();
            StoredCacheEntry? row = await self._store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            self._metrics.StoreRead(started);
            return self.CompleteBytesRead(key, row, generation);
        }
    }

    /// <summary>Writes already-serialized bytes under <paramref name="format"/>, durably, then updates RAM.</summary>
    internal void SetBytes(string key, ReadOnlyMemory<byte> data, string format, DateTimeOffset expiresAt, IReadOnlyList<string>? tags = null, TimeSpan? slidingExpiration = null, DateTimeOffset? absoluteExpiration = null)
    {
        ThrowIfDisposed();
        StoredCacheEntry row = PlanBytesWrite(key, data, format, expiresAt, tags, slidingExpiration, absoluteExpiration);
        WriteThrough(row, 0, static (self, row, _) => self.AfterBytesWrite(row));
        FlushEvictionsIfFull();
    }

    /// <inheritdoc cref="SetBytes"/>
    internal async ValueTask SetBytesAsync(string key, ReadOnlyMemory<byte> data, string format, DateTimeOffset expiresAt, IReadOnlyList<string>? tags, TimeSpan? slidingExpiration, DateTimeOffset? absoluteExpiration, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        StoredCacheEntry row = PlanBytesWrite(key, data, format, expiresAt, tags, slidingExpiration, absoluteExpiration);
        cancellationToken.ThrowIfCancellationRequested();
        await WriteThroughAsync(row, 0, static (self, row, _) => self.AfterBytesWrite(row)).ConfigureAwait(false);
        await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Slides a sliding entry's expiry in the store and in RAM, unless it was slid less than
    /// <see cref="CachetronomyOptions.SlidingRefreshThreshold"/> of its window ago; <see langword="true"/> when a live
    /// entry was found.
    /// </summary>
    internal bool Refresh(string key)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        return IsRecentlySlidInFront(key) || RefreshStore(key);
    }

    /// <inheritdoc cref="Refresh"/>
    internal ValueTask<bool> RefreshAsync(string key, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        return IsRecentlySlidInFront(key) ? new ValueTask<bool>(true) : RefreshStoreAsync(key);
    }

    /// <summary>Slides the row in the store, then (when it was live) the entry in RAM.</summary>
    private bool RefreshStore(string key)
    {
        long started = UtcNowTicks;
        bool found = _store.Refresh(key);
        if (found)
        {
            SlideFront(key, started);
        }

        return found;
    }

    /// <inheritdoc cref="RefreshStore"/>
    private async ValueTask<bool> RefreshStoreAsync(string key)
    {
        long started = UtcNowTicks;
        bool found = await _store.RefreshAsync(key, CancellationToken.None).ConfigureAwait(false);
        if (found)
        {
            SlideFront(key, started);
        }

        return found;
    }

    /// <summary>
    /// Whether the key is a sliding entry live in RAM whose expiry a slide now would move by less than
    /// <see cref="CachetronomyOptions.SlidingRefreshThreshold"/> of its window: then neither tier is written.
    /// </summary>
    /// <remarks>
    /// A sliding entry's RAM expiry is its store row's (set together by the write, the promoting read or the last
    /// refresh), so skipping both keeps the tiers and other processes in agreement: an entry last read at <c>t</c>
    /// expires between <c>t + (1 - threshold) × window</c> and <c>t + window</c>, and reads more often than every
    /// <c>threshold × window</c> cost no store write (the cookie authentication handler renews its sliding cookies the
    /// same way, past half their window).
    /// </remarks>
    private bool IsRecentlySlidInFront(string key) =>
        PeekFront(key) is { Metadata.SlidingExpiration: TimeSpan sliding } entry && IsRecentlySlid(entry, sliding);

    /// <summary>Whether a read of the key must slide it: a sliding entry live in RAM that was not slid recently.</summary>
    private bool IsSlideDue(string key) =>
        PeekFront(key) is { Metadata.SlidingExpiration: TimeSpan sliding } entry && !IsRecentlySlid(entry, sliding);

    /// <summary>Whether a slide now would move the entry's expiry by less than the threshold's share of its window.</summary>
    private bool IsRecentlySlid(FrontTierEntry entry, TimeSpan sliding)
    {
        long next = NextSlidingExpiry(entry, UtcNowTicks, sliding);
        long gain = next - entry.ExpiresAtUtcTicks;

        // Near the absolute limit the gain shrinks below the threshold for good: one last slide takes the entry to it.
        bool reachesLimit = gain > 0 && entry.Metadata.AbsoluteExpiration is DateTimeOffset absolute && next == absolute.UtcTicks;
        return gain < (long)(sliding.Ticks * _slidingRefreshThreshold) && !reachesLimit;
    }

    /// <summary>The expiry a slide at <paramref name="nowUtcTicks"/> gives an entry: the window on, capped by the absolute limit.</summary>
    private static long NextSlidingExpiry(FrontTierEntry entry, long nowUtcTicks, TimeSpan sliding)
    {
        long next = sliding.Ticks >= DateTimeOffset.MaxValue.UtcTicks - nowUtcTicks ? DateTimeOffset.MaxValue.UtcTicks : nowUtcTicks + sliding.Ticks;
        return entry.Metadata.AbsoluteExpiration is DateTimeOffset absolute && absolute.UtcTicks < next ? absolute.UtcTicks : next;
    }

    private bool TryGetBytesFromFront(string key, out byte[]? bytes)
    {
        if (PeekFront(key) is FrontTierEntry<byte[]> entry
            && string.Equals(entry.Metadata.Format, ByteArrayCacheSerializer.FormatName, StringComparison.Ordinal))
        {
            CountHit(entry, UtcNowTicks);
            bytes = entry.Value;
            return true;
        }

        bytes = null;
        return false;
    }

    private byte[]? CompleteBytesRead(string key, StoredCacheEntry? row, ReadStamp generation)
    {
        DateTimeOffset now = UtcNow;
        if (row is null || row.ExpiresAt <= now)
        {
            Interlocked.Increment(ref _misses);
            _metrics.Miss();
            return null;
        }

        Interlocked.Increment(ref _storeHits);
        _metrics.StoreHit();
        byte[] bytes = ToArray(row.Data);
        if (string.Equals(row.Format, ByteArrayCacheSerializer.FormatName, StringComparison.Ordinal))
        {
            var entry = new FrontTierEntry<byte[]>(key, bytes, EntryMetadata.From(row), NextSequence());
            PromoteCounted(entry, generation, now.UtcTicks);
            return bytes;
        }

        CountAccess(key, now.UtcTicks);
        return bytes;
    }

    private StoredCacheEntry PlanBytesWrite(string key, ReadOnlyMemory<byte> data, string format, DateTimeOffset expiresAt, IReadOnlyList<string>? tags, TimeSpan? slidingExpiration, DateTimeOffset? absoluteExpiration)
    {
        ValidateKey(key);
        _serializers.Resolve(format, nameof(format));
        if (expiresAt <= UtcNow)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), expiresAt, "The expiry must be in the future.");
        }

        if (slidingExpiration is TimeSpan sliding && sliding <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(slidingExpiration), sliding, "A sliding window must be positive.");
        }

        if (_maxValueSize > 0 && data.Length > _maxValueSize)
        {
            throw new ArgumentException($"The value is {data.Length} bytes; the most is {_maxValueSize}.", nameof(data));
        }

        return new StoredCacheEntry
        {
            Key = key,
            Data = data,
            Format = format,
            ExpiresAt = expiresAt,
            Tags = DistinctTags(tags),
            Version = 1,
            SavedByProfile = _profile.Name,
            SlidingExpiration = slidingExpiration,
            AbsoluteExpiration = absoluteExpiration,
        };
    }

    /// <summary>The entry a raw write puts into RAM; <see langword="null"/> (the key leaves RAM) for a format other than bytes.</summary>
    private FrontTierEntry<byte[]>? AfterBytesWrite(StoredCacheEntry row)
    {
        _metrics.Set();

        // The caller's memory may be pooled: RAM keeps its own copy. An entry of another format is read back (and
        // deserialized) from the store on its next typed read.
        return string.Equals(row.Format, ByteArrayCacheSerializer.FormatName, StringComparison.Ordinal)
            ? new FrontTierEntry<byte[]>(row.Key, row.Data.ToArray(), EntryMetadata.From(row), NextSequence())
            : null;
    }

    /// <summary>
    /// Slides a sliding entry in RAM after its store row was slid by a refresh that started at
    /// <paramref name="refreshStartedUtcTicks"/>: to the expiry computed from that start in whole milliseconds, as
    /// the store computes it from its own later clock reading, so never later than the row's (RAM must not outlive it;
    /// the store never moves a row's expiry back).
    /// </summary>
    private void SlideFront(string key, long refreshStartedUtcTicks)
    {
        if (PeekFront(key) is { Metadata.SlidingExpiration: TimeSpan sliding } entry)
        {
            long started = refreshStartedUtcTicks - (refreshStartedUtcTicks % TimeSpan.TicksPerMillisecond);
            TimeSpan window = TimeSpan.FromMilliseconds((long)sliding.TotalMilliseconds);
            long next = NextSlidingExpiry(entry, started, window);
            entry.ExtendExpiry(next - (next % TimeSpan.TicksPerMillisecond)); // an absolute limit, too, is stored in milliseconds
        }
    }

    private static byte[] ToArray(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out ArraySegment<byte> segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();
}
