using System;
using System.Collections.Generic;
using System.Threading;

namespace Cachetronomy.Internal;

/// <summary>
/// One entry of the front tier: the deserialized value (in <see cref="FrontTierEntry{T}"/>) with its store row's
/// expiry and metadata, plus this instance's access counts and last-access stamp (for LFU with an LRU tie-break).
/// </summary>
/// <remarks>
/// <para>A front-tier hit costs one <see cref="Interlocked"/> increment (<see cref="TryHit"/>) and plain writes: the
/// hit count serves the LFU count, the engine's memory-hit statistic and the access log's pending delta at once.</para>
/// <para>The access-log flush takes the hits counted since its last take with a compare-and-swap on
/// <c>_takenHits</c> (<see cref="TakePendingHits"/>); when the entry leaves RAM, <see cref="Retire"/> freezes the hit
/// count (a hit racing the removal then sees a negative count and is counted by the engine instead) and takes the
/// rest. Whichever of the two swaps <c>_takenHits</c> first owns the hits up to its value, so no count is lost or
/// written twice.</para>
/// </remarks>
internal abstract class FrontTierEntry
{
    /// <summary>The hit count of a retired entry (stays negative after any number of racing increments).</summary>
    private const long Retired = long.MinValue / 2;

    private long _expiresAtUtcTicks;
    private long _baseCount;
    private long _hits;
    private long _takenHits;
    private long _frozenHits;
    private long _lastAccess;
    private long _lastAccessUtcTicks;
    private string? _lastProfile;

    protected FrontTierEntry(string key, EntryMetadata metadata, long sequence)
    {
        Key = key;
        Metadata = metadata;
        _expiresAtUtcTicks = metadata.ExpiresAt.UtcTicks;
        _lastAccess = sequence;
    }

    /// <summary>Gets the key.</summary>
    public string Key { get; }

    /// <summary>Gets the row's metadata as it was when this entry was made.</summary>
    public EntryMetadata Metadata { get; }

    /// <summary>Gets the current expiry in UTC ticks (a sliding refresh can move it).</summary>
    public long ExpiresAtUtcTicks => Volatile.Read(ref _expiresAtUtcTicks);

    /// <summary>Gets the reads counted since the key entered RAM (carried over from replaced entries).</summary>
    public long AccessCount => Volatile.Read(ref _baseCount) + Hits;

    /// <summary>Gets the front-tier hits on this entry (frozen once it left RAM).</summary>
    public long Hits
    {
        get
        {
            long hits = Volatile.Read(ref _hits);
            return hits >= 0 ? hits : Volatile.Read(ref _frozenHits);
        }
    }

    /// <summary>Gets the front-tier hits on this entry while it is in RAM; 0 once retired.</summary>
    public long LiveHits => Math.Max(0, Volatile.Read(ref _hits));

    /// <summary>Gets the stamp of the latest read or write (higher is more recent; reads between two writes tie).</summary>
    public long LastAccess => Volatile.Read(ref _lastAccess);

    /// <summary>Gets the UTC ticks of the latest front-tier hit.</summary>
    public long LastAccessUtcTicks => Volatile.Read(ref _lastAccessUtcTicks);

    /// <summary>Gets the profile active at the latest front-tier hit.</summary>
    public string LastProfile => Volatile.Read(ref _lastProfile) ?? CachetronomyProfile.DefaultName;

    /// <summary>Gets the type of the cached value.</summary>
    public abstract Type ValueType { get; }

    /// <summary>Gets the cached value, boxed when it is a value type.</summary>
    public abstract object? BoxedValue { get; }

    /// <summary>Whether the entry is expired at <paramref name="nowUtcTicks"/> (live while <c>now &lt; ExpiresAt</c>).</summary>
    public bool IsExpired(long nowUtcTicks) => nowUtcTicks >= ExpiresAtUtcTicks;

    /// <summary>
    /// Counts one front-tier hit: one interlocked increment and plain writes. <see langword="false"/> when the
    /// entry already left RAM (<see cref="Retire"/>): the caller counts the hit elsewhere.
    /// </summary>
    public bool TryHit(long stamp, long nowUtcTicks, string profile)
    {
        // Written before the increment (a full fence), so a flush that sees the hit also sees its time and profile.
        Volatile.Write(ref _lastAccess, stamp);
        Volatile.Write(ref _lastAccessUtcTicks, nowUtcTicks);
        if (!ReferenceEquals(_lastProfile, profile))
        {
            Volatile.Write(ref _lastProfile, profile);
        }

        return Interlocked.Increment(ref _hits) > 0;
    }

