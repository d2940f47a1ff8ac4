using System.Collections;
using System.Text.Json;

namespace Cachetronomy.Cli.Tests;

[TestClass]
public sealed class ProfileCommandTests
{
    [TestMethod]
    public async Task ListProfiles_OnANewFile_HasTheDefault()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "v")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("list-profiles", "--json")).AssertSuccess().Json();

        Assert.AreEqual("default", json[0].GetProperty("name").GetString());
        Assert.AreEqual(3600, json[0].GetProperty("timeToLive").GetDouble());
    }

    [TestMethod]
    public async Task SetProfile_WithSettings_CreatesAndStoresIt()
    {
        using var cli = new CliHarness();

        JsonElement created = (await cli.RunAsync(
            "set-profile", "batch", "--time-to-live", "86400", "--memory-based-eviction", "false",
            "--max-items-in-memory", "500", "--free-memory-target", "0.2", "--tags", "jobs", "--json")).AssertSuccess().Json();

        Assert.AreEqual("batch", created.GetProperty("name").GetString());
        JsonElement stored = (await cli.RunAsync("get-profile", "batch", "--json")).AssertSuccess().Json();
        Assert.AreEqual(86400, stored.GetProperty("timeToLive").GetDouble());
        Assert.IsFalse(stored.GetProperty("memoryBasedEviction").GetBoolean());
        Assert.AreEqual(500, stored.GetProperty("maxItemsInMemory").GetInt32());
        Assert.AreEqual(0.2, stored.GetProperty("freeMemoryTarget").GetDouble());
        Assert.AreEqual("jobs", stored.GetProperty("tags")[0].GetString());
        Assert.AreEqual(60, stored.GetProperty("ttlCleanupInterval").GetDouble());
    }

    [TestMethod]
    public async Task SetProfile_WithSettings_KeepsUnsetStoredValues()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set-profile", "p", "--time-to-live", "10", "--max-items-in-memory", "7")).AssertSuccess();

        (await cli.RunAsync("set-profile", "p", "--time-to-live", "20")).AssertSuccess();

        JsonElement stored = (await cli.RunAsync("get-profile", "p", "--json")).AssertSuccess().Json();
        Assert.AreEqual(20, stored.GetProperty("timeToLive").GetDouble());
        Assert.AreEqual(7, stored.GetProperty("maxItemsInMemory").GetInt32());
    }

    [TestMethod]
    public async Task SetProfile_WithoutSettings_AppliesAStoredOne_OrExitsWithOne()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set-profile", "p", "--time-to-live", "10")).AssertSuccess();

        CliResult known = await cli.RunAsync("set-profile", "p", "--json");
        CliResult unknown = await cli.RunAsync("set-profile", "nope");

        Assert.AreEqual("p", known.AssertSuccess().Json().GetProperty("name").GetString());
        Assert.AreEqual(1, unknown.ExitCode);
        StringAssert.Contains(unknown.Stderr, "nope");
    }

    [TestMethod]
    public async Task SetProfile_InvalidSetting_IsAUsageError()
    {
        using var cli = new CliHarness();

        CliResult result = await cli.RunAsync("set-profile", "p", "--time-to-live", "0");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual(1, (await cli.RunAsync("get-profile", "p")).ExitCode);
    }

    [TestMethod]
    public async Task GetProfile_WithoutName_ShowsTheSessionProfile()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set-profile", "p", "--time-to-live", "10")).AssertSuccess();

        JsonElement byOption = (await cli.RunAsync("--profile", "p", "get-profile", "--json")).AssertSuccess().Json();
        JsonElement byEnvironment = (await cli.RunRawAsync(
            ["--db-path", cli.DatabasePath, "get-profile", "--json"],
            environment: new Hashtable { ["CACHETRONOMY_PROFILE"] = "p" })).AssertSuccess().Json();

        Assert.AreEqual("p", byOption.GetProperty("name").GetString());
        Assert.AreEqual("p", byEnvironment.GetProperty("name").GetString());
    }

    [TestMethod]
    public async Task GetProfile_Absent_ExitsWithOne()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "v")).AssertSuccess();

        CliResult result = await cli.RunAsync("get-profile", "nope", "--json");

        Assert.AreEqual(1, result.ExitCode);
        Assert.AreEqual(string.Empty, result.Stdout);
    }

    [TestMethod]
    public async Task SessionProfile_SetsSavedByProfileAndDefaultTimeToLive()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set-profile", "short", "--time-to-live", "30")).AssertSuccess();
        DateTimeOffset before = DateTimeOffset.UtcNow;

        (await cli.RunAsync("--profile", "short", "set", "k", "v")).AssertSuccess();

        JsonElement metadata = (await cli.RunAsync("key-metadata", "k", "--json")).AssertSuccess().Json();
        Assert.AreEqual("short", metadata.GetProperty("savedByProfile").GetString());
        Assert.IsTrue(metadata.GetProperty("expiresAt").GetDateTimeOffset() <= before.AddSeconds(60));
    }

    [TestMethod]
    public async Task UnknownSessionProfile_ExitsWithOne()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "v")).AssertSuccess();

        Assert.AreEqual(1, (await cli.RunAsync("--profile", "ghost", "set", "k", "v")).ExitCode);
    }

    [TestMethod]
    public async Task UpdateActiveProfile_ChangesTheSessionProfile()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set-profile", "p", "--time-to-live", "10")).AssertSuccess();

        JsonElement updated = (await cli.RunAsync("--profile", "p", "update-active-profile", "--max-items-in-memory", "3", "--json")).AssertSuccess().Json();

        Assert.AreEqual("p", updated.GetProperty("name").GetString());
        Assert.AreEqual(3, updated.GetProperty("maxItemsInMemory").GetInt32());
        Assert.AreEqual(10, updated.GetProperty("timeToLive").GetDouble());
        Assert.AreEqual(3, (await cli.RunAsync("get-profile", "p", "--json")).Json().GetProperty("maxItemsInMemory").GetInt32());
    }

    [TestMethod]
    public async Task UpdateActiveProfile_WithoutSettings_IsAUsageError()
    {
        using var cli = new CliHarness();

        Assert.AreEqual(2, (await cli.RunAsync("update-active-profile")).ExitCode);
        Assert.AreEqual(2, (await cli.RunAsync("update-active-profile", "--memory-based-eviction", "maybe")).ExitCode);
    }

    [TestMethod]
    public async Task DeleteProfile_RemovesIt_ButNotTheSessionProfile()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set-profile", "p", "--time-to-live", "10")).AssertSuccess();

        JsonElement deleted = (await cli.RunAsync("delete-profile", "p", "--json")).AssertSuccess().Json();
        CliResult own = await cli.RunAsync("delete-profile", "default");

        Assert.IsTrue(deleted.GetProperty("deleted").GetBoolean());
        Assert.AreEqual(1, (await cli.RunAsync("get-profile", "p")).ExitCode);
        Assert.AreEqual(2, own.ExitCode);
        StringAssert.Contains(own.Stderr, "active");
    }
}
