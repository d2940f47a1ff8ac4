using System;
using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>
/// A statement prepared straight on the connection handle, bound by index. The hottest statements use it: the
/// upsert and the change row of every <c>Set</c>, the tag-row delete of an overwrite that changes tags, and the point
/// read of every <c>Get</c>. Microsoft.Data.Sqlite binds a command's parameters by name on every execution, copies
/// each string into a new UTF-8 array, boxes each number and allocates a reader per query, which profiling put at about a quarter
/// of a batched write's CPU. Errors surface as the same <see cref="SqliteException"/> Microsoft.Data.Sqlite throws;
/// a busy or locked step is thrown at once (SQLite's own <c>busy_timeout</c> still applies), not retried by the
/// driver, so the store's retry loop alone bounds the wait. Not thread-safe, like its <see cref="StoreConnection"/>.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(sqlite3 db, string sql)
    {
        _db = db;
        int rc = raw.sqlite3_prepare_v2(db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>Gets the index of a named parameter (once, when the statement is set up).</summary>
    public int IndexOf(string name)
    {
        int index = raw.sqlite3_bind_parameter_index(_statement, name);
        return index > 0 ? index : throw new InvalidOperationException($"The statement has no parameter {name}.");
    }

    /// <summary>The longest UTF-8 text encoded on the stack; longer text borrows a pooled buffer.</summary>
    private const int StackTextBytes = 512;

    /// <summary>
    /// Binds text as UTF-8 (what the database stores). Not as UTF-16: SQLite reads a leading U+FEFF or U+FFFE of
    /// UTF-16 text as a byte-order mark, so a key starting with one would be bound without it, or byte-swapped, and
    /// name another row.
    /// </summary>
    public void Bind(int index, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(_statement, index));
            return;
        }

        if (value.Length == 0)
        {
            // An empty span would bind NULL; the string overload binds an empty text.
            Check(raw.sqlite3_bind_text(_statement, index, string.Empty));
            return;
        }

        int maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> buffer = maxBytes <= StackTextBytes ? stackalloc byte[StackTextBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            int length = Encoding.UTF8.GetBytes(value, buffer);
            Check(raw.sqlite3_bind_text(_statement, index, buffer[..length]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    public void Bind(int index, ReadOnlySpan<byte> value) =>
        // An empty span would bind NULL; a zero-length blob is what was stored.
        Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Gets the prepared statement, for reading the current row's columns after <see cref="Step"/>.</summary>
    public sqlite3_stmt Handle => _statement;

    /// <summary>
    /// Steps a query once: <see langword="true"/> when a row is ready to read from <see cref="Handle"/>,
    /// <see langword="false"/> when there are no (more) rows. Always <see cref="Reset"/> the statement afterwards.
    /// </summary>
    public bool Step()
    {
        int rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return false;
    }

    /// <summary>Ends a query started by <see cref="Step"/>, releasing its read transaction; bindings stay.</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    /// <summary>Runs the statement to completion and resets it. Returns the rows it changed.</summary>
    public int Execute()
    {
        try
        {
            int rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW)
            {
                // sqlite3_changes() is only set once a statement finishes: it would report the previous one's count.
                throw new InvalidOperationException("A RawStatement must not return rows.");
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
