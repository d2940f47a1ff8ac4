using Cachetronomy.Internal;

namespace Cachetronomy;

public sealed partial class Cachetronaut
{
    // A static meter until AddCachetronomy hands over one from the container's IMeterFactory.
    private CachetronomyMetrics _metrics = CachetronomyMetrics.Shared;

    /// <summary>Gets or sets the instruments the engine reports to (set once, right after construction).</summary>
    internal CachetronomyMetrics Metrics
    {
        get => _metrics;
        set => _metrics = value;
    }
}
