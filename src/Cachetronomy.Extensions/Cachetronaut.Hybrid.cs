using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;
using Cachetronomy.Serialization;
using Microsoft.Extensions.Caching.Hybrid;

namespace Cachetronomy;

// The engine side of CachetronomyHybridCache: GetOrCreate with caller state and HybridCache's per-entry tiers
// (flags) and expirations, on the same front tier, store and single-flight table as ICachetronaut.
public sealed partial class Cachetronaut
{
    private const HybridCacheEntryFlags SkipLocalRead = HybridCacheEntryFlags.DisableLocalCacheRead;
    private const HybridCacheEntryFlags SkipLocalWrite = HybridCacheEntryFlags.DisableLocalCacheWrite;
    private const HybridCacheEntryFlags SkipStoreRead = HybridCacheEntryFlags.DisableDistributedCacheRead;
    private const HybridCacheEntryFlags SkipStoreWrite = HybridCacheEntryFlags.DisableDistributedCacheWrite;
    private const HybridCacheEntryFlags SkipFactory = HybridCacheEntryFlags.DisableUnderlyingData;

    /// <summary>
    /// Front tier → store → one factory run per key (and flags) at a time. A front-tier hit returns synchronously
    /// without allocating: the state is passed through, so no closure is made.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="state">The caller's state, handed to <paramref name="factory"/>.</param>
    /// <param name="factory">Creates the value on a miss.</param>
    /// <param name="flags">Which tiers to skip, and whether the factory may run.</param>
    /// <param name="expiration">The store time-to-live; <see langword="null"/> for the active profile's.</param>
    /// <param name="localExpiration">The front-tier time-to-live (never past the store expiry); <see langword="null"/> for the store expiry.</param>
    /// <param name="tags">Tags recorded on the entry when it is written.</param>
    /// <param name="cancellationToken">Cancels this caller's wait (not the run others share).</param>
    internal ValueTask<T> GetOrCreateCoreAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory,
        HybridCacheEntryFlags flags,
        TimeSpan? expiration,
        TimeSpan? localExpiration,
        IEnumerable<string>? tags,
        CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(factory);
        if ((flags & SkipLocalRead) == 0 && TryGetFromFront(key, out T value))
        {
            return new ValueTask<T>(value);
        }

        return CreateAsync(this, key, state, factory, flags, expiration, localExpiration, tags, cancellationToken);

        static async ValueTask<T> CreateAsync(
            Cachetronaut self,
            string key,
            TState state,
            Func<TState, CancellationToken, ValueTask<T>> factory,
            HybridCacheEntryFlags flags,
            TimeSpan? expiration,
            TimeSpan? localExpiration,
            IEnumerable<string>? tags,
            CancellationToken cancellationToken)
        {
            HybridWrite write = self.PlanHybridWrite(expiration, localExpiration, tags);
            cancellationToken.ThrowIfCancellationRequested();
            if ((flags & SkipStoreRead) == 0)
            {
                (bool found, T value) = await self.ReadThroughHybridAsync<T>(key, flags, localExpiration, cancellationToken).ConfigureAwait(false);
                if (found)
                {
                    return value;
                }
            }

            if ((flags & SkipFactory) != 0)
            {
                return default!;
            }

            var flightKey = new FlightKey(key, typeof(T), (int)flags);
            Flight<T> flight = self.JoinOrStartFlight<T>(flightKey, out bool owner);
            if (owner)
            {
                _ = self.RunHybridFlightAsync(flightKey, flight, state, factory, flags, write);
            }

            return await self.WaitForFlightAsync(flightKey, flight, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a value through the HybridCache view, honouring the tiers <paramref name="flags"/> leave on.</summary>
    internal ValueTask SetHybridAsync<T>(string key, T value, HybridCacheEntryFlags flags, TimeSpan? expiration, TimeSpan? localExpiration, IEnumerable<string>? tags, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        HybridWrite write = PlanHybridWrite(expiration, localExpiration, tags);
        return WriteHybridAsync(key, value, flags, write, cancellationToken);
    }

    /// <summary>What a HybridCache write resolved from its options: time-to-lives and validated, distinct tags.</summary>
    private readonly record struct HybridWrite(TimeSpan? Expiration, TimeSpan? LocalExpiration, IReadOnlyList<string> Tags);

    private HybridWrite PlanHybridWrite(TimeSpan? expiration, TimeSpan? localExpiration, IEnumerable<string>? tags)
    {
        if (expiration is TimeSpan ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiration), ttl, "Expiration must be positive.");
        }

        if (localExpiration is TimeSpan local && local <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(localExpiration), local, "LocalCacheExpiration must be positive.");
        }

