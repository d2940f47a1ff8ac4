using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Cachetronomy.Hosting;

/// <summary>
/// Binds <see cref="CachetronomyOptions"/> from the <c>Cachetronomy</c> section when the container has an
/// <see cref="IConfiguration"/>, and does nothing otherwise. Binding goes through <see cref="CachetronomyOptionsSection"/>
/// (the configuration-binding source generator: no reflection), because <see cref="CachetronomyOptions.JsonSerializerOptions"/>
/// is code-only. A setting left out keeps its value; a configured profile's missing fields keep the profile's
/// value from code, or the defaults.
/// </summary>
internal sealed class CachetronomyConfigureOptions(IServiceProvider services) : IConfigureOptions<CachetronomyOptions>
{
    public void Configure(CachetronomyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (services.GetService<IConfiguration>() is not { } configuration)
        {
            return;
        }

        IConfigurationSection section = configuration.GetSection(CachetronomyOptions.SectionName);
        var bound = new CachetronomyOptionsSection();
        section.Bind(bound);
        options.DatabasePath = bound.DatabasePath ?? options.DatabasePath;
        options.ActiveProfile = bound.ActiveProfile ?? options.ActiveProfile;
        options.MaxKeyLength = bound.MaxKeyLength ?? options.MaxKeyLength;
        options.MaxValueSize = bound.MaxValueSize ?? options.MaxValueSize;
        options.DefaultSerializer = bound.DefaultSerializer ?? options.DefaultSerializer;
        options.SlidingRefreshThreshold = bound.SlidingRefreshThreshold ?? options.SlidingRefreshThreshold;
        options.AccessLogFlushInterval = bound.AccessLogFlushInterval ?? options.AccessLogFlushInterval;
        options.Coherence = bound.Coherence ?? options.Coherence;
        options.CoherenceInterval = bound.CoherenceInterval ?? options.CoherenceInterval;
        options.RecordChanges = bound.RecordChanges ?? options.RecordChanges;
        options.Synchronous = bound.Synchronous ?? options.Synchronous;
        options.BusyTimeout = bound.BusyTimeout ?? options.BusyTimeout;
        if (bound.Retention is { } retention)
        {
            CachetronomyRetentionOptions target = options.Retention ??= new CachetronomyRetentionOptions();
            target.Interval = retention.Interval ?? target.Interval;
            target.EvictionLogMaxAge = retention.EvictionLogMaxAge ?? target.EvictionLogMaxAge;
            target.EvictionLogMaxRows = retention.EvictionLogMaxRows ?? target.EvictionLogMaxRows;
            target.AccessLogMaxAge = retention.AccessLogMaxAge ?? target.AccessLogMaxAge;
            target.AccessLogMaxRows = retention.AccessLogMaxRows ?? target.AccessLogMaxRows;
        }

        if (bound.Profiles is { Count: > 0 } profiles)
        {
            options.Profiles ??= new Dictionary<string, CachetronomyProfile>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, ProfileSection> pair in profiles)
            {
                CachetronomyProfile current = options.Profiles.TryGetValue(pair.Key, out CachetronomyProfile? known) && known is not null
                    ? known
                    : new CachetronomyProfile();
                ProfileSection p = pair.Value;
                options.Profiles[pair.Key] = current with
                {
                    Name = pair.Key,
                    TimeToLive = p.TimeToLive ?? current.TimeToLive,
                    TtlCleanupInterval = p.TtlCleanupInterval ?? current.TtlCleanupInterval,
                    MemoryBasedEviction = p.MemoryBasedEviction ?? current.MemoryBasedEviction,
                    FreeMemoryTarget = p.FreeMemoryTarget ?? current.FreeMemoryTarget,
                    MemoryCleanupInterval = p.MemoryCleanupInterval ?? current.MemoryCleanupInterval,
                    MaxItemsInMemory = p.MaxItemsInMemory ?? current.MaxItemsInMemory,
                    Tags = p.Tags ?? current.Tags,
                };
            }
        }
    }
}

/// <summary>The shape of the <c>Cachetronomy</c> configuration section; every value optional.</summary>
internal sealed class CachetronomyOptionsSection
{
    public string? DatabasePath { get; set; }

    public string? ActiveProfile { get; set; }

    public int? MaxKeyLength { get; set; }

    public long? MaxValueSize { get; set; }

    public string? DefaultSerializer { get; set; }

    public double? SlidingRefreshThreshold { get; set; }

    public TimeSpan? AccessLogFlushInterval { get; set; }

    public bool? Coherence { get; set; }

    public TimeSpan? CoherenceInterval { get; set; }

    public bool? RecordChanges { get; set; }

    public Cachetronomy.Storage.Sqlite.SqliteSynchronousMode? Synchronous { get; set; }

    public TimeSpan? BusyTimeout { get; set; }

    public RetentionSection? Retention { get; set; }

    public Dictionary<string, ProfileSection>? Profiles { get; set; }
}

/// <summary>The shape of <c>Cachetronomy:Retention</c>.</summary>
internal sealed class RetentionSection
{
    public TimeSpan? Interval { get; set; }

    public TimeSpan? EvictionLogMaxAge { get; set; }

    public int? EvictionLogMaxRows { get; set; }

    public TimeSpan? AccessLogMaxAge { get; set; }

    public int? AccessLogMaxRows { get; set; }
}

/// <summary>The shape of <c>Cachetronomy:Profiles:&lt;name&gt;</c>.</summary>
internal sealed class ProfileSection
{
    public TimeSpan? TimeToLive { get; set; }

    public TimeSpan? TtlCleanupInterval { get; set; }

    public bool? MemoryBasedEviction { get; set; }

    public double? FreeMemoryTarget { get; set; }

    public TimeSpan? MemoryCleanupInterval { get; set; }

    public int? MaxItemsInMemory { get; set; }

    public List<string>? Tags { get; set; }
}

/// <summary>Resolves a relative <see cref="CachetronomyOptions.DatabasePath"/> against the host's content root, when there is a host.</summary>
internal sealed class CachetronomyPostConfigureOptions(IServiceProvider services) : IPostConfigureOptions<CachetronomyOptions>
{
    public void PostConfigure(string? name, CachetronomyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.DatabasePath)
            && !Path.IsPathFullyQualified(options.DatabasePath)
            && services.GetService<IHostEnvironment>() is { ContentRootPath: { Length: > 0 } contentRoot })
        {
            options.DatabasePath = Path.GetFullPath(options.DatabasePath, contentRoot);
        }
    }
}

/// <summary>Tells the options monitor when configuration reloads (never, without configuration).</summary>
internal sealed class CachetronomyOptionsChangeTokenSource(IServiceProvider services) : IOptionsChangeTokenSource<CachetronomyOptions>
{
    private static readonly IChangeToken s_never = new CancellationChangeToken(CancellationToken.None);

    public string? Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => services.GetService<IConfiguration>()?.GetReloadToken() ?? s_never;
}
