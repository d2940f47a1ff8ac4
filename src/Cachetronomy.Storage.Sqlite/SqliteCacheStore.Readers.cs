using System;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Storage.Sqlite;

// Reads never go through the writer: each runs on a pooled read connection that keeps its prepared commands.
public sealed partial class SqliteCacheStore
{
    private readonly ConcurrentQueue<StoreConnection> _idleReaders = new();
    private int _idleReaderCount;

    /// <summary>Runs a read on a pooled connection, retrying busy/locked failures within the busy bound.</summary>
    private TResult Read<TState, TResult>(TState state, Func<StoreConnection, TState, TResult> read)
    {
        ThrowIfDisposed();
        StoreConnection connection;
        try
        {
            connection = RentReader();
        }
        catch (SqliteException exception)
        {
            throw StoreFailure(exception);
        }

        try
        {
            return RetryBusy((Connection: connection, State: state, Read: read), static s => s.Read(s.Connection, s.State));
        }
        catch (Exception exception) when (exception is SqliteException or JsonException)
        {
            // A JsonException: a row whose tag list something else (a script, another tool) wrote.
            throw StoreFailure(exception);
        }
        finally
        {
            ReturnReader(connection);
        }
    }

    /// <summary>The asynchronous form of <see cref="Read"/>: runs synchronously and reports failures through the task.</summary>
    private ValueTask<TResult> ReadAsync<TState, TResult>(TState state, Func<StoreConnection, TState, TResult> read, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        try
        {
            return new ValueTask<TResult>(Read(state, read));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<TResult>(exception);
        }
    }

    private StoreConnection RentReader()
    {
        if (_idleReaders.TryDequeue(out StoreConnection? connection))
        {
            Interlocked.Decrement(ref _idleReaderCount);
            return connection;
        }

        return OpenConnection(isReader: true);
    }

    private void ReturnReader(StoreConnection connection)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            if (Interlocked.Increment(ref _idleReaderCount) <= _readPoolSize)
            {
                _idleReaders.Enqueue(connection);
                if (Volatile.Read(ref _disposed) != 0)
                {
                    CloseIdleReaders();
                }

                return;
            }

            Interlocked.Decrement(ref _idleReaderCount);
        }

        connection.Dispose();
    }

    private void CloseIdleReaders()
    {
        while (_idleReaders.TryDequeue(out StoreConnection? connection))
        {
            connection.Dispose();
        }
    }
}
