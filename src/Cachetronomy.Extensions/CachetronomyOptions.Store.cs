using System;
using Cachetronomy.Storage.Sqlite;

namespace Cachetronomy;

// Settings passed to the SQLite store the engine opens (they do not apply to an ICacheStore you register yourself).
public sealed partial class CachetronomyOptions
{
    /// <summary>
    /// Gets or sets how durable an acknowledged write is. <see cref="SqliteSynchronousMode.Normal"/> (the default)
    /// survives a process crash; <see cref="SqliteSynchronousMode.Full"/> also survives power loss, at the cost of an
    /// fsync per commit (group commit shares it between concurrent writers).
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Normal;

    /// <summary>
    /// Gets or sets how long a lock held by another process is waited for (with backoff) before a
    /// <see cref="CachetronomyStoreException"/>. Must be positive. Default: 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
