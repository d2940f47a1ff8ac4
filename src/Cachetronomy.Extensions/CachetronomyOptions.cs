using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Cachetronomy;

/// <summary>Settings of a <c>Cachetronaut</c>: where the database lives, which profile is active, and limits.</summary>
/// <remarks>
/// Defaults: <see cref="DatabasePath"/> <c>cachetronomy.db</c> (relative to the current directory),
/// <see cref="ActiveProfile"/> <c>default</c>, no configured <see cref="Profiles"/>, <see cref="MaxKeyLength"/> 1024,
/// <see cref="MaxValueSize"/> 16 MiB, <see cref="DefaultSerializer"/> <c>json</c>, <see cref="JsonSerializerOptions"/>
/// <see langword="null"/> (System.Text.Json defaults, reflection-based).
/// </remarks>
public sealed partial class CachetronomyOptions
{
    /// <summary>Gets or sets the path of the SQLite file. A relative path is resolved against the current directory. Default: <c>cachetronomy.db</c>.</summary>
    public string DatabasePath { get; set; } = "cachetronomy.db";

    /// <summary>
    /// Gets or sets the name of the profile applied at construction. It is looked up in <see cref="Profiles"/>,
    /// then in the store's profiles table; a name found in neither fails construction. Default: <c>default</c>.
    /// </summary>
    public string ActiveProfile { get; set; } = CachetronomyProfile.DefaultName;

    /// <summary>
    /// Gets or sets the configured profiles, by name (the key wins over the profile's own <see cref="CachetronomyProfile.Name"/>).
    /// They are written to the store's profiles table at construction. Default: empty.
    /// </summary>
#pragma warning disable CA2227 // Options are bound from configuration, which needs a setter.
    public IDictionary<string, CachetronomyProfile> Profiles { get; set; } = new Dictionary<string, CachetronomyProfile>(StringComparer.Ordinal);
#pragma warning restore CA2227

    /// <summary>Gets or sets the longest key accepted, in UTF-16 characters (the store's own limit also applies). Default: 1024.</summary>
    public int MaxKeyLength { get; set; } = 1024;

    /// <summary>Gets or sets the largest serialized value accepted, in bytes; 0 means no limit. Default: 16 MiB.</summary>
    public long MaxValueSize { get; set; } = 16L * 1024 * 1024;

    /// <summary>Gets or sets the format name of the serializer used when an entry names none. Default: <c>json</c>.</summary>
    public string DefaultSerializer { get; set; } = "json";

    /// <summary>
    /// Gets or sets the options of the built-in <c>json</c> serializer. Give options whose
    /// <see cref="JsonSerializerOptions.TypeInfoResolver"/> is a source-generated <c>JsonSerializerContext</c> to run
    /// without reflection (trimmed and native AOT apps). <see langword="null"/> uses System.Text.Json defaults (reflection-based; unavailable under native AOT).
    /// </summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; set; }
}
