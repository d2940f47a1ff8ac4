using System;
using System.Collections.Generic;

namespace Cachetronomy;

/// <summary>The default implementations of <see cref="ICacheStore.FindMetadata"/> and <see cref="ICacheStore.CountExisting"/>.</summary>
internal static class MetadataFilter
{
    /// <summary>Keeps, in their order, the first <paramref name="limit"/> rows whose key contains the text (ordinal, ignoring case).</summary>
    public static List<CacheEntryMetadata> Apply(IReadOnlyList<CacheEntryMetadata> rows, string? keyContains, int limit)
    {
        var matching = new List<CacheEntryMetadata>(Math.Min(rows.Count, limit));
        foreach (CacheEntryMetadata row in rows)
        {
            if (matching.Count == limit)
            {
                break;
            }

            if (string.IsNullOrEmpty(keyContains) || row.Key.Contains(keyContains, StringComparison.OrdinalIgnoreCase))
            {
                matching.Add(row);
            }
        }

        return matching;
    }

    /// <summary>How many of the distinct <paramref name="keys"/> are among <paramref name="existing"/>.</summary>
    public static long CountIn(IReadOnlyList<string> existing, IEnumerable<string> keys)
    {
        var present = new HashSet<string>(existing, StringComparer.Ordinal);
        long count = 0;
        foreach (string key in new HashSet<string>(keys, StringComparer.Ordinal))
        {
            count += present.Contains(key) ? 1 : 0;
        }

        return count;
    }
}
