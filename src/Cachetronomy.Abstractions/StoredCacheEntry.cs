using System;
using System.Collections.Generic;

namespace Cachetronomy;

/// <summary>
/// One row of the cache table as the store reads and writes it: a key, the serialized bytes and their metadata.
/// The store never interprets <see cref="Data"/>; the engine's serializers do.
/// </summary>
public sealed record StoredCacheEntry
{
    /// <summary>Gets the entry's key.</summary>
    public required string Key { get; init; }

    /// <summary>Gets the serialized value.</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Gets the name of the serializer that produced <see cref="Data"/> (for example <c>json</c>).</summary>
    public required string Format { get; init; }

    /// <summary>Gets when the entry expires (UTC). With a sliding window this is the current end of the window.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Gets the entry's tags (no duplicates; matched literally and case-sensitively).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Gets the version number (1 by default).</summary>
    public long Version { get; init; } = 1;

    /// <summary>Gets the name of the profile that was active when the entry was written.</summary>
    public required string SavedByProfile { get; init; }

    /// <summary>
    /// Gets the sliding window, or <see langword="null"/> when the entry does not slide. A refresh moves
    /// <see cref="ExpiresAt"/> to <c>now + SlidingExpiration</c>, never past <see cref="AbsoluteExpiration"/>.
    /// </summary>
    public TimeSpan? SlidingExpiration { get; init; }

    /// <summary>Gets the hard limit a sliding window never passes, or <see langword="null"/> for none.</summary>
    public DateTimeOffset? AbsoluteExpiration { get; init; }
}
