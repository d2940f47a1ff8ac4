using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Cachetronomy.Storage.Sqlite;

// Every argument is checked here, before any I/O.
public sealed partial class SqliteCacheStore
{
    private void ValidateKey(string key, string paramName) => ValidateText(key, _maxKeyLength, "key", paramName);

    private void ValidateTag(string tag, string paramName) => ValidateText(tag, _maxTagLength, "tag", paramName);

    private void ValidateProfileName(string name, string paramName) => ValidateText(name, _maxTagLength, "profile name", paramName);

    private static void ValidateText(string value, int maxLength, string what, string paramName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName, $"A {what} cannot be null.");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"A {what} cannot be empty or white space.", paramName);
        }

        if (value.Length > maxLength)
        {
            throw new ArgumentException($"A {what} can be at most {maxLength} characters long (this one has {value.Length}).", paramName);
        }

        if (!IsValidUtf16(value))
        {
            throw new ArgumentException($"A {what} cannot contain a lone surrogate (it would not round-trip through UTF-8).", paramName);
        }
    }

    private static bool IsValidUtf16(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks the keys and returns them without duplicates (ordinal), in first-seen order.</summary>
    private List<string> ValidateKeys(IEnumerable<string> keys, string paramName)
    {
        ArgumentNullException.ThrowIfNull(keys, paramName);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (string key in keys)
        {
            ValidateKey(key, paramName);
            if (seen.Add(key))
            {
                result.Add(key);
            }
        }

        return result;
    }

    /// <summary>Checks the tags and returns them without duplicates (ordinal), in first-seen order.</summary>
    private List<string> ValidateTags(IEnumerable<string> tags, string paramName)
    {
        ArgumentNullException.ThrowIfNull(tags, paramName);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (string tag in tags)
        {
            ValidateTag(tag, paramName);
            if (seen.Add(tag))
            {
                result.Add(tag);
            }
        }

        return result;
    }

    /// <summary>Checks an entry and turns it into the row the writer stores.</summary>
    private EntryRow ValidateEntry(StoredCacheEntry entry, string paramName)
    {
        ArgumentNullException.ThrowIfNull(entry, paramName);
        ValidateKey(entry.Key, paramName);
        if (string.IsNullOrWhiteSpace(entry.Format))
        {
            throw new ArgumentException("An entry's Format cannot be null, empty or white space.", paramName);
        }

        if (entry.Data.Length > _maxValueSize)
        {
            throw new ArgumentException($"An entry's Data can be at most {_maxValueSize} bytes (this one has {entry.Data.Length}).", paramName);
        }

        if (entry.Version < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, entry.Version, "An entry's Version cannot be negative.");
        }

        if (entry.SlidingExpiration is { } sliding && sliding < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(paramName, sliding, "An entry's SlidingExpiration must be at least 1 millisecond.");
        }

        ValidateProfileName(entry.SavedByProfile, paramName);
        List<string> tags = ValidateTags(entry.Tags ?? throw new ArgumentException("An entry's Tags cannot be null.", paramName), paramName);

        byte[] data = MemoryMarshal.TryGetArray(entry.Data, out ArraySegment<byte> segment)
            && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : entry.Data.ToArray();

        return new EntryRow(
            entry.Key,
            data,
            entry.Format,
            entry.ExpiresAt.ToUnixTimeMilliseconds(),
            Internal.JsonStrings.Write(tags),
            entry.Version,
            entry.SavedByProfile,
            entry.SlidingExpiration is { } window ? (long)window.TotalMilliseconds : null,
            entry.AbsoluteExpiration?.ToUnixTimeMilliseconds());
    }

    private static void ValidateLimit(int? limit, string paramName)
    {
        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, limit, "The limit cannot be negative.");
        }
    }

    private void ValidateProfile(CachetronomyProfile profile, string paramName)
    {
        ArgumentNullException.ThrowIfNull(profile, paramName);
        ValidateProfileName(profile.Name, paramName);
        if (profile.TimeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, profile.TimeToLive, "A profile's TimeToLive must be positive.");
        }

        if (profile.TtlCleanupInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, profile.TtlCleanupInterval, "A profile's TtlCleanupInterval cannot be negative.");
        }

        if (profile.MemoryCleanupInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, profile.MemoryCleanupInterval, "A profile's MemoryCleanupInterval cannot be negative.");
        }

        if (!double.IsFinite(profile.FreeMemoryTarget) || profile.FreeMemoryTarget < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, profile.FreeMemoryTarget, "A profile's FreeMemoryTarget must be a finite number, zero or more.");
        }

        if (profile.MaxItemsInMemory < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, profile.MaxItemsInMemory, "A profile's MaxItemsInMemory cannot be negative.");
        }

        ValidateTags(profile.Tags ?? throw new ArgumentException("A profile's Tags cannot be null.", paramName), paramName);
    }

    /// <summary>A validated entry, ready to bind (<see cref="Internal.UpsertStatement"/> binds it).</summary>
    internal sealed record EntryRow(
        string Key,
        byte[] Data,
        string Format,
        long ExpireAt,
        string TagsJson,
        long Version,
        string Profile,
        long? SlidingMilliseconds,
        long? AbsoluteExpireAt);
}
