using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>
/// One open SQLite connection and its prepared commands, one per statement text. A command's text never changes
/// (that would drop its prepared statement); callers only reset its parameter values. Not thread-safe: a connection
/// is used by one caller at a time (a rented reader, or the writer under its lock).
/// </summary>
internal sealed class StoreConnection : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private RawStatement? _getEntry;
    private UpsertStatement? _upsert;
    private RawStatement? _deleteTagsOfKey;
    private RawStatement? _insertChange;

    public StoreConnection(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>Gets this connection's cache of small repeated column strings (format and profile names).</summary>
    public Utf8StringCache Strings { get; } = new();

    /// <summary>Gets the prepared command for <paramref name="sql"/>, creating and preparing it on first use.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out SqliteCommand? command))
        {
            command = Connection.CreateCommand();
#pragma warning disable CA2100 // Every statement text is a constant from Sql; values are always parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            command.Prepare();
            _commands.Add(sql, command);
        }

        return command;
    }

    /// <summary>Gets the writer's upsert of one entry, bound by index (<see cref="UpsertStatement"/>).</summary>
    public UpsertStatement Upsert => _upsert ??= new UpsertStatement(Connection.Handle!);

    /// <summary>Gets how many writes on this connection took the full upsert (<see cref="UpsertStatement.FullUpserts"/>).</summary>
    public long FullUpserts => _upsert?.FullUpserts ?? 0;

    /// <summary>Gets the writer's delete of one key's tag rows (<see cref="Sql.DeleteTagsOfKey"/>, parameter 1: the key).</summary>
    public RawStatement DeleteTagsOfKey => _deleteTagsOfKey ??= new RawStatement(Connection.Handle!, Sql.DeleteTagsOfKey);

    /// <summary>Gets the writer's insert of one change row (<see cref="ChangeSql.InsertOne"/>: key, kind, now, origin).</summary>
    public RawStatement InsertChange => _insertChange ??= new RawStatement(Connection.Handle!, ChangeSql.InsertOne);

    /// <summary>Gets the point read of one entry (<see cref="Sql.GetEntry"/>; parameter 1: the key, 2: now in Unix milliseconds).</summary>
    public RawStatement GetEntry => _getEntry ??= new RawStatement(Connection.Handle!, Sql.GetEntry);

    /// <summary>Runs a statement that takes no parameters and returns nothing (pragmas, transaction control).</summary>
    public void Execute(string sql) => Command(sql).ExecuteNonQuery();

    /// <summary>
    /// Runs a statement that takes no parameters and returns nothing exactly once: a busy or locked failure is thrown
    /// as a <see cref="SqliteException"/> at once, not retried by Microsoft.Data.Sqlite up to its command timeout
    /// (SQLite's own <c>busy_timeout</c> still applies). Used for the statements that take a lock, so the caller's
    /// retry loop alone bounds the wait.
    /// </summary>
    public void ExecuteOnce(string sql)
    {
        int rc = SQLitePCL.raw.sqlite3_exec(Connection.Handle, sql);
        SqliteException.ThrowExceptionForRC(rc, Connection.Handle);
    }

    /// <summary>Gets the database file's name as SQLite resolved it (symbolic links followed).</summary>
    public string FileName => SQLitePCL.raw.sqlite3_db_filename(Connection.Handle, "main").utf8_to_string();

    /// <summary>
    /// Returns the pages this connection wrote to the WAL since the previous call (or since it opened) and restarts the
    /// count (<c>SQLITE_DBSTATUS_CACHE_WRITE</c>).
    /// </summary>
    public int TakePagesWritten()
    {
        int rc = SQLitePCL.raw.sqlite3_db_status(Connection.Handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_WRITE, out int current, out _, 1);
        return rc == SQLitePCL.raw.SQLITE_OK ? current : 0;
    }

    /// <summary>Gets the rowid of the last row this connection inserted (<c>sqlite3_last_insert_rowid</c>).</summary>
    public long LastInsertRowId => SQLitePCL.raw.sqlite3_last_insert_rowid(Connection.Handle);

    /// <summary>Gets whether the connection is outside any transaction (SQLite's autocommit mode).</summary>
    public bool IsAutocommit => SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) != 0;

    public void Dispose()
    {
        foreach (SqliteCommand command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();

        // Finalized before the connection closes, or the close would leave it open as a zombie.
        _getEntry?.Dispose();
        _upsert?.Dispose();
        _deleteTagsOfKey?.Dispose();
        _insertChange?.Dispose();
        _getEntry = null;
        _upsert = null;
        _deleteTagsOfKey = null;
        _insertChange = null;
        Connection.Dispose();
    }
}
