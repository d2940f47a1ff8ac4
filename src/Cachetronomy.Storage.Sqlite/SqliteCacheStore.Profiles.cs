using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Storage.Sqlite;

public sealed partial class SqliteCacheStore
{
    /// <inheritdoc/>
    /// <remarks>Durations are stored as whole milliseconds.</remarks>
    public void UpsertProfile(CachetronomyProfile profile)
    {
        ValidateProfile(profile, nameof(profile));
        Write(profile, s_upsertProfile);
    }

    /// <inheritdoc/>
    public ValueTask UpsertProfileAsync(CachetronomyProfile profile, CancellationToken cancellationToken = default)
    {
        try
        {
            ValidateProfile(profile, nameof(profile));
            return new ValueTask(WriteAsync(profile, s_upsertProfile, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException(exception);
        }
    }

    /// <inheritdoc/>
    public CachetronomyProfile? GetProfile(string name)
    {
        ValidateProfileName(name, nameof(name));
        return Read(name, static (connection, name) =>
        {
            List<CachetronomyProfile> rows = ReadProfiles(connection.Command(Sql.GetProfile).Bind("@name", name));
            return rows.Count == 0 ? null : rows[0];
        });
    }

    /// <inheritdoc/>
    public ValueTask<CachetronomyProfile?> GetProfileAsync(string name, CancellationToken cancellationToken = default) =>
        RunAsync((Store: this, Name: name), static s => s.Store.GetProfile(s.Name), cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Deleting <c>default</c> is allowed; the store seeds it again the next time a store opens the file.</remarks>
    public bool DeleteProfile(string name)
    {
        ValidateProfileName(name, nameof(name));
        return Write(name, s_deleteProfile);
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteProfileAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            ValidateProfileName(name, nameof(name));
            return new ValueTask<bool>(WriteAsync(name, s_deleteProfile, cancellationToken));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<bool>(exception);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<CachetronomyProfile> ListProfiles() =>
        Read(0, static (connection, _) => ReadProfiles(connection.Command(Sql.ListProfiles)));

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<CachetronomyProfile>> ListProfilesAsync(CancellationToken cancellationToken = default) =>
        RunAsync(this, static store => store.ListProfiles(), cancellationToken);

    private static void SeedDefaultProfile(StoreConnection writer) =>
        BindProfile(writer.Command(Sql.SeedProfile), new CachetronomyProfile()).ExecuteNonQuery();

    private static SqliteCommand BindProfile(SqliteCommand command, CachetronomyProfile profile) => command
        .Bind("@name", profile.Name)
        .Bind("@ttl", (long)profile.TimeToLive.TotalMilliseconds)
        .Bind("@ttl_interval", (long)profile.TtlCleanupInterval.TotalMilliseconds)
        .Bind("@memory_eviction", profile.MemoryBasedEviction ? 1L : 0L)
        .Bind("@memory_target", profile.FreeMemoryTarget)
        .Bind("@memory_interval", (long)profile.MemoryCleanupInterval.TotalMilliseconds)
        .Bind("@max_items", (long)profile.MaxItemsInMemory)
        .Bind("@tags", JsonStrings.Write([.. profile.Tags]));

    private static List<CachetronomyProfile> ReadProfiles(SqliteCommand command)
    {
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<CachetronomyProfile>();
        while (reader.Read())
        {
            rows.Add(new CachetronomyProfile
            {
                Name = reader.GetString(0),
                TimeToLive = TimeSpan.FromMilliseconds(reader.GetInt64(1)),
                TtlCleanupInterval = TimeSpan.FromMilliseconds(reader.GetInt64(2)),
                MemoryBasedEviction = reader.GetInt64(3) != 0,
                FreeMemoryTarget = reader.GetDouble(4),
                MemoryCleanupInterval = TimeSpan.FromMilliseconds(reader.GetInt64(5)),
                MaxItemsInMemory = (int)Math.Clamp(reader.GetInt64(6), 0, int.MaxValue),
                Tags = JsonStrings.Read(reader.GetString(7)),
            });
        }

        return rows;
    }

    private static readonly Func<StoreConnection, CachetronomyProfile, int> s_upsertProfile =
        static (writer, profile) => BindProfile(writer.Command(Sql.UpsertProfile), profile).ExecuteNonQuery();

    private static readonly Func<StoreConnection, string, bool> s_deleteProfile =
        static (writer, name) => writer.Command(Sql.DeleteProfile).Bind("@name", name).ExecuteNonQuery() > 0;
}
