using System;

namespace Cachetronomy;

/// <summary>A profile was asked for by name and no profile of that name exists. Nothing was changed.</summary>
public class CachetronomyProfileNotFoundException : CachetronomyException
{
    /// <summary>Creates an exception with no message.</summary>
    public CachetronomyProfileNotFoundException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public CachetronomyProfileNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CachetronomyProfileNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a profile name that was not found.</summary>
    /// <param name="profileName">The name that was asked for.</param>
    /// <param name="message">What went wrong.</param>
    public CachetronomyProfileNotFoundException(string profileName, string message)
        : base(message)
    {
        ProfileName = profileName;
    }

    /// <summary>Gets the profile name that was not found.</summary>
    public string? ProfileName { get; }
}
