namespace Cachetronomy.Storage.Sqlite.Tests;

[TestClass]
public sealed class SqliteCacheStoreWalTests
{
    private const long FrameBytes = 4096 + 24;

    [TestMethod]
    public void ManyCommits_WalGrowsPastSqlitesDefaultThenIsCheckpointedInPlace()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        byte[] value = new byte[3000];
        string walPath = db.Path + "-wal";

        // One leaf page per entry (3 KB in a 4 KB page) plus the index and change pages, one commit each: 2,000 commits
        // write several thousand WAL frames.
        for (int i = 0; i < 2_000; i++)
        {
            store.Set(Entries.Live($"k{i}") with { Data = value });
        }

        long afterTwoThousand = new FileInfo(walPath).Length;
        Assert.IsGreaterThan(2_000 * FrameBytes, afterTwoThousand, "SQLite's default checkpoints at 1,000 pages; ours waits for about 4,000.");

        // 6,000 more commits would take the WAL past 24 MB unchecked; the checkpoint restarts it from its start.
        for (int i = 0; i < 6_000; i++)
        {
            store.Set(Entries.Live($"k{i % 3_000}") with { Data = value });
        }

        long afterEightThousand = new FileInfo(walPath).Length;
        Assert.IsLessThanOrEqualTo(4_100 * FrameBytes, afterEightThousand, "The WAL is checkpointed at about 4,000 pages.");
        Assert.AreEqual(3_000L, store.Count());
    }
}
