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
/// <para>Only under <c>synchronous = NORMAL</c>: commits do not fsync there, so without this the checkpoint's fsync
/// writes out every WAL page appended since the previous checkpoint, up to about 16 MB, on the writer's path (16
/// concurrent writers: WAL fsyncs took ~20 % of the writer's time, 5 ms mean, 20 ms worst). Under <c>FULL</c> every
/// commit fsyncs the WAL itself.</para>
/// <para>A flush only makes bytes the operating system already holds durable sooner: it takes no SQLite lock and
/// changes nothing SQLite reads or decides, and it is an optimisation only (a failure logs once and turns flushing off;
/// SQLite's own fsyncs still order the WAL before every checkpoint). The WAL is opened for each flush and closed
/// again: never the database or <c>-shm</c> file, because closing any descriptor of a file drops every POSIX lock
/// the process holds on it and SQLite keeps its locks on those two (none on the WAL); and never created
/// (<see cref="FileMode.Open"/>), so a missing WAL is a flush with nothing to do.</para>
/// <para>The writer reports each commit (<see cref="Committed"/>, under the store's write lock); about every
/// <see cref="PagesPerFlush"/> estimated WAL pages it wakes the flushing thread, which is started on the first
/// request, so a store that writes little never starts it.</para>
/// </remarks>
internal sealed class WalFlusher : IDisposable
{
    /// <summary>
    /// Estimated WAL pages between two flushes (about 1 MB at SQLite's 4 KB pages), counted as rows changed plus two per
    /// commit: a lone <c>Set</c> changes two rows (the entry, its change row) and dirties three or four pages; a bulk
    /// write of small rows dirties fewer pages than rows, which only flushes it sooner. 16 concurrent writers then flush
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

    /// <summary>Estimated pages since the last request; written by the store's writer only, under its write lock.</summary>
    private int _pendingPages;

    /// <summary>The writer connection's total of changed rows at the last commit (writer only).</summary>
    private int _lastTotalChanges;

    public WalFlusher(string databasePath, ILogger logger)
    {
        _databasePath = databasePath;
        _walPath = databasePath + "-wal";
        _logger = logger;
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
    /// Reports a commit; requests a flush once enough pages have gone to the WAL since the last request. Called by the
    /// writer under the store's write lock, with its connection's running total of changed rows
    /// (<c>sqlite3_total_changes</c>; it may wrap around).
    /// </summary>
    public void Committed(int totalChanges)
    {
        int changed = unchecked(totalChanges - _lastTotalChanges);
        _lastTotalChanges = totalChanges;
        _pendingPages += Math.Clamp(changed, 0, PagesPerFlush) + 2;
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

    /// <summary>
    /// Flushes the WAL once on the calling thread. Returns false (after logging) when it cannot be opened or flushed;
    /// a missing WAL is nothing to flush (true).
    /// </summary>
    internal bool FlushOnce()
    {
        try
        {
            using SafeFileHandle handle = File.OpenHandle(_walPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(handle);
            return true;
        }
        catch (FileNotFoundException)
        {
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Any failure turns flushing off: the thread must never end the process, and SQLite's own fsyncs still
            // make the WAL durable before each checkpoint.
            _logger.WalFlushFailed(_databasePath, exception);
            return false;
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
            thread.Start(this);
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

            bool flushed = FlushOnce();
            lock (_gate)
            {
                _flushes++;
                if (!flushed)
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
