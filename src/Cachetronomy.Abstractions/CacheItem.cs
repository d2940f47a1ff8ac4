namespace Cachetronomy;

/// <summary>An entry of the store with its value, for browsing (<c>Items()</c>) and tools.</summary>
/// <param name="Metadata">The entry's metadata.</param>
/// <param name="Value">
/// The value in its serializer's neutral form: a <see cref="System.Text.Json.JsonElement"/> for <c>json</c>, a
/// <see cref="string"/> for <c>string</c>, a <see cref="byte"/> array for <c>bytes</c>; <see langword="null"/> when
/// the format is unknown or the bytes do not deserialize.
/// </param>
public sealed record CacheItem(CacheEntryMetadata Metadata, object? Value)
{
    /// <summary>Gets the entry's key.</summary>
    public string Key => Metadata.Key;
}
