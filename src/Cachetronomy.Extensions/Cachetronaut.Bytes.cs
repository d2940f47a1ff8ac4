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

    /// <summary>Slides an entry's expiry in the store and in RAM; <see langword="true"/> when a live entry was found.</summary>
    internal bool Refresh(string key)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        bool found = _store.Refresh(key);
        SlideFront(key);
        return found;
    }

    /// <inheritdoc cref="Refresh"/>
    internal async ValueTask<bool> RefreshAsync(string key, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        bool found = await _store.RefreshAsync(key, CancellationToken.None).ConfigureAwait(false);
        SlideFront(key);
        return found;
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

    private void SlideFront(string key)
    {
        if (PeekFront(key) is { Metadata.SlidingExpiration: TimeSpan sliding } entry)
        {
            DateTimeOffset next = UtcNow + sliding;
            if (entry.Metadata.AbsoluteExpiration is DateTimeOffset absolute && absolute < next)
            {
                next = absolute;
            }

            entry.SetExpiry(next);
        }
    }

    private static byte[] ToArray(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out ArraySegment<byte> segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();
}
