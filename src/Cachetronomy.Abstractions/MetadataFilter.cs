using System;
using System.Collections.Generic;

namespace Cachetronomy;

/// <summary>The key filter of <see cref="ICacheStore.FindMetadata"/>'s default implementation.</summary>
internal static class MetadataFilter
{
    /// <summary>Keeps the first <paramref name="limit"/> rows, in ordinal key order, whose key contains the text (ordinal, ignoring case).</summary>
    public static List<CacheEntryMetadata> Apply(IReadOnlyList<CacheEntryMetadata> rows, string? keyContains, int limit)
    {
        var matching = new List<CacheEntryMetadata>();
        foreach (CacheEntryMetadata row in rows)
        {
            if (string.IsNullOrEmpty(keyContains) || row.Key.Contains(keyContains, StringComparison.OrdinalIgnoreCase))
            {
                matching.Add(row);
            }
        }

        matching.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        if (matching.Count > limit)
        {
            matching.RemoveRange(limit, matching.Count - limit);
        }

        return matching;
    }
}
