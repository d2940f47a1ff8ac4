using System;
using SQLitePCL;

namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>
/// The writer's upsert of one entry: <see cref="Sql.UpsertSameProfileAndTags"/> first, <see cref="Sql.Upsert"/> when
/// that changed no row, both on <see cref="RawStatement"/>s with their parameter indexes looked up once.
/// </summary>
internal sealed class UpsertStatement : IDisposable
{
    private readonly Bound _sameProfileAndTags;
    private readonly Bound _full;

    public UpsertStatement(sqlite3 db)
    {
        _sameProfileAndTags = new Bound(db, Sql.UpsertSameProfileAndTags);
        try
        {
            _full = new Bound(db, Sql.Upsert);
        }
        catch
        {
            _sameProfileAndTags.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes the entry. Returns true when the key existed with another profile or other tags, so its tag rows must be
    /// rewritten; false when it was inserted or overwritten with the same profile and tags (its old tag rows, if any,
    /// are already the new ones; a new key has none).
    /// </summary>
    public bool Execute(SqliteCacheStore.EntryRow row, long now)
    {
        if (_sameProfileAndTags.Execute(row, now) > 0)
        {
            return false;
        }

        _full.Execute(row, now);
        FullUpserts++;
        return true;
    }

    /// <summary>Gets how many writes took the full upsert (tests check which path ran; written under the write lock).</summary>
    public long FullUpserts { get; private set; }

    public void Dispose()
    {
        _sameProfileAndTags.Dispose();
        _full.Dispose();
    }

    private sealed class Bound : IDisposable
    {
        private readonly RawStatement _statement;
        private readonly int _key;
        private readonly int _data;
        private readonly int _format;
        private readonly int _expireAt;
        private readonly int _tags;
        private readonly int _version;
        private readonly int _profile;
        private readonly int _slidingMilliseconds;
        private readonly int _absoluteExpireAt;
        private readonly int _now;

        public Bound(sqlite3 db, string sql)
        {
            _statement = new RawStatement(db, sql);
            try
            {
                _key = _statement.IndexOf("@key");
                _data = _statement.IndexOf("@data");
                _format = _statement.IndexOf("@fmt");
                _expireAt = _statement.IndexOf("@expire_at");
                _tags = _statement.IndexOf("@tags");
                _version = _statement.IndexOf("@version");
                _profile = _statement.IndexOf("@profile");
                _slidingMilliseconds = _statement.IndexOf("@sliding_ms");
                _absoluteExpireAt = _statement.IndexOf("@absolute_expire_at");
                _now = _statement.IndexOf("@now");
            }
            catch
            {
                _statement.Dispose();
                throw;
            }
        }

        /// <summary>Binds and runs the statement; returns the rows it changed.</summary>
        public int Execute(SqliteCacheStore.EntryRow row, long now)
        {
            _statement.Bind(_key, row.Key);
            _statement.Bind(_data, row.Data);
            _statement.Bind(_format, row.Format);
            _statement.Bind(_expireAt, row.ExpireAt);
            _statement.Bind(_tags, row.TagsJson);
            _statement.Bind(_version, row.Version);
            _statement.Bind(_profile, row.Profile);
            _statement.Bind(_slidingMilliseconds, row.SlidingMilliseconds);
            _statement.Bind(_absoluteExpireAt, row.AbsoluteExpireAt);
            _statement.Bind(_now, now);
            return _statement.Execute();
        }

        public void Dispose() => _statement.Dispose();
    }
}
