using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using Cachetronomy.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Storage.Sqlite;

public sealed partial class SqliteCacheStore
{
    private static ReadOnlySpan<byte> SqliteHeader => "SQLite format 3\0"u8;

    /// <summary>The database files this process's stores have open (<see cref="FileKey"/>), with how many stores each.</summary>
    private static readonly Dictionary<string, int> s_openFiles = new(StringComparer.Ordinal);
    private static readonly Lock s_openFilesLock = new();

    /// <summary>This store's key in <see cref="s_openFiles"/> once registered; removed at dispose.</summary>
    private string? _openFileKey;

    /// <summary>Gets whether opening read the file's header itself (no other store of this process had it open; tests).</summary>
    internal bool ReadHeaderOnOpen { get; private set; }

    /// <summary>Creates, validates and migrates the file, and returns the open writer connection.</summary>
    private StoreConnection Open()
    {
        EnsureFileExists(_databasePath);

        // Look before touching: read-only, no WAL switch, no write, so a refused file stays byte-for-byte the same.
        _openFileKey = FileKey(_databasePath);
        FileState state = InspectAndRegister(_databasePath, _openFileKey);
        StoreConnection? writer = null;
        try
        {
            ThrowIfRefused(state);
            writer = OpenConnection(isReader: false);
            RetryBusy(writer, static w =>
            {
                w.ExecuteOnce("PRAGMA journal_mode=WAL;");
                return 0;
            });
            RetryBusy((Store: this, Writer: writer), static s =>
            {
                s.Store.MigrateAndSeed(s.Writer);
                return 0;
            });
            return writer;
        }
        catch (SqliteException exception)
        {
            writer?.Dispose();
            UnregisterOpenFile(_openFileKey);
            throw StoreFailure(exception);
        }
        catch
        {
            writer?.Dispose();
            UnregisterOpenFile(_openFileKey);
            throw;
        }
    }

    /// <summary>Applies the missing migration steps and seeds the default profile, in one write transaction.</summary>
    private void MigrateAndSeed(StoreConnection writer)
    {
        writer.ExecuteOnce(Sql.Begin);
        try
        {
            // Read again under the write lock: another process may have created or migrated the file meanwhile.
            FileState state = ReadState(writer.Connection);
            ThrowIfRefused(state);
            int from = state.UserVersion;
            ApplySteps(writer.Connection, from, Schema.CurrentVersion);
            SeedDefaultProfile(writer);
            writer.Execute(Sql.Commit);

            if (from == 0)
            {
                _logger.SchemaCreated(_databasePath, Schema.CurrentVersion);
            }
            else if (from < Schema.CurrentVersion)
            {
                _logger.SchemaMigrated(_databasePath, from, Schema.CurrentVersion);
            }

            _logger.StoreOpened(_databasePath, Schema.CurrentVersion);
        }
        catch
        {
            if (!writer.IsAutocommit)
            {
                writer.Execute(Sql.Rollback);
            }

            throw;
        }
    }

    private static void ApplySteps(SqliteConnection connection, int from, int to)
    {
        if (from >= to)
        {
            return;
        }

        using SqliteCommand command = connection.CreateCommand();
        for (int version = from; version < to; version++)
        {
            command.CommandText = Schema.Steps[version];
            command.ExecuteNonQuery();
        }

#pragma warning disable CA2100 // Integer constants only; PRAGMA values cannot be parameters.
        command.CommandText = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA application_id = {Schema.ApplicationId}; PRAGMA user_version = {to};");
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Creates a Cachetronomy file at an older schema <paramref name="version"/> (for migration tests): only the
    /// steps up to it, its application id and user version; no default profile, no WAL switch.
    /// </summary>
    internal static void CreateAtVersion(string path, int version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, Schema.CurrentVersion);
        string fullPath = Path.GetFullPath(path);
        EnsureFileExists(fullPath);
        using var connection = new SqliteConnection(BuildConnectionString(fullPath, SqliteOpenMode.ReadWrite));
        connection.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        ApplySteps(connection, 0, version);
        transaction.Commit();
    }

