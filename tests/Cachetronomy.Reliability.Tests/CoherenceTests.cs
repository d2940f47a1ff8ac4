using Cachetronomy.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Cachetronomy.Reliability.Tests;

/// <summary>
/// Two engines on one file, each with its own store instance (as two processes would have), one fake clock: a change
/// committed by one is reflected by the other's reads after one coherence interval, never before a poll.
/// </summary>
[TestClass]
public sealed class CoherenceTests
{
    private static readonly TimeSpan s_interval = CachetronomyOptions.DefaultCoherenceInterval;

    [TestMethod]
    public void Set_ByAnotherEngine_IsReadAfterOneInterval()
    {
        using var pair = new EnginePair();
        pair.A.Set("k", "from A");
        Assert.AreEqual("from A", pair.A.Get<string>("k")); // Now in A's RAM.

        pair.B.Set("k", "from B");
        Assert.AreEqual("from A", pair.A.Get<string>("k"), "Before a poll, A's RAM still answers (the bound is one interval).");

        pair.Time.Advance(s_interval);

        Assert.AreEqual("from B", pair.A.Get<string>("k"));
        Assert.AreEqual(1, pair.A.CoherenceDrops);
    }

    [TestMethod]
    public void SetMany_ByAnotherEngine_DropsExactlyThoseKeys()
    {
        // B's keys are committed together and recorded as one change row that carries them; A drops those, no more.
        using var pair = new EnginePair();
        pair.A.Set("a", "from A");
        pair.A.Set("b", "from A");
        pair.A.Set("kept", "from A");

        pair.B.SetMany([KeyValuePair.Create("a", "from B"), KeyValuePair.Create("b", "from B")]);
        pair.Time.Advance(s_interval);

        Assert.AreEqual(2, pair.A.CoherenceDrops);
        CollectionAssert.AreEqual(new[] { "kept" }, pair.A.MemoryKeys().ToArray());
        Assert.AreEqual("from B", pair.A.Get<string>("a"));
        Assert.AreEqual("from B", pair.A.Get<string>("b"));
    }

    [TestMethod]
    public void OwnWrites_AreNotReadBack_AndAnotherEnginesChangeAfterThemStillIs()
    {
        using var pair = new EnginePair();
        pair.A.Set("a", "from A");
        pair.Time.Advance(s_interval); // A's first poll only takes its starting point.
        long reads = pair.A.ChangeFeedReads;

        pair.A.Set("a", "again");
        pair.A.SetMany([KeyValuePair.Create("b", "from A"), KeyValuePair.Create("c", "from A")]);
        pair.A.Delete("c");
        pair.Time.Advance(s_interval);
        Assert.AreEqual(reads, pair.A.ChangeFeedReads, "A poll after only A's own writes reads no change rows.");
        CollectionAssert.AreEquivalent(new[] { "a", "b" }, pair.A.MemoryKeys().ToArray());

        pair.B.Set("b", "from B");
        pair.A.Set("a", "third");
        pair.Time.Advance(s_interval);
        Assert.AreEqual(reads + 1, pair.A.ChangeFeedReads, "B's change, followed by A's own, is read.");
        Assert.AreEqual(1, pair.A.CoherenceDrops);
        Assert.AreEqual("from B", pair.A.Get<string>("b"));
        Assert.AreEqual("third", pair.A.Get<string>("a"));

        pair.A.Set("a", "fourth");
        pair.Time.Advance(s_interval);
        Assert.AreEqual(reads + 1, pair.A.ChangeFeedReads, "Past B's change, A's own run is skipped again.");
    }

    [TestMethod]
    public void OwnOverwriteOfAnUnreadableKey_IsReadBackSoTheKeyIsReadableAgain()
    {
        using var pair = new EnginePair();
        pair.Time.Advance(s_interval);
        pair.A.Store.Set(new StoredCacheEntry
        {
            Key = "k",
            Data = "\"x\""u8.ToArray(),
            Format = "no-such-format",
            ExpiresAt = pair.Time.GetUtcNow().AddHours(1),
            SavedByProfile = CachetronomyProfile.DefaultName,
        });
        Assert.IsNull(pair.A.Get<string>("k"));
        CollectionAssert.AreEqual(new[] { "k" }, pair.A.HealthCheck().UnreadableKeys.ToArray());

        pair.A.Set("k", "fine");
        pair.Time.Advance(s_interval);

        Assert.IsEmpty(pair.A.HealthCheck().UnreadableKeys, "The poll read A's own overwrite back and forgot the key.");
    }

    [TestMethod]
    public void Delete_ByAnotherEngine_IsAMissAfterOneInterval()
    {
        using var pair = new EnginePair();
        pair.A.Set("k", 1);
        pair.B.Delete("k");

        pair.Time.Advance(s_interval);

        Assert.IsFalse(pair.A.TryGet("k", out int _));
        Assert.IsFalse(pair.A.MemoryKeys().Contains("k"));
    }

    [TestMethod]
    public void ClearAll_ByAnotherEngine_EmptiesTheFrontTier()
    {
        using var pair = new EnginePair();
        pair.A.Set("a", 1);
        pair.A.Set("b", 2);
        pair.B.ClearAll();

        pair.Time.Advance(s_interval);

        Assert.IsEmpty(pair.A.MemoryKeys());
        Assert.AreEqual(0, pair.A.Get<int>("a"));
    }

