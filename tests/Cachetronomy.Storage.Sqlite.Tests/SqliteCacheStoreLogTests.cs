namespace Cachetronomy.Storage.Sqlite.Tests;

[TestClass]
public sealed class SqliteCacheStoreLogTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly DateTimeOffset s_t0 = TempDatabase.Start;

    [TestMethod]
    public void AddAccessCounts_SeveralDeltasAndBatches_AddUp()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        store.AddAccessCounts([new("a", 2, s_t0, "p1"), new("a", 3, s_t0.AddSeconds(5), "p2"), new("b", 1, s_t0, "p1")]);
        store.AddAccessCounts([new("a", 4, s_t0.AddSeconds(1), "p3")]);

        AccessLogEntry? a = store.GetAccessLog("a");
        Assert.IsNotNull(a);
        Assert.AreEqual(9L, a.AccessCount);
        Assert.AreEqual(s_t0.AddSeconds(5), a.LastAccessed, "An older delta does not move the last access back.");
        Assert.AreEqual("p2", a.LastAccessedByProfile);
        Assert.AreEqual(1L, store.GetAccessLog("b")!.AccessCount);
        Assert.IsNull(store.GetAccessLog("never"));
    }

    [TestMethod]
    public async Task GetTopAccessedAsync_OrdersByCountThenKey()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        await store.AddAccessCountsAsync([new("c", 5, s_t0, "p"), new("a", 5, s_t0, "p"), new("b", 9, s_t0, "p"), new("d", 1, s_t0, "p")], TestContext.CancellationToken);

        var top = await store.GetTopAccessedAsync(3, TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { "b", "a", "c" }, top.Select(r => r.Key).ToArray());
        Assert.HasCount(4, store.GetTopAccessed(null));
        Assert.IsEmpty(store.GetTopAccessed(0));
    }

    [TestMethod]
    public void AccessLogs_ListDeleteAndClear()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.AddAccessCounts([new("b", 1, s_t0, "p"), new("a", 1, s_t0, "p"), new("c", 1, s_t0, "p")]);

        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, store.GetAccessLogs().Select(r => r.Key).ToArray());
        CollectionAssert.AreEqual(new[] { "a", "b" }, store.GetAccessLogs(2).Select(r => r.Key).ToArray());
        Assert.IsTrue(store.DeleteAccessLog("b"));
        Assert.IsFalse(store.DeleteAccessLog("b"));
        Assert.AreEqual(2, store.ClearAccessLogs());
        Assert.IsEmpty(store.GetAccessLogs());
    }

    [TestMethod]
    public void AddAccessCounts_ZeroDelta_ThrowsAndWritesNothing()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.AddAccessCounts([new("a", 1, s_t0, "p"), new("b", 0, s_t0, "p")]));

        Assert.IsEmpty(store.GetAccessLogs());
    }

    [TestMethod]
    public void EvictionLogs_AppendReadNewestFirstLimitCountClear()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.AppendEvictionLogs([
            new(0, "a", s_t0, EvictionReasons.TimeEviction, 3, "p"),
            new(0, "b", s_t0.AddSeconds(1), EvictionReasons.UserEviction, 0, "p"),
        ]);
        store.AppendEvictionLogs([new(42, "c", s_t0.AddSeconds(2), EvictionReasons.TagInvalidation, 1, "q")]);

        var all = store.GetEvictionLogs(null);
        CollectionAssert.AreEqual(new[] { "c", "b", "a" }, all.Select(r => r.Key).ToArray());
        Assert.IsTrue(all[0].Id > all[1].Id && all[1].Id > all[2].Id);
        Assert.AreNotEqual(42L, all[0].Id, "The given id is ignored.");
        Assert.AreEqual(new EvictionLogEntry(all[2].Id, "a", s_t0, EvictionReasons.TimeEviction, 3, "p"), all[2]);
        CollectionAssert.AreEqual(new[] { "c", "b" }, store.GetEvictionLogs(2).Select(r => r.Key).ToArray());
        Assert.AreEqual(3L, store.CountEvictionLogs());
        Assert.AreEqual(3, store.ClearEvictionLogs());
        Assert.AreEqual(0L, store.CountEvictionLogs());
    }

    [TestMethod]
    public async Task EvictionLogsAsync_RoundTrip()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        await store.AppendEvictionLogsAsync([new(0, "k", s_t0, EvictionReasons.Shutdown, 0, "p")], TestContext.CancellationToken);

        Assert.AreEqual(1L, await store.CountEvictionLogsAsync(TestContext.CancellationToken));
        var rows = await store.GetEvictionLogsAsync(cancellationToken: TestContext.CancellationToken);
        Assert.AreEqual(EvictionReasons.Shutdown, rows[0].Reason);
        Assert.AreEqual(1, await store.ClearEvictionLogsAsync(TestContext.CancellationToken));
    }
}
