using System;
using System.Collections.Generic;
using System.Threading;

namespace Cachetronomy.Internal;

/// <summary>
/// One entry of the front tier: the deserialized value (in <see cref="FrontTierEntry{T}"/>) with its store row's
/// expiry and metadata, plus this instance's access counter and last-access sequence (for LFU with an LRU tie-break).
/// </summary>
internal abstract class FrontTierEntry
{
    private long _expiresAtUtcTicks;
    private long _accessCount;
    private long _lastAccess;

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

    /// <summary>Gets the reads counted since the key entered RAM.</summary>
    public long AccessCount => Volatile.Read(ref _accessCount);

    /// <summary>Gets the sequence number of the latest read or write (higher is more recent).</summary>
    public long LastAccess => Volatile.Read(ref _lastAccess);

    /// <summary>Gets the type of the cached value.</summary>
    public abstract Type ValueType { get; }

    /// <summary>Gets the cached value, boxed when it is a value type.</summary>
    public abstract object? BoxedValue { get; }

    /// <summary>Whether the entry is expired at <paramref name="nowUtcTicks"/> (live while <c>now &lt; ExpiresAt</c>).</summary>
    public bool IsExpired(long nowUtcTicks) => nowUtcTicks >= ExpiresAtUtcTicks;

    /// <summary>Counts one read.</summary>
    public void Touch(long sequence)
    {
        Interlocked.Increment(ref _accessCount);
        Volatile.Write(ref _lastAccess, sequence);
    }

    /// <summary>Moves the expiry (sliding refresh).</summary>
    public void SetExpiry(DateTimeOffset expiresAt) => Volatile.Write(ref _expiresAtUtcTicks, expiresAt.UtcTicks);

    /// <summary>Carries the access count of the entry this one replaces (a write does not reset the hot count).</summary>
    public void InheritCount(FrontTierEntry previous) =>
        Interlocked.Add(ref _accessCount, previous.AccessCount);
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

/// <summary>What the engine keeps about a row besides the value.</summary>
internal sealed record EntryMetadata(
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
