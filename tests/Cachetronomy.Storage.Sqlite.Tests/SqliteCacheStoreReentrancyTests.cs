using Microsoft.Extensions.Logging;

namespace Cachetronomy.Storage.Sqlite.Tests;

[TestClass]
public sealed class SqliteCacheStoreReentrancyTests
{
    public TestContext TestContext { get; set; } = null!;

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

        Task all = Task.WhenAll(writes[0], writes[2]);
        Task finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5), TestContext.CancellationToken));
        Assert.AreSame(all, finished, "The writes batched with the failing one must complete, not wait forever.");
        await all;
        await Assert.ThrowsExactlyAsync<CachetronomyStoreException>(() => writes[1]);
        CollectionAssert.AreEqual(new[] { "first", "from-logger", "last" }, store.Keys().ToArray());
    }

    private static void RefuseKey(TempDatabase db, string key)
    {
        using var connection = db.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TRIGGER test_refuse BEFORE INSERT ON cache WHEN NEW.key = '{key}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;";
        command.ExecuteNonQuery();
    }

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
