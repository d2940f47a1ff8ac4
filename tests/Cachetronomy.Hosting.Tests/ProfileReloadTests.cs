using Cachetronomy.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cachetronomy.Hosting.Tests;

[TestClass]
public sealed class ProfileReloadTests
{
    public TestContext TestContext { get; set; } = null!;

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Cachetronomy:ActiveProfile"] = "web",
        ["Cachetronomy:Profiles:web:TimeToLive"] = "01:00:00",
        ["Cachetronomy:Profiles:web:TtlCleanupInterval"] = "00:10:00",
        ["Cachetronomy:Profiles:web:MaxItemsInMemory"] = "100",
    };

    [TestMethod]
    public async Task Reload_ChangedActiveProfile_AppliesLiveAndTheLoopTakesTheNewInterval()
    {
        await using var t = new TestHost();
        await t.StartAsync(Settings(), cancellationToken: TestContext.CancellationToken);
        TtlSweepService loop = t.Loop<TtlSweepService>();
        await loop.WhenParkedAsync(1).WaitAsync(TimeSpan.FromSeconds(30), TestContext.CancellationToken);
        for (int i = 0; i < 5; i++)
        {
            t.Engine.Set("k" + i, i);
        }

        long parks = loop.Parks;
        t.Reload(new Dictionary<string, string?>
        {
            ["Cachetronomy:Profiles:web:TimeToLive"] = "00:00:05",
            ["Cachetronomy:Profiles:web:TtlCleanupInterval"] = "00:00:10",
            ["Cachetronomy:Profiles:web:MaxItemsInMemory"] = "2",
        });
        await loop.WhenParkedAsync(parks + 1).WaitAsync(TimeSpan.FromSeconds(30), TestContext.CancellationToken);

        Assert.AreEqual(TimeSpan.FromSeconds(5), t.Engine.Profile.TimeToLive);
        Assert.AreEqual(2, t.Engine.MemoryKeys().Count, "The lower cap applies at once.");
        Assert.AreEqual(TimeSpan.FromSeconds(5), t.Engine.GetProfile("web")?.TimeToLive, "The stored profile follows configuration.");
        Assert.IsTrue(t.Logs.GetSnapshot().Any(r => r.Id.Id == 22));

        t.Engine.Set("short", 1);
        await t.AdvanceAsync(loop, TimeSpan.FromSeconds(10));
        Assert.AreEqual(1L, loop.Ticks, "The sweep ran after the new 10 s interval, not the old 10 minutes (B15).");
        Assert.DoesNotContain("short", t.Engine.StoreKeys().ToList());
    }

    [TestMethod]
    public async Task Reload_SwitchActiveProfile_AppliesTheOtherProfile()
    {
        await using var t = new TestHost();
        Dictionary<string, string?> settings = Settings();
        settings["Cachetronomy:Profiles:batch:TimeToLive"] = "1.00:00:00";
        await t.StartAsync(settings, cancellationToken: TestContext.CancellationToken);

        t.Reload(new Dictionary<string, string?> { ["Cachetronomy:ActiveProfile"] = "batch" });

        Assert.AreEqual("batch", t.Engine.Profile.Name);
        Assert.AreEqual(TimeSpan.FromDays(1), t.Engine.Profile.TimeToLive);
    }

    [TestMethod]
    public async Task Reload_InvalidProfile_IsLoggedAndTheLastGoodProfileStays()
    {
        await using var t = new TestHost();
        await t.StartAsync(Settings(), cancellationToken: TestContext.CancellationToken);
        CachetronomyProfile before = t.Engine.Profile;

        try
        {
            t.Reload(new Dictionary<string, string?> { ["Cachetronomy:Profiles:web:TimeToLive"] = "00:00:00" });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // The options monitor rethrows validation failures on the thread that raised the reload (dotnet/runtime#44381).
        }

        Assert.AreEqual(before, t.Engine.Profile);
        Assert.IsTrue(t.Logs.GetSnapshot().Any(r => r.Id.Id == 23 && r.Message.Contains("Cachetronomy:Profiles:web:TimeToLive", StringComparison.Ordinal)));

        t.Reload(new Dictionary<string, string?> { ["Cachetronomy:Profiles:web:TimeToLive"] = "00:02:00" });
        Assert.AreEqual(TimeSpan.FromMinutes(2), t.Engine.Profile.TimeToLive, "A later valid reload applies.");
    }

    [TestMethod]
    public async Task Reload_ProfileChosenAtRunTime_StaysWhenConfigurationDoesNotTouchIt()
    {
        await using var t = new TestHost();
        Dictionary<string, string?> settings = Settings();
        settings["Cachetronomy:Profiles:other:TimeToLive"] = "00:30:00";
        await t.StartAsync(settings, cancellationToken: TestContext.CancellationToken);
        t.Engine.SetProfile("other");

        t.Reload(new Dictionary<string, string?> { ["Cachetronomy:Profiles:web:TimeToLive"] = "00:20:00" });

        Assert.AreEqual("other", t.Engine.Profile.Name);
        Assert.AreEqual(TimeSpan.FromMinutes(20), t.Engine.GetProfile("web")?.TimeToLive);
        _ = t.Services.GetRequiredService<IOptionsMonitor<CachetronomyOptions>>().CurrentValue;
    }
}
