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

    private static void ThrowTooLong(int length, int maxLength, string paramName) =>
        throw new ArgumentException($"The key is {length} characters long; the most is {maxLength}.", paramName);
}
