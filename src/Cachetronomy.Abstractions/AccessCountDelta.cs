using System;

namespace Cachetronomy;

/// <summary>
/// Reads of one key counted in memory since the last flush, added to its access-log row in one statement
/// (<c>access_count = access_count + Delta</c>).
/// </summary>
/// <param name="Key">The key.</param>
/// <param name="Delta">How many reads to add (at least 1).</param>
/// <param name="LastAccessed">When the latest of those reads happened (UTC).</param>
/// <param name="Profile">The profile that was active at that read.</param>
public readonly record struct AccessCountDelta(string Key, long Delta, DateTimeOffset LastAccessed, string Profile);
