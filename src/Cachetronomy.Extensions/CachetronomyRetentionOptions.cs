using System;
using System.ComponentModel.DataAnnotations;

namespace Cachetronomy;

/// <summary>
/// How the retention loop trims the eviction log and the access log, so neither grows without bound. Rows of keys
/// still in the cache are never trimmed from the access log; a zero value turns that limit off.
/// </summary>
/// <remarks>
/// Defaults: <see cref="Interval"/> 1 hour, <see cref="EvictionLogMaxAge"/> 7 days, <see cref="EvictionLogMaxRows"/>
/// 100 000, <see cref="AccessLogMaxAge"/> 7 days, <see cref="AccessLogMaxRows"/> 100 000.
/// </remarks>
public sealed class CachetronomyRetentionOptions
{
    /// <summary>Gets or sets how often the logs are trimmed (the first run is one interval after start). <see cref="TimeSpan.Zero"/> turns retention off. Default: 1 hour.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the age after which eviction-log rows are deleted. <see cref="TimeSpan.Zero"/> keeps them regardless of age. Default: 7 days.</summary>
    public TimeSpan EvictionLogMaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the most eviction-log rows kept (the newest). 0 means no cap. Default: 100 000.</summary>
    [Range(0, int.MaxValue)]
    public int EvictionLogMaxRows { get; set; } = 100_000;

    /// <summary>
    /// Gets or sets the age after which access-log rows of keys no longer in the cache are deleted (by last read).
    /// <see cref="TimeSpan.Zero"/> keeps them regardless of age. Default: 7 days.
    /// </summary>
    public TimeSpan AccessLogMaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets or sets the access-log size above which rows of keys no longer in the cache are deleted, least recently
    /// read first. 0 means no cap. Default: 100 000.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int AccessLogMaxRows { get; set; } = 100_000;
}
