namespace Cachetronomy.Storage.Sqlite.Tests;

[TestClass]
public sealed class SqliteCacheStoreRetentionTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly DateTimeOffset s_t0 = TempDatabase.Start;

    private static EvictionLogEntry Eviction(string key, DateTimeOffset at) => new(0, key, at, EvictionReasons.UserEviction, 0, "default");

    [TestMethod]
    public void TrimEvictionLogs_ByAge_DeletesOlderRowsOnly()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.AppendEvictionLogs([Eviction("a", s_t0), Eviction("b", s_t0.AddMinutes(1)), Eviction("c", s_t0.AddMinutes(2))]);

        int deleted = store.TrimEvictionLogs(olderThan: s_t0.AddMinutes(1), maxRows: null);

        Assert.AreEqual(1, deleted);
        CollectionAssert.AreEqual(new[] { "c", "b" }, store.GetEvictionLogs(null).Select(r => r.Key).ToArray());
    }

    [TestMethod]
    public async Task TrimEvictionLogsAsync_ByCountInSmallBatches_KeepsTheNewest()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.AppendEvictionLogs(Enumerable.Range(0, 25).Select(i => Eviction("k" + i, s_t0.AddSeconds(i))));

        int deleted = await store.TrimEvictionLogsAsync(olderThan: null, maxRows: 10, batchSize: 4, TestContext.CancellationToken);

        Assert.AreEqual(15, deleted);
        Assert.AreEqual(10L, store.CountEvictionLogs());
        Assert.AreEqual("k15", store.GetEvictionLogs(null)[^1].Key, "The oldest rows went first.");
        Assert.AreEqual(0, store.TrimEvictionLogs(null, 10), "A second trim finds nothing to do.");
    }

    [TestMethod]
    public void TrimAccessLogs_ByAge_KeepsRowsOfPresentKeys()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("live"));
        store.AddAccessCounts([new("live", 3, s_t0, "p"), new("gone-old", 1, s_t0, "p"), new("gone-new", 1, s_t0.AddDays(2), "p")]);

        int deleted = store.TrimAccessLogs(olderThan: s_t0.AddDays(1), maxRows: null);

        Assert.AreEqual(1, deleted);
        CollectionAssert.AreEqual(new[] { "gone-new", "live" }, store.GetAccessLogs().Select(r => r.Key).ToArray());
    }

    [TestMethod]
    public async Task TrimAccessLogsAsync_ByCount_DeletesLeastRecentOrphansOnly()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("live"));
        store.AddAccessCounts([new("live", 1, s_t0, "p")]);
        store.AddAccessCounts(Enumerable.Range(0, 9).Select(i => new AccessCountDelta("o" + i, 1, s_t0.AddSeconds(i + 1), "p")));

        int deleted = await store.TrimAccessLogsAsync(olderThan: null, maxRows: 4, batchSize: 2, TestContext.CancellationToken);

        Assert.AreEqual(6, deleted);
        CollectionAssert.AreEqual(new[] { "live", "o6", "o7", "o8" }, store.GetAccessLogs().Select(r => r.Key).ToArray());
        Assert.AreEqual(3, store.TrimAccessLogs(null, 0), "A zero cap deletes every orphan row.");
        CollectionAssert.AreEqual(new[] { "live" }, store.GetAccessLogs().Select(r => r.Key).ToArray(), "A present key's row is never trimmed.");
    }

    [TestMethod]
    public void Trim_BadArguments_Throw()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.TrimEvictionLogs(null, -1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.TrimAccessLogs(null, null, batchSize: 0));
    }
}
