using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Storage.Sqlite;

// Group commit by flat combining: no writer thread. Every write is queued; whoever takes the write lock commits
// everything queued in one transaction and completes the other callers' tasks, so one lone writer pays no thread
// hand-off and many concurrent writers share one commit.
//
// Inline combining alone convoys under concurrent async writers: the caller that committed continues synchronously
// into its next write, finds the lock free and commits it alone, while the continuations of the writers it completed
// wait in its thread's queue (measured: 16 writers, ~1.1 writes per transaction). So once an async write finds the
// writer busy, async writes hand their commit to a pool work item instead (the caller returns at once and the
// others' next writes pile up meanwhile: ~14 writes per transaction), until a run of single-write batches shows the
// contention is over and a lone writer may commit inline again.
public sealed partial class SqliteCacheStore
{
    /// <summary>How many batches one caller commits for others before it hands the rest to the thread pool.</summary>
    private const int MaxBatchesPerCombiner = 8;

    /// <summary>How many single-write batches in a row end hand-off mode.</summary>
    private const int SingleWriteBatchesToInline = 16;

    private readonly Lock _writeLock = new();
    private readonly ConcurrentQueue<WriteOperation> _writeQueue = new();
    private readonly List<WriteOperation> _batch;
    private readonly StoreConnection _writer;

    /// <summary>Flushes the WAL ahead of checkpoints (Linux, <see cref="SqliteSynchronousMode.Normal"/>); else null.</summary>
    private readonly WalFlusher? _walFlusher;
    private bool _writerClosed;

    /// <summary>1 while async writes hand their commit to the thread pool (contention was seen).</summary>
    private int _handOff;

    /// <summary>1 while a drain work item is queued and has not started.</summary>
    private int _drainQueued;

    /// <summary>Single-write batches in a row while in hand-off mode (written under the write lock).</summary>
    private int _singleWriteBatches;

    private long _committedTransactions;
    private long _committedWrites;

    /// <summary>
    /// Gets how many transactions of queued writes this store has committed and how many writes they carried, so the
    /// mean group-commit batch is <c>Writes / Transactions</c>. Counts only this instance, since it was opened (not its
    /// own maintenance transactions), and reads the two counters one after the other (not one snapshot).
    /// </summary>
    public GroupCommitStatistics GroupCommit =>
        new(Interlocked.Read(ref _committedTransactions), Interlocked.Read(ref _committedWrites));

    /// <summary>Gets how many entry writes overwrote a row saved with another profile or other tags (tests read it).</summary>
    internal long FullUpserts
    {
        get
        {
            lock (_writeLock)
            {
                return _writer.FullUpserts;
            }
        }
    }

    /// <summary>Gets the WAL flusher (tests read it); null under <see cref="SqliteSynchronousMode.Full"/> and off Linux.</summary>
    internal WalFlusher? WalFlusher => _walFlusher;

    /// <summary>Gets whether async writes currently hand their commit to the thread pool (tests read it).</summary>
    internal bool IsHandingOffWrites => Volatile.Read(ref _handOff) != 0;

    /// <summary>
    /// Queues a write and commits the queue on this thread if the writer is free (always for a blocking caller, and
    /// for an async caller unless writes are contended). The task completes after the commit.
    /// </summary>
    private Task<TResult> EnqueueWrite<TState, TResult>(TState state, Func<StoreConnection, TState, TResult> work, bool blocking)
    {
        ThrowIfDisposed();
        var operation = new WriteOperation<TState, TResult>(state, work);
        _writeQueue.Enqueue(operation);
        if (blocking || Volatile.Read(ref _handOff) == 0)
        {
            if (!DrainWrites() && !blocking)
            {
                // The writer was busy: another caller is committing, so writers overlap.
                Volatile.Write(ref _handOff, 1);
            }
        }
        else
        {
            QueueDrain();
        }

        return operation.Task;
    }

    /// <summary>Runs a write and blocks until it is committed.</summary>
    private TResult Write<TState, TResult>(TState state, Func<StoreConnection, TState, TResult> work) =>
        EnqueueWrite(state, work, blocking: true).GetAwaiter().GetResult();

    /// <summary>Queues one drain work item unless one is queued and has not started yet (it will see this write).</summary>
    private void QueueDrain()
    {
        if (Interlocked.Exchange(ref _drainQueued, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                static store =>
                {
                    // Cleared before reading the queue, so a write queued from now on queues a drain of its own. A full
                    // fence: a plain volatile store may still sit in the store buffer while the queue reads empty, and
                    // a writer enqueueing meanwhile would see the flag set and queue nothing (its write stranded).
                    Interlocked.Exchange(ref store._drainQueued, 0);
                    store.DrainWrites();
                },
                this,
                preferLocal: false);
        }
    }

    /// <summary>
    /// Runs a write; the returned task completes after the commit, or when waiting is cancelled (the write may still
    /// commit then). Throws synchronously only when the store is disposed; callers turn that into a faulted task.
    /// </summary>
    private Task<TResult> WriteAsync<TState, TResult>(TState state, Func<StoreConnection, TState, TResult> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        Task<TResult> task = EnqueueWrite(state, work, blocking: false);
        return task.IsCompleted || !cancellationToken.CanBeCanceled ? task : task.WaitAsync(cancellationToken);
    }

    /// <summary>Commits queued writes until the queue is empty. Returns false if another caller held the writer.</summary>
    private bool DrainWrites()
    {
        // Re-check after releasing the lock: a write queued while we held it found the lock taken and left it to us.
        while (!_writeQueue.IsEmpty)
        {
            if (!_writeLock.TryEnter())
            {
                return false;
            }

            bool handOff;
            try
            {
                for (int i = 0; i < MaxBatchesPerCombiner && !_writeQueue.IsEmpty; i++)
                {
                    RunOneBatch();
                }

                handOff = !_writeQueue.IsEmpty;
            }
            finally
            {
                _writeLock.Exit();
            }

            if (handOff)
            {
                // Do not keep one caller committing for everyone else forever under sustained load.
                QueueDrain();
                return true;
            }
        }

        return true;
    }

