using System;
using System.Globalization;
using System.IO;

namespace Cachetronomy;

/// <summary>
/// The default <see cref="IMemoryPressureProbe"/>: <c>MemAvailable</c> and <c>MemTotal</c> from
/// <c>/proc/meminfo</c> where it exists (Linux), otherwise the runtime's view
/// (<see cref="GC.GetGCMemoryInfo()"/>: total available memory minus the memory load, which honours container limits).
/// </summary>
/// <remarks>Both measure the machine (or container), not this process, as the original library did.</remarks>
public sealed class SystemMemoryPressureProbe : IMemoryPressureProbe
{
    private const string MemInfoPath = "/proc/meminfo";

    /// <summary>Gets a shared instance.</summary>
    public static SystemMemoryPressureProbe Instance { get; } = new();

    /// <inheritdoc/>
    public MemoryReading Read() => TryReadMemInfo(out MemoryReading reading) ? reading : ReadRuntime();

    /// <summary>Parses <c>/proc/meminfo</c>-formatted text (values in kB).</summary>
    internal static bool TryParseMemInfo(string text, out MemoryReading reading)
    {
        long available = -1;
        long total = -1;
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
            {
                available = ParseKilobytes(line);
            }
            else if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                total = ParseKilobytes(line);
            }
        }

        reading = new MemoryReading(available, total);
        return available >= 0 && total > 0;
    }

    private static bool TryReadMemInfo(out MemoryReading reading)
    {
        reading = default;
        try
        {
            return File.Exists(MemInfoPath) && TryParseMemInfo(File.ReadAllText(MemInfoPath), out reading);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long ParseKilobytes(string line)
    {
        ReadOnlySpan<char> value = line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim();
        int space = value.IndexOf(' ');
        if (space >= 0)
        {
            value = value[..space];
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long kilobytes) ? kilobytes * 1024 : -1;
    }

    private static MemoryReading ReadRuntime()
    {
        GCMemoryInfo info = GC.GetGCMemoryInfo();
        long total = info.TotalAvailableMemoryBytes;
        return new MemoryReading(Math.Max(0, total - info.MemoryLoadBytes), total);
    }
}
