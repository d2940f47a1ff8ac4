using System;

namespace Cachetronomy.Cli;

/// <summary>A command that never creates the database found no file; the tool exits with <see cref="ExitCodes.DatabaseError"/>.</summary>
internal sealed class DatabaseMissingException : Exception
{
    public DatabaseMissingException(string path)
        : base($"The database '{path}' does not exist. Only writing commands (set, set-many, set-profile with settings, update-active-profile) create it; pass --db-path or set CACHETRONOMY_DB_PATH to pick another file.")
    {
    }

    public DatabaseMissingException()
    {
    }

    public DatabaseMissingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
