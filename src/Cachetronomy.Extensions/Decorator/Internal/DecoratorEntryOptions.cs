using System.Threading;

namespace Cachetronomy.Internal;

/// <summary>
/// The entry options of a memoized function or cached method: the caller's, with the active profile's tags added
/// when the caller gives none (seed §3.2 step 5). Resolved per call, so a profile switch applies at once; the
/// resolved options are reused while the profile instance stays the same, so a hit allocates nothing here.
/// </summary>
internal sealed class DecoratorEntryOptions
{
    private readonly CachetronautEntryOptions? _options;
    private readonly bool _hasOwnTags;
    private Resolved? _last;

    public DecoratorEntryOptions(CachetronautEntryOptions? options)
    {
        _options = options;
        _hasOwnTags = options?.Tags is { Count: > 0 };
    }

    /// <summary>Gets the options to write with under <paramref name="profile"/>.</summary>
    public CachetronautEntryOptions? For(CachetronomyProfile profile)
    {
        if (_hasOwnTags)
        {
            return _options;
        }

        Resolved? last = Volatile.Read(ref _last);
        if (last is not null && ReferenceEquals(last.Profile, profile))
        {
            return last.Options;
        }

        CachetronautEntryOptions? options = profile.Tags.Count == 0
            ? _options
            : (_options ?? new CachetronautEntryOptions()) with { Tags = profile.Tags };
        Volatile.Write(ref _last, new Resolved(profile, options));
        return options;
    }

    private sealed record Resolved(CachetronomyProfile Profile, CachetronautEntryOptions? Options);
}
