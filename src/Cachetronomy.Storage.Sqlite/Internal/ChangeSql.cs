namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>
/// The statements of the change feed (table <c>cache_changes</c>, schema v3). Ids are rowids: a new row takes the
/// largest id plus one, so they only grow as long as the newest row is never deleted, which the schema's
/// <c>cache_changes_keep_newest</c> trigger ensures for every deleter (<see cref="Schema.Steps"/>, v2 → v3).
/// </summary>
internal static class ChangeSql
{
    public const string InsertOne =
        "INSERT INTO cache_changes (key, tag, kind, changed_at, origin) VALUES (@key, NULL, @kind, @now, @origin);";

    public const string InsertMany = """
        INSERT INTO cache_changes (key, tag, kind, changed_at, origin)
        SELECT value, NULL, @kind, @now, @origin FROM json_each(@keys);
        """;

    public const string Since =
        "SELECT id, kind, key, changed_at, origin FROM cache_changes WHERE id > @after ORDER BY id LIMIT @max;";

    public const string LastId = "SELECT coalesce(max(id), 0) FROM cache_changes;";

    /// <summary>Deletes rows changed before the cutoff (the schema's trigger keeps the newest one, however old).</summary>
    public const string Trim = "DELETE FROM cache_changes WHERE changed_at < @cutoff;";

    public const string DataVersion = "PRAGMA data_version;";
}
