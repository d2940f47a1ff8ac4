namespace Cachetronomy.Storage.Sqlite.Tests;

[TestClass]
public sealed class SqliteCacheStoreProfileTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Open_NewFile_SeedsDefaultProfile()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        Assert.AreEqual(new CachetronomyProfile(), store.GetProfile(CachetronomyProfile.DefaultName));
    }

    [TestMethod]
    public void UpsertProfile_ThenGet_RoundTripsAndReplaces()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        var profile = new CachetronomyProfile
        {
            Name = "fast",
            TimeToLive = TimeSpan.FromSeconds(5),
            TtlCleanupInterval = TimeSpan.Zero,
            MemoryBasedEviction = false,
            FreeMemoryTarget = 0.25,
            MemoryCleanupInterval = TimeSpan.FromMilliseconds(1500),
            MaxItemsInMemory = 0,
            Tags = ["x", "y😀"],
        };

        store.UpsertProfile(profile);
        Assert.AreEqual(profile, store.GetProfile("fast"));

        store.UpsertProfile(profile with { MaxItemsInMemory = 7 });
        Assert.AreEqual(7, store.GetProfile("fast")!.MaxItemsInMemory);
        Assert.HasCount(2, store.ListProfiles());
    }

    [TestMethod]
    public async Task ProfilesAsync_ListByNameAndDelete()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        await store.UpsertProfileAsync(new CachetronomyProfile { Name = "zeta" }, TestContext.CancellationToken);
        await store.UpsertProfileAsync(new CachetronomyProfile { Name = "alpha" }, TestContext.CancellationToken);

        var names = (await store.ListProfilesAsync(TestContext.CancellationToken)).Select(p => p.Name).ToArray();
        CollectionAssert.AreEqual(new[] { "alpha", "default", "zeta" }, names);
        Assert.IsTrue(await store.DeleteProfileAsync("zeta", TestContext.CancellationToken));
        Assert.IsFalse(await store.DeleteProfileAsync("zeta", TestContext.CancellationToken));
        Assert.IsNull(await store.GetProfileAsync("zeta", TestContext.CancellationToken));
    }

    [TestMethod]
    public void DeleteProfile_Default_IsSeededAgainOnReopen()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        Assert.IsTrue(store.DeleteProfile("default"));
        Assert.IsNull(store.GetProfile("default"));
        store.Dispose();

        var reopened = db.Open();

        Assert.AreEqual(new CachetronomyProfile(), reopened.GetProfile("default"));
    }

    [TestMethod]
    public void Open_ChangedDefaultProfile_IsNotOverwritten()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.UpsertProfile(new CachetronomyProfile { MaxItemsInMemory = 5 });
        store.Dispose();

        var reopened = db.Open();

        Assert.AreEqual(5, reopened.GetProfile("default")!.MaxItemsInMemory);
    }

    [TestMethod]
    public void UpsertProfile_InvalidValues_Throw()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        Assert.ThrowsExactly<ArgumentNullException>(() => store.UpsertProfile(null!));
        Assert.ThrowsExactly<ArgumentException>(() => store.UpsertProfile(new CachetronomyProfile { Name = " " }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.UpsertProfile(new CachetronomyProfile { Name = "p", TimeToLive = TimeSpan.Zero }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.UpsertProfile(new CachetronomyProfile { Name = "p", TtlCleanupInterval = TimeSpan.FromSeconds(-1) }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.UpsertProfile(new CachetronomyProfile { Name = "p", MemoryCleanupInterval = TimeSpan.FromSeconds(-1) }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.UpsertProfile(new CachetronomyProfile { Name = "p", FreeMemoryTarget = -1 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.UpsertProfile(new CachetronomyProfile { Name = "p", FreeMemoryTarget = double.NaN }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => store.UpsertProfile(new CachetronomyProfile { Name = "p", MaxItemsInMemory = -1 }));
        Assert.ThrowsExactly<ArgumentException>(() => store.UpsertProfile(new CachetronomyProfile { Name = "p", Tags = [""] }));
        Assert.HasCount(1, store.ListProfiles());
    }
}
