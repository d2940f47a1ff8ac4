using System;
using System.IO;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>
/// Flushes the store's <c>-wal</c> file to disk on a background thread while writes stream in, so that the fsync SQLite
/// runs before each checkpoint (inside whichever writer's <c>COMMIT</c> crosses the checkpoint threshold) finds little
/// left to write.
/// </summary>
/// <remarks>
/// <para>Only under <c>synchronous = NORMAL</c>, and only on Linux, where it was measured: commits do not fsync under
/// NORMAL, so without this the checkpoint's fsync writes out every WAL page appended since the previous checkpoint, up
/// to about 16 MB, on the writer's path (16 concurrent writers: WAL fsyncs took ~20 % of the writer's time, 5 ms mean,
/// 20 ms worst). Under <c>FULL</c> every commit fsyncs the WAL itself. Elsewhere it stays off: on macOS
/// <see cref="RandomAccess.FlushToDisk"/> is a full flush of the drive's cache (<c>F_FULLFSYNC</c>), much heavier than
/// SQLite's own <c>fsync</c>, and Windows was not measured.</para>
/// <para>A flush only makes bytes the operating system already holds durable sooner: it takes no SQLite lock and
/// changes nothing SQLite reads or decides, and it is an optimisation only (a failure logs once and turns flushing off;
/// SQLite's own fsyncs still order the WAL before every checkpoint). The WAL's name comes from SQLite (which resolves
/// a symbolic link to the database file; the WAL sits beside the target). The WAL is opened for each flush and closed
/// again: never the database or <c>-shm</c> file, because closing any descriptor of a file drops every POSIX lock
/// the process holds on it and SQLite keeps its locks on those two (none on the WAL); and never created
/// (<see cref="FileMode.Open"/>), so a missing WAL is a flush with nothing to do.</para>
/// <para>The writer reports the pages it wrote to the WAL after each commit (<see cref="Committed"/>, under the store's
/// write lock; SQLite counts them, <c>SQLITE_DBSTATUS_CACHE_WRITE</c>, so large values count in full); every
/// <see cref="PagesPerFlush"/> pages it wakes the flushing thread, which is started on the first request, so a store
/// that writes little never starts it. A store that is never disposed keeps its parked thread.</para>
/// </remarks>
internal sealed class WalFlusher : IDisposable
{
    /// <summary>
    /// WAL pages between two flushes (1 MB at SQLite's 4 KB pages). 16 concurrent writers of 1 KB values then flush
    /// every ~2 ms (flushing every 1, 3 or 5 ms measured the same).
    /// </summary>
    internal const int PagesPerFlush = 256;

    private readonly string _walPath;
    private readonly string _databasePath;
    private readonly ILogger _logger;

    // Monitor, not Lock: the flushing thread and tests wait on it (Monitor.Wait / PulseAll).
    private readonly object _gate = new();
    private Thread? _thread;
    private bool _requested;
    private bool _stopped;
    private long _requests;
    private long _flushes;

    /// <summary>WAL pages written since the last request; written by the store's writer only, under its write lock.</summary>
    private long _pendingPages;

    /// <summary>Creates a flusher of the WAL of <paramref name="databaseFile"/>.</summary>
    /// <param name="databaseFile">The database file's name as SQLite resolved it (<c>sqlite3_db_filename</c>).</param>
    /// <param name="databasePath">The store's configured path, which the failure event names like every store event.</param>
    /// <param name="logger">Where a failure is logged (once).</param>
    public WalFlusher(string databaseFile, string databasePath, ILogger logger)
    {
        _databasePath = databasePath;
        _walPath = databaseFile + "-wal";
        _logger = logger;
    }

    /// <summary>What one flush found.</summary>
    internal enum FlushResult
    {
        /// <summary>The WAL was flushed.</summary>
        Flushed,

        /// <summary>There is no WAL file: nothing to flush.</summary>
        NoWal,

        /// <summary>The WAL could not be opened or flushed (logged).</summary>
        Failed,
    }

    /// <summary>Gets how many flushes were requested (tests).</summary>
    internal long Requests => Interlocked.Read(ref _requests);

    /// <summary>Gets how many flushes ran, successful or not (tests).</summary>
    internal long Flushes
    {
        get
        {
            lock (_gate)
            {
                return _flushes;
            }
        }
    }

    /// <summary>Gets whether flushing is off for good (disposed, or a flush failed).</summary>
    internal bool IsStopped
    {
        get
        {
            lock (_gate)
            {
                return _stopped;
            }
        }
    }

