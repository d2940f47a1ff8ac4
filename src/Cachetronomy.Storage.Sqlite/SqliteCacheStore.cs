using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cachetronomy.Storage.Sqlite;

/// <summary>
/// An <see cref="ICacheStore"/> over one SQLite file in WAL mode: a small pool of read connections with prepared
/// statements, and one writer connection that commits concurrent writes together (group commit).
/// </summary>
/// <remarks>
/// <para><b>Opening.</b> The constructor creates a missing folder and file (on Unix the file is created owner-only,
/// <c>rw-------</c>, before SQLite touches it; SQLite gives its <c>-wal</c>/<c>-shm</c> files the same mode), then
/// checks the file read-only before writing anything: a file that is not SQLite, belongs to another application
/// (<c>PRAGMA application_id</c>, or tables that are not ours), or was written by a newer schema version is refused
/// with a <see cref="CachetronomyStoreException"/> and left untouched. An older Cachetronomy file is migrated in one
/// transaction. The <c>default</c> profile is seeded when absent, at every open. The header is read with a descriptor
/// of the store's own only while no other store of this process has the file open (closing a descriptor drops the
/// process's POSIX locks on the file, SQLite's included); a later store of the same file lets SQLite inspect it.</para>
/// <para><b>Time.</b> Every time column is INTEGER Unix epoch milliseconds, UTC; times are truncated to the
/// millisecond. A row is live while <c>now &lt; expire_at</c>, where now comes from the injected
/// <see cref="TimeProvider"/>.</para>
/// <para><b>Writes.</b> Each write is queued; the first caller to find the writer free commits everything queued (up
/// to <see cref="SqliteCacheStoreOptions.MaxBatchSize"/> operations) in one <c>BEGIN IMMEDIATE … COMMIT</c>; under
/// contention async writes leave that commit to a thread-pool work item, so more of them share it. A failing
/// operation fails alone: the batch is rolled back and committed again without it. A call returns only after the commit that holds
/// its write, so an acknowledged write is durable (see <see cref="SqliteCacheStoreOptions.Synchronous"/>). If the
/// commit itself fails (disk full, I/O error) every operation in it throws <see cref="CachetronomyStoreException"/>
/// and the store stays usable.</para>
/// <para><b>Sharing.</b> Several stores, in this process or others, may open the same file. A lock held by another
/// connection is waited for and retried with backoff for at most <see cref="SqliteCacheStoreOptions.BusyTimeout"/>,
/// then reported as a <see cref="CachetronomyStoreException"/>.</para>
/// <para><b>Keys and tags</b> are compared ordinally (SQLite's BINARY collation); key order means UTF-8 byte order.
/// They must be valid UTF-16 (no lone surrogates); NUL and any other character round-trip exactly. Invalid input
/// throws an <see cref="ArgumentException"/> (<see cref="ArgumentOutOfRangeException"/> for numbers out of range)
/// before any I/O. The asynchronous forms run synchronously (as Microsoft.Data.Sqlite does) and report every
/// failure through the returned task, except that while writes are contended an async write is committed by a
/// thread-pool work item and its task completes there. So do not block a pool thread on an async write
/// (<c>SetAsync(…).GetAwaiter().GetResult()</c>): with every pool thread blocked that way, the commit waits for the
/// pool to add a thread. Use the synchronous forms, which always commit on the calling thread.</para>
/// </remarks>
public sealed partial class SqliteCacheStore : ICacheStore
{
    private readonly string _databasePath;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _maxKeyLength;
    private readonly int _maxTagLength;
    private readonly int _maxValueSize;
    private readonly int _readPoolSize;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _busyTimeout;
    private readonly SqliteSynchronousMode _synchronous;
    private readonly TimeSpan _changeRetention;
    private readonly string _connectionString;
    private int _disposed;