    [TestMethod]
    public void ClearByTags_ByAnotherEngine_DropsOnlyTheTaggedKeys()
    {
        using var pair = new EnginePair();
        pair.A.Set("tagged", 1, new CachetronautEntryOptions { Tags = ["t"] });
        pair.A.Set("plain", 2);
        pair.B.ClearByTags(["t"]);

        pair.Time.Advance(s_interval);

        CollectionAssert.AreEquivalent(new[] { "plain" }, pair.A.MemoryKeys().ToArray());
    }

    [TestMethod]
    public void ClearExpired_ByAnotherEngine_IsRecordedAsDeletes()
    {
        using var pair = new EnginePair();
        pair.A.Set("k", 1, new CachetronautEntryOptions { TimeToLive = TimeSpan.FromMinutes(1) });
        long before = pair.A.Store.GetLastChangeId();
        pair.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.AreEqual(1, pair.B.ClearExpired());

        IReadOnlyList<CacheChange> changes = pair.A.Store.GetChangesSince(before);
        Assert.AreEqual(CacheChangeKind.Delete, changes[^1].Kind);
        Assert.AreEqual("k", changes[^1].Key);
    }

    [TestMethod]
    public void OwnWrites_DoNotDropTheOwnFrontTier()
    {
        using var pair = new EnginePair();
        pair.A.Set("k", 1);
        pair.A.Delete("gone");
        pair.A.Set("j", 2);

        pair.Time.Advance(s_interval);

        Assert.AreEqual(0, pair.A.CoherenceDrops);
        CollectionAssert.AreEquivalent(new[] { "k", "j" }, pair.A.MemoryKeys().ToArray());
    }

    [TestMethod]
    public void CoherenceOff_KeepsServingItsOwnRam()
    {
        using var pair = new EnginePair(o => o.Coherence = false);
        pair.A.Set("k", "from A");
        pair.B.Set("k", "from B");

        pair.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.IsFalse(pair.A.CoherenceRunning);
        Assert.AreEqual("from A", pair.A.Get<string>("k"));
    }

    [TestMethod]
    public void Dispose_StopsTheWatcher()
    {
        using var pair = new EnginePair();
        Assert.IsTrue(pair.A.CoherenceRunning);

        pair.A.Dispose();
        pair.Time.Advance(TimeSpan.FromSeconds(5)); // Would poll a closed store if the timer survived.

        Assert.IsFalse(pair.A.CoherenceRunning);
    }

    [TestMethod]
    public void Constructor_NonPositiveInterval_Throws()
    {
        using var file = new TempFile();
        var options = new CachetronomyOptions { DatabasePath = file.DatabasePath, CoherenceInterval = TimeSpan.Zero };

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Cachetronaut(options));
    }

    [TestMethod]
    public void TrimmedChanges_DropTheWholeFrontTier()
    {
        using var file = new TempFile();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var storeOptions = new SqliteCacheStoreOptions { DatabasePath = file.DatabasePath, ChangeRetention = TimeSpan.FromSeconds(1) };
        using var storeA = new SqliteCacheStore(storeOptions, time);
        using var storeB = new SqliteCacheStore(storeOptions, time);
        var options = new CachetronomyOptions { DatabasePath = file.DatabasePath, CoherenceInterval = TimeSpan.FromHours(1) };
        using var a = new Cachetronaut(storeA, options, time);
        using var b = new Cachetronaut(storeB, options, time);
        a.Set("k", "from A");
        a.Set("other", "kept in A's RAM until the gap is noticed");
        b.Set("k", "from B");
        time.Advance(TimeSpan.FromSeconds(2));
        b.Set("later", 1); // The writer trims rows older than 1 s: B's change of k is gone before A saw it.

        a.PollChanges();

        Assert.IsEmpty(a.MemoryKeys());
        Assert.AreEqual("from B", a.Get<string>("k"));
    }

    [TestMethod]
    public void WatcherFailure_IsLoggedAndTheNextIntervalPollsAgain()
    {
        using var file = new TempFile();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var sqlite = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = file.DatabasePath }, time);
        (ICacheStore proxy, ThrowingStore control) = ThrowingStore.Wrap(sqlite);
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(logs)));
        var options = new CachetronomyOptions { DatabasePath = file.DatabasePath };
        using var a = new Cachetronaut(proxy, options, time, loggerFactory: loggerFactory);
        using var b = new Cachetronaut(options, time);
        a.Set("k", "from A");
        control.Failing.Add(nameof(ICacheStore.GetDataVersion));
        control.FailWith = () => new CachetronomyStoreException("disk on fire", file.DatabasePath);

        b.Set("k", "from B");
        time.Advance(s_interval);
        time.Advance(s_interval);

        Assert.AreEqual(2, control.Failures, "The watcher kept its schedule while failing.");
        Assert.AreEqual(2, logs.GetSnapshot().Count(r => r.Id.Name == "CoherencePollFailed" && r.Level == LogLevel.Warning));
        Assert.AreEqual("from A", a.Get<string>("k"));

        control.FailWith = null;
        time.Advance(s_interval);

        Assert.AreEqual("from B", a.Get<string>("k"));
    }

    /// <summary>Two engines over one temp file, each opening its own store, sharing a fake clock.</summary>
    private sealed class EnginePair : IDisposable
    {
        private readonly TempFile _file = new();

        public EnginePair(Action<CachetronomyOptions>? configure = null)
        {
            Time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var options = new CachetronomyOptions { DatabasePath = _file.DatabasePath };
            configure?.Invoke(options);
            A = new Cachetronaut(options, Time);
            B = new Cachetronaut(options, Time);
        }

        public FakeTimeProvider Time { get; }

        public Cachetronaut A { get; }

        public Cachetronaut B { get; }

        public void Dispose()
        {
            A.Dispose();
            B.Dispose();
            _file.Dispose();
        }
    }
}
