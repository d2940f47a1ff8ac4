namespace Cachetronomy.Cli.Tests;

/// <summary>A running app (here an engine on a fake clock) sees what the tool changes within one coherence interval.</summary>
[TestClass]
public sealed class CoherenceCommandTests
{
    [TestMethod]
    public async Task Delete_FromTheCli_IsSeenByARunningAppWithinOneInterval()
    {
        using var cli = new CliHarness();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new Cachetronaut(new CachetronomyOptions { DatabasePath = cli.DatabasePath }, time);
        app.Set("k", "cached in the app");

        (await cli.RunAsync("delete", "k")).AssertSuccess();
        time.Advance(CachetronomyOptions.DefaultCoherenceInterval);

        Assert.IsNull(app.Get<string>("k"));
    }

    [TestMethod]
    public async Task Set_FromTheCli_IsSeenByARunningAppWithinOneInterval()
    {
        using var cli = new CliHarness();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new Cachetronaut(new CachetronomyOptions { DatabasePath = cli.DatabasePath }, time);
        app.Set("k", "old");

        (await cli.RunAsync("set", "k", "new")).AssertSuccess();
        time.Advance(CachetronomyOptions.DefaultCoherenceInterval);

        Assert.AreEqual("new", app.Get<string>("k"));
    }

    [TestMethod]
    public async Task Evict_FromTheCli_DropsTheKeyFromARunningAppsRamAndKeepsTheRow()
    {
        using var cli = new CliHarness();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new Cachetronaut(new CachetronomyOptions { DatabasePath = cli.DatabasePath }, time);
        app.Set("k", "v");
        app.Set("other", "v");

        (await cli.RunAsync("evict", "k")).AssertSuccess();
        time.Advance(CachetronomyOptions.DefaultCoherenceInterval);

        CollectionAssert.AreEqual(new[] { "other" }, app.MemoryKeys().ToArray());
        Assert.AreEqual("v", app.Get<string>("k"));

        (await cli.RunAsync("evict-all")).AssertSuccess();
        time.Advance(CachetronomyOptions.DefaultCoherenceInterval);

        Assert.IsEmpty(app.MemoryKeys());
    }
}
