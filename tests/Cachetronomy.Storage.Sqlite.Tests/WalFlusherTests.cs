using System.Collections.Concurrent;
using Cachetronomy.Storage.Sqlite.Internal;
using Microsoft.Extensions.Logging;

namespace Cachetronomy.Storage.Sqlite.Tests;

[TestClass]
public sealed class WalFlusherTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)] // The WAL is flushed ahead of checkpoints on Linux only.
    public void Normal_WritesPastThreshold_FlushWalOnBackgroundThread()
    {
        using var db = new TempDatabase();
        SqliteCacheStore store = db.Open();
        WalFlusher flusher = FlusherOf(store);

        // One small write per commit: three to five WAL pages each (the row, the key and expiry indexes, the change row).
        for (int i = 0; i < 40; i++)
        {
            store.Set(Entries.Live($"k{i}"));
        }

        Assert.AreEqual(0L, flusher.Requests, "40 one-write commits stay under the threshold.");
        Assert.IsFalse(flusher.IsThreadAlive, "The thread starts on the first request only.");

        for (int i = 40; i < 100; i++)
        {
            store.Set(Entries.Live($"k{i}"));
        }

        Assert.AreEqual(1L, flusher.Requests);
        Assert.IsTrue(flusher.WaitForFlush(0, s_wait), "The requested flush ran.");
        Assert.IsFalse(flusher.IsStopped, "Flushing an existing WAL succeeds and flushing stays on.");
        Assert.AreEqual(WalFlusher.FlushResult.Flushed, flusher.FlushOnce(), "The flusher finds the store's WAL.");
        Assert.AreEqual(100L, store.Count());
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)] // The WAL is flushed ahead of checkpoints on Linux only.
    public void Normal_LargeValue_CountsEveryPageItWrites()
    {
        using var db = new TempDatabase();
        SqliteCacheStore store = db.Open();

        // One commit of a 2 MB value: about 500 WAL pages, past the threshold at once, though it changes two rows.
        store.Set(Entries.Live("big") with { Data = new byte[2 * 1024 * 1024] });

        Assert.AreEqual(1L, FlusherOf(store).Requests);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)] // The WAL is flushed ahead of checkpoints on Linux only.
    public void Normal_DatabaseFileIsASymbolicLink_FlushesTheWalBesideTheTarget()
    {
        using var db = new TempDatabase();
        string target = Path.Combine(db.Folder, "real", "cache.db");
        db.Open(o => o.DatabasePath = target).Dispose();
        File.CreateSymbolicLink(db.Path, target);
        SqliteCacheStore store = db.Open();

        store.Set(Entries.Live("big") with { Data = new byte[2 * 1024 * 1024] });

        Assert.IsTrue(File.Exists(target + "-wal"), "SQLite puts the WAL beside the link's target.");
        Assert.IsFalse(File.Exists(db.Path + "-wal"));
        Assert.AreEqual(WalFlusher.FlushResult.Flushed, FlusherOf(store).FlushOnce());
    }

    [TestMethod]
    public void Committed_RequestsAFlushEveryPagesPerFlushPages()
    {
        using var db = new TempDatabase();
        Directory.CreateDirectory(db.Folder);
        using var flusher = new WalFlusher(db.Path, db.Path, new RecordingLogger());

        flusher.Committed(WalFlusher.PagesPerFlush - 1);
        flusher.Committed(-1);
        Assert.AreEqual(0L, flusher.Requests, "One page short (a negative count adds nothing).");

        flusher.Committed(1);
        Assert.AreEqual(1L, flusher.Requests);
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Linux)]
    public void Normal_OffLinux_HasNoWalFlusher()
    {
        using var db = new TempDatabase();
        SqliteCacheStore store = db.Open();

        store.Set(Entries.Live("big") with { Data = new byte[2 * 1024 * 1024] });

        Assert.IsNull(store.WalFlusher, "Measured on Linux only; elsewhere SQLite's own fsyncs stand alone.");
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
    [OSCondition(OperatingSystems.Linux)] // The WAL is flushed ahead of checkpoints on Linux only.
    public void Dispose_StopsTheThreadAndLaterCommitsRequestNothing()
    {
        using var db = new TempDatabase();
        SqliteCacheStore store = db.Open();
        WalFlusher flusher = FlusherOf(store);
        store.Set(Entries.Live("big") with { Data = new byte[2 * 1024 * 1024] });
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
        using var flusher = new WalFlusher(db.Path, db.Path, logger);

        Assert.AreEqual(WalFlusher.FlushResult.NoWal, flusher.FlushOnce());
        Assert.IsFalse(File.Exists(db.Path + "-wal"), "The flusher never creates the WAL.");
        Assert.IsEmpty(logger.Events);
    }

    [TestMethod]
    public void Request_WalCannotBeOpened_LogsOnceAndStopsFlushing()
    {
        using var db = new TempDatabase();
        Directory.CreateDirectory(db.Path + "-wal"); // A folder where the WAL should be: opening it for writing fails.
        var logger = new RecordingLogger();
        using var flusher = new WalFlusher(db.Path, db.Path, logger);

        flusher.Request();

        Assert.IsTrue(flusher.WaitForFlush(0, s_wait), "The failed flush still counts as run.");
        Assert.IsTrue(flusher.IsStopped);
        Assert.IsTrue(flusher.WaitForThreadEnd(s_wait), "The thread ends after the failure.");
        flusher.Request();
        Assert.AreEqual(1L, flusher.Requests, "No request after the failure.");
        Assert.AreEqual("WalFlushFailed", logger.Events.Single());
    }

    /// <summary>The store's flusher (tests that call it run on Linux only, where a Normal store has one).</summary>
    private static WalFlusher FlusherOf(SqliteCacheStore store) =>
        store.WalFlusher ?? throw new AssertFailedException("A Normal store on Linux has a WAL flusher.");

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