    /// <summary>Opens (creating, validating and migrating as needed) the store's database file.</summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <param name="timeProvider">The clock for expiry and timestamps; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">
    /// The logger; none when null. An exception thrown by it is dropped, so a broken logger cannot break the store.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="CachetronomyStoreException">
    /// The file cannot be opened, is not a Cachetronomy database, or was written by a newer version.
    /// </exception>
    public SqliteCacheStore(SqliteCacheStoreOptions options, TimeProvider? timeProvider = null, ILogger<SqliteCacheStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath, nameof(options));
        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BusyTimeout, "BusyTimeout must be positive (and under 24 days).");
        }

        ThrowIfOptionOutOfRange(options.MaxKeyLength, 1, int.MaxValue, nameof(options.MaxKeyLength));
        ThrowIfOptionOutOfRange(options.MaxTagLength, 1, int.MaxValue, nameof(options.MaxTagLength));
        ThrowIfOptionOutOfRange(options.MaxValueSize, 0, 1_000_000_000, nameof(options.MaxValueSize));
        ThrowIfOptionOutOfRange(options.ReadConnectionPoolSize, 0, 1024, nameof(options.ReadConnectionPoolSize));
        ThrowIfOptionOutOfRange(options.MaxBatchSize, 1, 1_000_000, nameof(options.MaxBatchSize));
        if (options.ChangeRetention <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ChangeRetention, "ChangeRetention must be positive.");
        }

        if (!Enum.IsDefined(options.Synchronous))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Synchronous, "Synchronous is not a known mode.");
        }

        _databasePath = System.IO.Path.GetFullPath(options.DatabasePath);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger is null ? NullLogger.Instance : new GuardedLogger(logger);
        _maxKeyLength = options.MaxKeyLength;
        _maxTagLength = options.MaxTagLength;
        _maxValueSize = options.MaxValueSize;
        _readPoolSize = options.ReadConnectionPoolSize;
        _maxBatchSize = options.MaxBatchSize;
        _busyTimeout = options.BusyTimeout;
        _synchronous = options.Synchronous;
        _changeRetention = options.ChangeRetention;
        _recordChanges = options.RecordChanges;
        _connectionString = BuildConnectionString(_databasePath, SqliteOpenMode.ReadWrite);
        _batch = new(Math.Min(_maxBatchSize, 1024));

        _writer = Open();
        if (_synchronous == SqliteSynchronousMode.Normal && OperatingSystem.IsLinux())
        {
            _writer.TakePagesWritten(); // Pages of the schema work above do not count toward the first flush.
            _walFlusher = new WalFlusher(_writer.FileName, _databasePath, _logger);
        }
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string Location => _databasePath;

    /// <summary>Gets the full path of the database file.</summary>
    public string DatabasePath => _databasePath;

    /// <summary>Gets the durability mode every connection of this store runs with.</summary>
    public SqliteSynchronousMode Synchronous => _synchronous;

    /// <inheritdoc/>
    public int MaxKeyLength => _maxKeyLength;

    /// <inheritdoc/>
    public int MaxTagLength => _maxTagLength;

    /// <summary>
    /// Finishes the queued writes, then closes every connection. Later calls throw
    /// <see cref="ObjectDisposedException"/>; disposing again does nothing.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // First, outside the write lock: a flush failure logs, and a logger that writes to this store must not wait on a
        // lock this thread holds while it waits for that flush.
        _walFlusher?.Dispose();
        lock (_writeLock)
        {
            while (!_writeQueue.IsEmpty)
            {
                RunOneBatch();
            }

            _writerClosed = true;
            _writer.Dispose();
        }

        // Fails anything queued after the last batch above (a race with this call) with ObjectDisposedException.
        DrainWrites();
        CloseIdleReaders();
        CloseWatchConnection();
        UnregisterOpenFile(_openFileKey);
        _logger.StoreDisposed(_databasePath);
    }

    /// <summary>Disposes the store; see <see cref="Dispose"/>.</summary>
    /// <returns>A completed task (the store's work is synchronous).</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    private static void ThrowIfOptionOutOfRange(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
        }
    }

    private static string BuildConnectionString(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Cache = SqliteCacheMode.Private,
            // The store keeps its own connections open for its lifetime, so the pool would only keep file handles
            // (and locks) alive after Dispose.
            Pooling = false,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY itself (sleeping 150 ms a time) until the command timeout,
            // and 0 means "forever", so one second is its smallest bound. RetryBusy owns the real bound: the
            // statements that take the write lock (BEGIN IMMEDIATE, COMMIT) bypass the driver's retries.
            DefaultTimeout = 1,
        }.ToString();

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private long NowMilliseconds() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private static bool IsBusy(SqliteException exception) =>
        (exception.SqliteErrorCode & 0xFF) is 5 /* SQLITE_BUSY */ or 6 /* SQLITE_LOCKED */;

    /// <summary>
    /// The longest SQLite's own busy handler waits inside one attempt (<c>PRAGMA busy_timeout</c>); short, so that
    /// <see cref="RetryBusy"/> overshoots <see cref="SqliteCacheStoreOptions.BusyTimeout"/> by at most this much.
    /// </summary>
    private static readonly TimeSpan s_busyWaitPerAttempt = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Runs <paramref name="work"/>, retrying busy/locked failures with backoff until the busy bound. This is the one
    /// layer that bounds a wait by <see cref="SqliteCacheStoreOptions.BusyTimeout"/>: SQLite's busy handler waits at
    /// most <see cref="s_busyWaitPerAttempt"/> per attempt, and the lock-taking statements skip the driver's retries.
    /// </summary>
    private TResult RetryBusy<TState, TResult>(TState state, Func<TState, TResult> work)
    {
        long started = Stopwatch.GetTimestamp();
        int attempt = 0;
        while (true)
        {
            try
            {
                return work(state);
            }
            catch (SqliteException exception) when (IsBusy(exception))
            {
                TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
                if (elapsed >= _busyTimeout)
                {
                    _logger.BusyTimeout(_databasePath, (long)elapsed.TotalMilliseconds);
                    throw new CachetronomyStoreException(
                        $"The cache store '{_databasePath}' stayed locked by another connection for longer than {_busyTimeout}.",
                        _databasePath,
                        exception);
                }

                double backoff = Math.Min(Math.Pow(2, Math.Min(attempt, 7)), 100) * (0.5 + Random.Shared.NextDouble());
                TimeSpan sleep = TimeSpan.FromMilliseconds(Math.Min(backoff, (_busyTimeout - elapsed).TotalMilliseconds + 1));
                Thread.Sleep(sleep);
                attempt++;
            }
        }
    }

    private CachetronomyStoreException StoreFailure(Exception exception) => exception as CachetronomyStoreException
        ?? new CachetronomyStoreException($"The cache store '{_databasePath}' failed: {exception.Message}", _databasePath, exception);

}
