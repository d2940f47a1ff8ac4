using CsCheck;

namespace Cachetronomy.Reliability.Tests;

/// <summary>
/// Model-based tests: random sequences of operations run against a <see cref="Cachetronaut"/> on a temp file and
/// against <see cref="CacheModel"/>, a dictionary with expiry and tags; every observable result must agree. A second
/// engine on the same file (as another process would be) also writes; each of its writes is followed by one coherence
/// interval, after which the first engine must agree with the model again. CsCheck
/// shrinks a failing sequence to a minimal one and prints its seed. <c>CACHETRONOMY_MODEL_SEQUENCES</c> sets how many
/// sequences run (default 200, of up to 40 operations each).
/// </summary>
[TestClass]
public sealed class ModelTests
{
    private static readonly string[] s_keys = ["a", "b", "c", "d", "e", "a%", "a_"];
    private static readonly string[] s_tags = ["t1", "t2", "t3", "t%"];
    private static readonly DateTimeOffset s_start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    private static Gen<string> GenKey => Gen.OneOf(s_keys);

    private static Gen<string[]> GenTags =>
        Gen.Bool.Array[s_tags.Length].Select(flags => s_tags.Where((_, i) => flags[i]).ToArray());

    private static Gen<Op> GenOp => Gen.Frequency(
        (6, Gen.Select(GenKey, Gen.Int[0, 999], Gen.Int[1, 120], GenTags, (k, v, ttl, tags) => (Op)new SetOp(k, v, ttl, tags))),
        (6, GenKey.Select(k => (Op)new GetOp(k))),
        (2, GenKey.Select(k => (Op)new DeleteOp(k))),
        (2, GenKey.Select(k => (Op)new EvictOp(k))),
        (2, Gen.Select(GenTags, Gen.Bool, (tags, exact) => (Op)new ClearByTagsOp(tags, exact))),
        (1, Gen.Const((Op)new ClearExpiredOp())),
        (3, Gen.Int[1, 90].Select(s => (Op)new AdvanceOp(s))),
        (1, Gen.Const((Op)new ReopenOp())),
        (2, Gen.Select(GenKey, Gen.Int[0, 999], (k, v) => (Op)new OtherSetOp(k, v))),
        (1, GenKey.Select(k => (Op)new OtherDeleteOp(k))));

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void RandomSequences_AgreeWithTheModel()
    {
        int sequences = HelperPrograms.EnvInt("CACHETRONOMY_MODEL_SEQUENCES", 200);
        long operations = 0;
        GenOp.Array[1, 40].Sample(
            ops =>
            {
                Run(ops);
                Interlocked.Add(ref operations, ops.Length);
            },
            iter: sequences,
            threads: 2,
            print: ops => string.Join(Environment.NewLine, ops.Select(o => o.ToString())));
        TestContext.WriteLine($"{sequences} sequences, {operations} operations agreed with the model.");
    }

    // ---- edge cases pinned as regular tests (the sampler has found no disagreement so far) -----------------------------

    [TestMethod]
    public void OtherEngineOverwritesAKeyCachedHere_TheNextReadAgrees()
    {
        Run([new SetOp("a", 1, 60, ["t1"]), new GetOp("a"), new OtherSetOp("a", 2), new GetOp("a"), new ClearByTagsOp(["t1"], false), new GetOp("a")]);
    }

    [TestMethod]
    public void ExpiredButUnsweptEntry_CountsForDeleteAndTagClears()
    {
        Run(
        [
            new SetOp("a", 1, 10, ["t1"]),
            new AdvanceOp(11),
            new GetOp("a"),
            new ClearByTagsOp(["t1"], false),
            new SetOp("b", 2, 10, []),
            new AdvanceOp(20),
            new DeleteOp("b"),
        ]);
    }

    [TestMethod]
    public void ExactMatchWithNoTags_ClearsUntaggedEntriesOnly()
    {
        Run([new SetOp("a", 1, 60, []), new SetOp("b", 2, 60, ["t1"]), new ClearByTagsOp([], true), new GetOp("a"), new GetOp("b")]);
    }

    [TestMethod]
    public void ReopenAfterEvictAndExpiry_ServesTheStoreState()
    {
        Run([new SetOp("a", 1, 30, []), new EvictOp("a"), new ReopenOp(), new AdvanceOp(29), new GetOp("a"), new AdvanceOp(1), new GetOp("a"), new ClearExpiredOp()]);
    }

