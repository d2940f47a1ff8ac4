using System;

namespace Cachetronomy;

/// <summary>The persisted access count of one key.</summary>
/// <param name="Key">The key.</param>
/// <param name="AccessCount">How many reads hit the key since its access-log row was created.</param>
/// <param name="LastAccessed">When the key was last read (UTC).</param>
/// <param name="LastAccessedByProfile">The profile that was active at the last read.</param>
public sealed record AccessLogEntry(string Key, long AccessCount, DateTimeOffset LastAccessed, string LastAccessedByProfile);
