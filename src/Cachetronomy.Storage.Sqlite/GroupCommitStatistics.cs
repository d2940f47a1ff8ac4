namespace Cachetronomy.Storage.Sqlite;

/// <summary>How many write transactions a <see cref="SqliteCacheStore"/> committed, and how many writes they carried.</summary>
/// <param name="Transactions">Committed write transactions.</param>
/// <param name="Writes">Writes those transactions carried (each queued write counts once, whatever its row count).</param>
public readonly record struct GroupCommitStatistics(long Transactions, long Writes)
{
    /// <summary>Gets the mean number of writes per transaction (0 before the first commit).</summary>
    public double MeanBatchSize => Transactions == 0 ? 0 : (double)Writes / Transactions;
}
