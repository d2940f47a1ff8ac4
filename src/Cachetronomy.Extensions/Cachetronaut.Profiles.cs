using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;

namespace Cachetronomy;

public sealed partial class Cachetronaut
{
    private readonly SemaphoreSlim _profileGate = new(1, 1);
    private readonly Dictionary<string, CachetronomyProfile> _configuredProfiles = new(StringComparer.Ordinal);
    private volatile CachetronomyProfile _profile;

    /// <summary>
    /// Raised after a profile was applied (at construction it has no subscribers yet). The hosting loops subscribe
    /// to pick up new intervals and targets.
    /// </summary>
    internal event Action<CachetronomyProfile>? ProfileChanged;

    /// <inheritdoc/>
    public CachetronomyProfile Profile
    {
        get
        {
            ThrowIfDisposed();
            return _profile;
        }
    }

    /// <inheritdoc/>
    public CachetronomyProfile SetProfile(string name)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _profileGate.Wait();
        try
        {
            CachetronomyProfile profile = _store.GetProfile(name) ?? Configured(name) ?? throw NotFound(name);
            ApplyProfile(profile);
            return profile;
        }
        finally
        {
            _profileGate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<CachetronomyProfile> SetProfileAsync(string name, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await _profileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            CachetronomyProfile profile = await _store.GetProfileAsync(name, cancellationToken).ConfigureAwait(false)
                ?? Configured(name) ?? throw NotFound(name);
            ApplyProfile(profile);
            return profile;
        }
        finally
        {
            _profileGate.Release();
        }
    }

    /// <inheritdoc/>
    public CachetronomyProfile UpdateActiveProfile(CachetronomyProfileUpdate update)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(update);
        _profileGate.Wait();
        try
        {
            CachetronomyProfile updated = update.ApplyTo(_profile);
            ValidateProfile(updated, nameof(update));
            _store.UpsertProfile(updated);
            ApplyProfile(updated);
            return updated;
        }
        finally
        {
            _profileGate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<CachetronomyProfile> UpdateActiveProfileAsync(CachetronomyProfileUpdate update, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(update);
        await _profileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            CachetronomyProfile updated = update.ApplyTo(_profile);
            ValidateProfile(updated, nameof(update));
            await _store.UpsertProfileAsync(updated, cancellationToken).ConfigureAwait(false);
            ApplyProfile(updated);
            return updated;
        }
        finally
        {
            _profileGate.Release();
        }
    }

