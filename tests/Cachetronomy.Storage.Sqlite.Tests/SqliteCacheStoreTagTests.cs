namespace Cachetronomy.Storage.Sqlite.Tests;

[TestClass]
public sealed class SqliteCacheStoreTagTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void DeleteByTags_AnyMatch_RemovesEntriesCarryingAnyTag()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([Entries.Live("a", "x"), Entries.Live("b", "y", "z"), Entries.Live("c", "z"), Entries.Live("d")]);

        var removed = store.DeleteByTags(["x", "y"]);

        CollectionAssert.AreEquivalent(new[] { "a", "b" }, removed.ToArray());
        CollectionAssert.AreEqual(new[] { "c", "d" }, store.Keys().ToArray());
        Assert.AreEqual(1L, db.Scalar("SELECT count(*) FROM cache_tags"), "Only c's tag row is left.");
    }

    [TestMethod]
    public void DeleteByTags_ExactMatch_RemovesOnlyEqualSetsInAnyOrder()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([
            Entries.Live("same", "a", "b"),
            Entries.Live("reversed", "b", "a"),
            Entries.Live("superset", "a", "b", "c"),
            Entries.Live("subset", "a"),
            Entries.Live("untagged"),
        ]);

        var removed = store.DeleteByTags(["b", "a", "a"], exactMatch: true);

        CollectionAssert.AreEquivalent(new[] { "same", "reversed" }, removed.ToArray());
        CollectionAssert.AreEqual(new[] { "subset", "superset", "untagged" }, store.Keys().ToArray());
    }

    [TestMethod]
    public void DeleteByTags_EmptySetAnyMatch_RemovesNothing()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([Entries.Live("a", "x"), Entries.Live("b")]);

        Assert.IsEmpty(store.DeleteByTags([]));
        Assert.AreEqual(2L, store.Count());
    }

    [TestMethod]
    public async Task DeleteByTagsAsync_EmptySetExactMatch_RemovesUntaggedOnly()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([Entries.Live("a", "x"), Entries.Live("b"), Entries.Live("c")]);

        var removed = await store.DeleteByTagsAsync([], exactMatch: true, TestContext.CancellationToken);

        CollectionAssert.AreEquivalent(new[] { "b", "c" }, removed.ToArray());
        CollectionAssert.AreEqual(new[] { "a" }, store.Keys().ToArray());
    }

    [TestMethod]
    [DataRow("100%")]
    [DataRow("a_b")]
    [DataRow("it's")]
    [DataRow("x; DROP TABLE cache; --")]
    [DataRow("nul\0inside")]
    [DataRow("rocket🚀")]
    [DataRow("\"quoted\\\"")]
    public void DeleteByTags_SpecialCharacters_MatchLiterallyOnly(string tag)
    {
        using var db = new TempDatabase();
        var store = db.Open();
        string lookalike = tag.Replace("%", "x", StringComparison.Ordinal).Replace("_", "y", StringComparison.Ordinal) + "~";
        store.SetMany([Entries.Live("hit", tag), Entries.Live("miss", lookalike), Entries.Live("longer", tag + "more")]);

        var removed = store.DeleteByTags([tag]);

        CollectionAssert.AreEqual(new[] { "hit" }, removed.ToArray());
        CollectionAssert.AreEqual(new[] { "longer", "miss" }, store.Keys().ToArray());
        CollectionAssert.AreEqual(new[] { tag + "more" }, store.Get("longer")!.Tags.ToArray());
    }

    [TestMethod]
    public void DeleteByTags_PercentAndUnderscore_AreNotWildcards()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([Entries.Live("a", "abc"), Entries.Live("b", "a_c"), Entries.Live("c", "ab")]);

        Assert.IsEmpty(store.DeleteByTags(["%"]));
        Assert.IsEmpty(store.DeleteByTags(["a%"]));
        CollectionAssert.AreEqual(new[] { "b" }, store.DeleteByTags(["a_c"]).ToArray());
        Assert.AreEqual(2L, store.Count());
    }

    [TestMethod]
    public void DeleteByTags_SubstringOfAnotherTag_DoesNotMatch()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([Entries.Live("a", "user:1"), Entries.Live("b", "user:10"), Entries.Live("c", "user")]);

        CollectionAssert.AreEqual(new[] { "a" }, store.DeleteByTags(["user:1"]).ToArray());
        CollectionAssert.AreEqual(new[] { "c" }, store.DeleteByTags(["user"], exactMatch: true).ToArray());
        CollectionAssert.AreEqual(new[] { "b" }, store.Keys().ToArray());
    }

    [TestMethod]
    public void DeleteByTags_TagsAreCaseSensitive()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.SetMany([Entries.Live("a", "Tag"), Entries.Live("b", "tag")]);

        CollectionAssert.AreEqual(new[] { "b" }, store.DeleteByTags(["tag"]).ToArray());
    }
}
