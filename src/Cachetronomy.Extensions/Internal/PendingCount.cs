using System.Threading;

namespace Cachetronomy.Internal;

/// <summary>
/// Reads of one key counted since the last access-log flush. Hits add with <see cref="Interlocked"/>; a flush
/// swaps the count to zero, and retires an idle counter by setting it to <see cref="Retired"/> before removing it,
/// so a hit racing the removal sees a negative result and starts a fresh counter (no count is lost).
/// </summary>
internal sealed class PendingCount
{
    /// <summary>The value of a retired counter (stays negative after any number of increments).</summary>
    public const long Retired = long.MinValue / 2;

    private long _count;
    private long _lastAccessUtcTicks;
    private string _profile = CachetronomyProfile.DefaultName;

    /// <summary>Gets the UTC ticks of the latest read.</summary>
    public long LastAccessUtcTicks => Volatile.Read(ref _lastAccessUtcTicks);

    /// <summary>Gets the profile active at the latest read.</summary>
    public string Profile => Volatile.Read(ref _profile);

    /// <summary>Counts reads; <see langword="false"/> when this counter was retired (use a new one).</summary>
    public bool TryAdd(long nowUtcTicks, string profile, long amount = 1)
    {
        if (Interlocked.Add(ref _count, amount) <= 0)
        {
            return false;
        }

        if (nowUtcTicks >= Volatile.Read(ref _lastAccessUtcTicks))
        {
            Volatile.Write(ref _lastAccessUtcTicks, nowUtcTicks);
            Volatile.Write(ref _profile, profile);
        }

        return true;
    }

    /// <summary>Takes the count, leaving zero.</summary>
    public long Take() => Interlocked.Exchange(ref _count, 0);

    /// <summary>Retires an idle (zero) counter; <see langword="false"/> when a read came in meanwhile.</summary>
    public bool TryRetire() => Interlocked.CompareExchange(ref _count, Retired, 0) == 0;
}
