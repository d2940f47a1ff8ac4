using System;

namespace Cachetronomy.Storage.Sqlite;

/// <summary>Settings of a <see cref="SqliteCacheStore"/>.</summary>
/// <remarks>
/// <para>Defaults: <see cref="Synchronous"/> <see cref="SqliteSynchronousMode.Normal"/>, <see cref="BusyTimeout"/>
/// 30 seconds, <see cref="MaxKeyLength"/> 1024, <see cref="MaxTagLength"/> 256, <see cref="MaxValueSize"/> 16 MiB,
/// <see cref="ReadConnectionPoolSize"/> 4, <see cref="MaxBatchSize"/> 256, <see cref="ChangeRetention"/> 1 minute, <see cref="RecordChanges"/> <see langword="true"/>. <see cref="DatabasePath"/> has no default
/// and must be set.</para>
/// <para>The store reads the options once, in its constructor; changing them later has no effect on it.</para>
/// </remarks>
public sealed class SqliteCacheStoreOptions
{
    /// <summary>The default of <see cref="MaxKeyLength"/>: 1024 characters.</summary>
    public const int DefaultMaxKeyLength = 1024;

    /// <summary>The default of <see cref="MaxTagLength"/>: 256 characters.</summary>
    public const int DefaultMaxTagLength = 256;

    /// <summary>The default of <see cref="MaxValueSize"/>: 16 MiB.</summary>
    public const int DefaultMaxValueSize = 16 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the path of the database file. A relative path is made absolute against the current directory
    /// when the store is constructed. A missing folder is created; a missing file is created (owner-only on Unix).
    /// Required.
    /// </summary>
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets how hard commits are flushed. <see cref="SqliteSynchronousMode.Normal"/> (the default) survives a
    /// crash of the process; <see cref="SqliteSynchronousMode.Full"/> also survives a power loss.
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Normal;

    /// <summary>
    /// Gets or sets the total time an operation keeps retrying while another connection (in this process or another)
    /// holds the lock it needs (<c>SQLITE_BUSY</c>/<c>SQLITE_LOCKED</c>). After it the operation throws a
    /// <see cref="CachetronomyStoreException"/>. Must be positive. Default: 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest key accepted, in UTF-16 characters. Must be positive. Default: 1024.</summary>
    public int MaxKeyLength { get; set; } = DefaultMaxKeyLength;

    /// <summary>
    /// Gets or sets the longest tag (and profile name) accepted, in UTF-16 characters. Must be positive. Default: 256.
    /// </summary>
    public int MaxTagLength { get; set; } = DefaultMaxTagLength;

    /// <summary>
    /// Gets or sets the largest serialized value accepted, in bytes; a bigger one throws an
    /// <see cref="ArgumentException"/>. Between 0 and 1,000,000,000 (SQLite's own limit). Default: 16 MiB.
    /// </summary>
    public int MaxValueSize { get; set; } = DefaultMaxValueSize;

    /// <summary>
    /// Gets or sets how many idle read connections the store keeps open. More concurrent readers than this open extra
    /// connections that are closed after use. Zero or more. Default: 4.
    /// </summary>
    public int ReadConnectionPoolSize { get; set; } = 4;

    /// <summary>
    /// Gets or sets the most queued write operations committed together in one transaction (group commit). Must be
    /// positive. Default: 256.
    /// </summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Gets or sets how long change rows (the feed other processes' engines watch to keep their front tiers coherent)
    /// are kept. The writer trims older rows on its own; an engine that polls less often than this drops its whole
    /// front tier instead of missing a change. Must be positive. Default: 1 minute.
    /// </summary>
    public TimeSpan ChangeRetention { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets whether writes record change rows for other processes' engines to watch. Turn it off only when
    /// no other process (nor another engine with its own store) reads this file while this store writes it: their
    /// front tiers would then keep values this store changed. Off, a write transaction dirties one page less (a lone
    /// <c>Set</c>: 2 WAL pages instead of 3). <see cref="SqliteCacheStore.PublishEviction"/> records its change either way.
    /// Default: <see langword="true"/>.
    /// </summary>
    public bool RecordChanges { get; set; } = true;
}
