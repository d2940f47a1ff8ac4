using System.Text.Json;

namespace Cachetronomy.Cli.Tests;

[TestClass]
public sealed class DataCommandTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Set_ThenGet_PrintsTheStringAsIs()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "greeting", "hello world")).AssertSuccess();

        CliResult get = (await cli.RunAsync("get", "greeting")).AssertSuccess();

        Assert.AreEqual("hello world" + Environment.NewLine, get.Stdout);
        Assert.AreEqual(string.Empty, get.Stderr);
    }

    [TestMethod]
    public async Task Get_Json_ReturnsKeyValueEncodingAndMetadata()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "v", "--tags", "a", "b", "--version", "7")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("get", "k", "--json")).AssertSuccess().Json();

        Assert.AreEqual("k", json.GetProperty("key").GetString());
        Assert.AreEqual("v", json.GetProperty("value").GetString());
        Assert.AreEqual("text", json.GetProperty("valueEncoding").GetString());
        JsonElement metadata = json.GetProperty("metadata");
        Assert.AreEqual("string", metadata.GetProperty("format").GetString());
        Assert.AreEqual(7, metadata.GetProperty("version").GetInt64());
        Assert.AreEqual("default", metadata.GetProperty("savedByProfile").GetString());
        CollectionAssert.AreEqual(new[] { "a", "b" }, metadata.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToArray());
    }

    [TestMethod]
    public async Task Set_FormatJson_GetPrintsIndentedJsonAndAppReadsAnObject()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "user", """{"Name":"Ada","Age":36}""", "--format", "json")).AssertSuccess();

        CliResult get = (await cli.RunAsync("get", "user")).AssertSuccess();
        StringAssert.Contains(get.Stdout, Environment.NewLine + "  \"Name\": \"Ada\"");

        using Cachetronaut app = cli.OpenApp();
        User? user = app.Get<User>("user");
        Assert.AreEqual(new User("Ada", 36), user);
    }

    [TestMethod]
    public async Task Set_FormatBytes_StoresBase64AndGetPrintsBase64()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "blob", Convert.ToBase64String([1, 2, 3]), "--format", "bytes")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("get", "blob", "--json")).AssertSuccess().Json();

        Assert.AreEqual("base64", json.GetProperty("valueEncoding").GetString());
        Assert.AreEqual("AQID", json.GetProperty("value").GetString());
        using Cachetronaut app = cli.OpenApp();
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, app.Get<byte[]>("blob"));
    }

    [TestMethod]
    public async Task Set_TagsAsJsonList_AcceptsTheSeedForm()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "v", """--tags=["api","x"]""")).AssertSuccess();

        JsonElement metadata = (await cli.RunAsync("key-metadata", "k", "--json")).AssertSuccess().Json();

        CollectionAssert.AreEqual(new[] { "api", "x" }, metadata.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToArray());
    }

    [TestMethod]
    public async Task Set_TimeToLive_SetsTheExpiry()
    {
        using var cli = new CliHarness();
        DateTimeOffset before = DateTimeOffset.UtcNow;
        (await cli.RunAsync("set", "k", "v", "--time-to-live", "120")).AssertSuccess();

        JsonElement metadata = (await cli.RunAsync("key-metadata", "k", "--json")).AssertSuccess().Json();

        DateTimeOffset expires = metadata.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.IsTrue(expires >= before.AddSeconds(119) && expires <= DateTimeOffset.UtcNow.AddSeconds(121), expires.ToString("O"));
    }

    [TestMethod]
    public async Task Set_InvalidJsonValue_IsAUsageError()
    {
        using var cli = new CliHarness();

        CliResult result = await cli.RunAsync("set", "k", "{not json", "--format", "json");

        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.Stderr, "not valid JSON");
        Assert.AreEqual(string.Empty, result.Stdout);
    }

    [TestMethod]
    [DataRow("set", "k", "v", "--format", "xml")]
    [DataRow("set", "k")]
    [DataRow("set", "k", "v", "--time-to-live", "soon")]
    [DataRow("get")]
    [DataRow("get", "a", "b")]
    [DataRow("no-such-command")]
    [DataRow("items", "--limit", "-1")]
    public async Task BadArguments_ExitWithTwo(params string[] args)
    {
        using var cli = new CliHarness();

        CliResult result = await cli.RunAsync(args);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreNotEqual(string.Empty, result.Stderr);
    }

    [TestMethod]
    public async Task Get_MissingKey_ExitsWithOne()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "other", "v")).AssertSuccess();

        CliResult result = await cli.RunAsync("get", "absent", "--json");

        Assert.AreEqual(1, result.ExitCode);
        Assert.AreEqual(string.Empty, result.Stdout);
        StringAssert.Contains(result.Stderr, "absent");
    }

    [TestMethod]
    public async Task Get_KeyStartingWithAt_IsNotAResponseFile()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "@handle", "v")).AssertSuccess();

        CliResult get = (await cli.RunAsync("get", "@handle")).AssertSuccess();

        Assert.AreEqual("v", get.Stdout.Trim());
    }

    [TestMethod]
    public async Task Delete_ReportsWhetherTheKeyExisted()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "v")).AssertSuccess();

        JsonElement first = (await cli.RunAsync("delete", "k", "--json")).AssertSuccess().Json();
        JsonElement second = (await cli.RunAsync("delete", "k", "--json")).AssertSuccess().Json();

        Assert.IsTrue(first.GetProperty("deleted").GetBoolean());
        Assert.IsFalse(second.GetProperty("deleted").GetBoolean());
        Assert.AreEqual(1, (await cli.RunAsync("get", "k")).ExitCode);
    }

    [TestMethod]
    public async Task GetMany_ReturnsHitsByKeyAndNamesMisses()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "a", "1")).AssertSuccess();
        (await cli.RunAsync("set", "b", "[2]", "--format", "json")).AssertSuccess();

        CliResult result = (await cli.RunAsync("get-many", "a", "b", "c", "--json")).AssertSuccess();

        JsonElement json = result.Json();
        Assert.AreEqual("1", json.GetProperty("a").GetProperty("value").GetString());
        Assert.AreEqual(2, json.GetProperty("b").GetProperty("value")[0].GetInt32());
        Assert.AreEqual("json", json.GetProperty("b").GetProperty("format").GetString());
        Assert.IsFalse(json.TryGetProperty("c", out _));
        StringAssert.Contains(result.Stderr, "c");
    }

    [TestMethod]
    public async Task SetMany_FromStdin_StoresEveryValueAsJson()
    {
        using var cli = new CliHarness();

        JsonElement json = (await cli.RunWithInputAsync("""{"a": 1, "b": {"x": true}, "c": "text"}""", "set-many", "--tags", "bulk", "--json")).AssertSuccess().Json();

        Assert.AreEqual(3, json.GetProperty("stored").GetInt32());
        using Cachetronaut app = cli.OpenApp();
        Assert.AreEqual(1, app.Get<int>("a"));
        Assert.AreEqual("text", app.Get<string>("c"));
        CollectionAssert.AreEqual(new[] { "bulk" }, app.KeyMetadata("b")!.Tags.ToArray());
    }

    [TestMethod]
    public async Task SetMany_FromFileAsStrings_StoresStrings()
    {
        using var cli = new CliHarness();
        string file = Path.Combine(cli.Directory, "items.json");
        await File.WriteAllTextAsync(file, """{"a": "one", "b": "two"}""", TestContext.CancellationToken);

        (await cli.RunAsync("set-many", "--file", "items.json", "--format", "string")).AssertSuccess();

        JsonElement metadata = (await cli.RunAsync("key-metadata", "b", "--json")).AssertSuccess().Json();
        Assert.AreEqual("string", metadata.GetProperty("format").GetString());
        Assert.AreEqual("two", (await cli.RunAsync("get", "b")).AssertSuccess().Stdout.Trim());
    }

    [TestMethod]
    [DataRow("[1,2]")]
    [DataRow("{not json")]
    [DataRow("{}")]
    public async Task SetMany_InputThatIsNotAnObject_IsAUsageErrorAndCreatesNoFile(string input)
    {
        using var cli = new CliHarness();

        CliResult result = await cli.RunWithInputAsync(input, "set-many");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.IsFalse(File.Exists(cli.DatabasePath));
    }

    [TestMethod]
    public async Task SetMany_StringFormatWithANonStringValue_IsAUsageError()
    {
        using var cli = new CliHarness();

        CliResult result = await cli.RunWithInputAsync("""{"a": 1}""", "set-many", "--format", "string");

        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.Stderr, "'a'");
    }

    [TestMethod]
    public async Task DeleteMany_CountsTheKeysThatExisted()
    {
        using var cli = new CliHarness();
        (await cli.RunWithInputAsync("""{"a": 1, "b": 2, "c": 3}""", "set-many")).AssertSuccess();

        JsonElement json = (await cli.RunAsync("delete-many", "a", "b", "zzz", "--json")).AssertSuccess().Json();

        Assert.AreEqual(2, json.GetProperty("deleted").GetInt32());
        JsonElement keys = (await cli.RunAsync("store-keys", "--json")).AssertSuccess().Json();
        CollectionAssert.AreEqual(new[] { "c" }, keys.EnumerateArray().Select(k => k.GetString()).ToArray());
    }

    [TestMethod]
    public async Task Get_ValueWrittenByAnApp_IsRenderedAsJson()
    {
        using var cli = new CliHarness();
        using (Cachetronaut app = cli.OpenApp())
        {
            app.Set("user", new User("Grace", 85));
        }

        JsonElement json = (await cli.RunAsync("get", "user", "--json")).AssertSuccess().Json();

        Assert.AreEqual("json", json.GetProperty("valueEncoding").GetString());
        Assert.AreEqual("Grace", json.GetProperty("value").GetProperty("Name").GetString());
    }

    public sealed record User(string Name, int Age);
}
