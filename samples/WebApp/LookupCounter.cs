namespace Cachetronomy.Samples.WebApp;

/// <summary>Counts how often the slow services really ran, so the cache's effect is visible (and testable).</summary>
public sealed class LookupCounter
{
    private int _quotes;
    private int _trainers;

    /// <summary>Gets how many quote lookups ran.</summary>
    public int Quotes => Volatile.Read(ref _quotes);

    /// <summary>Gets how many trainer lookups ran.</summary>
    public int Trainers => Volatile.Read(ref _trainers);

    internal void QuoteLookedUp() => Interlocked.Increment(ref _quotes);

    internal void TrainerLookedUp() => Interlocked.Increment(ref _trainers);
}
