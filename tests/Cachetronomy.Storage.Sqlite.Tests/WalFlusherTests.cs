using System.Collections.Concurrent;
using Cachetronomy.Storage.Sqlite.Internal;
using Microsoft.Extensions.Logging;

namespace Cachetronomy.Storage.Sqlite.Tests;

[TestClass]
public sealed class WalFlusherTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [TestMethod]
    public void Normal_WritesPastThreshold_FlushWalOnBackgroundThread()
    {
        using var db = new TempDatabase();
        SqliteCacheStore store = db.Open();
        WalFlusher flusher = store.WalFlusher!;
        Assert.IsNotNull(flusher);

        // One write per commit: two rows (the entry, its change row) plus two pages each, an estimated 4 pages a commit.
        for (int i = 0; i < 50; i++)
        {
            store.Set(Entries.Live($"k{i}"));
        }

        Assert.AreEqual(0L, flusher.Requests, "50 one-write commits stay under the threshold.");
        Assert.IsFalse(flusher.IsThreadAlive, "The thread starts on the first request only.");

        for (int i = 50; i < 100; i++)
        {
            store.Set(Entries.Live($"k{i}"));
        }

        Assert.AreEqual(1L, flusher.Requests);
        Assert.IsTrue(flusher.WaitForFlush(0, s_wait), "The requested flush ran.");
        Assert.IsFalse(flusher.IsStopped, "Flushing an existing WAL succeeds and flushing stays on.");
        Assert.AreEqual(100L, store.Count());
    }

    [TestMethod]
    public void Normal_BatchedWrites_CountEveryWriteTowardTheThreshold()
    {
        using var db = new TempDatabase();
        SqliteCacheStore store = db.Open();

        // One write of 300 entries: 600 rows changed (entries and change rows), past the threshold at once.
        store.SetMany(Enumerable.Range(0, 300).Select(i => Entries.Live($"k{i}")).ToList());

        Assert.AreEqual(1L, store.WalFlusher!.Requests);
    }

    [TestMethod]
    public void Full_HasNoWalFlusher()
    {
        using var db = new TempDatabase();
        SqliteCacheStore store = db.Open(o => o.Synchronous = SqliteSynchronousMode.Full);

        for (int i = 0; i < 100; i++)
        {
            store.Set(Entries.Live($"k{i}"));
        }

        Assert.IsNull(store.WalFlusher, "Every commit fsyncs the WAL under Full.");
        Assert.AreEqual(100L, store.Count());
    }

    [TestMethod]
    public void Dispose_StopsTheThreadAndLaterCommitsRequestNothing()
    {
        using var db = new TempDatabase();
        SqliteCacheStore store = db.Open();
        WalFlusher flusher = store.WalFlusher!;
        store.SetMany(Enumerable.Range(0, 300).Select(i => Entries.Live($"k{i}")).ToList());
        Assert.IsTrue(flusher.WaitForFlush(0, s_wait));

        store.Dispose();

        Assert.IsFalse(flusher.IsThreadAlive, "Dispose waits for the thread to end.");
        Assert.IsTrue(flusher.IsStopped);
        flusher.Request();
        Assert.AreEqual(1L, flusher.Requests, "A stopped flusher takes no request.");
    }

    [TestMethod]
    public void FlushOnce_NoWalFile_IsNothingToFlush()
    {
        using var db = new TempDatabase();
        Directory.CreateDirectory(db.Folder);
        var logger = new RecordingLogger();
        using var flusher = new WalFlusher(db.Path, logger);

        Assert.IsTrue(flusher.FlushOnce());
        Assert.IsFalse(File.Exists(db.Path + "-wal"), "The flusher never creates the WAL.");
        Assert.IsEmpty(logger.Events);
    }

    [TestMethod]
    public void Request_WalCannotBeOpened_LogsOnceAndStopsFlushing()
    {
        using var db = new TempDatabase();
        Directory.CreateDirectory(db.Path + "-wal"); // A folder where the WAL should be: opening it for writing fails.
        var logger = new RecordingLogger();
        using var flusher = new WalFlusher(db.Path, logger);

        flusher.Request();

        Assert.IsTrue(flusher.WaitForFlush(0, s_wait), "The failed flush still counts as run.");
        Assert.IsTrue(flusher.IsStopped);
        Assert.IsTrue(flusher.WaitForThreadEnd(s_wait), "The thread ends after the failure.");
        flusher.Request();
        Assert.AreEqual(1L, flusher.Requests, "No request after the failure.");
        Assert.AreEqual("WalFlushFailed", logger.Events.Single());
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly ConcurrentQueue<string> _events = new();

        public IReadOnlyCollection<string> Events => _events.ToArray();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _events.Enqueue(eventId.Name ?? "");
    }
}
