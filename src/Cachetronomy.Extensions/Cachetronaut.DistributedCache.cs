using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;
using Cachetronomy.Serialization;
using Microsoft.Extensions.Caching.Distributed;

namespace Cachetronomy;

// The IDistributedCache / IBufferDistributedCache view of the engine, implemented explicitly so it does not clutter
// ICachetronaut's surface. Values are raw bytes stored in format "bytes"; one key space with the typed API.
public sealed partial class Cachetronaut : IBufferDistributedCache
{
    /// <summary>
    /// Reads an entry's bytes. A <c>bytes</c> entry in RAM is returned as the very array the front tier holds (no
    /// copy): callers must not mutate it. An entry written through the typed API reads as its stored bytes (for
    /// <c>json</c>, the UTF-8 JSON). A sliding entry is slid by the read (store and RAM), unless it was slid less than
    /// <see cref="CachetronomyOptions.SlidingRefreshThreshold"/> of its window ago.
    /// </summary>
    byte[]? IDistributedCache.Get(string key)
    {
        byte[]? bytes = GetBytes(key);
        if (bytes is not null && IsSlideDue(key))
        {
            RefreshStore(key);
        }

        return bytes;
    }

    /// <inheritdoc cref="IDistributedCache.Get(string)"/>
    Task<byte[]?> IDistributedCache.GetAsync(string key, CancellationToken token) =>
        GetDistributedAsync(key, token).AsTask();

