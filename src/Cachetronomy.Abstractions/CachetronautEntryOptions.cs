using System;
using System.Collections.Generic;

namespace Cachetronomy;

/// <summary>How one entry is written. Every property is optional.</summary>
public sealed record CachetronautEntryOptions
{
    /// <summary>Gets the entry's time-to-live; <see langword="null"/> uses the active profile's. Must be positive.</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>Gets the entry's tags, for <c>ClearByTags</c>. Tags are matched literally and case-sensitively.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>
    /// Gets the name of the serializer to use (for example <c>json</c>, <c>string</c>, <c>bytes</c>, <c>msgpack</c>);
    /// <see langword="null"/> uses the default (<c>json</c>). An unregistered name throws <see cref="ArgumentException"/>.
    /// </summary>
    public string? Serializer { get; init; }

    /// <summary>Gets the entry's version number; <see langword="null"/> means 1.</summary>
    public long? Version { get; init; }
}