    /// <summary>
    /// Counts the store read that promotes this entry, before the entry is published: one read for LFU and one
    /// pending access-log read (<c>_takenHits</c> starts at -1, so the first take or the retirement includes it),
    /// instead of a counter in the engine's side map for every key read cold.
    /// </summary>
    public void CountPromotingRead(long sequence, long nowUtcTicks, string profile)
    {
        _baseCount++;
        _lastAccess = sequence;
        _lastAccessUtcTicks = nowUtcTicks;
        _lastProfile = profile;
        _takenHits = -1;
    }

    /// <summary>Counts one read made before the entry entered RAM (a store read promoting it).</summary>
    public void Touch(long sequence)
    {
        Interlocked.Increment(ref _baseCount);
        Volatile.Write(ref _lastAccess, sequence);
    }

    /// <summary>
    /// Takes the hits counted since the last take, for the access log (callers are serialized by the engine's access
    /// gate); 0 when there are none or the entry left RAM (then <see cref="Retire"/> took them).
    /// </summary>
    public long TakePendingHits()
    {
        long taken = Volatile.Read(ref _takenHits);
        long hits = Volatile.Read(ref _hits);
        if (hits <= taken)
        {
            return 0;
        }

        return Interlocked.CompareExchange(ref _takenHits, hits, taken) == taken ? hits - taken : 0;
    }

    /// <summary>
    /// Freezes the hit count once the entry left RAM. Returns <see langword="false"/> when it was already retired;
    /// otherwise <paramref name="hits"/> is its final hit count and <paramref name="pending"/> the hits no flush took.
    /// </summary>
    public bool Retire(out long hits, out long pending)
    {
        long current = Volatile.Read(ref _hits);
        if (current >= 0)
        {
            Volatile.Write(ref _frozenHits, current); // readers of AccessCount racing the exchange below
        }

        long final = Interlocked.Exchange(ref _hits, Retired);
        if (final < 0)
        {
            hits = 0;
            pending = 0;
            return false;
        }

        Volatile.Write(ref _frozenHits, final);
        hits = final;
        pending = final - Interlocked.Exchange(ref _takenHits, final);
        return true;
    }

    /// <summary>Sets the expiry in RAM (the HybridCache view's local expiry, shorter than the row's).</summary>
    public void SetExpiry(DateTimeOffset expiresAt) => Volatile.Write(ref _expiresAtUtcTicks, expiresAt.UtcTicks);

    /// <summary>Moves the expiry later, never earlier (concurrent sliding refreshes finish in any order).</summary>
    public void ExtendExpiry(long expiresAtUtcTicks)
    {
        long current = Volatile.Read(ref _expiresAtUtcTicks);
        while (expiresAtUtcTicks > current)
        {
            long seen = Interlocked.CompareExchange(ref _expiresAtUtcTicks, expiresAtUtcTicks, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Carries the access count of the entry this one replaces (a write does not reset the hot count).</summary>
    public void InheritCount(FrontTierEntry previous) =>
        Interlocked.Add(ref _baseCount, previous.AccessCount);
}

/// <summary>A front-tier entry holding a value of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The type the value was written or read as; reads as another type go to the store.</typeparam>
internal sealed class FrontTierEntry<T> : FrontTierEntry
{
    public FrontTierEntry(string key, T value, EntryMetadata metadata, long sequence)
        : base(key, metadata, sequence)
    {
        Value = value;
    }

    /// <summary>Gets the cached instance.</summary>
    public T Value { get; }

    /// <inheritdoc/>
    public override Type ValueType => typeof(T);

    /// <inheritdoc/>
    public override object? BoxedValue => Value;
}

/// <summary>
/// What the engine keeps about a row besides the value; a struct stored inline in its entry, so promoting a store
/// read allocates the entry alone.
/// </summary>
internal readonly record struct EntryMetadata(
    string Format,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> Tags,
    long Version,
    string SavedByProfile,
    TimeSpan? SlidingExpiration,
    DateTimeOffset? AbsoluteExpiration)
{
    public static EntryMetadata From(StoredCacheEntry row) =>
        new(row.Format, row.ExpiresAt, row.Tags, row.Version, row.SavedByProfile, row.SlidingExpiration, row.AbsoluteExpiration);
}
