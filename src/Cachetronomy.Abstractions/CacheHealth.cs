using System.Collections.Generic;

namespace Cachetronomy;

/// <summary>The result of <c>HealthCheck()</c>, with the original library's facts.</summary>
/// <param name="Status">The overall state.</param>
/// <param name="DatabaseAccessible">Whether a query against the store succeeded.</param>
/// <param name="MemoryOk">Whether available memory is above the active profile's free-memory target.</param>
/// <param name="StoreKeysCount">Rows in the store (0 when the database is not accessible).</param>
/// <param name="MemoryKeysCount">Entries in the front tier.</param>
/// <param name="Error">What failed, when something did.</param>
public sealed record CacheHealth(
    CacheHealthStatus Status,
    bool DatabaseAccessible,
    bool MemoryOk,
    long StoreKeysCount,
    int MemoryKeysCount,
    string? Error = null)
{
    /// <summary>
    /// Gets the keys, in ordinal order, whose stored rows this engine could not read since it started (an unknown
    /// format or data its serializer rejects: each such read was a logged miss) and that are still in the store.
    /// Any makes <see cref="Status"/> <see cref="CacheHealthStatus.Degraded"/>. Delete or overwrite them to clear
    /// the report. Empty by default.
    /// </summary>
    public IReadOnlyList<string> UnreadableKeys { get; init; } = System.Array.Empty<string>();
}