    /// <summary>Writes raw bytes (format <c>bytes</c>); the front tier keeps its own copy.</summary>
    void IDistributedCache.Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        DistributedExpiry expiry = PlanDistributedExpiry(options);
        SetBytes(key, value, ByteArrayCacheSerializer.FormatName, expiry.ExpiresAt, tags: null, expiry.Sliding, expiry.Absolute);
    }

    /// <inheritdoc cref="IDistributedCache.Set(string, byte[], DistributedCacheEntryOptions)"/>
    Task IDistributedCache.SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(value);
        DistributedExpiry expiry = PlanDistributedExpiry(options);
        return SetBytesAsync(key, value, ByteArrayCacheSerializer.FormatName, expiry.ExpiresAt, null, expiry.Sliding, expiry.Absolute, token).AsTask();
    }

    /// <summary>
    /// Slides a sliding entry's expiry (store and RAM), unless it is in RAM and was slid less than
    /// <see cref="CachetronomyOptions.SlidingRefreshThreshold"/> of its window ago. A missing or non-sliding entry is
    /// left alone.
    /// </summary>
    void IDistributedCache.Refresh(string key) => Refresh(key);

    /// <inheritdoc cref="IDistributedCache.Refresh(string)"/>
    async Task IDistributedCache.RefreshAsync(string key, CancellationToken token) =>
        await RefreshAsync(key, token).ConfigureAwait(false);

    /// <summary>Deletes the entry from both tiers (the same as <see cref="Delete(string)"/>).</summary>
    void IDistributedCache.Remove(string key) => Delete(key);

    /// <inheritdoc cref="IDistributedCache.Remove(string)"/>
    async Task IDistributedCache.RemoveAsync(string key, CancellationToken token) =>
        await DeleteAsync(key, token).ConfigureAwait(false);

    /// <summary>Writes an entry's bytes into <paramref name="destination"/>; <see langword="false"/> on a miss.</summary>
    bool IBufferDistributedCache.TryGet(string key, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        byte[]? bytes = ((IDistributedCache)this).Get(key);
        if (bytes is null)
        {
            return false;
        }

        destination.Write(bytes);
        return true;
    }

    /// <inheritdoc cref="IBufferDistributedCache.TryGet(string, IBufferWriter{byte})"/>
    ValueTask<bool> IBufferDistributedCache.TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ValueTask<byte[]?> pending = GetDistributedAsync(key, token);
        if (pending.IsCompletedSuccessfully)
        {
            return new ValueTask<bool>(WriteTo(pending.Result, destination));
        }

        return AwaitAsync(pending, destination);

        static async ValueTask<bool> AwaitAsync(ValueTask<byte[]?> pending, IBufferWriter<byte> destination) =>
            WriteTo(await pending.ConfigureAwait(false), destination);
    }

    /// <summary>Writes raw bytes (format <c>bytes</c>) from a sequence; the caller may reuse its buffers afterwards.</summary>
    void IBufferDistributedCache.Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options)
    {
        DistributedExpiry expiry = PlanDistributedExpiry(options);
        SetBytes(key, Contiguous(value), ByteArrayCacheSerializer.FormatName, expiry.ExpiresAt, tags: null, expiry.Sliding, expiry.Absolute);
    }

    /// <inheritdoc cref="IBufferDistributedCache.Set(string, ReadOnlySequence{byte}, DistributedCacheEntryOptions)"/>
    ValueTask IBufferDistributedCache.SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token)
    {
        DistributedExpiry expiry = PlanDistributedExpiry(options);
        return SetBytesAsync(key, Contiguous(value), ByteArrayCacheSerializer.FormatName, expiry.ExpiresAt, null, expiry.Sliding, expiry.Absolute, token);
    }

    private ValueTask<byte[]?> GetDistributedAsync(string key, CancellationToken cancellationToken)
    {
        ValueTask<byte[]?> pending = GetBytesAsync(key, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            byte[]? bytes = pending.Result;
            return bytes is not null && IsSlideDue(key)
                ? SlideAfterReadAsync(this, key, bytes, cancellationToken)
                : new ValueTask<byte[]?>(bytes);
        }

        return AwaitAsync(this, pending, key, cancellationToken);

        static async ValueTask<byte[]?> AwaitAsync(Cachetronaut self, ValueTask<byte[]?> pending, string key, CancellationToken cancellationToken)
        {
            byte[]? bytes = await pending.ConfigureAwait(false);
            if (bytes is not null && self.IsSlideDue(key))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await self.RefreshStoreAsync(key).ConfigureAwait(false);
            }

            return bytes;
        }

        static async ValueTask<byte[]?> SlideAfterReadAsync(Cachetronaut self, string key, byte[] bytes, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await self.RefreshStoreAsync(key).ConfigureAwait(false);
            return bytes;
        }
    }

    private static bool WriteTo(byte[]? bytes, IBufferWriter<byte> destination)
    {
        if (bytes is null)
        {
            return false;
        }

        destination.Write(bytes);
        return true;
    }

    private static ReadOnlyMemory<byte> Contiguous(ReadOnlySequence<byte> value) =>
        value.IsSingleSegment ? value.First : value.ToArray();

    /// <summary>The expiry of a distributed-cache write: where it ends now, and its sliding window and hard limit.</summary>
    private readonly record struct DistributedExpiry(DateTimeOffset ExpiresAt, TimeSpan? Sliding, DateTimeOffset? Absolute);

    /// <summary>
    /// Resolves <see cref="DistributedCacheEntryOptions"/>: the absolute limit (relative-to-now wins over the date),
    /// then a sliding window capped by it; with neither, the active profile's time-to-live.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The absolute expiration is not in the future.</exception>
    private DistributedExpiry PlanDistributedExpiry(DistributedCacheEntryOptions options)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(options);
        DateTimeOffset now = UtcNow;
        DateTimeOffset? absolute = options.AbsoluteExpirationRelativeToNow is TimeSpan relative
            ? AddClamped(now, relative)
            : options.AbsoluteExpiration;
        if (absolute is DateTimeOffset limit && limit <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(options), limit, "The absolute expiration value must be in the future.");
        }

        if (options.SlidingExpiration is TimeSpan sliding)
        {
            DateTimeOffset next = AddClamped(now, sliding);
            if (absolute is DateTimeOffset cap && cap < next)
            {
                next = cap;
            }

            return new DistributedExpiry(next, sliding, absolute);
        }

        return absolute is DateTimeOffset fixedEnd
            ? new DistributedExpiry(fixedEnd, null, null)
            : new DistributedExpiry(AddClamped(now, _profile.TimeToLive), null, null);
    }

    private static DateTimeOffset AddClamped(DateTimeOffset now, TimeSpan span) =>
        span >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + span;
}
