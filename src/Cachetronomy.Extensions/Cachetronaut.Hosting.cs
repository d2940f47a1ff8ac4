using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;

namespace Cachetronomy;

// Operations the hosted loops and the configuration reload drive.
public sealed partial class Cachetronaut
{
    /// <summary>One memory-pressure pass evicts at most one in this many resident entries (10%), and at least one.</summary>
    internal const int MemoryPressureEvictionDivisor = 10;

    /// <summary>
    /// Moves front-tier entries out of RAM (they stay in the store), least used first (ties: least recently used),
    /// never-read entries included, while <paramref name="underPressure"/> says memory is short, but at most
    /// <see cref="MemoryPressureEvictionDivisor"/>th of the resident entries (at least one) per call; each is logged as
    /// <c>memory_eviction</c>. Returns how many left.
    /// </summary>
    /// <remarks>
    /// The cap exists because the probe measures machine-wide available memory, which does not rise until a garbage
    /// collection runs: re-measuring after each eviction alone would empty the front tier in one call. The loop calls
    /// again on its next tick while the pressure remains.
    /// </remarks>
    internal int EvictForMemoryPressure(Func<bool> underPressure)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(underPressure);
        var candidates = new List<FrontTierEntry>(_front.Count);
        foreach (KeyValuePair<string, FrontTierEntry> pair in _front)
        {
            candidates.Add(pair.Value);
        }

        candidates.Sort(static (a, b) =>
        {
            int byCount = a.AccessCount.CompareTo(b.AccessCount);
            return byCount != 0 ? byCount : a.LastAccess.CompareTo(b.LastAccess);
        });

        int limit = Math.Max(1, candidates.Count / MemoryPressureEvictionDivisor);
        int evicted = 0;
        foreach (FrontTierEntry candidate in candidates)
        {
            if (evicted >= limit || !underPressure())
            {
                break;
            }

            if (TryRemoveEntry(candidate))
            {
                LogEviction(candidate.Key, EvictionReasons.MemoryEviction, candidate.AccessCount);
                evicted++;
            }
        }

        FlushEvictionsIfFull();
        return evicted;
    }

    /// <summary>Moves every entry out of RAM with the reason <c>shutdown</c> (the host is stopping); returns how many.</summary>
    internal int EvictAllForShutdown()
    {
        ThrowIfDisposed();
        return EvictAllFromFront(EvictionReasons.Shutdown);
    }

    /// <summary>Trims the store's eviction and access logs per <paramref name="retention"/>; returns (eviction rows, access rows) deleted.</summary>
    internal async ValueTask<(int EvictionRows, int AccessRows)> TrimLogsAsync(CachetronomyRetentionOptions retention, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(retention);
        DateTimeOffset now = UtcNow;

        // Buffered rows go first, so the cap counts them and they are not written after a trim.
        await FlushEvictionLogsCoreAsync(cancellationToken).ConfigureAwait(false);
        int evictionRows = await _store.TrimEvictionLogsAsync(
            retention.EvictionLogMaxAge > TimeSpan.Zero ? now - retention.EvictionLogMaxAge : null,
            retention.EvictionLogMaxRows > 0 ? retention.EvictionLogMaxRows : null,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        int accessRows = await _store.TrimAccessLogsAsync(
            retention.AccessLogMaxAge > TimeSpan.Zero ? now - retention.AccessLogMaxAge : null,
            retention.AccessLogMaxRows > 0 ? retention.AccessLogMaxRows : null,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return (evictionRows, accessRows);
    }

    /// <summary>
    /// Takes reloaded configuration: stores the configured profiles (changed ones are upserted), then re-applies the
    /// active profile when its definition changed, or switches to <see cref="CachetronomyOptions.ActiveProfile"/> when
    /// that setting changed since <paramref name="previousActiveProfile"/>. A profile chosen at run time
    /// (<c>SetProfile</c>) stays active across reloads that do not touch it. Returns the profile applied, or
    /// <see langword="null"/> when nothing changed. Throws (changing nothing) on an invalid profile or an unknown name.
    /// </summary>
    internal CachetronomyProfile? ReloadConfiguration(CachetronomyOptions options, string previousActiveProfile)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ActiveProfile, nameof(options));
        var next = new Dictionary<string, CachetronomyProfile>(StringComparer.Ordinal);
        if (options.Profiles is not null)
        {
            foreach (KeyValuePair<string, CachetronomyProfile> pair in options.Profiles)
            {
                ArgumentNullException.ThrowIfNull(pair.Value, nameof(options));
                CachetronomyProfile named = pair.Value with { Name = pair.Key };
                ValidateProfile(named, nameof(options));
                next[pair.Key] = named;
            }
        }

        _profileGate.Wait();
        try
        {
            bool switching = !string.Equals(options.ActiveProfile, previousActiveProfile, StringComparison.Ordinal);
            string target = switching ? options.ActiveProfile : _profile.Name;
            CachetronomyProfile? resolved = next.GetValueOrDefault(target);
            if (switching && resolved is null)
            {
                resolved = _store.GetProfile(target)
                    ?? (string.Equals(target, CachetronomyProfile.DefaultName, StringComparison.Ordinal) ? new CachetronomyProfile() : null)
                    ?? throw NotFound(target);
            }

            foreach (CachetronomyProfile profile in next.Values)
            {
                if (!_configuredProfiles.TryGetValue(profile.Name, out CachetronomyProfile? known) || !known.Equals(profile))
                {
                    _store.UpsertProfile(profile);
                }
            }

            _configuredProfiles.Clear();
            foreach (KeyValuePair<string, CachetronomyProfile> pair in next)
            {
                _configuredProfiles[pair.Key] = pair.Value;
            }

            if (resolved is null || resolved.Equals(_profile))
            {
                return null;
            }

            ApplyProfile(resolved);
            return resolved;
        }
        finally
        {
            _profileGate.Release();
        }
    }
}
