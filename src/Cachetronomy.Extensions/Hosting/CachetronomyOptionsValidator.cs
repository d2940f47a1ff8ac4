using System;
using System.Collections.Generic;
using System.IO;
using Cachetronomy.Internal;
using Cachetronomy.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cachetronomy.Hosting;

/// <summary>
/// Checks <see cref="CachetronomyOptions"/> at start (<c>ValidateOnStart</c>) and on every reload: the annotations
/// (through the generated <see cref="CachetronomyOptionsAnnotationsValidator"/>), every configured profile, and that
/// the active profile is configured or stored in the file's <c>profiles</c> table. Each failure names its setting,
/// e.g. <c>Cachetronomy:Profiles:fast:TimeToLive</c>. A reload that fails after a valid start is logged, and the
/// engine and loops keep the last valid settings (the options monitor never reports it).
/// </summary>
internal sealed class CachetronomyOptionsValidator(IServiceProvider services) : IValidateOptions<CachetronomyOptions>
{
    private const string Section = CachetronomyOptions.SectionName;
    private readonly CachetronomyOptionsAnnotationsValidator _annotations = new();
    private volatile bool _validatedOnce;

    public ValidateOptionsResult Validate(string? name, CachetronomyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateOptionsResult annotations = _annotations.Validate(name, options);
        if (annotations.Failed)
        {
            failures.AddRange(annotations.Failures ?? [annotations.FailureMessage]);
        }

        ValidInterval(options.AccessLogFlushInterval, "AccessLogFlushInterval", failures);
        if (options.Coherence && options.CoherenceInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:CoherenceInterval must be positive while Coherence is on (was {options.CoherenceInterval}).");
        }

        NotTooLong(options.CoherenceInterval, "CoherenceInterval", failures);
        if (options.BusyTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:BusyTimeout must be positive (was {options.BusyTimeout}).");
        }

        if (options.Retention is { } retention)
        {
            ValidInterval(retention.Interval, "Retention:Interval", failures);
            NotNegative(retention.EvictionLogMaxAge, "Retention:EvictionLogMaxAge", failures);
            NotNegative(retention.AccessLogMaxAge, "Retention:AccessLogMaxAge", failures);
        }

        if (options.Profiles is not null)
        {
            foreach (KeyValuePair<string, CachetronomyProfile> pair in options.Profiles)
            {
                ValidateProfile(pair.Key, pair.Value, failures);
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ActiveProfile) && !string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            ValidateActiveProfile(options, failures);
        }

        if (failures.Count == 0)
        {
            _validatedOnce = true;
            return ValidateOptionsResult.Success;
        }

        if (_validatedOnce)
        {
            ILoggerFactory loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            loggerFactory.CreateLogger<CachetronomyOptionsValidator>().ReloadRejected(string.Join(" ", failures), exception: null);
        }

        return ValidateOptionsResult.Fail(failures);
    }

    private static void NotNegative(TimeSpan value, string setting, List<string> failures)
    {
        if (value < TimeSpan.Zero)
        {
            failures.Add($"{Section}:{setting} must not be negative (was {value}); 0 turns it off.");
        }
    }

    /// <summary>An interval a loop waits: zero (off) up to <see cref="CachetronomyLoop.MaxInterval"/>.</summary>
    private static void ValidInterval(TimeSpan value, string setting, List<string> failures)
    {
        NotNegative(value, setting, failures);
        NotTooLong(value, setting, failures);
    }

    private static void NotTooLong(TimeSpan value, string setting, List<string> failures)
    {
        if (value > CachetronomyLoop.MaxInterval)
        {
            failures.Add($"{Section}:{setting} must be at most {CachetronomyLoop.MaxInterval} (was {value}).");
        }
    }

    private static void ValidateProfile(string name, CachetronomyProfile? profile, List<string> failures)
    {
        string at = $"{Section}:Profiles:{name}";
        if (profile is null)
        {
            failures.Add($"{at} must not be empty.");
            return;
        }

        if (profile.TimeToLive <= TimeSpan.Zero)
        {
            failures.Add($"{at}:TimeToLive must be positive (was {profile.TimeToLive}).");
        }

        if (profile.TtlCleanupInterval < TimeSpan.Zero)
        {
            failures.Add($"{at}:TtlCleanupInterval must not be negative (was {profile.TtlCleanupInterval}); 0 turns the TTL sweep off.");
        }

        NotTooLong(profile.TtlCleanupInterval, $"Profiles:{name}:TtlCleanupInterval", failures);

        if (profile.MemoryCleanupInterval < TimeSpan.Zero)
        {
            failures.Add($"{at}:MemoryCleanupInterval must not be negative (was {profile.MemoryCleanupInterval}); 0 turns the memory check off.");
        }

        NotTooLong(profile.MemoryCleanupInterval, $"Profiles:{name}:MemoryCleanupInterval", failures);

        if (!(profile.FreeMemoryTarget >= 0d) || double.IsInfinity(profile.FreeMemoryTarget))
        {
            failures.Add($"{at}:FreeMemoryTarget must be a finite number, zero or more (was {profile.FreeMemoryTarget}).");
        }

        if (profile.MaxItemsInMemory < 0)
        {
            failures.Add($"{at}:MaxItemsInMemory must not be negative (was {profile.MaxItemsInMemory}); 0 means no cap.");
        }

        if (profile.Tags is null || HasBlank(profile.Tags))
        {
            failures.Add($"{at}:Tags must not contain empty tags.");
        }
    }

    private static bool HasBlank(IReadOnlyList<string> tags)
    {
        foreach (string tag in tags)
        {
            if (string.IsNullOrWhiteSpace(tag))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Configured first, then the file's profiles table (a profile made with the CLI counts); <c>default</c> always exists.</summary>
    private void ValidateActiveProfile(CachetronomyOptions options, List<string> failures)
    {
        string active = options.ActiveProfile;
        if (string.Equals(active, CachetronomyProfile.DefaultName, StringComparison.Ordinal)
            || (options.Profiles?.ContainsKey(active) ?? false))
        {
            return;
        }

        try
        {
            if (FindStoredProfile(options, active))
            {
                return;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            failures.Add($"{Section}:ActiveProfile '{active}' could not be looked up in '{options.DatabasePath}': {ex.Message}");
            return;
        }

        failures.Add($"{Section}:ActiveProfile '{active}' is neither configured under {Section}:Profiles nor stored in the profiles table of '{options.DatabasePath}'.");
    }

    private bool FindStoredProfile(CachetronomyOptions options, string name)
    {
        if (services.GetService<ICacheStore>() is { } registered)
        {
            return registered.GetProfile(name) is not null;
        }

        if (!File.Exists(options.DatabasePath))
        {
            return false;
        }

        using var store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = options.DatabasePath });
        return store.GetProfile(name) is not null;
    }
}
