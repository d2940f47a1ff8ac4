using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Storage.Sqlite.Internal;

namespace Cachetronomy.Storage.Sqlite;

public sealed partial class SqliteCacheStore
{
    /// <inheritdoc/>
    public CacheStoreStatistics GetStatistics()
    {
        (long count, long pageSize, long pageCount, long freePages, long version) = Read(0, static (connection, _) => (
            connection.Command(Sql.CountEntries).ScalarInt64(),
            connection.Command(Sql.PageSize).ScalarInt64(),
            connection.Command(Sql.PageCount).ScalarInt64(),
            connection.Command(Sql.FreelistCount).ScalarInt64(),
            connection.Command(Schema.ReadUserVersion).ScalarInt64()));

        return new CacheStoreStatistics(
            _databasePath,
            count,
            FileLength(_databasePath),
            FileLength(_databasePath + "-wal"),
            pageSize,
            pageCount,
            freePages,
            (int)version);
    }

    /// <inheritdoc/>
    public ValueTask<CacheStoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        RunAsync(this, static store => store.GetStatistics(), cancellationToken);

    private static long FileLength(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }
}
