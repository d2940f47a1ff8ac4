using System;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cachetronomy;

/// <remarks>
/// Hosting settings (used by the background loops <c>AddCachetronomy</c> registers): <see cref="AccessLogFlushInterval"/>
/// 5 seconds, <see cref="Retention"/> as documented on <see cref="CachetronomyRetentionOptions"/>.
/// </remarks>
public sealed partial class CachetronomyOptions
{
    /// <summary>The configuration section <c>AddCachetronomy</c> binds: <c>Cachetronomy</c>.</summary>
    public const string SectionName = "Cachetronomy";

    /// <summary>
    /// Gets or sets how often counted reads are written to the access log (and buffered eviction-log rows to the
    /// eviction log). <see cref="TimeSpan.Zero"/> turns the loop off (counts are still written when the host stops and
    /// when a reader asks). Default: 5 seconds.
    /// </summary>
    public TimeSpan AccessLogFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how the eviction and access logs are trimmed. Default: see <see cref="CachetronomyRetentionOptions"/>.</summary>
    [Required]
    [ValidateObjectMembers]
    public CachetronomyRetentionOptions Retention { get; set; } = new();
}