        List<string> tagList = [];
        if (tags is not null)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string tag in tags)
            {
                ThrowIfInvalidTag(tag, nameof(tags));
                if (seen.Add(tag))
                {
                    tagList.Add(tag);
                }
            }
        }

        return new HybridWrite(expiration, localExpiration, tagList);
    }

    private async ValueTask<(bool Found, T Value)> ReadThroughHybridAsync<T>(string key, HybridCacheEntryFlags flags, TimeSpan? localExpiration, CancellationToken cancellationToken)
    {
        ReadStamp generation = BeginRead(key);
        StoredCacheEntry? row = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = UtcNow;
        if (row is null || row.ExpiresAt <= now || !TryDeserialize(row, out T value))
        {
            Interlocked.Increment(ref _misses);
            return (false, default!);
        }

        Interlocked.Increment(ref _storeHits);
        if ((flags & SkipLocalWrite) == 0)
        {
            var entry = new FrontTierEntry<T>(key, value, EntryMetadata.From(row), NextSequence());
            entry.SetExpiry(FrontExpiry(now, row.ExpiresAt, localExpiration));
            entry.Touch(NextSequence());
            InsertFront(entry, generation);
        }

        CountAccess(key, now.UtcTicks);
        await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
        return (true, value);
    }

    private async Task RunHybridFlightAsync<TState, T>(FlightKey flightKey, Flight<T> flight, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, HybridCacheEntryFlags flags, HybridWrite write)
    {
        T value = default!;
        Exception? failure = null;
        bool canceled = false;
        EnterFlight(flightKey, flight);
        try
        {
            // Another run may have finished between this caller's miss and the start of this run.
            if ((flags & SkipLocalRead) != 0 || !TryGetFromFront(flightKey.Key, out value))
            {
                value = await factory(state, flight.Token).ConfigureAwait(false);
                await WriteHybridAsync(flightKey.Key, value, flags, write, flight.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (flight.Token.IsCancellationRequested)
        {
            canceled = true;
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        _flights.TryRemove(KeyValuePair.Create(flightKey, (Flight)flight));
        if (failure is not null)
        {
            flight.SetException(failure);
        }
        else if (canceled)
        {
            flight.SetCanceled();
        }
        else
        {
            flight.SetResult(value);
        }
    }

    /// <summary>
    /// Writes the store row (unless <see cref="HybridCacheEntryFlags.DisableDistributedCacheWrite"/>), durably, then
    /// the front-tier entry (unless <see cref="HybridCacheEntryFlags.DisableLocalCacheWrite"/>, in which case a stale
    /// front-tier entry of the key is dropped).
    /// </summary>
    private async ValueTask WriteHybridAsync<T>(string key, T value, HybridCacheEntryFlags flags, HybridWrite write, CancellationToken cancellationToken)
    {
        ICacheSerializer serializer = HybridSerializerFor(value);
        DateTimeOffset now = UtcNow;
        DateTimeOffset storeExpiry = AddClamped(now, write.Expiration ?? _profile.TimeToLive);
        bool toFront = (flags & SkipLocalWrite) == 0;
        if ((flags & SkipStoreWrite) == 0)
        {
            StoredCacheEntry row = Serialize(key, value, new WritePlan(serializer, storeExpiry, write.Tags, 1));
            cancellationToken.ThrowIfCancellationRequested();

            // Without a local write (no entry built), a stale front-tier entry of the key is dropped.
            await WriteThroughAsync(
                row,
                (Value: value, Now: now, write.LocalExpiration, ToFront: toFront),
                static (self, row, s) => s.ToFront ? self.HybridFrontEntry(row.Key, s.Value, EntryMetadata.From(row), s.Now, s.LocalExpiration) : null).ConfigureAwait(false);
            await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (toFront)
        {
            // RAM only: nothing reaches the store, and concurrent promotions of an older row are invalidated.
            WriteTicket ticket = BeginWrite(key);
            var metadata = new EntryMetadata(serializer.Format, storeExpiry, write.Tags, 1, _profile.Name, null, null);
            EndWrite(ticket, key, HybridFrontEntry(key, value, metadata, now, write.LocalExpiration));
        }
    }

    private FrontTierEntry<T> HybridFrontEntry<T>(string key, T value, EntryMetadata metadata, DateTimeOffset now, TimeSpan? localExpiration)
    {
        var entry = new FrontTierEntry<T>(key, value, metadata, NextSequence());
        entry.SetExpiry(FrontExpiry(now, metadata.ExpiresAt, localExpiration));
        return entry;
    }

    private static DateTimeOffset FrontExpiry(DateTimeOffset now, DateTimeOffset storeExpiry, TimeSpan? localExpiration)
    {
        if (localExpiration is not TimeSpan local)
        {
            return storeExpiry;
        }

        DateTimeOffset front = AddClamped(now, local);
        return front < storeExpiry ? front : storeExpiry;
    }

    /// <summary>
    /// As HybridCache's own in-built serializers: non-null byte arrays are stored raw (<c>bytes</c>) and non-null
    /// strings as UTF-8 (<c>string</c>), so the IDistributedCache view reads them as they are; anything else uses
    /// the engine's default serializer.
    /// </summary>
    private ICacheSerializer HybridSerializerFor<T>(T value)
    {
        if (typeof(T) == typeof(byte[]) && value is not null && _serializers.TryGet(ByteArrayCacheSerializer.FormatName, out ICacheSerializer bytes))
        {
            return bytes;
        }

        if (typeof(T) == typeof(string) && value is not null && _serializers.TryGet(StringCacheSerializer.FormatName, out ICacheSerializer text))
        {
            return text;
        }

        return _serializers.Default;
    }
}
