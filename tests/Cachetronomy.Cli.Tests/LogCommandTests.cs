using System.Text.Json;

namespace Cachetronomy.Cli.Tests;

[TestClass]
public sealed class LogCommandTests
{
    private static async Task<CliHarness> WithAccessesAsync()
    {
        var cli = new CliHarness();
        (await cli.RunWithInputAsync("""{"a": 1, "b": 2}""", "set-many")).AssertSuccess();
        using Cachetronaut app = cli.OpenApp();
        _ = app.Get<int>("a");
        _ = app.Get<int>("a");
        _ = app.Get<int>("b");
        return cli;
    }

    [TestMethod]
    public async Task AccessLogs_ListsCountedKeys()
    {
        using CliHarness cli = await WithAccessesAsync();

        JsonElement json = (await cli.RunAsync("access-logs", "--json")).AssertSuccess().Json();

        Dictionary<string, long> counts = json.EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("accessCount").GetInt64());
        Assert.AreEqual(2, counts["a"]);
        Assert.AreEqual(1, counts["b"]);
    }

    [TestMethod]
    public async Task KeyAccessLogs_ShowsOneRowOrNull()
    {
        using CliHarness cli = await WithAccessesAsync();

        JsonElement row = (await cli.RunAsync("key-access-logs", "a", "--json")).AssertSuccess().Json();
        JsonElement none = (await cli.RunAsync("key-access-logs", "never", "--json")).AssertSuccess().Json();

        Assert.AreEqual(2, row.GetProperty("accessCount").GetInt64());
        Assert.AreEqual(JsonValueKind.Null, none.ValueKind);
    }

    [TestMethod]
    public async Task DeleteAccessLogs_RemovesOneKeysRow()
    {
        using CliHarness cli = await WithAccessesAsync();

        Assert.IsTrue((await cli.RunAsync("delete-access-logs", "a", "--json")).AssertSuccess().Json().GetProperty("deleted").GetBoolean());

        Assert.AreEqual(JsonValueKind.Null, (await cli.RunAsync("key-access-logs", "a", "--json")).Json().ValueKind);
        Assert.AreEqual(1, (await cli.RunAsync("access-logs", "--json")).Json().GetArrayLength());
    }

    [TestMethod]
    public async Task ClearAccessLogs_RemovesEveryRow()
    {
        using CliHarness cli = await WithAccessesAsync();

        JsonElement json = (await cli.RunAsync("clear-access-logs", "--json")).AssertSuccess().Json();

        Assert.AreEqual(2, json.GetProperty("deleted").GetInt32());
        Assert.AreEqual(0, (await cli.RunAsync("access-logs", "--json")).Json().GetArrayLength());
    }

    [TestMethod]
    public async Task EvictionLogs_ShowTagInvalidations_AndClearEmptiesThem()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "a", "1", "--tags", "t")).AssertSuccess();
        (await cli.RunAsync("clear-by-tags", "--tags", "t")).AssertSuccess();

        JsonElement logs = (await cli.RunAsync("eviction-logs", "--limit", "10", "--json")).AssertSuccess().Json();

        Assert.AreEqual(1, logs.GetArrayLength());
        Assert.AreEqual("a", logs[0].GetProperty("key").GetString());
        Assert.AreEqual(EvictionReasons.TagInvalidation, logs[0].GetProperty("reason").GetString());

        JsonElement cleared = (await cli.RunAsync("clear-eviction-logs", "--json")).AssertSuccess().Json();
        Assert.AreEqual(1, cleared.GetProperty("deleted").GetInt32());
        Assert.AreEqual(0, (await cli.RunAsync("eviction-logs", "--json")).Json().GetArrayLength());
    }

    [TestMethod]
    public async Task EvictionLogs_Human_ShowsTheReason()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "a", "1", "--tags", "t")).AssertSuccess();
        (await cli.RunAsync("clear-by-tags", "--tags", "t")).AssertSuccess();

        string stdout = (await cli.RunAsync("eviction-logs")).AssertSuccess().Stdout;

        StringAssert.StartsWith(stdout, "id  key  evicted at");
        StringAssert.Contains(stdout, "tag_invalidation");
    }
}
