namespace Cachetronomy.Cli;

/// <summary>The tool's documented exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The key (for <c>get</c>, <c>key-metadata</c>) or profile (<c>get-profile</c>, <c>set-profile</c> without settings) does not exist.</summary>
    public const int NotFound = 1;

    /// <summary>Bad arguments or options, or an operation the engine refuses (such as deleting the session's own profile).</summary>
    public const int UsageError = 2;

    /// <summary>The database is missing (for commands that never create it), not a Cachetronomy file, locked past the retry bound or unreadable.</summary>
    public const int DatabaseError = 3;
}
