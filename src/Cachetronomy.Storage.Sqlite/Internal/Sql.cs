namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>
/// Every statement the store runs. All values are parameters; lists (keys, tags) are one JSON-array parameter
/// expanded by <c>json_each</c>, so each text is prepared once whatever the list's length.
/// </summary>
internal static class Sql
{
    public const string Begin = "BEGIN IMMEDIATE;";

    /// <summary>A read transaction on a reader connection: one snapshot for several statements.</summary>
    public const string BeginRead = "BEGIN;";
    public const string Commit = "COMMIT;";
    public const string Rollback = "ROLLBACK;";

    private const string EntryColumns =
        "key, data, fmt, expire_at, tags, version, saved_by_profile, sliding_ms, absolute_expire_at";

    private const string MetadataColumns =
        "key, fmt, expire_at, tags, version, saved_by_profile, length(data), updated_at";

    // ---- entries ----

    public const string GetEntry = "SELECT " + EntryColumns + " FROM cache WHERE key = @key AND expire_at > @now;";

    public const string GetEntries =
        "SELECT " + EntryColumns + " FROM cache WHERE key IN (SELECT value FROM json_each(@keys)) AND expire_at > @now;";

    public const string ListEntries =
        "SELECT " + EntryColumns + " FROM cache WHERE expire_at > @now ORDER BY key LIMIT @limit;";

    public const string GetMetadata = "SELECT " + MetadataColumns + " FROM cache WHERE key = @key;";

    public const string ListMetadata = "SELECT " + MetadataColumns + " FROM cache ORDER BY key;";

    public const string ListMetadataPage = "SELECT " + MetadataColumns + " FROM cache ORDER BY key LIMIT @limit;";

    public const string GetMetadataOfKeys =
        "SELECT " + MetadataColumns + " FROM cache WHERE key IN (SELECT value FROM json_each(@keys)) ORDER BY key;";

    public const string ListKeys = "SELECT key FROM cache ORDER BY key;";

    public const string CountEntries = "SELECT count(*) FROM cache;";

    public const string CountExistingKeys = "SELECT count(*) FROM cache WHERE key IN (SELECT value FROM json_each(@keys));";

    public const string GetSliding = "SELECT sliding_ms FROM cache WHERE key = @key AND expire_at > @now;";

    private const string InsertEntry = """
        INSERT INTO cache (key, data, fmt, expire_at, tags, version, saved_by_profile, sliding_ms, absolute_expire_at, created_at, updated_at)
        VALUES (@key, @data, @fmt, @expire_at, @tags, @version, @profile, @sliding_ms, @absolute_expire_at, @now, @now)
        """;

    /// <summary>
    /// The common write: inserts a new key, or overwrites a row saved by the same profile with the same tags. It
    /// leaves <c>saved_by_profile</c> and <c>tags</c> out of its SET list, because SQLite rewrites the entry of every
    /// index on a column the SET list names (value changed or not): the profile index would cost a page per write,
    /// and equal tags mean the tag rows are already right. Changes no row when the stored profile or tags differ;
    /// the writer then runs <see cref="Upsert"/>.
    /// </summary>
    public const string UpsertSameProfileAndTags = InsertEntry + """

        ON CONFLICT (key) DO UPDATE SET
            data = excluded.data, fmt = excluded.fmt, expire_at = excluded.expire_at, version = excluded.version,
            sliding_ms = excluded.sliding_ms, absolute_expire_at = excluded.absolute_expire_at, updated_at = excluded.updated_at
        WHERE saved_by_profile = excluded.saved_by_profile AND tags = excluded.tags;
        """;

    /// <summary>Inserts or overwrites every column (the writer then rewrites the key's tag rows).</summary>
    public const string Upsert = InsertEntry + """

        ON CONFLICT (key) DO UPDATE SET
            data = excluded.data, fmt = excluded.fmt, expire_at = excluded.expire_at, tags = excluded.tags,
            version = excluded.version, saved_by_profile = excluded.saved_by_profile, sliding_ms = excluded.sliding_ms,
            absolute_expire_at = excluded.absolute_expire_at, updated_at = excluded.updated_at;
        """;

    public const string DeleteTagsOfKey = "DELETE FROM cache_tags WHERE key = @key;";

    public const string InsertTagsOfKey =
        "INSERT OR IGNORE INTO cache_tags (tag, key) SELECT value, @key FROM json_each(@tags);";

    public const string DeleteTagsOfKeys =
        "DELETE FROM cache_tags WHERE key IN (SELECT value FROM json_each(@keys));";

    /// <summary>
    /// Slides a live sliding row. Never moves its expiry back: two slides that commit out of order (their clocks read
    /// before they queued) leave the later expiry, so an engine that set RAM from either one never outlives the row.
    /// </summary>
    public const string Slide = """
        UPDATE cache SET expire_at = max(expire_at, min(@now + sliding_ms, coalesce(absolute_expire_at, 9223372036854775807)))
        WHERE key = @key AND expire_at > @now AND sliding_ms IS NOT NULL;
        """;

