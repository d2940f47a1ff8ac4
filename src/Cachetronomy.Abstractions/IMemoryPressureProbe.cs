namespace Cachetronomy;

/// <summary>
/// Reads how much memory is available, for the memory-pressure loop and the health check. The default reads the
/// operating system (<c>/proc/meminfo</c> on Linux) or the runtime; register your own to test pressure or to
/// measure something else (a container limit, the process's own budget).
/// </summary>
public interface IMemoryPressureProbe
{
    /// <summary>Reads available and total memory now.</summary>
    /// <returns>The reading.</returns>
    MemoryReading Read();
}
