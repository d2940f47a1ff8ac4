using System;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Storage.Sqlite;

public sealed partial class SqliteCacheStore
{
    // Each statement deletes at most @batch rows, so one transaction never holds the write lock for long.
    private const string TrimEvictionLogsByAge = """
        DELETE FROM eviction_log WHERE id IN (
            SELECT id FROM eviction_log WHERE evicted_at < @cutoff ORDER BY id LIMIT @batch);
        """;

    private const string TrimEvictionLogsByCount = """
        DELETE FROM eviction_log WHERE id IN (
            SELECT id FROM eviction_log
            WHERE id <= (SELECT id FROM eviction_log ORDER BY id DESC LIMIT 1 OFFSET @max)
            ORDER BY id LIMIT @batch);
        """;

    private const string TrimAccessLogsByAge = """
        DELETE FROM access_log WHERE key IN (
            SELECT a.key FROM access_log AS a
            WHERE a.last_accessed < @cutoff AND NOT EXISTS (SELECT 1 FROM cache AS c WHERE c.key = a.key)
            LIMIT @batch);
        """;

    private const string TrimAccessLogsByCount = """
        DELETE FROM access_log WHERE key IN (
            SELECT a.key FROM access_log AS a
            WHERE NOT EXISTS (SELECT 1 FROM cache AS c WHERE c.key = a.key)
            ORDER BY a.last_accessed, a.key
            LIMIT max(0, min(@batch, (SELECT count(*) FROM access_log) - @max)));
        """;

    /// <inheritdoc/>
    public int TrimEvictionLogs(DateTimeOffset? olderThan, int? maxRows, int batchSize = 1000) =>
        TrimAsync(olderThan, maxRows, batchSize, TrimEvictionLogsByAge, TrimEvictionLogsByCount, synchronous: true, CancellationToken.None)
            .GetAwaiter().GetResult();

    /// <inheritdoc/>
    public ValueTask<int> TrimEvictionLogsAsync(DateTimeOffset? olderThan, int? maxRows, int batchSize = 1000, CancellationToken cancellationToken = default) =>
        new(TrimAsync(olderThan, maxRows, batchSize, TrimEvictionLogsByAge, TrimEvictionLogsByCount, synchronous: false, cancellationToken));

    /// <inheritdoc/>
    public int TrimAccessLogs(DateTimeOffset? olderThan, int? maxRows, int batchSize = 1000) =>
        TrimAsync(olderThan, maxRows, batchSize, TrimAccessLogsByAge, TrimAccessLogsByCount, synchronous: true, CancellationToken.None)
            .GetAwaiter().GetResult();

    /// <inheritdoc/>
    public ValueTask<int> TrimAccessLogsAsync(DateTimeOffset? olderThan, int? maxRows, int batchSize = 1000, CancellationToken cancellationToken = default) =>
        new(TrimAsync(olderThan, maxRows, batchSize, TrimAccessLogsByAge, TrimAccessLogsByCount, synchronous: false, cancellationToken));

    /// <summary>Runs the age statement, then the count statement, each in batches until a batch deletes fewer rows than it may.</summary>
    private async Task<int> TrimAsync(
        DateTimeOffset? olderThan, int? maxRows, int batchSize, string byAge, string byCount, bool synchronous, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (maxRows is int max)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(max, nameof(maxRows));
        }

        ThrowIfDisposed();
        int deleted = 0;
        if (olderThan is DateTimeOffset cutoff)
        {
            deleted += await TrimBatchesAsync(byAge, "@cutoff", UnixTime.ToMilliseconds(cutoff), batchSize, synchronous, cancellationToken).ConfigureAwait(false);
        }

        if (maxRows is int cap)
        {
            deleted += await TrimBatchesAsync(byCount, "@max", cap, batchSize, synchronous, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    private async Task<int> TrimBatchesAsync(string sql, string name, long value, int batchSize, bool synchronous, CancellationToken cancellationToken)
    {
        int deleted = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = (Sql: sql, Name: name, Value: value, Batch: batchSize);
            int batch = synchronous
                ? Write(state, s_trimBatch)
                : await WriteAsync(state, s_trimBatch, cancellationToken).ConfigureAwait(false);
            deleted += batch;
            if (batch < batchSize)
            {
                return deleted;
            }
        }
    }

    private static readonly Func<StoreConnection, (string Sql, string Name, long Value, int Batch), int> s_trimBatch =
        static (writer, s) =>
        {
            SqliteCommand command = writer.Command(s.Sql).Bind(s.Name, s.Value).Bind("@batch", s.Batch);
            return command.ExecuteNonQuery();
        };
}