    public const string DeleteEntry = "DELETE FROM cache WHERE key = @key;";

    public const string DeleteEntries = "DELETE FROM cache WHERE key IN (SELECT value FROM json_each(@keys));";

    public const string DeleteAllEntries = "DELETE FROM cache;";

    public const string DeleteAllTags = "DELETE FROM cache_tags;";

    public const string DeleteExpiredBatch = """
        DELETE FROM cache WHERE key IN (SELECT key FROM cache WHERE expire_at <= @now LIMIT @batch) RETURNING key;
        """;

    public const string DeleteByAnyTag = """
        DELETE FROM cache WHERE key IN (
            SELECT key FROM cache_tags WHERE tag IN (SELECT value FROM json_each(@tags)))
        RETURNING key;
        """;

    public const string DeleteByExactTags = """
        DELETE FROM cache WHERE key IN (
            SELECT t.key FROM cache_tags AS t
            WHERE t.tag IN (SELECT value FROM json_each(@tags))
            GROUP BY t.key
            HAVING count(*) = @count AND (SELECT count(*) FROM cache_tags AS u WHERE u.key = t.key) = @count)
        RETURNING key;
        """;

    public const string DeleteUntagged = """
        DELETE FROM cache WHERE NOT EXISTS (SELECT 1 FROM cache_tags AS t WHERE t.key = cache.key) RETURNING key;
        """;

    public const string DeleteByProfile = "DELETE FROM cache WHERE saved_by_profile = @profile RETURNING key;";

    // ---- access log ----

    public const string AddAccessCount = """
        INSERT INTO access_log (key, access_count, last_accessed, last_accessed_by_profile)
        VALUES (@key, @delta, @at, @profile)
        ON CONFLICT (key) DO UPDATE SET
            access_count = access_count + excluded.access_count,
            last_accessed_by_profile = CASE WHEN excluded.last_accessed >= last_accessed
                THEN excluded.last_accessed_by_profile ELSE last_accessed_by_profile END,
            last_accessed = max(last_accessed, excluded.last_accessed);
        """;

    private const string AccessColumns = "key, access_count, last_accessed, last_accessed_by_profile";

    public const string TopAccessed =
        "SELECT " + AccessColumns + " FROM access_log ORDER BY access_count DESC, key LIMIT @limit;";

    public const string ListAccessLogs = "SELECT " + AccessColumns + " FROM access_log ORDER BY key LIMIT @limit;";

    public const string GetAccessLog = "SELECT " + AccessColumns + " FROM access_log WHERE key = @key;";

    public const string ClearAccessLogs = "DELETE FROM access_log;";

    public const string DeleteAccessLog = "DELETE FROM access_log WHERE key = @key;";

    // ---- eviction log ----

    public const string AppendEvictionLog = """
        INSERT INTO eviction_log (key, evicted_at, reason, last_access_count, evicted_by_profile)
        VALUES (@key, @at, @reason, @count, @profile);
        """;

    public const string ListEvictionLogs = """
        SELECT id, key, evicted_at, reason, last_access_count, evicted_by_profile
        FROM eviction_log ORDER BY id DESC LIMIT @limit;
        """;

    public const string CountEvictionLogs = "SELECT count(*) FROM eviction_log;";

    public const string ClearEvictionLogs = "DELETE FROM eviction_log;";

    // ---- profiles ----

    private const string ProfileColumns =
        "name, time_to_live_ms, ttl_cleanup_interval_ms, memory_based_eviction, free_memory_target, memory_cleanup_interval_ms, max_items_in_memory, tags";

    private const string ProfileValues =
        "(@name, @ttl, @ttl_interval, @memory_eviction, @memory_target, @memory_interval, @max_items, @tags)";

    public const string UpsertProfile = "INSERT INTO profiles (" + ProfileColumns + ") VALUES " + ProfileValues + """

        ON CONFLICT (name) DO UPDATE SET
            time_to_live_ms = excluded.time_to_live_ms, ttl_cleanup_interval_ms = excluded.ttl_cleanup_interval_ms,
            memory_based_eviction = excluded.memory_based_eviction, free_memory_target = excluded.free_memory_target,
            memory_cleanup_interval_ms = excluded.memory_cleanup_interval_ms,
            max_items_in_memory = excluded.max_items_in_memory, tags = excluded.tags;
        """;

    public const string SeedProfile =
        "INSERT INTO profiles (" + ProfileColumns + ") VALUES " + ProfileValues + " ON CONFLICT (name) DO NOTHING;";

    public const string GetProfile = "SELECT " + ProfileColumns + " FROM profiles WHERE name = @name;";

    public const string ListProfiles = "SELECT " + ProfileColumns + " FROM profiles ORDER BY name;";

    public const string DeleteProfile = "DELETE FROM profiles WHERE name = @name;";

    // ---- file ----

    public const string PageSize = "PRAGMA page_size;";
    public const string PageCount = "PRAGMA page_count;";
    public const string FreelistCount = "PRAGMA freelist_count;";
}
