namespace Cachetronomy;

/// <summary>A key in the front tier and how often this process has read it since it entered RAM.</summary>
/// <param name="Key">The key.</param>
/// <param name="AccessCount">The in-memory access count.</param>
public readonly record struct HotKey(string Key, long AccessCount);
