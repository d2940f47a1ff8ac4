using System;
using System.Collections.Generic;
using System.IO;
using Cachetronomy.Storage.Sqlite;

namespace Cachetronomy.Cli;

/// <summary>
/// One run's view of the cache file: the SQLite store, and a <see cref="Cachetronaut"/> engine over it (so evictions,
/// logs and profiles behave as in an app). Disposing flushes the engine's pending access counts and eviction logs,
/// then closes the store.
/// </summary>
internal sealed class CliSession : IDisposable
{
    private CliSession(SqliteCacheStore store, Cachetronaut engine)
    {
        Store = store;
        Engine = engine;
    }

    public SqliteCacheStore Store { get; }

    public Cachetronaut Engine { get; }

    /// <summary>Opens the file.</summary>
    /// <param name="databasePath">The full path of the file.</param>
    /// <param name="profileName">The profile the engine starts with; it must be stored (or be 'default', which the engine creates).</param>
    /// <param name="createIfMissing">Whether a missing file may be created (writing commands only).</param>
    /// <param name="configuredProfile">A profile to validate, store and start with (set-profile with settings).</param>
    public static CliSession Open(string databasePath, string profileName, bool createIfMissing, CachetronomyProfile? configuredProfile = null)
    {
        if (!createIfMissing && !File.Exists(databasePath))
        {
            throw new DatabaseMissingException(databasePath);
        }

        var store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = databasePath });
        try
        {
            var options = new CachetronomyOptions
            {
                DatabasePath = databasePath,
                ActiveProfile = configuredProfile?.Name ?? profileName,
                JsonSerializerOptions = StorageJsonContext.Default.Options,
                // A one-shot run has no front tier worth keeping coherent, and no timer should outlive the command.
                Coherence = false,
            };
            if (configuredProfile is not null)
            {
                options.Profiles = new Dictionary<string, CachetronomyProfile>(StringComparer.Ordinal) { [configuredProfile.Name] = configuredProfile };
            }

            return new CliSession(store, new Cachetronaut(store, options));
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <remarks>Synchronous on purpose: the store's work is synchronous, and a one-shot tool has no context to free.</remarks>
    public void Dispose()
    {
        try
        {
            Engine.Dispose();
        }
        finally
        {
            Store.Dispose();
        }
    }
}
