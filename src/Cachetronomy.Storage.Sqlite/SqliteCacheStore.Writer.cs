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
// hand-off and many concurrent writers share one fsync.
public sealed partial class SqliteCacheStore
{
    /// <summary>How many batches one caller commits for others before it hands the rest to the thread pool.</summary>
    private const int MaxBatchesPerCombiner = 8;

    private readonly Lock _writeLock = new();
    private readonly ConcurrentQueue<WriteOperation> _writeQueue = new();
    private readonly List<WriteOperation> _batch;
    private readonly StoreConnection _writer;
    private bool _writerClosed;

    /// <summary>Queues a write and commits the queue if the writer is free. The task completes after the commit.</summary>
    private Task<TResult> EnqueueWrite<TState, TResult>(TState state, Func<StoreConnection, TState, TResult> work)
    {
        ThrowIfDisposed();
        var operation = new WriteOperation<TState, TResult>(state, work);
        _writeQueue.Enqueue(operation);
        DrainWrites();
        return operation.Task;
    }

    /// <summary>Runs a write and blocks until it is committed.</summary>
    private TResult Write<TState, TResult>(TState state, Func<StoreConnection, TState, TResult> work) =>
        EnqueueWrite(state, work).GetAwaiter().GetResult();

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

        Task<TResult> task = EnqueueWrite(state, work);
        return task.IsCompleted || !cancellationToken.CanBeCanceled ? task : task.WaitAsync(cancellationToken);
    }

    private void DrainWrites()
    {
        // Re-check after releasing the lock: a write queued while we held it found the lock taken and left it to us.
        while (!_writeQueue.IsEmpty)
        {
            if (!_writeLock.TryEnter())
            {
                return;
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
                ThreadPool.UnsafeQueueUserWorkItem(static store => store.DrainWrites(), this, preferLocal: false);
                return;
            }
        }
    }

    /// <summary>Takes up to MaxBatchSize queued writes and commits them together. Caller holds the write lock.</summary>
    private void RunOneBatch()
    {
        List<WriteOperation> batch = _batch;
        batch.Clear();
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

            int failedAt = RunInTransaction(writer, batch);
            if (failedAt >= 0)
            {
                // The whole transaction is gone (a single operation failed, or SQLite rolled back on its own, as it
                // may on SQLITE_FULL or an I/O error). Fail the culprit and run the others again.
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

            foreach (WriteOperation operation in batch)
            {
                operation.Complete();
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// Runs every operation in the open transaction. An operation that fails is rolled back to its savepoint and
    /// keeps its failure for <see cref="WriteOperation.Complete"/>. Returns the index of an operation whose failure
    /// lost the whole transaction, or -1.
    /// </summary>
    private int RunInTransaction(StoreConnection writer, List<WriteOperation> batch)
    {
        bool useSavepoints = batch.Count > 1;
        for (int i = 0; i < batch.Count; i++)
        {
            WriteOperation operation = batch[i];
            operation.Failure = null;
            try
            {
                if (useSavepoints)
                {
                    writer.Execute(Sql.Savepoint);
                }

                operation.Execute(writer);
                if (useSavepoints)
                {
                    writer.Execute(Sql.ReleaseSavepoint);
                }
            }
            catch (Exception exception)
            {
                operation.Failure = exception is SqliteException ? StoreFailure(exception) : exception;
                if (!useSavepoints || writer.IsAutocommit)
                {
                    return i;
                }

                try
                {
                    writer.Execute(Sql.RollbackToSavepoint);
                    writer.Execute(Sql.ReleaseSavepoint);
                }
                catch (SqliteException)
                {
                    return i;
                }

                _logger.WriteFailed(_databasePath, exception);
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
