namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>
/// The schema as an ordered list of migration steps: <c>Steps[i]</c> takes a file from version <c>i</c> to
/// <c>i + 1</c>. A file records its version in <c>PRAGMA user_version</c> and that it is ours in
/// <c>PRAGMA application_id</c>.
/// </summary>
internal static class Schema
{
    /// <summary>The <c>application_id</c> of every Cachetronomy file: "CTRN" in ASCII.</summary>
    public const int ApplicationId = 0x4354524E;

    /// <summary>The schema version this code writes.</summary>
    public const int CurrentVersion = 3;

    /// <summary>
    /// v0 → v1: the base tables; v1 → v2: the change table for cross-process coherence; v2 → v3: the change table
    /// without <c>AUTOINCREMENT</c>, which rewrote a <c>sqlite_sequence</c> page in every write transaction (a fifth of
    /// a lone write's WAL pages). Ids still only grow: the newest row is never deleted (a trigger skips it, so even an
    /// older process still running, whose trim would delete it, cannot), and the step keeps the old sequence's
    /// high-water mark as a row of its own when it was above every row.
    /// </summary>
    public static readonly string[] Steps =
    [
        """
        CREATE TABLE cache (
            key TEXT NOT NULL PRIMARY KEY,
            data BLOB NOT NULL,
            fmt TEXT NOT NULL,
            expire_at INTEGER NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            version INTEGER NOT NULL DEFAULT 1,
            saved_by_profile TEXT NOT NULL,
            sliding_ms INTEGER NULL,
            absolute_expire_at INTEGER NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX idx_cache_expire_at ON cache(expire_at);
        CREATE INDEX idx_cache_saved_by_profile ON cache(saved_by_profile);
        CREATE TABLE cache_tags (
            tag TEXT NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (tag, key)
        ) WITHOUT ROWID;
        CREATE INDEX idx_cache_tags_key ON cache_tags(key);
        CREATE TABLE access_log (
            key TEXT NOT NULL PRIMARY KEY,
            access_count INTEGER NOT NULL DEFAULT 0,
            last_accessed INTEGER NOT NULL,
            last_accessed_by_profile TEXT NOT NULL
        );
        CREATE INDEX idx_access_log_count ON access_log(access_count);
        CREATE TABLE eviction_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL,
            evicted_at INTEGER NOT NULL,
            reason TEXT NOT NULL,
            last_access_count INTEGER NOT NULL DEFAULT 0,
            evicted_by_profile TEXT NOT NULL
        );
        CREATE INDEX idx_eviction_log_evicted_at ON eviction_log(evicted_at);
        CREATE TABLE profiles (
            name TEXT NOT NULL PRIMARY KEY,
            time_to_live_ms INTEGER NOT NULL,
            ttl_cleanup_interval_ms INTEGER NOT NULL,
            memory_based_eviction INTEGER NOT NULL,
            free_memory_target REAL NOT NULL,
            memory_cleanup_interval_ms INTEGER NOT NULL,
            max_items_in_memory INTEGER NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]'
        );
        """,
        """
        CREATE TABLE cache_changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NULL,
            tag TEXT NULL,
            kind INTEGER NOT NULL,
            changed_at INTEGER NOT NULL,
            origin TEXT NOT NULL
        );
        """,
        """
        CREATE TABLE cache_changes_v3 (
            id INTEGER PRIMARY KEY,
            key TEXT NULL,
            tag TEXT NULL,
            kind INTEGER NOT NULL,
            changed_at INTEGER NOT NULL,
            origin TEXT NOT NULL
        );
        INSERT INTO cache_changes_v3 (id, key, tag, kind, changed_at, origin)
            SELECT id, key, tag, kind, changed_at, origin FROM cache_changes;
        INSERT INTO cache_changes_v3 (id, key, tag, kind, changed_at, origin)
            SELECT seq, NULL, NULL, 3, 0, 'schema-v3'
            FROM sqlite_sequence
            WHERE name = 'cache_changes' AND seq > coalesce((SELECT max(id) FROM cache_changes_v3), 0);
        DROP TABLE cache_changes;
        ALTER TABLE cache_changes_v3 RENAME TO cache_changes;
        CREATE TRIGGER cache_changes_keep_newest BEFORE DELETE ON cache_changes
        WHEN old.id = (SELECT max(id) FROM cache_changes)
        BEGIN
            SELECT RAISE(IGNORE);
        END;
        """,
    ];

    public const string ReadApplicationId = "PRAGMA application_id;";
    public const string ReadUserVersion = "PRAGMA user_version;";
    public const string CountForeignObjects =
        "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\';";
}
