namespace Cachetronomy.Storage.Sqlite;

/// <summary>How hard SQLite works to make a commit survive a crash (<c>PRAGMA synchronous</c>).</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// <c>synchronous=NORMAL</c>: in WAL mode a committed write survives a crash of the process, but the last
    /// commits before a power loss or operating-system crash may be rolled back (the file stays consistent).
    /// </summary>
    Normal = 0,

    /// <summary>
    /// <c>synchronous=FULL</c>: every commit is flushed to the disk before it is acknowledged, so it also survives a
    /// power loss, at the price of one more fsync per group commit.
    /// </summary>
    Full = 1,
}
