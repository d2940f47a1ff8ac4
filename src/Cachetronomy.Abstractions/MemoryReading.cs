namespace Cachetronomy;

/// <summary>One reading of an <see cref="IMemoryPressureProbe"/>.</summary>
/// <param name="AvailableBytes">Memory still available, in bytes.</param>
/// <param name="TotalBytes">Total memory, in bytes.</param>
public readonly record struct MemoryReading(long AvailableBytes, long TotalBytes)
{
    /// <summary>
    /// Tells whether available memory is at or under a free-memory target: a target of at most 1 is a fraction of
    /// <see cref="TotalBytes"/>, above 1 a number of megabytes (1024 × 1024 bytes). A zero target is never reached.
    /// </summary>
    /// <param name="freeMemoryTarget">The target (a profile's <c>FreeMemoryTarget</c>).</param>
    /// <returns><see langword="true"/> when memory is short.</returns>
    public bool IsUnderTarget(double freeMemoryTarget)
    {
        if (!(freeMemoryTarget > 0d))
        {
            return false;
        }

        double threshold = freeMemoryTarget <= 1d ? TotalBytes * freeMemoryTarget : freeMemoryTarget * 1024d * 1024d;
        return AvailableBytes <= threshold;
    }
}