    /// <summary>Takes up to MaxBatchSize queued writes and commits them together. Caller holds the write lock.</summary>
    private void RunOneBatch()
    {
        // The write lock is reentrant and the failure paths below call the user's logger while holding it: a write the
        // logger makes to this store runs a nested batch on this thread, which must not take over the list the outer
        // batch is still running (its writes would be neither committed nor completed).
        List<WriteOperation> batch = _batch.Count == 0 ? _batch : new List<WriteOperation>();
        while (batch.Count < _maxBatchSize && _writeQueue.TryDequeue(out WriteOperation? operation))
        {
            batch.Add(operation);
        }

        if (batch.Count == 0)
        {
            return;
        }

        if (_writerClosed)
        {
            var disposed = new ObjectDisposedException(GetType().FullName);
            foreach (WriteOperation operation in batch)
            {
                operation.Fail(disposed);
            }

            batch.Clear();
            return;
        }

        if (Volatile.Read(ref _handOff) != 0)
        {
            // Contention is over once writes stop overlapping: let a lone writer commit inline again.
            _singleWriteBatches = batch.Count > 1 ? 0 : _singleWriteBatches + 1;
            if (_singleWriteBatches >= SingleWriteBatchesToInline)
            {
                _singleWriteBatches = 0;
                Volatile.Write(ref _handOff, 0);
            }
        }

        try
        {
            CommitBatch(batch);
        }
        catch (Exception exception)
        {
            // Never leave a transaction open (every later BEGIN would fail) nor a caller waiting forever, whatever
            // went wrong.
            TryRollback(_writer);
            foreach (WriteOperation operation in batch)
            {
                operation.Fail(StoreFailure(exception));
            }
        }

        batch.Clear();
        TrimChangesIfDue();
    }

    private void CommitBatch(List<WriteOperation> batch)
    {
        StoreConnection writer = _writer;
        while (batch.Count > 0)
        {
            try
            {
                RetryBusy(writer, static w =>
                {
                    w.ExecuteOnce(Sql.Begin);
                    return 0;
                });
            }
            catch (Exception exception)
            {
                FailAll(batch, StoreFailure(exception));
                return;
            }

            ResetOwnChanges();
            int failedAt = RunInTransaction(writer, batch);
            if (failedAt >= 0)
            {
                // Undo the whole transaction (SQLite may have rolled it back already, as it may on SQLITE_FULL or an I/O
                // error). Fail the culprit and run the others again.
                TryRollback(writer);
                WriteOperation culprit = batch[failedAt];
                batch.RemoveAt(failedAt);
                culprit.Fail(culprit.Failure!);
                _logger.WriteFailed(_databasePath, culprit.Failure!);
                continue;
            }

            try
            {
                RetryBusy(writer, static w =>
                {
                    w.ExecuteOnce(Sql.Commit);
                    return 0;
                });
            }
            catch (Exception exception)
            {
                TryRollback(writer);
                int count = batch.Count;
                FailAll(batch, StoreFailure(exception));
                _logger.CommitFailed(_databasePath, count, exception);
                return;
            }

            PublishOwnChanges();
            Interlocked.Increment(ref _committedTransactions);
            Interlocked.Add(ref _committedWrites, batch.Count);
            _walFlusher?.Committed(writer.TakePagesWritten());
            foreach (WriteOperation operation in batch)
            {
                operation.Complete();
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// Runs every operation in the open transaction, stopping at the first that fails (it keeps its failure). Returns
    /// the index of that operation, or -1. No savepoint per operation: they cost two statements per write on every
    /// batch to save a re-run of the batch on a failure, which is rare (the caller rolls back, fails the culprit and
    /// runs the rest again).
    /// </summary>
    private int RunInTransaction(StoreConnection writer, List<WriteOperation> batch)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            WriteOperation operation = batch[i];
            operation.Failure = null;
            try
            {
                operation.Execute(writer);
            }
            catch (Exception exception)
            {
                operation.Failure = exception is SqliteException ? StoreFailure(exception) : exception;
                return i;
            }
        }

        return -1;
    }

    private static void TryRollback(StoreConnection writer)
    {
        try
        {
            if (!writer.IsAutocommit)
            {
                writer.Execute(Sql.Rollback);
            }
        }
        catch (SqliteException)
        {
            // The transaction is already gone; nothing more to undo.
        }
    }

    private static void FailAll(List<WriteOperation> batch, Exception exception)
    {
        foreach (WriteOperation operation in batch)
        {
            operation.Fail(exception);
        }

        batch.Clear();
    }

    /// <summary>
    /// Runs a statement on the writer connection between batches (tests use it to set connection-level pragmas such
    /// as <c>max_page_count</c> to simulate a full disk).
    /// </summary>
    internal void ExecuteOnWriter(string sql) => HoldWriter(() => _writer.Execute(sql));

    /// <summary>
    /// Runs <paramref name="whileHeld"/> holding the write lock, so writes queued meanwhile by other threads wait and
    /// are then committed together in one batch (tests use it to build a multi-operation batch deterministically).
    /// </summary>
    internal void HoldWriter(Action whileHeld)
    {
        ThrowIfDisposed();
        try
        {
            lock (_writeLock)
            {
                whileHeld();
            }
        }
        finally
        {
            // A write queued meanwhile found the lock taken and left itself to the holder; without this it would wait
            // for the next write to come along.
            DrainWrites();
        }
    }
}
