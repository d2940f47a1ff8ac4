using Microsoft.Data.Sqlite;

namespace Cachetronomy.Storage.Sqlite.Tests;

[TestClass]
public sealed class SqliteCacheStoreEntryTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Get_ManyDistinctFormatsAndProfiles_ReadsEachBack()
    {
        // More distinct names than a read connection's string cache keeps, and one past its length limit.
        using var db = new TempDatabase();
        var store = db.Open();
        string longName = new('f', 100);
        for (int i = 0; i < 40; i++)
        {
            store.Set(Entries.Live($"k{i}") with { Format = i == 39 ? longName : $"fmt{i % 20}", SavedByProfile = $"p😀{i}" });
        }

        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 40; i++)
            {
                StoredCacheEntry? read = store.Get($"k{i}");
                Assert.IsNotNull(read);
                Assert.AreEqual(i == 39 ? longName : $"fmt{i % 20}", read.Format);
                Assert.AreEqual($"p😀{i}", read.SavedByProfile);
                Assert.IsEmpty(read.Tags);
            }
        }
    }

    [TestMethod]
    public void Set_ThenGet_RoundTripsEveryField()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        var entry = new StoredCacheEntry
        {
            Key = "k\0ey😀",
            Data = new byte[] { 0, 255, 7 },
            Format = "msgpack",
            ExpiresAt = TempDatabase.Start.AddMinutes(5),
            Tags = ["b", "a😀", "b"],
            Version = 7,
            SavedByProfile = "fast",
            SlidingExpiration = TimeSpan.FromSeconds(30),
            AbsoluteExpiration = TempDatabase.Start.AddHours(2),
        };

        store.Set(entry);
        StoredCacheEntry? read = store.Get("k\0ey😀");

        Assert.IsNotNull(read);
        Assert.AreEqual("k\0ey😀", read.Key);
        CollectionAssert.AreEqual(new byte[] { 0, 255, 7 }, read.Data.ToArray());
        Assert.AreEqual("msgpack", read.Format);
        Assert.AreEqual(TempDatabase.Start.AddMinutes(5), read.ExpiresAt);
        CollectionAssert.AreEqual(new[] { "b", "a😀" }, read.Tags.ToArray());
        Assert.AreEqual(7, read.Version);
        Assert.AreEqual("fast", read.SavedByProfile);
        Assert.AreEqual(TimeSpan.FromSeconds(30), read.SlidingExpiration);
        Assert.AreEqual(TempDatabase.Start.AddHours(2), read.AbsoluteExpiration);
    }

    [TestMethod]
    public void Set_ColumnsLandWithTheirTypes_AndUnicodeKeysMatchReads()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        const string Key = "k\u0000é😀";
        store.Set(Entries.Live(Key, "t1") with { Version = 3, SlidingExpiration = TimeSpan.FromSeconds(2), AbsoluteExpiration = TempDatabase.Start.AddHours(3) });
        store.Set(Entries.Live("plain"));

        // Bound by index on the writer: a wrong index or type would show here.
        Assert.AreEqual(1L, db.Scalar(
            "SELECT count(*) FROM cache WHERE typeof(data) = 'blob' AND typeof(fmt) = 'text' AND typeof(tags) = 'text' " +
            "AND version = 3 AND sliding_ms = 2000 AND absolute_expire_at = " + TempDatabase.Start.AddHours(3).ToUnixTimeMilliseconds() +
            " AND created_at = updated_at AND tags = '[\"t1\"]'"));
        Assert.AreEqual(1L, db.Scalar("SELECT count(*) FROM cache WHERE key = 'plain' AND sliding_ms IS NULL AND absolute_expire_at IS NULL AND version = 1"));
        Assert.AreEqual(Key, store.Get(Key)?.Key, "a key written by the raw upsert is found by the raw point read");
        Assert.AreEqual(1L, db.Scalar("SELECT count(*) FROM cache_tags WHERE tag = 't1'"));
        Assert.AreEqual(2L, db.Scalar($"SELECT count(*) FROM cache_changes WHERE kind = {(int)CacheChangeKind.Set} AND origin = '{store.InstanceId}'"));
    }

    [TestMethod]
    public void Get_RowWrittenByAnotherClientWithUtf8Key_IsFoundAndOthersMiss()
    {
        // The point read binds the key on a raw statement; a row another client (the CLI, a script) wrote through
        // Microsoft.Data.Sqlite must compare equal, and near misses (case, normalization, a prefix) must not.
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("warm-up"));
        Assert.IsNotNull(store.Get("warm-up"));
        const string Key = "Crème brûlée 😀";
        InsertAsAnotherClient(db, Key, [1, 2], version: 1);

        StoredCacheEntry? read = store.Get(Key);
        Assert.IsNotNull(read);
        CollectionAssert.AreEqual(new byte[] { 1, 2 }, read.Data.ToArray());
        Assert.IsNull(store.Get("crème brûlée 😀"));
        Assert.IsNull(store.Get("Cre\u0300me brûlée 😀"));
        Assert.IsNull(store.Get("Crème brûlée "));
    }

    [TestMethod]
    [DataRow("\uFEFF")]
    [DataRow("\uFFFE")]
    public void Keys_StartingWithAByteOrderMarkCharacter_AreKeysOfTheirOwn(string mark)
    {
        // SQLite reads a leading U+FEFF / U+FFFE of UTF-16 text as a byte-order mark; keys are bound as UTF-8, so the
        // character stays part of the key on writes and reads alike.
        using var db = new TempDatabase();
        var store = db.Open();
        string marked = mark + "k";
        store.Set(Entries.Live("k") with { Version = 1 });
        Assert.IsNull(store.Get(marked), "The marked key is not the unmarked key's row.");

        store.Set(Entries.Live(marked) with { Version = 2 });

        Assert.AreEqual(1L, store.Get("k")?.Version, "Writing the marked key left the unmarked one alone.");
        Assert.AreEqual(2L, store.Get(marked)?.Version);
        Assert.AreEqual(2L, store.GetMetadata(marked)?.Version);
        CollectionAssert.AreEquivalent(new[] { "k", marked }, store.Keys().ToArray());
        Assert.AreEqual(1L, db.Scalar($"SELECT count(*) FROM cache WHERE key = char({(int)mark[0]}) || 'k'"));

        InsertAsAnotherClient(db, mark + "raw", [1], version: 3);

        Assert.AreEqual(3L, store.Get(mark + "raw")?.Version, "A row another client wrote under the marked key is found.");
        Assert.IsNull(store.Get("raw"));
    }

    [TestMethod]
    [DataRow("not json")]
    [DataRow("[1, 2]")]
    [DataRow("{\"a\": \"b\"}")]
    public void Reads_RowWithATagListSomethingElseWrote_ThrowStoreExceptionAndOtherRowsStillRead(string tags)
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("fine", "t"));
        InsertAsAnotherClient(db, "odd", [1], version: 1);
        Assert.AreEqual(1L, db.Scalar($"UPDATE cache SET tags = '{tags.Replace("'", "''", StringComparison.Ordinal)}' WHERE key = 'odd' RETURNING 1"));

        var exception = Assert.ThrowsExactly<CachetronomyStoreException>(() => store.Get("odd"));
        Assert.AreEqual(db.Path, exception.DatabasePath);
        Assert.IsInstanceOfType<System.Text.Json.JsonException>(exception.InnerException);
        Assert.ThrowsExactly<CachetronomyStoreException>(() => store.GetMany(["fine", "odd"]));
        Assert.ThrowsExactly<CachetronomyStoreException>(() => store.GetMetadata("odd"));
        Assert.AreEqual("fine", store.Get("fine")?.Key, "The same pooled readers go on reading other rows.");
        Assert.AreEqual(1, store.GetMany(["fine"]).Count);
        Assert.IsTrue(store.Delete("odd"), "A bad row can still be deleted.");
    }

    [TestMethod]
    public void Get_WhenTheReadFails_ThrowsStoreExceptionAndTheNextReadWorks()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("k"));
        Assert.IsNotNull(store.Get("k"), "the pooled reader has prepared its point read");
        using SqliteConnection raw = db.OpenRaw();
        using SqliteCommand rename = raw.CreateCommand();
        rename.CommandText = "ALTER TABLE cache RENAME TO cache_moved;";
        rename.ExecuteNonQuery();

        var exception = Assert.ThrowsExactly<CachetronomyStoreException>(() => store.Get("k"));
        Assert.AreEqual(db.Path, exception.DatabasePath);
        StringAssert.Contains(exception.Message, "no such table");

        rename.CommandText = "ALTER TABLE cache_moved RENAME TO cache;";
        rename.ExecuteNonQuery();
        Assert.AreEqual("k", store.Get("k")?.Key, "the same pooled reader reads again once the table is back");
    }

    [TestMethod]
    public async Task SetAsync_EmptyData_RoundTrips()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        await store.SetAsync(Entries.Live("k") with { Data = Array.Empty<byte>() }, TestContext.CancellationToken);
        StoredCacheEntry? read = await store.GetAsync("k", TestContext.CancellationToken);

        Assert.IsNotNull(read);
        Assert.AreEqual(0, read.Data.Length);
    }

    [TestMethod]
    public void Set_SameKeyTwice_ReplacesRowAndTags()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("k", "old"));

        store.Set(Entries.Live("k", "new") with { Data = new byte[] { 9 } });

        Assert.AreEqual(1L, store.Count());
        CollectionAssert.AreEqual(new byte[] { 9 }, store.Get("k")!.Data.ToArray());
        Assert.AreEqual(1L, db.Scalar("SELECT count(*) FROM cache_tags"));
        Assert.AreEqual(0, store.DeleteByTags(["old"]).Count);
    }

    [TestMethod]
    public void Set_OverwriteWithSameProfileAndTags_ReplacesEveryOtherColumnAndKeepsTagRows()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("k", "a", "b"));
        var replacement = Entries.Make("k", TempDatabase.Start.AddHours(2), "a", "b") with
        {
            Data = new byte[] { 7, 7 },
            Format = "msgpack",
            Version = 5,
            SlidingExpiration = TimeSpan.FromMinutes(3),
            AbsoluteExpiration = TempDatabase.Start.AddHours(3),
        };

        store.Set(replacement);

        Assert.AreEqual(0L, store.FullUpserts, "Same profile and tags: the short upsert, no tag rewrite.");
        StoredCacheEntry read = store.Get("k")!;
        CollectionAssert.AreEqual(new byte[] { 7, 7 }, read.Data.ToArray());
        Assert.AreEqual("msgpack", read.Format);
        Assert.AreEqual(5L, read.Version);
        Assert.AreEqual(TempDatabase.Start.AddHours(2), read.ExpiresAt);
        Assert.AreEqual(TimeSpan.FromMinutes(3), read.SlidingExpiration);
        Assert.AreEqual(TempDatabase.Start.AddHours(3), read.AbsoluteExpiration);
        CollectionAssert.AreEqual(new[] { "a", "b" }, read.Tags.ToArray());
        Assert.AreEqual(2L, db.Scalar("SELECT count(*) FROM cache_tags WHERE key = 'k'"));
        CollectionAssert.AreEqual(new[] { "k" }, store.DeleteByTags(["b"]).ToArray());
    }

    [TestMethod]
    public void Set_OverwriteUnderAnotherProfile_MovesTheEntryToThatProfile()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("k", "t") with { SavedByProfile = "p1" });

        store.Set(Entries.Live("k", "t") with { SavedByProfile = "p2", Data = new byte[] { 4 } });

        Assert.AreEqual(1L, store.FullUpserts, "Another profile: the full upsert.");
        Assert.AreEqual("p2", store.Get("k")!.SavedByProfile);
        CollectionAssert.AreEqual(new byte[] { 4 }, store.Get("k")!.Data.ToArray());
        Assert.AreEqual(0, store.DeleteByProfile("p1").Count, "The profile index must follow the overwrite.");
        Assert.AreEqual(1L, db.Scalar("SELECT count(*) FROM cache_tags WHERE key = 'k' AND tag = 't'"));
        CollectionAssert.AreEqual(new[] { "k" }, store.DeleteByProfile("p2").ToArray());
    }

    [TestMethod]
    public void SetMany_OverwritesChangingTags_RewriteOnlyThoseKeysTagRows()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([Entries.Live("same", "x"), Entries.Live("other", "x", "y"), Entries.Live("cleared", "x"), Entries.Live("added")]);

        store.SetMany([Entries.Live("same", "x"), Entries.Live("other", "y", "z"), Entries.Live("cleared"), Entries.Live("added", "x")]);

        Assert.AreEqual(3L, store.FullUpserts, "Every key but 'same' changed its tags.");
        Assert.AreEqual(0L, db.Scalar("SELECT count(*) FROM cache_tags WHERE key = 'cleared'"));
        Assert.AreEqual(2L, db.Scalar("SELECT count(*) FROM cache_tags WHERE key = 'other'"));
        CollectionAssert.AreEquivalent(new[] { "same", "added" }, store.DeleteByTags(["x"]).ToArray());
        CollectionAssert.AreEqual(new[] { "other" }, store.DeleteByTags(["z"]).ToArray());
        CollectionAssert.AreEqual(new[] { "cleared" }, store.DeleteByTags([], exactMatch: true).ToArray());
    }

    [TestMethod]
    public void Get_ExpiredRow_ReturnsNull()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Make("k", TempDatabase.Start.AddSeconds(10)));
        Assert.IsNotNull(store.Get("k"));

        db.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.IsNull(store.Get("k"));
        Assert.AreEqual(1L, store.Count(), "An expired row stays until it is swept.");
    }

    [TestMethod]
    public void Get_MissingKey_ReturnsNull()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        Assert.IsNull(store.Get("nope"));
    }

    [TestMethod]
    public async Task GetManyAsync_DuplicatesMissingAndExpired_ReturnsLiveOnce()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("a"));
        store.Set(Entries.Live("b"));
        store.Set(Entries.Make("old", TempDatabase.Start.AddSeconds(1)));
        db.Time.Advance(TimeSpan.FromSeconds(1));

        var found = await store.GetManyAsync(["a", "a", "b", "missing", "old"], TestContext.CancellationToken);

        CollectionAssert.AreEquivalent(new[] { "a", "b" }, found.Select(e => e.Key).ToArray());
    }

    [TestMethod]
    public void GetMany_NoKeys_ReturnsEmpty()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("a"));

        Assert.IsEmpty(store.GetMany([]));
    }

    [TestMethod]
    public void SetMany_RepeatedKey_KeepsLast()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        store.SetMany([
            Entries.Live("a") with { Data = new byte[] { 1 } },
            Entries.Live("b"),
            Entries.Live("a") with { Data = new byte[] { 2 } },
        ]);

        Assert.AreEqual(2L, store.Count());
        CollectionAssert.AreEqual(new byte[] { 2 }, store.Get("a")!.Data.ToArray());
    }

    [TestMethod]
    public void SetMany_OneInvalidEntry_WritesNothing()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        Assert.ThrowsExactly<ArgumentException>(() => store.SetMany([Entries.Live("a"), Entries.Live("")]));

        Assert.AreEqual(0L, store.Count());
    }

    [TestMethod]
    public void Delete_ExistingAndMissing_ReportsWhetherDeleted()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("a", "t"));

        Assert.IsTrue(store.Delete("a"));
        Assert.IsFalse(store.Delete("a"));
        Assert.IsNull(store.Get("a"));
        Assert.AreEqual(0L, db.Scalar("SELECT count(*) FROM cache_tags"));
    }

    [TestMethod]
    public async Task DeleteManyAsync_CountsDistinctDeletedRows()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([Entries.Live("a", "t"), Entries.Live("b"), Entries.Live("c")]);

        int deleted = await store.DeleteManyAsync(["a", "a", "b", "zzz"], TestContext.CancellationToken);

        Assert.AreEqual(2, deleted);
        CollectionAssert.AreEqual(new[] { "c" }, store.Keys().ToArray());
        Assert.AreEqual(0L, db.Scalar("SELECT count(*) FROM cache_tags"));
    }

    [TestMethod]
    public void DeleteAll_RemovesEntriesButKeepsLogsAndProfiles()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([Entries.Live("a", "t"), Entries.Live("b")]);
        store.AddAccessCounts([new AccessCountDelta("a", 1, TempDatabase.Start, "default")]);

        Assert.AreEqual(2, store.DeleteAll());

        Assert.AreEqual(0L, store.Count());
        Assert.AreEqual(0L, db.Scalar("SELECT count(*) FROM cache_tags"));
        Assert.IsNotNull(store.GetAccessLog("a"));
        Assert.IsNotNull(store.GetProfile("default"));
    }

    [TestMethod]
    public void Keys_IncludesExpiredRows_InKeyOrder()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("b"));
        store.Set(Entries.Make("a", TempDatabase.Start.AddSeconds(1)));
        store.Set(Entries.Live("c"));
        db.Time.Advance(TimeSpan.FromMinutes(1));

        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, store.Keys().ToArray());
        Assert.AreEqual(3L, store.Count());
    }

    [TestMethod]
    public void GetMetadata_ExpiredRow_StillReturned()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Make("k", TempDatabase.Start.AddSeconds(1), "x", "y") with { Version = 3, Data = new byte[10] });
        db.Time.Advance(TimeSpan.FromMinutes(1));

        CacheEntryMetadata? metadata = store.GetMetadata("k");

        Assert.IsNotNull(metadata);
        Assert.AreEqual("json", metadata.Format);
        Assert.AreEqual(TempDatabase.Start.AddSeconds(1), metadata.ExpiresAt);
        CollectionAssert.AreEqual(new[] { "x", "y" }, metadata.Tags.ToArray());
        Assert.AreEqual(3L, metadata.Version);
        Assert.AreEqual(10L, metadata.SizeBytes);
        Assert.AreEqual(TempDatabase.Start, metadata.UpdatedAt);
        Assert.IsNull(store.GetMetadata("missing"));
    }

    [TestMethod]
    public async Task GetAllMetadataAsync_ListsEveryRowInKeyOrder()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("b"));
        store.Set(Entries.Make("a", TempDatabase.Start));

        var all = await store.GetAllMetadataAsync(TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { "a", "b" }, all.Select(m => m.Key).ToArray());
    }

    [TestMethod]
    public void FindMetadata_NoFilter_ReadsTheFirstRowsInKeyOrderExpiredIncluded()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([Entries.Live("d"), Entries.Live("b"), Entries.Make("a", TempDatabase.Start), Entries.Live("c")]);

        CollectionAssert.AreEqual(new[] { "a", "b" }, store.FindMetadata(null, 2).Select(m => m.Key).ToArray());
        CollectionAssert.AreEqual(new[] { "a", "b", "c", "d" }, store.FindMetadata("", 10).Select(m => m.Key).ToArray());
        Assert.IsEmpty(store.FindMetadata(null, 0));
        Assert.AreEqual(3L, store.FindMetadata(null, 1).Single().SizeBytes);
    }

    [TestMethod]
    public async Task FindMetadataAsync_Filter_MatchesIgnoringCaseInKeyOrderUpToTheLimit()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        string longKey = "user:" + new string('x', 900) + "ÉCLAIR";
        store.SetMany([
            Entries.Live("user:éclair", "t"),
            Entries.Live("order:1"),
            Entries.Live(longKey),
            Entries.Live("USER:2"),
            Entries.Live("user:🚀"),
            Entries.Live("user:3"),
        ]);

        var firstTwo = await store.FindMetadataAsync("user:", 2, TestContext.CancellationToken);
        var accented = await store.FindMetadataAsync("Éclair", 10, TestContext.CancellationToken);
        var emoji = await store.FindMetadataAsync("🚀", 10, TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { "USER:2", "user:3" }, firstTwo.Select(m => m.Key).ToArray(), "Key order, first two matches.");
        CollectionAssert.AreEqual(new[] { longKey, "user:éclair" }, accented.Select(m => m.Key).ToArray());
        CollectionAssert.AreEqual(new[] { "t" }, accented[1].Tags.ToArray());
        Assert.AreEqual("user:🚀", emoji.Single().Key);
        Assert.IsEmpty(await store.FindMetadataAsync("nothing", 10, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task CountExisting_CountsDistinctKeysWithARowExpiredIncluded()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([Entries.Live("a"), Entries.Make("expired", TempDatabase.Start), Entries.Live("b")]);

        Assert.AreEqual(3L, store.CountExisting(["a", "b", "expired", "missing", "a"]));
        Assert.AreEqual(1L, await store.CountExistingAsync(["b", "nope"], TestContext.CancellationToken));
        Assert.AreEqual(0L, store.CountExisting([]));
        Assert.ThrowsExactly<ArgumentException>(() => store.CountExisting([""]));
    }

    [TestMethod]
    public void FindMetadata_NegativeLimit_Throws()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.FindMetadata(null, -1));
    }

    [TestMethod]
    public void GetEntries_Limit_ReturnsLiveRowsInKeyOrder()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([Entries.Live("d"), Entries.Live("b"), Entries.Make("a", TempDatabase.Start), Entries.Live("c")]);

        CollectionAssert.AreEqual(new[] { "b", "c" }, store.GetEntries(2).Select(e => e.Key).ToArray());
        CollectionAssert.AreEqual(new[] { "b", "c", "d" }, store.GetEntries().Select(e => e.Key).ToArray());
        Assert.IsEmpty(store.GetEntries(0));
    }

    [TestMethod]
    public void Refresh_RowExpiringLaterThanItsWindow_KeepsTheLaterExpiry()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        DateTimeOffset later = TempDatabase.Start.AddMinutes(5);
        store.Set(Entries.Make("k", later) with { SlidingExpiration = TimeSpan.FromSeconds(10) });
        db.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.IsTrue(store.Refresh("k"));

        Assert.AreEqual(later, store.Get("k")!.ExpiresAt, "A slide never moves a row's expiry back.");
    }

    [TestMethod]
    public void Refresh_SlidingEntry_MovesExpiry()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Make("k", TempDatabase.Start.AddSeconds(10)) with { SlidingExpiration = TimeSpan.FromSeconds(10) });
        db.Time.Advance(TimeSpan.FromSeconds(8));

        Assert.IsTrue(store.Refresh("k"));

        Assert.AreEqual(TempDatabase.Start.AddSeconds(18), store.Get("k")!.ExpiresAt);
        db.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.IsNotNull(store.Get("k"));
    }

    [TestMethod]
    public void Refresh_SlidingEntryWithAbsoluteCap_NeverPassesCap()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Make("k", TempDatabase.Start.AddSeconds(10)) with
        {
            SlidingExpiration = TimeSpan.FromSeconds(10),
            AbsoluteExpiration = TempDatabase.Start.AddSeconds(15),
        });
        db.Time.Advance(TimeSpan.FromSeconds(8));

        Assert.IsTrue(store.Refresh("k"));

        Assert.AreEqual(TempDatabase.Start.AddSeconds(15), store.Get("k")!.ExpiresAt);
    }

    [TestMethod]
    public async Task RefreshAsync_NonSlidingMissingOrExpired_ReportsLiveness()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Make("fixed", TempDatabase.Start.AddSeconds(10)));
        store.Set(Entries.Make("gone", TempDatabase.Start.AddSeconds(1)) with { SlidingExpiration = TimeSpan.FromSeconds(1) });
        db.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.IsTrue(await store.RefreshAsync("fixed", TestContext.CancellationToken));
        Assert.AreEqual(TempDatabase.Start.AddSeconds(10), store.Get("fixed")!.ExpiresAt);
        Assert.IsFalse(await store.RefreshAsync("gone", TestContext.CancellationToken));
        Assert.IsFalse(await store.RefreshAsync("missing", TestContext.CancellationToken));
    }

    [TestMethod]
    public void DeleteExpired_SeveralBatches_ReturnsExactlyExpiredKeys()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        var expired = Enumerable.Range(0, 25).Select(i => $"old{i:D2}").ToArray();
        store.SetMany(expired.Select(k => Entries.Make(k, TempDatabase.Start.AddSeconds(1), "t")));
        store.SetMany(Enumerable.Range(0, 5).Select(i => Entries.Live($"live{i}", "t")));
        db.Time.Advance(TimeSpan.FromSeconds(1));

        IReadOnlyList<string> removed = store.DeleteExpired(batchSize: 10);

        CollectionAssert.AreEquivalent(expired, removed.ToArray());
        Assert.AreEqual(5L, store.Count());
        Assert.AreEqual(5L, db.Scalar("SELECT count(*) FROM cache_tags"));
    }

    [TestMethod]
    public async Task DeleteExpiredAsync_ExactMultipleOfBatch_RemovesAll()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany(Enumerable.Range(0, 20).Select(i => Entries.Make($"k{i}", TempDatabase.Start)));
        store.Set(Entries.Live("live"));

        var removed = await store.DeleteExpiredAsync(10, TestContext.CancellationToken);

        Assert.HasCount(20, removed);
        CollectionAssert.AreEqual(new[] { "live" }, store.Keys().ToArray());
    }

    [TestMethod]
    public void DeleteByProfile_RemovesOnlyThatProfilesEntries()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([
            Entries.Live("a", "t") with { SavedByProfile = "p1" },
            Entries.Live("b") with { SavedByProfile = "p2" },
            Entries.Live("c") with { SavedByProfile = "p1" },
        ]);

        var removed = store.DeleteByProfile("p1");

        CollectionAssert.AreEquivalent(new[] { "a", "c" }, removed.ToArray());
        CollectionAssert.AreEqual(new[] { "b" }, store.Keys().ToArray());
        Assert.AreEqual(0L, db.Scalar("SELECT count(*) FROM cache_tags"));
    }

    [TestMethod]
    public async Task GetAsync_CancelledToken_ReturnsCanceledTask()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsExactlyAsync<TaskCanceledException>(async () => await store.GetAsync("k", cts.Token));
    }

    /// <summary>Inserts a live row the way another client would: through Microsoft.Data.Sqlite, parameters by name.</summary>
    private static void InsertAsAnotherClient(TempDatabase db, string key, byte[] data, long version)
    {
        using SqliteConnection raw = db.OpenRaw();
        using SqliteCommand insert = raw.CreateCommand();
        insert.CommandText = "INSERT INTO cache (key, data, fmt, expire_at, tags, version, saved_by_profile, created_at, updated_at) " +
                             "VALUES ($key, $data, 'bytes', $exp, '[]', $version, 'default', 0, 0);";
        insert.Parameters.AddWithValue("$key", key);
        insert.Parameters.AddWithValue("$data", data);
        insert.Parameters.AddWithValue("$exp", TempDatabase.Start.AddHours(1).ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$version", version);
        insert.ExecuteNonQuery();
    }
}