    /// <summary>Waits for the flushing thread to end, if it was started (tests).</summary>
    /// <returns>False on timeout.</returns>
    internal bool WaitForThreadEnd(TimeSpan timeout)
    {
        Thread? thread;
        lock (_gate)
        {
            thread = _thread;
        }

        return thread is null || thread.Join(timeout);
    }

    /// <summary>Gets whether the flushing thread has been started and has not ended.</summary>
    internal bool IsThreadAlive
    {
        get
        {
            lock (_gate)
            {
                return _thread is { IsAlive: true };
            }
        }
    }

    /// <summary>
    /// Reports <paramref name="pagesWritten"/> pages a commit wrote to the WAL; requests a flush once
    /// <see cref="PagesPerFlush"/> have been written since the last request. Called by the writer under the store's
    /// write lock.
    /// </summary>
    public void Committed(int pagesWritten)
    {
        _pendingPages += Math.Max(pagesWritten, 0);
        if (_pendingPages < PagesPerFlush)
        {
            return;
        }

        _pendingPages = 0;
        Request();
    }

    /// <summary>Wakes the flushing thread (starting it the first time) unless a flush is already pending.</summary>
    internal void Request()
    {
        lock (_gate)
        {
            if (_stopped || _requested)
            {
                return;
            }

            _requested = true;
            _requests++;
            if (_thread is null && !TryStartThread())
            {
                return;
            }

            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Waits until more than <paramref name="afterFlushes"/> flushes have run, or flushing stopped (tests).
    /// </summary>
    /// <returns>True when a flush ran; false on timeout or when flushing stopped first.</returns>
    internal bool WaitForFlush(long afterFlushes, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (_flushes <= afterFlushes && !_stopped)
            {
                long remaining = deadline - Environment.TickCount64;
                if (remaining <= 0 || !Monitor.Wait(_gate, TimeSpan.FromMilliseconds(remaining)))
                {
                    return false;
                }
            }

            return _flushes > afterFlushes;
        }
    }

    /// <summary>Flushes the WAL once on the calling thread; a failure is logged.</summary>
    internal FlushResult FlushOnce()
    {
        try
        {
            using SafeFileHandle handle = File.OpenHandle(_walPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(handle);
            return FlushResult.Flushed;
        }
        catch (FileNotFoundException)
        {
            return FlushResult.NoWal;
        }
        catch (DirectoryNotFoundException)
        {
            return FlushResult.NoWal;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Any failure turns flushing off: the thread must never end the process, and SQLite's own fsyncs still
            // make the WAL durable before each checkpoint.
            _logger.WalFlushFailed(_databasePath, exception);
            return FlushResult.Failed;
        }
    }

    /// <summary>Stops flushing and waits for a running flush to finish. Later requests do nothing.</summary>
    public void Dispose()
    {
        Thread? thread;
        lock (_gate)
        {
            _stopped = true;
            thread = _thread;
            Monitor.PulseAll(_gate);
        }

        if (thread is not null && thread != Thread.CurrentThread)
        {
            thread.Join();
        }
    }

    /// <summary>Starts the flushing thread. Caller holds the gate. On failure flushing is turned off.</summary>
    private bool TryStartThread()
    {
        var thread = new Thread(static state => ((WalFlusher)state!).Run())
        {
            IsBackground = true,
            Name = "Cachetronomy WAL flush",
        };

        try
        {
            // UnsafeStart: the thread outlives the write that started it, so it must not capture that caller's
            // ExecutionContext (its Activity, logging scopes and AsyncLocals) for the store's lifetime.
            thread.UnsafeStart(this);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _stopped = true;
            _logger.WalFlushFailed(_databasePath, exception);
            return false;
        }

        _thread = thread;
        return true;
    }

    private void Run()
    {
        while (true)
        {
            lock (_gate)
            {
                while (!_requested && !_stopped)
                {
                    Monitor.Wait(_gate);
                }

                if (_stopped)
                {
                    return;
                }

                // Cleared before flushing: pages committed from now on may not be in this flush, so they request another.
                _requested = false;
            }

            bool failed = FlushOnce() == FlushResult.Failed;
            lock (_gate)
            {
                _flushes++;
                if (failed)
                {
                    _stopped = true;
                }

                Monitor.PulseAll(_gate);
                if (_stopped)
                {
                    return;
                }
            }
        }
    }
}
