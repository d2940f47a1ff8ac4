using Cachetronomy.Extensions.Tests.Internal;

namespace Cachetronomy.Extensions.Tests;

[TestClass]
public sealed class CachetronautProfileTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Construction_AppliesConfiguredActiveProfileAndStoresIt()
    {
        await using var t = new TestCache(o =>
        {
            o.Profiles["production"] = new CachetronomyProfile { TimeToLive = TimeSpan.FromMinutes(5), MaxItemsInMemory = 7 };
            o.ActiveProfile = "production";
        });
        Assert.AreEqual("production", t.Cache.Profile.Name);
        Assert.AreEqual(TimeSpan.FromMinutes(5), t.Cache.Profile.TimeToLive);
        Assert.IsNotNull(t.Cache.GetProfile("production"));
        t.Cache.Set("k", 1);
        Assert.AreEqual(t.Time.GetUtcNow().AddMinutes(5), t.Cache.KeyMetadata("k")!.ExpiresAt);
    }

    [TestMethod]
    public async Task Construction_UnknownActiveProfile_Throws()
    {
        await using var t = new TestCache();
        var options = new CachetronomyOptions { DatabasePath = t.DatabasePath, ActiveProfile = "ghost" };
        Assert.ThrowsExactly<CachetronomyProfileNotFoundException>(() => new Cachetronaut(options, t.Time));
    }

    [TestMethod]
    public async Task Construction_InvalidConfiguredProfile_ThrowsNamingProperty()
    {
        await using var t = new TestCache();
        var options = new CachetronomyOptions { DatabasePath = t.DatabasePath };
        options.Profiles["bad"] = new CachetronomyProfile { TimeToLive = TimeSpan.Zero };
        ArgumentException ex = Assert.ThrowsExactly<ArgumentException>(() => new Cachetronaut(t.StoreProxy, options, t.Time));
        Assert.Contains("TimeToLive", ex.Message);
    }

    [TestMethod]
    [DataRow("TtlCleanupInterval")]
    [DataRow("MemoryCleanupInterval")]
    public async Task Construction_ProfileIntervalOver49Days_ThrowsNamingProperty(string property)
    {
        await using var t = new TestCache();
        var options = new CachetronomyOptions { DatabasePath = t.DatabasePath };
        options.Profiles["bad"] = property == "TtlCleanupInterval"
            ? new CachetronomyProfile { TtlCleanupInterval = TimeSpan.FromDays(60) }
            : new CachetronomyProfile { MemoryCleanupInterval = TimeSpan.FromDays(60) };
        ArgumentException ex = Assert.ThrowsExactly<ArgumentException>(() => new Cachetronaut(t.StoreProxy, options, t.Time));
        Assert.Contains(property, ex.Message);
    }

    [TestMethod]
    public async Task Construction_ForeignFile_FailsAtConstruction()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db");
        await File.WriteAllTextAsync(path, "this is not a database, just some text that is long enough to look like a header....", Token);
        try
        {
            Assert.ThrowsExactly<CachetronomyStoreException>(() => new Cachetronaut(new CachetronomyOptions { DatabasePath = path }));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task SetProfile_StoredProfile_BecomesActive()
    {
        await using var t = new TestCache();
        t.Sqlite.UpsertProfile(new CachetronomyProfile { Name = "production", MaxItemsInMemory = 1 });
        CachetronomyProfile applied = t.Cache.SetProfile("production");
        Assert.AreEqual("production", applied.Name);
        Assert.AreEqual("production", t.Cache.Profile.Name);
        t.Cache.Set("a", 1);
        t.Cache.Set("b", 2);
        Assert.HasCount(1, t.Cache.MemoryKeys());
    }

    [TestMethod]
    public async Task SetProfileAsync_Unknown_ThrowsAndKeepsActive()
    {
        await using var t = new TestCache();
        CachetronomyProfileNotFoundException ex = await Assert.ThrowsExactlyAsync<CachetronomyProfileNotFoundException>(async () =>
            await t.Cache.SetProfileAsync("ghost", Token));
        Assert.AreEqual("ghost", ex.ProfileName);
        Assert.AreEqual("default", t.Cache.Profile.Name);
        Assert.ThrowsExactly<CachetronomyProfileNotFoundException>(() => t.Cache.SetProfile("ghost"));
        Assert.AreEqual("default", t.Cache.Profile.Name);
    }

    [TestMethod]
    public async Task UpdateActiveProfile_ChangesOnlyGivenFieldsAndStoresThem()
    {
        await using var t = new TestCache();
        CachetronomyProfile updated = t.Cache.UpdateActiveProfile(new CachetronomyProfileUpdate { TimeToLive = TimeSpan.FromSeconds(10) });
        Assert.AreEqual(new CachetronomyProfile { TimeToLive = TimeSpan.FromSeconds(10) }, updated);
        Assert.AreEqual(updated, t.Cache.GetProfile("default"));
        Assert.AreEqual(updated, t.Cache.Profile);
    }

    [TestMethod]
    public async Task UpdateActiveProfileAsync_Invalid_ThrowsAndChangesNothing()
    {
        await using var t = new TestCache();
        ArgumentException ex = await Assert.ThrowsExactlyAsync<ArgumentException>(async () =>
            await t.Cache.UpdateActiveProfileAsync(new CachetronomyProfileUpdate { MaxItemsInMemory = -1 }, Token));
        Assert.Contains("MaxItemsInMemory", ex.Message);
        Assert.AreEqual(100, t.Cache.Profile.MaxItemsInMemory);
    }

    [TestMethod]
    public async Task UpdateActiveProfile_RaisesProfileChanged()
    {
        await using var t = new TestCache();
        CachetronomyProfile? seen = null;
        t.Cache.ProfileChanged += p => seen = p;
        t.Cache.UpdateActiveProfile(new CachetronomyProfileUpdate { TtlCleanupInterval = TimeSpan.FromSeconds(5) });
        Assert.AreEqual(TimeSpan.FromSeconds(5), seen?.TtlCleanupInterval);
    }

    [TestMethod]
    public async Task GetProfileAsync_Absent_ReturnsNullAndCreatesNothing()
    {
        await using var t = new TestCache();
        Assert.IsNull(await t.Cache.GetProfileAsync("nope", Token));
        Assert.IsFalse((await t.Cache.ListProfilesAsync(Token)).Any(p => p.Name == "nope"));
    }

    [TestMethod]
    public async Task DeleteProfile_Active_ThrowsInvalidOperation()
    {
        await using var t = new TestCache();
        Assert.ThrowsExactly<InvalidOperationException>(() => t.Cache.DeleteProfile("default"));
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(async () => await t.Cache.DeleteProfileAsync("default", Token));
    }

    [TestMethod]
    public async Task DeleteProfile_Inactive_RemovesIt()
    {
        await using var t = new TestCache(o => o.Profiles["alt"] = new CachetronomyProfile());
        Assert.IsTrue(t.Cache.DeleteProfile("alt"));
        Assert.IsFalse(t.Cache.ListProfiles().Any(p => p.Name == "alt"));
    }
}
