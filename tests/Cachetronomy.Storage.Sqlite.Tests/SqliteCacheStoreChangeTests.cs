using Cachetronomy;
using Cachetronomy.Storage.Sqlite;

namespace Cachetronomy.Storage.Sqlite.Tests;

[TestClass]
public sealed class SqliteCacheStoreChangeTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Writes_RecordOneChangePerKeyWithTheirOrigin()
    {
        using var db = new TempDatabase();
        using SqliteCacheStore store = db.Open();
        long start = store.GetLastChangeId();

        store.Set(Entries.Live("a", "t"));
        store.SetMany([Entries.Live("b"), Entries.Live("c", "t")]);
        store.Delete("b");
        store.Delete("missing");
        store.DeleteByTags(["t"]);

        IReadOnlyList<CacheChange> changes = store.GetChangesSince(start);
        CollectionAssert.AreEqual(
            new[] { "Set a", "Set b", "Set c", "Delete b" },
            changes.Take(4).Select(c => $"{c.Kind} {c.Key}").ToArray());
        CollectionAssert.AreEquivalent(new[] { "Delete a", "Delete c" }, changes.Skip(4).Select(c => $"{c.Kind} {c.Key}").ToArray());
        Assert.IsTrue(store.GetChangesSince(start).All(c => c.Origin == store.InstanceId));
        Assert.AreEqual(start + 6, store.GetLastChangeId());
    }

    [TestMethod]
    public void WroteChanges_KnowsItsOwnRun_AndNotPastAnotherWritersChange()
    {
        using var db = new TempDatabase();
        using SqliteCacheStore a = db.Open();
        using SqliteCacheStore b = db.Open();
        long start = a.GetLastChangeId();
        Assert.IsTrue(a.WroteChanges(start, start), "Nothing new is nothing to read.");

        a.Set(Entries.Live("x"));
        a.SetMany([Entries.Live("y"), Entries.Live("z")]);
        a.Delete("z");
        long ownEnd = a.GetLastChangeId();
        Assert.AreEqual(start + 4, ownEnd);
        Assert.IsTrue(a.WroteChanges(start, ownEnd));
        Assert.IsTrue(a.WroteChanges(start + 2, ownEnd));
        Assert.IsFalse(a.WroteChanges(start - 1, ownEnd), "A change before the run is not known to be its own.");
        Assert.IsFalse(b.WroteChanges(start, ownEnd), "The other instance wrote none of them.");

        b.Set(Entries.Live("x"));
        a.Set(Entries.Live("w"));
        long last = a.GetLastChangeId();
        Assert.IsFalse(a.WroteChanges(start, last), "The other writer's change sits in between.");
        Assert.IsFalse(a.WroteChanges(ownEnd, last));
        Assert.IsTrue(a.WroteChanges(ownEnd + 1, last), "A new run starts after the other writer's change.");
        Assert.IsTrue(b.WroteChanges(ownEnd, ownEnd + 1));
        Assert.IsFalse(a.WroteChanges(ownEnd + 1, last + 1), "A change not committed yet is not known.");
    }

    [TestMethod]
    public void WroteChanges_RowsOfOneStatement_AfterAnotherWritersChange_DoNotClaimIt()
    {
        using var db = new TempDatabase();
        using SqliteCacheStore a = db.Open();
        using SqliteCacheStore b = db.Open();
        a.SetMany([Entries.Live("x", "t"), Entries.Live("y", "t"), Entries.Live("q"), Entries.Live("r", "t")]);

        b.Set(Entries.Live("elsewhere"));
        long foreign = a.GetLastChangeId();
        Assert.AreEqual(2, a.DeleteMany(["x", "q"]));
        Assert.AreEqual(foreign + 2, a.GetLastChangeId(), "One statement recorded both deletions.");
        Assert.IsFalse(a.WroteChanges(foreign - 1, foreign + 2));
        Assert.IsTrue(a.WroteChanges(foreign, foreign + 2));

        b.Set(Entries.Live("again"));
        long second = a.GetLastChangeId();
        a.DeleteByTags(["t"]);
        Assert.AreEqual(second + 2, a.GetLastChangeId());
        Assert.IsFalse(a.WroteChanges(second - 1, second + 2));
        Assert.IsTrue(a.WroteChanges(second, second + 2));
    }

    [TestMethod]
    public void DeleteAll_RecordsOneKeylessChange()
    {
        using var db = new TempDatabase();
        using SqliteCacheStore store = db.Open();
        store.SetMany([Entries.Live("a"), Entries.Live("b")]);
        long before = store.GetLastChangeId();

        store.DeleteAll();

        CacheChange change = store.GetChangesSince(before).Single();
        Assert.AreEqual(CacheChangeKind.Delete, change.Kind);
        Assert.IsNull(change.Key);
    }

    [TestMethod]
    public void PublishEviction_RecordsAnEvictChangeAndKeepsTheRow()
    {
        using var db = new TempDatabase();
        using SqliteCacheStore store = db.Open();
        store.Set(Entries.Live("a"));
        long before = store.GetLastChangeId();

        store.PublishEviction("a");
        store.PublishEviction(null);

        CollectionAssert.AreEqual(new[] { "a", null }, store.GetChangesSince(before).Select(c => c.Key).ToArray());
        Assert.IsTrue(store.GetChangesSince(before).All(c => c.Kind == CacheChangeKind.Evict));
        Assert.IsNotNull(store.Get("a"));
    }

    [TestMethod]
    public void GetDataVersion_ChangesWhenAnyConnectionCommits()
    {
        using var db = new TempDatabase();
        using SqliteCacheStore a = db.Open();
        using SqliteCacheStore b = db.Open();
        long first = a.GetDataVersion();
        Assert.AreEqual(first, a.GetDataVersion());

        b.Set(Entries.Live("k"));
        long second = a.GetDataVersion();
        a.Set(Entries.Live("j"));

        Assert.AreNotEqual(first, second);
        Assert.AreNotEqual(second, a.GetDataVersion(), "The store's own writer is another connection too.");
    }

    [TestMethod]
    public void Writer_TrimsChangesOlderThanTheRetention()
    {
        using var db = new TempDatabase();
        using SqliteCacheStore store = db.Open(o => o.ChangeRetention = TimeSpan.FromSeconds(10));
        store.Set(Entries.Live("old"));
        db.Time.Advance(TimeSpan.FromSeconds(11));

        store.Set(Entries.Live("new"));

        CollectionAssert.AreEqual(new[] { "new" }, store.GetChangesSince(0).Select(c => c.Key).ToArray());
        Assert.AreEqual(2, store.GetLastChangeId(), "Ids keep counting after a trim, so watchers detect the gap.");
    }

    [TestMethod]
    public void TrimChanges_DeletesRowsBeforeTheInstant()
    {
        using var db = new TempDatabase();
        using SqliteCacheStore store = db.Open();
        store.Set(Entries.Live("a"));
        db.Time.Advance(TimeSpan.FromSeconds(1));
        store.Set(Entries.Live("b"));

        Assert.AreEqual(1, store.TrimChanges(db.Time.GetUtcNow()));
        Assert.AreEqual("b", store.GetChangesSince(0).Single().Key);
    }

    [TestMethod]
    public void TrimChanges_EveryRowOld_KeepsTheNewestSoIdsGoOn()
    {
        using var db = new TempDatabase();
        using SqliteCacheStore store = db.Open();
        store.Set(Entries.Live("a"));
        store.Set(Entries.Live("b"));
        long newest = store.GetLastChangeId();
        db.Time.Advance(TimeSpan.FromDays(1));

        Assert.AreEqual(1, store.TrimChanges(db.Time.GetUtcNow()));

        Assert.AreEqual("b", store.GetChangesSince(0).Single().Key, "The newest row stays, however old.");
        store.Set(Entries.Live("c"));
        Assert.AreEqual(newest + 1, store.GetChangesSince(newest).Single().Id, "A new change never reuses a seen id.");
    }

    [TestMethod]
    public async Task RecordChangesOff_WritesRecordNothing_ButPublishEvictionStillDoes()
    {
        using var db = new TempDatabase();
        using SqliteCacheStore store = db.Open(o => o.RecordChanges = false);
        long start = store.GetLastChangeId();

        store.Set(Entries.Live("a", "t"));
        await store.SetManyAsync([Entries.Live("b"), Entries.Live("c")], TestContext.CancellationToken);
        store.Delete("a");
        store.DeleteMany(["b"]);
        store.DeleteByTags(["t"]);
        store.DeleteAll();

        Assert.AreEqual(start, store.GetLastChangeId(), "No change rows.");
        store.PublishEviction("k");
        Assert.AreEqual(CacheChangeKind.Evict, store.GetChangesSince(start).Single().Kind);
    }

    [TestMethod]
    public void Open_NonPositiveChangeRetention_Throws()
    {
        using var db = new TempDatabase();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => db.Open(o => o.ChangeRetention = TimeSpan.Zero));
    }
}
