using System.Text.Json;

namespace Cachetronomy.Cli.Tests;

[TestClass]
public sealed class EvictionCommandTests
{
    [TestMethod]
    public async Task Evict_KeyNotInTheToolsRam_LeavesTheEntryInTheFile()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "v")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("evict", "k", "--json")).AssertSuccess().Json();

        Assert.IsFalse(json.GetProperty("evicted").GetBoolean());
        Assert.AreEqual("v", (await cli.RunAsync("get", "k")).AssertSuccess().Stdout.Trim());
    }

    [TestMethod]
    public async Task EvictAll_ReportsACountAndKeepsEntries()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "v")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("evict-all", "--json")).AssertSuccess().Json();

        Assert.AreEqual(0, json.GetProperty("evicted").GetInt32());
        Assert.AreEqual(0, (await cli.RunAsync("get", "k")).ExitCode);
    }

    [TestMethod]
    public async Task ClearAll_DeletesEveryEntryButKeepsProfiles()
    {
        using var cli = new CliHarness();
        (await cli.RunWithInputAsync("""{"a": 1, "b": 2}""", "set-many")).AssertSuccess();
        (await cli.RunAsync("set-profile", "p", "--time-to-live", "5")).AssertSuccess();

        CliResult result = (await cli.RunAsync("clear-all")).AssertSuccess();

        StringAssert.Contains(result.Stdout, "Deleted every entry");
        Assert.AreEqual(0, (await cli.RunAsync("store-keys", "--json")).AssertSuccess().Json().GetArrayLength());
        Assert.AreEqual(0, (await cli.RunAsync("get-profile", "p")).ExitCode);
    }

    [TestMethod]
    public async Task ClearExpired_WithNothingExpired_DeletesNothing()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "v")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("clear-expired", "--json")).AssertSuccess().Json();

        Assert.AreEqual(0, json.GetProperty("deleted").GetInt32());
    }

    [TestMethod]
    public async Task ClearByTags_AnyTag_DeletesEveryEntryWithOne()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "a", "1", "--tags", "x", "y")).AssertSuccess();
        (await cli.RunAsync("set", "b", "2", "--tags", "y")).AssertSuccess();
        (await cli.RunAsync("set", "c", "3", "--tags", "z")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("clear-by-tags", "--tags", "y", "--json")).AssertSuccess().Json();

        Assert.AreEqual(2, json.GetProperty("deleted").GetInt32());
        CollectionAssert.AreEqual(new[] { "c" }, (await cli.RunAsync("store-keys", "--json")).Json().EnumerateArray().Select(k => k.GetString()).ToArray());
    }

    [TestMethod]
    public async Task ClearByTags_ExactMatch_DeletesOnlyTheWholeSet()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "a", "1", "--tags", "x", "y")).AssertSuccess();
        (await cli.RunAsync("set", "b", "2", "--tags", "y")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("clear-by-tags", """--tags=["y","x"]""", "--exact-match", "--json")).AssertSuccess().Json();

        Assert.AreEqual(1, json.GetProperty("deleted").GetInt32());
        Assert.AreEqual(1, (await cli.RunAsync("get", "a")).ExitCode);
        Assert.AreEqual(0, (await cli.RunAsync("get", "b")).ExitCode);
    }

    [TestMethod]
    public async Task ClearByTags_WithoutTags_IsAUsageError()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "a", "1")).AssertSuccess();

        Assert.AreEqual(2, (await cli.RunAsync("clear-by-tags")).ExitCode);
        Assert.AreEqual(2, (await cli.RunAsync("clear-by-tags", "--tags=[1]")).ExitCode);
    }

    [TestMethod]
    public async Task ClearByProfile_DeletesOnlyThatProfilesEntries()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set-profile", "batch", "--time-to-live", "600")).AssertSuccess();
        (await cli.RunAsync("--profile", "batch", "set", "a", "1")).AssertSuccess();
        (await cli.RunAsync("set", "b", "2")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("clear-by-profile", "batch", "--json")).AssertSuccess().Json();

        Assert.AreEqual(1, json.GetProperty("deleted").GetInt32());
        CollectionAssert.AreEqual(new[] { "b" }, (await cli.RunAsync("store-keys", "--json")).Json().EnumerateArray().Select(k => k.GetString()).ToArray());
    }
}