    private static void Run(Op[] ops)
    {
        using var file = new TempFile();
        var time = new FakeTimeProvider(s_start);
        var options = new CachetronomyOptions { DatabasePath = file.DatabasePath };
        var model = new CacheModel();
        Cachetronaut cache = new(options, time);
        using var other = new Cachetronaut(options, time);
        var otherTtl = TimeSpan.FromHours(1);
        try
        {
            for (int i = 0; i < ops.Length; i++)
            {
                string step = $"step {i} ({ops[i]})";
                switch (ops[i])
                {
                    case SetOp set:
                        cache.Set(set.Key, set.Value, new CachetronautEntryOptions { TimeToLive = TimeSpan.FromSeconds(set.TtlSeconds), Tags = set.Tags });
                        model.Set(set.Key, set.Value, time.GetUtcNow().AddSeconds(set.TtlSeconds), set.Tags);
                        break;
                    case GetOp get:
                        int? expected = model.Get(get.Key, time.GetUtcNow());
                        int? actual = cache.TryGet(get.Key, out int value) ? value : null;
                        Assert.AreEqual(expected, actual, step);
                        break;
                    case DeleteOp delete:
                        Assert.AreEqual(model.Delete(delete.Key), cache.Delete(delete.Key), step);
                        break;
                    case EvictOp evict:
                        cache.Evict(evict.Key); // RAM only: nothing observable may change.
                        break;
                    case ClearByTagsOp clear:
                        Assert.AreEqual(model.ClearByTags(clear.Tags, clear.Exact), cache.ClearByTags(clear.Tags, clear.Exact), step);
                        break;
                    case ClearExpiredOp:
                        Assert.AreEqual(model.ClearExpired(time.GetUtcNow()), cache.ClearExpired(), step);
                        break;
                    case AdvanceOp advance:
                        time.Advance(TimeSpan.FromSeconds(advance.Seconds));
                        break;
                    case OtherSetOp otherSet:
                        other.Set(otherSet.Key, otherSet.Value, new CachetronautEntryOptions { TimeToLive = otherTtl });
                        model.Set(otherSet.Key, otherSet.Value, time.GetUtcNow() + otherTtl, []);
                        time.Advance(CachetronomyOptions.DefaultCoherenceInterval);
                        break;
                    case OtherDeleteOp otherDelete:
                        time.Advance(CachetronomyOptions.DefaultCoherenceInterval); // The other engine's RAM catches up first.
                        Assert.AreEqual(model.Delete(otherDelete.Key), other.Delete(otherDelete.Key), step);
                        time.Advance(CachetronomyOptions.DefaultCoherenceInterval);
                        break;
                    case ReopenOp:
                        cache.Dispose();
                        cache = new Cachetronaut(options, time);
                        break;
                }

                CollectionAssert.AreEquivalent(model.Keys(), cache.StoreKeys().ToArray(), step);
            }

            foreach (string key in s_keys)
            {
                Assert.AreEqual(model.Get(key, time.GetUtcNow()), cache.TryGet(key, out int value) ? value : (int?)null, $"final read of {key}");
            }
        }
        finally
        {
            cache.Dispose();
        }
    }

    private abstract record Op;

    private sealed record SetOp(string Key, int Value, int TtlSeconds, string[] Tags) : Op
    {
        public override string ToString() => $"Set({Key}, {Value}, ttl {TtlSeconds}s, [{string.Join(",", Tags)}])";
    }

    private sealed record GetOp(string Key) : Op;

    private sealed record DeleteOp(string Key) : Op;

    private sealed record EvictOp(string Key) : Op;

    private sealed record ClearByTagsOp(string[] Tags, bool Exact) : Op
    {
        public override string ToString() => $"ClearByTags([{string.Join(",", Tags)}], exact {Exact})";
    }

    private sealed record ClearExpiredOp : Op;

    private sealed record AdvanceOp(int Seconds) : Op;

    private sealed record ReopenOp : Op;

    private sealed record OtherSetOp(string Key, int Value) : Op;

    private sealed record OtherDeleteOp(string Key) : Op;

    /// <summary>The specification: rows with a value, an expiry and tags; expired rows stay until swept or deleted.</summary>
    private sealed class CacheModel
    {
        private readonly Dictionary<string, (int Value, DateTimeOffset ExpiresAt, HashSet<string> Tags)> _rows = new(StringComparer.Ordinal);

        public void Set(string key, int value, DateTimeOffset expiresAt, string[] tags) =>
            _rows[key] = (value, expiresAt, new HashSet<string>(tags, StringComparer.Ordinal));

        public int? Get(string key, DateTimeOffset now) =>
            _rows.TryGetValue(key, out var row) && now < row.ExpiresAt ? row.Value : null;

        public bool Delete(string key) => _rows.Remove(key);

        public int ClearByTags(string[] tags, bool exact)
        {
            var wanted = new HashSet<string>(tags, StringComparer.Ordinal);
            return RemoveWhere(row => exact ? row.Tags.SetEquals(wanted) : row.Tags.Overlaps(wanted));
        }

        public int ClearExpired(DateTimeOffset now) => RemoveWhere(row => row.ExpiresAt <= now);

        public string[] Keys() => [.. _rows.Keys];

        private int RemoveWhere(Func<(int Value, DateTimeOffset ExpiresAt, HashSet<string> Tags), bool> predicate)
        {
            string[] victims = [.. _rows.Where(pair => predicate(pair.Value)).Select(pair => pair.Key)];
            foreach (string key in victims)
            {
                _rows.Remove(key);
            }

            return victims.Length;
        }
    }
}
