using System;

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
}
