using Cachetronomy.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Cachetronomy.Extensions.Tests;

/// <summary>Disposing an engine that owns its store writes every buffered row, even one a background flush holds.</summary>
[TestClass]
public sealed class CachetronautDisposeTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    [DataRow(false, DisplayName = "Dispose")]
    [DataRow(true, DisplayName = "DisposeAsync")]
    public async Task Dispose_WhileABackgroundEvictionFlushWrites_LosesNoRow(bool disposeAsync)
    {
        string folder = Path.Combine(Path.GetTempPath(), "cachetronomy-engine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "cache.db");
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sqlite = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = path }, time);
        (ICacheStore proxy, FaultInjectingStore store) = FaultInjectingStore.Wrap(sqlite);
        var options = new CachetronomyOptions { DatabasePath = path, Coherence = false, ActiveProfile = "one" };
        options.Profiles["one"] = new CachetronomyProfile { MaxItemsInMemory = 1 };
        using var events = new EventWatcher("DisposeWaitsForEvictionFlush");
        var engine = new Cachetronaut(proxy, ownsStore: true, options, time, serializers: null, events);
        StoreGate flush = store.HoldNextBeforeStore("AppendEvictionLogs");
        StoreGate close = store.HoldNext(disposeAsync ? "DisposeAsync" : "Dispose");
        close.Release(); // observed, not held: Completed says the real store is closed
        try
        {
            // A cap of one: each set after the first moves the previous key out of RAM (one row each, under the batch
            // size, so no write flushes them); reading k0 back from the store moves the last key out, and that read
            // hands the now full buffer to the thread pool.
            int rows = Cachetronaut.EvictionBatchSize;
            for (int i = 0; i < rows; i++)
            {
                engine.Set($"k{i}", i);
            }

            Assert.AreEqual(rows - 1, engine.PendingEvictionCount);
            Assert.AreEqual(0, engine.Get<int>("k0"));
            await flush.Reached.Task.WaitAsync(Token);   // the background flush took every row and is about to write them
            Assert.AreEqual(0, engine.PendingEvictionCount);

            Task disposing = disposeAsync
                ? Task.Run(async () => await engine.DisposeAsync(), Token)
                : Task.Factory.StartNew(engine.Dispose, Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

            // Either dispose closed the store under the running flush (the bug), or it waits for that flush.
            await Task.WhenAny(close.Completed.Task, events.Logged.Task).WaitAsync(Token);
            flush.Release();
            await disposing.WaitAsync(Token);
            await flush.Completed.Task.WaitAsync(Token);

            using var reopened = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = path }, time);
            IReadOnlyList<EvictionLogEntry> logged = reopened.GetEvictionLogs(limit: null);
            CollectionAssert.AreEquivalent(
                Enumerable.Range(0, rows).Select(i => $"k{i}").ToList(),
                logged.Select(e => e.Key).ToList(),
                "every eviction row buffered before dispose is in the file");
        }
        finally
        {
            flush.Release();
            await engine.DisposeAsync();
            await sqlite.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a file still open elsewhere stays behind in the temp folder.
            }
        }
    }

    /// <summary>A logger factory that completes <see cref="Logged"/> when an event of the given name is logged.</summary>
    private sealed class EventWatcher(string eventName) : ILoggerFactory, ILogger
    {
        public TaskCompletionSource Logged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (string.Equals(eventId.Name, eventName, StringComparison.Ordinal))
            {
                Logged.TrySetResult();
            }
        }

        public void Dispose()
        {
        }
    }
}
