using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Cachetronomy;

/// <summary>Settings of a <c>Cachetronaut</c>: where the database lives, which profile is active, and limits.</summary>
/// <remarks>
/// Defaults: <see cref="DatabasePath"/> <c>cachetronomy.db</c> (relative to the current directory),
/// <see cref="ActiveProfile"/> <c>default</c>, no configured <see cref="Profiles"/>, <see cref="MaxKeyLength"/> 1024,
/// <see cref="MaxValueSize"/> 16 MiB, <see cref="SlidingRefreshThreshold"/> 0.1, <see cref="DefaultSerializer"/> <c>json</c>, <see cref="JsonSerializerOptions"/>
/// <see langword="null"/> (System.Text.Json defaults, reflection-based).
/// </remarks>
public sealed partial class CachetronomyOptions
{
    /// <summary>Gets or sets the path of the SQLite file. A relative path is resolved against the current directory. Default: <c>cachetronomy.db</c>.</summary>
    [Required]
    public string DatabasePath { get; set; } = "cachetronomy.db";

    /// <summary>
    /// Gets or sets the name of the profile applied at construction. It is looked up in <see cref="Profiles"/>,
    /// then in the store's profiles table; a name found in neither fails construction. Default: <c>default</c>.
    /// </summary>
    [Required]
    public string ActiveProfile { get; set; } = CachetronomyProfile.DefaultName;

    /// <summary>
    /// Gets or sets the configured profiles, by name (the key wins over the profile's own <see cref="CachetronomyProfile.Name"/>).
    /// They are written to the store's profiles table at construction. Default: empty.
    /// </summary>
#pragma warning disable CA2227 // Options are bound from configuration, which needs a setter.
    public IDictionary<string, CachetronomyProfile> Profiles { get; set; } = new Dictionary<string, CachetronomyProfile>(StringComparer.Ordinal);
#pragma warning restore CA2227

    /// <summary>Gets or sets the longest key accepted, in UTF-16 characters (the store's own limit also applies). Default: 1024.</summary>
    [Range(1, int.MaxValue)]
    public int MaxKeyLength { get; set; } = 1024;

    /// <summary>Gets or sets the largest serialized value accepted, in bytes; 0 means no limit. Default: 16 MiB.</summary>
    [Range(0L, long.MaxValue)]
    public long MaxValueSize { get; set; } = 16L * 1024 * 1024;

    /// <summary>The default of <see cref="SlidingRefreshThreshold"/>: a tenth of the window.</summary>
    public const double DefaultSlidingRefreshThreshold = 0.1;

    /// <summary>
    /// Gets or sets how much of its window must have passed since a sliding entry was last slid before a read
    /// (<c>IDistributedCache.Get</c>) or <c>Refresh</c> slides it again, as a fraction of the window. A slide writes
    /// the store, so reads more frequent than this cost no write; an entry last read at <c>t</c> then expires between
    /// <c>t + (1 - threshold) × window</c> and <c>t + window</c>, in RAM, in the store and for other processes alike.
    /// 0 slides on every read (a store write per read, like SQL Server's and Redis's distributed caches). Between 0
    /// and 0.5. Default: 0.1.
    /// </summary>
    [Range(0.0, 0.5)]
    public double SlidingRefreshThreshold { get; set; } = DefaultSlidingRefreshThreshold;

    /// <summary>Gets or sets the format name of the serializer used when an entry names none. Default: <c>json</c>.</summary>
    [Required]
    public string DefaultSerializer { get; set; } = "json";

    /// <summary>
    /// Gets or sets the options of the built-in <c>json</c> serializer. Give options whose
    /// <see cref="JsonSerializerOptions.TypeInfoResolver"/> is a source-generated <c>JsonSerializerContext</c> to run
    /// without reflection (trimmed and native AOT apps). <see langword="null"/> uses System.Text.Json defaults (reflection-based; unavailable under native AOT).
    /// </summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; set; }
}
