using System;
using SQLitePCL;

namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary><see cref="Sql.Upsert"/> on a <see cref="RawStatement"/>, with its parameter indexes looked up once.</summary>
internal sealed class UpsertStatement : IDisposable
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

    public UpsertStatement(sqlite3 db)
    {
        _statement = new RawStatement(db, Sql.Upsert);
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

    public void Execute(string key, ReadOnlySpan<byte> data, string format, long expireAt, string tagsJson, long version, string profile, long? slidingMilliseconds, long? absoluteExpireAt, long now)
    {
        _statement.Bind(_key, key);
        _statement.Bind(_data, data);
        _statement.Bind(_format, format);
        _statement.Bind(_expireAt, expireAt);
        _statement.Bind(_tags, tagsJson);
        _statement.Bind(_version, version);
        _statement.Bind(_profile, profile);
        _statement.Bind(_slidingMilliseconds, slidingMilliseconds);
        _statement.Bind(_absoluteExpireAt, absoluteExpireAt);
        _statement.Bind(_now, now);
        _statement.Execute();
    }

    public void Dispose() => _statement.Dispose();
}
