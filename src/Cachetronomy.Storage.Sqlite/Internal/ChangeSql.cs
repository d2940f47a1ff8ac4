namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>The statements of the change feed (table <c>cache_changes</c>, schema v2).</summary>
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

    public const string LastId =
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'cache_changes'), 0);";

    public const string Trim = "DELETE FROM cache_changes WHERE changed_at < @cutoff;";

    public const string DataVersion = "PRAGMA data_version;";
}
