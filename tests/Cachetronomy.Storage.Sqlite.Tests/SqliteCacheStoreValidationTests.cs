namespace Cachetronomy.Storage.Sqlite.Tests;

[TestClass]
public sealed class SqliteCacheStoreValidationTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Key_NullEmptyWhiteSpaceOrTooLong_ThrowsBeforeAnyWrite()
    {
        using var db = new TempDatabase();
        var store = db.Open(o => o.MaxKeyLength = 8);

        Assert.ThrowsExactly<ArgumentNullException>(() => store.Get(null!));
        Assert.ThrowsExactly<ArgumentException>(() => store.Get(""));
        Assert.ThrowsExactly<ArgumentException>(() => store.Set(Entries.Live(" \t")));
        var tooLong = Assert.ThrowsExactly<ArgumentException>(() => store.Set(Entries.Live("123456789")));
        Assert.AreEqual("entry", tooLong.ParamName);
        Assert.ThrowsExactly<ArgumentException>(() => store.Delete("123456789"));
        Assert.ThrowsExactly<ArgumentException>(() => store.DeleteMany(["ok", ""]));
        Assert.ThrowsExactly<ArgumentException>(() => store.GetMany(["ok", "123456789"]));
        Assert.ThrowsExactly<ArgumentException>(() => store.Set(Entries.Live("bad\uD800")));
        Assert.ThrowsExactly<ArgumentNullException>(() => store.Set(null!));

        store.Set(Entries.Live("12345678"));
        CollectionAssert.AreEqual(new[] { "12345678" }, store.Keys().ToArray());
    }

    [TestMethod]
    public async Task KeyAsync_Invalid_FaultsTheTask()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        await Assert.ThrowsExactlyAsync<ArgumentException>(async () => await store.GetAsync("", TestContext.CancellationToken));
        await Assert.ThrowsExactlyAsync<ArgumentException>(async () => await store.SetAsync(Entries.Live(""), TestContext.CancellationToken));
        await Assert.ThrowsExactlyAsync<ArgumentException>(async () => await store.DeleteAsync(" ", TestContext.CancellationToken));
        Assert.AreEqual(0L, store.Count());
    }

    [TestMethod]
    public void Tags_EmptyOrTooLong_ThrowAndWriteNothing()
    {
        using var db = new TempDatabase();
        var store = db.Open(o => o.MaxTagLength = 4);

        Assert.ThrowsExactly<ArgumentException>(() => store.Set(Entries.Live("k", "")));
        Assert.ThrowsExactly<ArgumentException>(() => store.Set(Entries.Live("k", "12345")));
        Assert.ThrowsExactly<ArgumentException>(() => store.Set(Entries.Live("k") with { Tags = null! }));
        Assert.ThrowsExactly<ArgumentException>(() => store.DeleteByTags(["12345"]));
        Assert.ThrowsExactly<ArgumentNullException>(() => store.DeleteByTags(null!));
        Assert.AreEqual(0L, store.Count());
    }

    [TestMethod]
    public void Value_OverMaxSize_ThrowsAndWritesNothing()
    {
        using var db = new TempDatabase();
        var store = db.Open(o => o.MaxValueSize = 16);

        Assert.ThrowsExactly<ArgumentException>(() => store.Set(Entries.Live("k") with { Data = new byte[17] }));
        store.Set(Entries.Live("ok") with { Data = new byte[16] });

        CollectionAssert.AreEqual(new[] { "ok" }, store.Keys().ToArray());
    }

    [TestMethod]
    public void EntryFields_Invalid_Throw()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        Assert.ThrowsExactly<ArgumentException>(() => store.Set(Entries.Live("k") with { Format = "" }));
        Assert.ThrowsExactly<ArgumentException>(() => store.Set(Entries.Live("k") with { SavedByProfile = "" }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.Set(Entries.Live("k") with { Version = -1 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.Set(Entries.Live("k") with { SlidingExpiration = TimeSpan.Zero }));
        Assert.AreEqual(0L, store.Count());
    }

    [TestMethod]
    public void Numbers_OutOfRange_Throw()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.DeleteExpired(0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.GetTopAccessed(-1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.GetAccessLogs(-1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.GetEvictionLogs(-1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.GetEntries(-1));
    }

    [TestMethod]
    public void LogsAndProfiles_InvalidNames_Throw()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        Assert.ThrowsExactly<ArgumentException>(() => store.AddAccessCounts([new AccessCountDelta("k", 1, TempDatabase.Start, "")]));
        Assert.ThrowsExactly<ArgumentException>(() => store.AppendEvictionLogs([new EvictionLogEntry(0, "", TempDatabase.Start, "r", 0, "p")]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.AppendEvictionLogs([new EvictionLogEntry(0, "k", TempDatabase.Start, "r", -1, "p")]));
        Assert.ThrowsExactly<ArgumentException>(() => store.GetProfile(""));
        Assert.ThrowsExactly<ArgumentException>(() => store.DeleteByProfile(" "));
        Assert.AreEqual(0L, store.CountEvictionLogs());
    }
}