    /// <inheritdoc/>
    public CachetronomyProfile? GetProfile(string name)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _store.GetProfile(name);
    }

    /// <inheritdoc/>
    public ValueTask<CachetronomyProfile?> GetProfileAsync(string name, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _store.GetProfileAsync(name, cancellationToken);
    }

    /// <inheritdoc/>
    public bool DeleteProfile(string name)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _profileGate.Wait();
        try
        {
            ThrowIfActive(name);
            return _store.DeleteProfile(name);
        }
        finally
        {
            _profileGate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> DeleteProfileAsync(string name, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await _profileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfActive(name);
            return await _store.DeleteProfileAsync(name, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _profileGate.Release();
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<CachetronomyProfile> ListProfiles()
    {
        ThrowIfDisposed();
        return _store.ListProfiles();
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<CachetronomyProfile>> ListProfilesAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _store.ListProfilesAsync(cancellationToken);
    }

    /// <summary>
    /// Checks a profile: a non-empty name, a positive time-to-live, non-negative intervals, target and cap, and
    /// non-empty tags. Throws <see cref="ArgumentException"/> whose message names the property.
    /// </summary>
    internal static void ValidateProfile(CachetronomyProfile profile, string paramName)
    {
        ArgumentNullException.ThrowIfNull(profile, paramName);
        if (string.IsNullOrWhiteSpace(profile.Name))
        {
            throw new ArgumentException("Profile Name must not be empty.", paramName);
        }

        string Prefix() => $"Profile '{profile.Name}': ";
        if (profile.TimeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{Prefix()}TimeToLive must be positive (was {profile.TimeToLive}).", paramName);
        }

        if (profile.TtlCleanupInterval < TimeSpan.Zero || profile.TtlCleanupInterval > Hosting.CachetronomyLoop.MaxInterval)
        {
            throw new ArgumentException($"{Prefix()}TtlCleanupInterval must be between zero and {Hosting.CachetronomyLoop.MaxInterval} (was {profile.TtlCleanupInterval}).", paramName);
        }

        if (profile.MemoryCleanupInterval < TimeSpan.Zero || profile.MemoryCleanupInterval > Hosting.CachetronomyLoop.MaxInterval)
        {
            throw new ArgumentException($"{Prefix()}MemoryCleanupInterval must be between zero and {Hosting.CachetronomyLoop.MaxInterval} (was {profile.MemoryCleanupInterval}).", paramName);
        }

        if (!(profile.FreeMemoryTarget >= 0d) || double.IsInfinity(profile.FreeMemoryTarget))
        {
            throw new ArgumentException($"{Prefix()}FreeMemoryTarget must be a finite number, zero or more (was {profile.FreeMemoryTarget}).", paramName);
        }

        if (profile.MaxItemsInMemory < 0)
        {
            throw new ArgumentException($"{Prefix()}MaxItemsInMemory must not be negative (was {profile.MaxItemsInMemory}).", paramName);
        }

        if (profile.Tags is null)
        {
            throw new ArgumentException($"{Prefix()}Tags must not be null.", paramName);
        }

        foreach (string tag in profile.Tags)
        {
            if (string.IsNullOrWhiteSpace(tag))
            {
                throw new ArgumentException($"{Prefix()}Tags must not contain empty tags.", paramName);
            }
        }
    }

    /// <summary>
    /// Validates and stores the configured profiles, then finds the active one: configured first, then the store's
    /// profiles table; <c>default</c> falls back to the built-in defaults; any other unknown name throws.
    /// </summary>
    private CachetronomyProfile ResolveInitialProfile(CachetronomyOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ActiveProfile, nameof(options));
        if (options.Profiles is not null)
        {
            foreach (KeyValuePair<string, CachetronomyProfile> pair in options.Profiles)
            {
                ArgumentNullException.ThrowIfNull(pair.Value, nameof(options));
                CachetronomyProfile named = pair.Value with { Name = pair.Key };
                ValidateProfile(named, nameof(options));
                _configuredProfiles[pair.Key] = named;
            }
        }

        foreach (CachetronomyProfile profile in _configuredProfiles.Values)
        {
            _store.UpsertProfile(profile);
        }

        string active = options.ActiveProfile;
        CachetronomyProfile? found = Configured(active) ?? _store.GetProfile(active);
        if (found is null && string.Equals(active, CachetronomyProfile.DefaultName, StringComparison.Ordinal))
        {
            found = new CachetronomyProfile();
            _store.UpsertProfile(found);
        }

        return found ?? throw NotFound(active);
    }

    /// <summary>Makes <paramref name="profile"/> active: new writes use its time-to-live, the front tier its cap.</summary>
    private void ApplyProfile(CachetronomyProfile profile)
    {
        _profile = profile;
        Volatile.Write(ref _cap, profile.MaxItemsInMemory);
        TrimToCap();
        _logger.ProfileApplied(profile.Name, profile.TimeToLive, profile.MaxItemsInMemory);
        ProfileChanged?.Invoke(profile);
    }

    private CachetronomyProfile? Configured(string name) =>
        _configuredProfiles.TryGetValue(name, out CachetronomyProfile? profile) ? profile : null;

    private void ThrowIfActive(string name)
    {
        if (string.Equals(name, _profile.Name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The profile '{name}' is active and cannot be deleted; switch to another profile first.");
        }
    }

    private static CachetronomyProfileNotFoundException NotFound(string name) =>
        new(name, $"No profile named '{name}' is configured or stored.");
}
