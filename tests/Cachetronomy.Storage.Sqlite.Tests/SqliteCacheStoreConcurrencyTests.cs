using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Cachetronomy.Storage.Sqlite.Tests;

[TestClass]
public sealed class SqliteCacheStoreConcurrencyTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Set_ManyConcurrentWriters_AllDurable()
    {
        const int Writers = 16;
        const int WritesEach = 200;
        using var db = new TempDatabase();
        var store = db.Open();
        CancellationToken token = TestContext.CancellationToken;

        var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < WritesEach; i++)
            {
                var entry = Entries.Live($"w{w}-{i}", $"writer{w}");
                if (w % 2 == 0)
                {
                    await store.SetAsync(entry, token);
                }
                else
                {
                    store.Set(entry);
                }
            }
        }, token));
        await Task.WhenAll(tasks);
        store.Dispose();

        var reopened = db.Open();
        Assert.AreEqual((long)Writers * WritesEach, reopened.Count());
        Assert.AreEqual((long)Writers * WritesEach, db.Scalar("SELECT count(*) FROM cache_tags"));
        Assert.HasCount(WritesEach, reopened.DeleteByTags(["writer3"]));
    }

    [TestMethod]
    public async Task Dispose_WithWritesInFlight_EveryAcknowledgedWriteIsDurable()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        CancellationToken token = TestContext.CancellationToken;
        var writes = Enumerable.Range(0, 400)
            .Select(i => Task.Run(() => store.SetAsync(Entries.Live($"k{i}"), token).AsTask(), token))
            .ToArray();

        store.Dispose();
        int acknowledged = 0;
        foreach (Task write in writes)
        {
            try
            {
                await write;
                acknowledged++;
            }
            catch (ObjectDisposedException)
            {
                // Queued after the store closed: refused, never half-written.
            }
        }

        var reopened = db.Open();
        Assert.AreEqual((long)acknowledged, reopened.Count());
    }

    [TestMethod]
    public async Task TwoStoresOnOneFile_SeeEachOthersWrites()
    {
        using var db = new TempDatabase();
        var first = db.Open();
        var second = db.Open();

        first.Set(Entries.Live("from-first"));
        Assert.IsNotNull(second.Get("from-first"));
        second.Set(Entries.Live("from-second", "t"));
        Assert.IsNotNull(first.Get("from-second"));
        CollectionAssert.AreEqual(new[] { "from-second" }, first.DeleteByTags(["t"]).ToArray());
        Assert.IsNull(second.Get("from-second"));

        CancellationToken token = TestContext.CancellationToken;
        var tasks = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = w % 2 == 0 ? first : second;
            for (int i = 0; i < 50; i++)
            {
                await store.SetAsync(Entries.Live($"w{w}-{i}"), token);
            }
        }, token));
        await Task.WhenAll(tasks);

        Assert.AreEqual(401L, first.Count());
        Assert.AreEqual(401L, second.Count());
    }

    [TestMethod]
    public void Write_LockHeldLongerThanBusyTimeout_ThrowsStoreExceptionThenRecovers()
    {
        using var db = new TempDatabase();
        var store = db.Open(o => o.BusyTimeout = TimeSpan.FromMilliseconds(200));
        store.Set(Entries.Live("before"));

        using (SqliteConnection blocker = db.OpenRaw())
        {
            using SqliteCommand begin = blocker.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE; INSERT INTO profiles (name, time_to_live_ms, ttl_cleanup_interval_ms, memory_based_eviction, free_memory_target, memory_cleanup_interval_ms, max_items_in_memory, tags) VALUES ('x', 1, 0, 0, 0, 0, 0, '[]');";
            begin.ExecuteNonQuery();

            var exception = Assert.ThrowsExactly<CachetronomyStoreException>(() => store.Set(Entries.Live("blocked")));
            Assert.AreEqual(db.Path, exception.DatabasePath);
            Assert.IsNotNull(store.Get("before"), "Readers are not blocked by a writer in WAL mode.");

            using SqliteCommand rollback = blocker.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        store.Set(Entries.Live("after"));
        CollectionAssert.AreEqual(new[] { "after", "before" }, store.Keys().ToArray());
    }

    [TestMethod]
    public void Write_LockHeld_FailsWithinBusyTimeoutNotMultiplesOfIt()
    {
        TimeSpan busyTimeout = TimeSpan.FromMilliseconds(300);
        using var db = new TempDatabase();
        var store = db.Open(o => o.BusyTimeout = busyTimeout);
        store.Set(Entries.Live("before"));

        using SqliteConnection blocker = db.OpenRaw();
        using SqliteCommand begin = blocker.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        begin.ExecuteNonQuery();

        var stopwatch = Stopwatch.StartNew();
        var exception = Assert.ThrowsExactly<CachetronomyStoreException>(() => store.Set(Entries.Live("blocked")));
        stopwatch.Stop();

        Assert.AreEqual(db.Path, exception.DatabasePath);
        Assert.IsGreaterThanOrEqualTo(busyTimeout.TotalMilliseconds, stopwatch.Elapsed.TotalMilliseconds, "The lock is waited for.");
        Assert.IsLessThan(3 * busyTimeout.TotalMilliseconds, stopwatch.Elapsed.TotalMilliseconds, "BusyTimeout bounds the wait, not the driver's or SQLite's own retries.");
        Assert.IsNotNull(store.Get("before"), "Readers are not blocked by a writer in WAL mode.");
    }

    [TestMethod]
    public void Write_DiskFull_ThrowsStoreExceptionAndStoreStaysUsable()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany(Enumerable.Range(0, 5).Select(i => Entries.Live($"keep{i}")));
        long pages = store.GetStatistics().PageCount;
        store.ExecuteOnWriter($"PRAGMA max_page_count = {pages + 8};");

        var big = new byte[16 * 1024];
        CachetronomyStoreException? failure = null;
        for (int i = 0; i < 50 && failure is null; i++)
        {
            try
            {
                store.Set(Entries.Live($"big{i}") with { Data = big });
            }
            catch (CachetronomyStoreException exception)
            {
                failure = exception;
            }
        }

        Assert.IsNotNull(failure, "The page cap must make a write fail.");
        Assert.AreEqual(db.Path, failure.DatabasePath);
        Assert.AreEqual(13, (failure.InnerException as SqliteException)?.SqliteErrorCode & 0xFF, "SQLITE_FULL");
        Assert.IsNotNull(store.Get("keep0"));
        Assert.IsTrue(store.Delete("keep1"));
        Assert.AreEqual(4, store.GetMany(["keep0", "keep2", "keep3", "keep4"]).Count);
    }
    [TestMethod]
    public void HoldWriter_WriteQueuedMeanwhile_IsCommittedWhenReleased()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        Task[] queued = [];

        store.HoldWriter(() => queued = QueueOnAnotherThread(() => [store.SetAsync(Entries.Live("queued")).AsTask()]));

        Assert.IsTrue(queued[0].IsCompletedSuccessfully, "Releasing the writer commits what queued behind it.");
        Assert.IsNotNull(store.Get("queued"));
    }

    [TestMethod]
    public async Task Write_OneOperationFailsInsideABatch_OnlyItFails()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        RefuseKey(db, "bad");
        Task[] writes = [];

        store.HoldWriter(() => writes = QueueOnAnotherThread(() =>
        [
            store.SetAsync(Entries.Live("first", "t")).AsTask(),
            store.SetAsync(Entries.Live("bad", "t")).AsTask(),
            store.SetAsync(Entries.Live("last", "t")).AsTask(),
        ]));

        await writes[0];
        await writes[2];
        var failure = await Assert.ThrowsExactlyAsync<CachetronomyStoreException>(() => writes[1]);
        Assert.AreEqual(db.Path, failure.DatabasePath);
        Assert.AreEqual(19, (failure.InnerException as SqliteException)?.SqliteErrorCode & 0xFF, "SQLITE_CONSTRAINT");
        CollectionAssert.AreEqual(new[] { "first", "last" }, store.Keys().ToArray());
        Assert.AreEqual(2L, db.Scalar("SELECT count(*) FROM cache_tags"), "The failed write left nothing behind.");
    }

    [TestMethod]
    public async Task Write_OneOperationFailsInsideABatch_OnlyTheCommittedChangesCountAsOwn()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        using SqliteCacheStore other = db.Open();
        RefuseKey(db, "bad");
        long start = store.GetLastChangeId();
        Task[] writes = [];

        store.HoldWriter(() => writes = QueueOnAnotherThread(() =>
        [
            store.SetAsync(Entries.Live("first")).AsTask(),
            store.SetAsync(Entries.Live("bad")).AsTask(),
            store.SetAsync(Entries.Live("last")).AsTask(),
        ]));
        await Task.WhenAll(writes[0], writes[2]);
        await Assert.ThrowsExactlyAsync<CachetronomyStoreException>(() => writes[1]);

        Assert.AreEqual(start + 2, store.GetLastChangeId(), "The rolled-back attempt's change rows are gone.");
        Assert.IsTrue(store.WroteChanges(start, start + 2));
        other.Set(Entries.Live("elsewhere"));
        Assert.IsFalse(store.WroteChanges(start, start + 3));
    }

    [TestMethod]
    public void Write_FailedTransaction_ItsNotedChangeIdsAreNotClaimedWhenAnotherWriterTakesThem()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        using SqliteCacheStore other = db.Open();
        RefuseKey(db, "bad");
        store.Set(Entries.Live("w"));
        long start = store.GetLastChangeId();

        // One operation: "ok" is upserted and its change row inserted (id start + 1), then "bad" fails; nothing commits.
        Assert.ThrowsExactly<CachetronomyStoreException>(() => store.SetMany([Entries.Live("ok"), Entries.Live("bad")]));
        other.Set(Entries.Live("elsewhere")); // Takes id start + 1.
        store.Set(Entries.Live("z"));         // start + 2.

        Assert.AreEqual(start + 2, store.GetLastChangeId());
        Assert.IsFalse(store.WroteChanges(start, start + 2), "The other writer's row took an id the failed transaction had noted.");
        Assert.IsTrue(store.WroteChanges(start + 1, start + 2));
    }

    [TestMethod]
    public async Task Write_LoggerThrows_FailingOperationDoesNotWedgeTheWriter()
    {
        using var db = new TempDatabase();
        using var store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = db.Path }, db.Time, new ThrowingLogger());
        RefuseKey(db, "bad");
        Task[] writes = [];

        store.HoldWriter(() => writes = QueueOnAnotherThread(() =>
        [
            store.SetAsync(Entries.Live("first")).AsTask(),
            store.SetAsync(Entries.Live("bad")).AsTask(),
        ]));

        await writes[0];
        await Assert.ThrowsExactlyAsync<CachetronomyStoreException>(() => writes[1]);
        Assert.ThrowsExactly<CachetronomyStoreException>(() => store.Set(Entries.Live("bad")));
        store.Set(Entries.Live("after"));
        CollectionAssert.AreEqual(new[] { "after", "first" }, store.Keys().ToArray());
    }

    [TestMethod]
    public async Task GroupCommit_CountsTransactionsAndTheWritesTheyCarried()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        Assert.AreEqual(0, store.GroupCommit.MeanBatchSize);

        store.Set(Entries.Live("a"));
        await store.SetAsync(Entries.Live("b"), TestContext.CancellationToken);
        Assert.AreEqual(new GroupCommitStatistics(2, 2), store.GroupCommit, "A lone writer commits each write on its own.");

        Task[] writes = [];
        store.HoldWriter(() => writes = QueueOnAnotherThread(() =>
            [.. Enumerable.Range(0, 4).Select(i => store.SetAsync(Entries.Live($"q{i}")).AsTask())]));
        await Task.WhenAll(writes);

        Assert.AreEqual(new GroupCommitStatistics(3, 6), store.GroupCommit, "Writes queued behind a busy writer share one transaction.");
        Assert.AreEqual(2.0, store.GroupCommit.MeanBatchSize);
    }

    [TestMethod]
    public async Task AsyncWrite_FindingTheWriterBusy_HandsCommitsOffUntilWritesStopOverlapping()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        CancellationToken token = TestContext.CancellationToken;
        await store.SetAsync(Entries.Live("first"), token);
        Assert.IsFalse(store.IsHandingOffWrites, "A lone async writer commits inline.");

        Task[] queued = [];
        store.HoldWriter(() => queued = QueueOnAnotherThread(() => [store.SetAsync(Entries.Live("queued")).AsTask()]));
        await queued[0];
        Assert.IsTrue(store.IsHandingOffWrites, "An async write that found the writer busy switches to hand-off.");

        // The queued write was the first single-write batch; 14 more keep hand-off on, the 16th ends it.
        for (int i = 0; i < 14; i++)
        {
            await store.SetAsync(Entries.Live($"k{i}"), token);
        }

        Assert.IsTrue(store.IsHandingOffWrites);
        await store.SetAsync(Entries.Live("k14"), token);
        Assert.IsFalse(store.IsHandingOffWrites, "Sixteen single-write batches in a row: writes no longer overlap.");
        Assert.AreEqual(17L, store.Count(), "Every write in hand-off mode committed.");
    }

    [TestMethod]
    public async Task AsyncWrite_HandedOff_DisposeBeforeItsDrainRuns_StillCommitsIt()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        Task[] queued = [];
        store.HoldWriter(() => queued = QueueOnAnotherThread(() => [store.SetAsync(Entries.Live("queued")).AsTask()]));
        await queued[0];
        Assert.IsTrue(store.IsHandingOffWrites);

        Task pending = Task.CompletedTask;
        store.HoldWriter(() =>
        {
            // The drain work item cannot take the writer while it is held here; dispose must not strand the write.
            pending = store.SetAsync(Entries.Live("late")).AsTask();
            store.Dispose();
        });

        await pending;
        using var reopened = db.Open();
        Assert.IsNotNull(reopened.Get("late"), "Dispose commits the queue, handed-off writes included.");
        Assert.ThrowsExactly<ObjectDisposedException>(() => store.Set(Entries.Live("after")));
    }

    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public async Task Write_LoggerWritesToTheStoreWhenAWriteFails_TheRestOfTheBatchStillCompletes()
    {
        using var db = new TempDatabase();
        var logger = new WritingLogger();
        using var store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = db.Path }, db.Time, logger);
        logger.Store = store;
        RefuseKey(db, "bad");
        Task[] writes = [];

        // One batch [first, bad, last]: "bad" fails, the writer logs WriteFailed while it still holds the (reentrant)
        // write lock, and the logger writes to the store from that callback.
        store.HoldWriter(() => writes = QueueOnAnotherThread(() =>
        [
            store.SetAsync(Entries.Live("first")).AsTask(),
            store.SetAsync(Entries.Live("bad")).AsTask(),
            store.SetAsync(Entries.Live("last")).AsTask(),
        ]));

        // Before the fix these two never completed; the method's [Timeout] turns that hang into a failure.
        await Task.WhenAll(writes[0], writes[2]).WaitAsync(TestContext.CancellationToken);
        await Assert.ThrowsExactlyAsync<CachetronomyStoreException>(() => writes[1]);
        CollectionAssert.AreEqual(new[] { "first", "from-logger", "last" }, store.Keys().ToArray());

        // The change feed names exactly what committed, in commit order: the nested write first, then the re-run
        // batch; nothing of the rolled-back attempt, nothing of "bad".
        CollectionAssert.AreEqual(new[] { "from-logger", "first", "last" }, store.GetChangesSince(0).Select(c => c.Key).ToArray());
    }

    /// <summary>Makes any insert of <paramref name="key"/> fail with a constraint error (the rest of its transaction goes on).</summary>
    private static void RefuseKey(TempDatabase db, string key)
    {
        using SqliteConnection connection = db.OpenRaw();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"CREATE TRIGGER test_refuse BEFORE INSERT ON cache WHEN NEW.key = '{key}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;";
        command.ExecuteNonQuery();
    }

    /// <summary>Queues writes from another thread, which finds the write lock taken and leaves them queued.</summary>
    private static Task[] QueueOnAnotherThread(Func<Task[]> queue)
    {
        Task[] tasks = [];
        var thread = new Thread(() => tasks = queue());
        thread.Start();
        thread.Join();
        return tasks;
    }

    /// <summary>A logger that records a failed write in the same store (as a log sink backed by the cache might).</summary>
    private sealed class WritingLogger : ILogger<SqliteCacheStore>
    {
        public SqliteCacheStore? Store { get; set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "WriteFailed")
            {
                Store!.Set(Entries.Live("from-logger"));
            }
        }
    }
}
