using System;

namespace Cachetronomy;

/// <summary>
/// A value could not be serialized with the chosen serializer, so nothing was written. (Stored data that
/// cannot be deserialized is never thrown to a reader: it is reported as a logged cache miss.)
/// </summary>
public class CachetronomySerializationException : CachetronomyException
{
    /// <summary>Creates an exception with no message.</summary>
    public CachetronomySerializationException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public CachetronomySerializationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CachetronomySerializationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
