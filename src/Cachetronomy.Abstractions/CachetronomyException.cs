using System;

namespace Cachetronomy;

/// <summary>
/// The base type of every exception Cachetronomy throws on purpose. Argument errors are reported with the
/// <see cref="ArgumentException"/> family instead; a disposed cache throws <see cref="ObjectDisposedException"/>.
/// </summary>
public class CachetronomyException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public CachetronomyException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public CachetronomyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CachetronomyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
