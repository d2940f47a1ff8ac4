using System;

namespace Cachetronomy;

/// <summary>
/// The cache store could not do what was asked: the file is not a Cachetronomy database (or was written by a
/// newer version), it is damaged or unreadable, the disk is full, or another process held a lock for longer
/// than the store's busy-retry bound. The file is never modified by the operation that throws this.
/// </summary>
public class CachetronomyStoreException : CachetronomyException
{
    /// <summary>Creates an exception with no message.</summary>
    public CachetronomyStoreException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public CachetronomyStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CachetronomyStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception that names the database file.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="databasePath">The full path of the database file.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CachetronomyStoreException(string message, string? databasePath, Exception? innerException = null)
        : base(message, innerException)
    {
        DatabasePath = databasePath;
    }

    /// <summary>Gets the full path of the database file involved, when known.</summary>
    public string? DatabasePath { get; }
}
