using System;

namespace Cachetronomy.Cli;

/// <summary>A bad argument found after parsing (for example a tag list that is not JSON); the tool exits with <see cref="ExitCodes.UsageError"/>.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public UsageException()
    {
    }
}
