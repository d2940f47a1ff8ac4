using System;
using Cachetronomy.Storage.Sqlite;

namespace Cachetronomy;

// Cross-process coherence of the front tier (see Cachetronaut.Coherence.cs).
public sealed partial class CachetronomyOptions
{
    /// <summary>The default of <see cref="CoherenceInterval"/>: 250 milliseconds.</summary>
    public static readonly TimeSpan DefaultCoherenceInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Gets or sets whether the engine watches the store for changes written by other processes (or other engines
    /// with their own store instance) and drops the changed keys from its front tier. Turn it off only when a single
    /// engine uses the file. Default: <see langword="true"/>.
    /// </summary>
    public bool Coherence { get; set; } = true;

    /// <summary>
    /// Gets or sets how often the engine checks the store for changes by others (one cheap <c>PRAGMA data_version</c>
    /// read when nothing changed). A change committed elsewhere is reflected by this engine's reads at most about one
    /// interval later. Must be positive when <see cref="Coherence"/> is on. Default: 250 milliseconds.
    /// </summary>
    public TimeSpan CoherenceInterval { get; set; } = DefaultCoherenceInterval;

    /// <summary>
    /// Gets or sets whether this engine's writes record change rows, which other processes' engines (and engines with
    /// their own store) watch to drop what changed from their front tiers. Turn it off only when no other process
    /// reads the file while this one writes it: a write transaction then dirties one page less (measured: a lone
    /// <c>Set</c> about 14 % faster, 16 concurrent writers about 12 %). Applies to the store the engine opens itself (<see cref="SqliteCacheStoreOptions.RecordChanges"/>).
    /// Default: <see langword="true"/>.
    /// </summary>
    public bool RecordChanges { get; set; } = true;
}
