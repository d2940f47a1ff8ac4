using System;

namespace Cachetronomy.Internal;

/// <summary>Checks keys before any I/O.</summary>
internal static class KeyValidator
{
    /// <summary>Throws an <see cref="ArgumentException"/>-family exception (parameter <c>key</c>) for a bad key.</summary>
    public static void Validate(string key, int maxLength, string paramName = "key")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key, paramName);
        if (key.Length > maxLength)
        {
            ThrowTooLong(key.Length, maxLength, paramName);
        }
    }

    /// <summary>
    /// Whether a key the engine accepted can have a store row: the store also refuses a lone surrogate (it would not
    /// round-trip through UTF-8), which a RAM-only entry may carry.
    /// </summary>
    public static bool HasNoLoneSurrogate(string key)
    {
        ReadOnlySpan<char> chars = key.AsSpan();
        int i = chars.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return true;
        }

        for (; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]))
            {
                if (i + 1 >= chars.Length || !char.IsLowSurrogate(chars[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(chars[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static void ThrowTooLong(int length, int maxLength, string paramName) =>
        throw new ArgumentException($"The key is {length} characters long; the most is {maxLength}.", paramName);
}
