namespace Cachetronomy.Extensions.Tests;

/// <summary>The default implementations of ICacheStore.FindMetadata and CountExisting, for stores that do not override them.</summary>
[TestClass]
public sealed class MetadataFilterTests
{
    [TestMethod]
    public void Apply_KeepsTheRowsOrderAndTheFirstMatchesIgnoringCase()
    {
        CacheEntryMetadata[] rows = [Row("Alpha"), Row("beta"), Row("ALPHABET"), Row("gamma"), Row("alphanumeric")];

        CollectionAssert.AreEqual(new[] { "Alpha", "ALPHABET" }, MetadataFilter.Apply(rows, "alpha", 2).Select(r => r.Key).ToArray());
        CollectionAssert.AreEqual(new[] { "Alpha", "beta", "ALPHABET" }, MetadataFilter.Apply(rows, null, 3).Select(r => r.Key).ToArray());
        CollectionAssert.AreEqual(rows.Select(r => r.Key).ToArray(), MetadataFilter.Apply(rows, "", 10).Select(r => r.Key).ToArray());
        Assert.IsEmpty(MetadataFilter.Apply(rows, "alpha", 0));
        Assert.IsEmpty(MetadataFilter.Apply(rows, "delta", 10));
    }

    [TestMethod]
    public void CountIn_CountsDistinctKeysPresent()
    {
        Assert.AreEqual(2L, MetadataFilter.CountIn(["a", "b", "c"], ["a", "c", "a", "z"]));
        Assert.AreEqual(0L, MetadataFilter.CountIn([], ["a"]));
        Assert.AreEqual(0L, MetadataFilter.CountIn(["A"], ["a"]), "Keys compare ordinally.");
    }

    private static CacheEntryMetadata Row(string key) =>
        new(key, "json", DateTimeOffset.UnixEpoch, [], 1, "default", 3, DateTimeOffset.UnixEpoch);
}
