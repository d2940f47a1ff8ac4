using System;
using System.Collections.Generic;

namespace Cachetronomy;

/// <summary>What the store knows about one entry, without its value.</summary>
/// <param name="Key">The entry's key.</param>
/// <param name="Format">The name of the serializer that wrote the value (for example <c>json</c>).</param>
/// <param name="ExpiresAt">When the entry expires (UTC). An entry is live while <c>now &lt; ExpiresAt</c>.</param>
/// <param name="Tags">The entry's tags, in the order they were given, without duplicates.</param>
/// <param name="Version">The version number the writer gave the entry (1 when none was given).</param>
/// <param name="SavedByProfile">The name of the profile that was active when the entry was written.</param>
/// <param name="SizeBytes">The size of the serialized value in bytes.</param>
/// <param name="UpdatedAt">When the entry was last written (UTC).</param>
public sealed record CacheEntryMetadata(
    string Key,
    string Format,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> Tags,
    long Version,
    string SavedByProfile,
    long SizeBytes,
    DateTimeOffset UpdatedAt);