    private static void EnsureFileExists(string path)
    {
        string? folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        if (File.Exists(path))
        {
            return;
        }

        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.ReadWrite | FileShare.Delete,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another store created it first; it is inspected like any existing file.
        }
    }

    /// <summary>
    /// The key under which this process's stores register the file they have open: its full path with symbolic links
    /// followed, as SQLite resolves it.
    /// </summary>
    private static string FileKey(string path)
    {
        try
        {
            return Path.GetFullPath(File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path);
        }
        catch (IOException)
        {
            return path; // A link loop or the like: SQLite reports it when it opens the file.
        }
    }

    /// <summary>
    /// Checks the file's header, unless another store of this process has the file open, then registers this store as
    /// having it open (before SQLite opens it), and inspects it read-only through SQLite. The header is read with a
    /// descriptor of our own, and closing any descriptor of a file drops every POSIX lock the process holds on it,
    /// SQLite's included: a store that already has the file open would lose the shared lock that stops another
    /// process from taking the file as its last user (and deleting the WAL under us). So the header is read only
    /// while no store of this process has the file open, under a lock that keeps one from opening it meanwhile; a
    /// file already open here was checked by the store that opened it.
    /// </summary>
    private FileState InspectAndRegister(string path, string key)
    {
        FileState? headerProblem = null;
        lock (s_openFilesLock)
        {
            if (!s_openFiles.TryGetValue(key, out int open))
            {
                ReadHeaderOnOpen = true;
                headerProblem = CheckHeader(path);
            }

            s_openFiles[key] = open + 1;
        }

        try
        {
            return headerProblem ?? Inspect(path);
        }
        catch
        {
            UnregisterOpenFile(key);
            throw;
        }
    }

    /// <summary>Returns a refusal when the file is neither empty nor a SQLite file, else null.</summary>
    private static FileState? CheckHeader(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

            // The open file's length, not FileInfo's: for a symbolic link that is the link's own size.
            long length = stream.Length;
            Span<byte> header = stackalloc byte[16];
            return length > 0 && (length < 100 || stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header.SequenceEqual(SqliteHeader))
                ? FileState.Unreadable("it is not a SQLite database (wrong header or truncated).")
                : null;
        }
        catch (IOException exception)
        {
            return FileState.Unreadable($"it cannot be read ({exception.Message}).");
        }
        catch (UnauthorizedAccessException exception)
        {
            return FileState.Unreadable($"it cannot be read ({exception.Message}).");
        }
    }

    /// <summary>Forgets one store's registration of the file (at dispose, or when opening failed).</summary>
    private static void UnregisterOpenFile(string? key)
    {
        if (key is null)
        {
            return;
        }

        lock (s_openFilesLock)
        {
            if (s_openFiles.TryGetValue(key, out int open))
            {
                if (open <= 1)
                {
                    s_openFiles.Remove(key);
                }
                else
                {
                    s_openFiles[key] = open - 1;
                }
            }
        }
    }

    private FileState Inspect(string path)
    {
        try
        {
            using var connection = new SqliteConnection(BuildConnectionString(path, SqliteOpenMode.ReadOnly));
            connection.Open();
            return RetryBusy(connection, ReadState);
        }
        catch (SqliteException exception) when (!IsBusy(exception))
        {
            return FileState.Unreadable($"it is not a readable SQLite database ({exception.Message}).");
        }
        catch (IOException exception)
        {
            return FileState.Unreadable($"it cannot be read ({exception.Message}).");
        }
        catch (UnauthorizedAccessException exception)
        {
            return FileState.Unreadable($"it cannot be read ({exception.Message}).");
        }
    }

    private static FileState ReadState(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = Schema.ReadApplicationId;
        int applicationId = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        command.CommandText = Schema.ReadUserVersion;
        int userVersion = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        command.CommandText = Schema.CountForeignObjects;
        long objects = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        return new FileState(null, applicationId, userVersion, objects);
    }

    private void ThrowIfRefused(FileState state)
    {
        string? reason = state switch
        {
            { Problem: not null } => state.Problem,
            { ApplicationId: Schema.ApplicationId, UserVersion: > Schema.CurrentVersion } =>
                $"it was written by a newer version of Cachetronomy (schema version {state.UserVersion}; this version knows up to {Schema.CurrentVersion}).",
            { ApplicationId: Schema.ApplicationId } => null,
            { ApplicationId: 0, UserVersion: 0, ObjectCount: 0 } => null,
            { ApplicationId: 0 } => "it is a SQLite database of another application (it has tables or a user version, but no Cachetronomy application id).",
            _ => string.Create(CultureInfo.InvariantCulture, $"it is a SQLite database of another application (application_id 0x{state.ApplicationId:X8})."),
        };

        if (reason is not null)
        {
            _logger.FileRefused(_databasePath, reason);
            throw new CachetronomyStoreException($"Cannot open the cache store '{_databasePath}': {reason}", _databasePath);
        }
    }

    /// <summary>
    /// WAL pages after which a commit checkpoints them into the file (SQLite's default is 1,000, about 4 MB). A
    /// checkpoint copies each page once however many of its versions the WAL holds, so on a write-heavy cache a longer
    /// WAL (up to about 16 MB) copies a rewritten hot page once instead of four times: 16 concurrent writers measured
    /// 10-25 % faster. Readers find a page in the WAL through its hash index, so a longer WAL does not slow them.
    /// </summary>
    private const int WalAutoCheckpointPages = 4000;

    private StoreConnection OpenConnection(bool isReader)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            string synchronous = _synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL";
            int busyMilliseconds = (int)Math.Min(s_busyWaitPerAttempt.TotalMilliseconds, _busyTimeout.TotalMilliseconds);
#pragma warning disable CA2100 // Constants and integers only; PRAGMA values cannot be parameters.
            command.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = {busyMilliseconds}; PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -4096; {(isReader ? "PRAGMA query_only = 1;" : $"PRAGMA wal_autocheckpoint = {WalAutoCheckpointPages};")}");
#pragma warning restore CA2100
            command.ExecuteNonQuery();
            return new StoreConnection(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private readonly record struct FileState(string? Problem, int ApplicationId, int UserVersion, long ObjectCount)
    {
        public static FileState Unreadable(string problem) => new(problem, 0, 0, 0);
    }
}
