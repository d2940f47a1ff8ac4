using System.Text.Json;

namespace Cachetronomy.Cli.Tests;

[TestClass]
public sealed class IntrospectionCommandTests
{
    [TestMethod]
    [DataRow("all-keys")]
    [DataRow("store-keys")]
    public async Task Keys_Json_ListsEveryKey(string command)
    {
        using var cli = new CliHarness();
        (await cli.RunWithInputAsync("""{"b": 1, "a": 2}""", "set-many")).AssertSuccess();

        JsonElement json = (await cli.RunAsync(command, "--json")).AssertSuccess().Json();

        CollectionAssert.AreEquivalent(new[] { "a", "b" }, json.EnumerateArray().Select(k => k.GetString()).ToArray());
    }

    [TestMethod]
    public async Task Keys_Human_IsATableWithAHeader()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "alpha", "1")).AssertSuccess();

        string[] lines = (await cli.RunAsync("store-keys")).AssertSuccess().Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        CollectionAssert.AreEqual(new[] { "key", "-----", "alpha" }, lines);
    }

    [TestMethod]
    public async Task KeyMetadata_Absent_ExitsWithOne()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "v")).AssertSuccess();

        CliResult result = await cli.RunAsync("key-metadata", "nope");

        Assert.AreEqual(1, result.ExitCode);
        Assert.AreEqual(string.Empty, result.Stdout);
    }

    [TestMethod]
    public async Task KeyMetadata_Human_ShowsAlignedColumns()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "value", "--tags", "t1")).AssertSuccess();

        string[] lines = (await cli.RunAsync("key-metadata", "k")).AssertSuccess().Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.HasCount(3, lines);
        StringAssert.StartsWith(lines[0], "key  format  expires at");
        Assert.AreEqual(lines[0].IndexOf("format", StringComparison.Ordinal), lines[2].IndexOf("string", StringComparison.Ordinal));
        StringAssert.Contains(lines[2], "t1");
    }

    [TestMethod]
    public async Task StoreMetadata_Json_HasOneObjectPerEntry()
    {
        using var cli = new CliHarness();
        (await cli.RunWithInputAsync("""{"a": 1, "b": 2}""", "set-many")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("store-metadata", "--json")).AssertSuccess().Json();

        Assert.AreEqual(2, json.GetArrayLength());
        Assert.AreEqual("json", json[0].GetProperty("format").GetString());
    }

    [TestMethod]
    public async Task Items_Json_CarriesValuesAndMetadata()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "s", "text")).AssertSuccess();
        (await cli.RunAsync("set", "j", """{"n":1}""", "--format", "json")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("items", "--json")).AssertSuccess().Json();

        Dictionary<string, JsonElement> byKey = json.EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!);
        Assert.AreEqual("text", byKey["s"].GetProperty("value").GetString());
        Assert.AreEqual(1, byKey["j"].GetProperty("value").GetProperty("n").GetInt32());
        Assert.AreEqual("json", byKey["j"].GetProperty("metadata").GetProperty("format").GetString());
    }

    [TestMethod]
    public async Task Items_Limit_CapsTheRows()
    {
        using var cli = new CliHarness();
        (await cli.RunWithInputAsync("""{"a": 1, "b": 2, "c": 3}""", "set-many")).AssertSuccess();

        Assert.AreEqual(2, (await cli.RunAsync("items", "--limit", "2", "--json")).AssertSuccess().Json().GetArrayLength());
        Assert.AreEqual(3, (await cli.RunAsync("items", "--limit", "0", "--json")).AssertSuccess().Json().GetArrayLength());
    }

    [TestMethod]
    public async Task StoreStats_ShowsKeysAnAppRead()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "hot", "v")).AssertSuccess();
        using (Cachetronaut app = cli.OpenApp())
        {
            for (int i = 0; i < 3; i++)
            {
                _ = app.Get<string>("hot");
            }
        }

        JsonElement json = (await cli.RunAsync("store-stats", "--top", "5", "--json")).AssertSuccess().Json();

        Assert.AreEqual("hot", json[0].GetProperty("key").GetString());
        Assert.AreEqual(3, json[0].GetProperty("accessCount").GetInt64());
    }

    [TestMethod]
    public async Task HealthCheck_Json_ReportsAnAccessibleDatabase()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "v")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("health-check", "--json")).AssertSuccess().Json();

        Assert.IsTrue(json.GetProperty("databaseAccessible").GetBoolean());
        Assert.AreEqual(1, json.GetProperty("storeKeysCount").GetInt64());
        Assert.AreNotEqual("Unhealthy", json.GetProperty("status").GetString());
    }

    [TestMethod]
    public async Task Stats_Json_HasCountsAndFileFacts()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "v")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("stats", "--json")).AssertSuccess().Json();

        Assert.AreEqual(1, json.GetProperty("storeKeys").GetInt64());
        Assert.AreEqual("default", json.GetProperty("profile").GetString());
        Assert.AreEqual(cli.DatabasePath, json.GetProperty("file").GetProperty("databasePath").GetString());
        Assert.IsGreaterThan(0, json.GetProperty("file").GetProperty("fileSizeBytes").GetInt64());
    }
}
