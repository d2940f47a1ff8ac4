using System.Collections;
using System.CommandLine;
using System.Text.Json;
using Cachetronomy.Cli;

namespace Cachetronomy.Cli.Tests;

[TestClass]
public sealed class GlobalBehaviourTests
{
    public TestContext TestContext { get; set; } = null!;

    // Every command that must not create a missing file, with the arguments it needs.
    public static IEnumerable<object[]> CommandsThatNeedAFile =>
    [
        ["get", "k"], ["delete", "k"], ["evict", "k"], ["evict-all"], ["all-keys"], ["store-keys"], ["key-metadata", "k"],
        ["store-metadata"], ["items"], ["clear-all"], ["clear-expired"], ["clear-by-tags", "--tags", "t"], ["clear-by-profile", "p"],
        ["store-stats"], ["access-logs"], ["key-access-logs", "k"], ["clear-access-logs"], ["delete-access-logs", "k"],
        ["eviction-logs"], ["clear-eviction-logs"], ["list-profiles"], ["get-profile"], ["set-profile", "p"], ["delete-profile", "p"],
        ["health-check"], ["stats"], ["get-many", "k"], ["delete-many", "k"],
    ];

    // Every command, with arguments that succeed on a file holding key 'k' (tag 't') and profile 'p'.
    public static IEnumerable<object[]> EveryCommand =>
    [
        ["set", "k2", "v"], ["get", "k"], ["delete", "k"], ["evict", "k"], ["evict-all"], ["all-keys"], ["store-keys"], ["key-metadata", "k"],
        ["store-metadata"], ["items"], ["clear-all"], ["clear-expired"], ["clear-by-tags", "--tags", "t"], ["clear-by-profile", "p"],
        ["store-stats"], ["access-logs"], ["key-access-logs", "k"], ["clear-access-logs"], ["delete-access-logs", "k"],
        ["eviction-logs"], ["clear-eviction-logs"], ["list-profiles"], ["get-profile"], ["set-profile", "p"],
        ["update-active-profile", "--time-to-live", "60"], ["delete-profile", "p"], ["health-check"], ["stats"],
        ["get-many", "k"], ["delete-many", "k"],
    ];

    [TestMethod]
    [DynamicData(nameof(CommandsThatNeedAFile))]
    public async Task ReadCommand_OnAMissingFile_ExitsWithThreeAndCreatesNothing(params string[] args)
    {
        using var cli = new CliHarness();

        CliResult result = await cli.RunAsync(args);

        Assert.AreEqual(3, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Stderr, "does not exist");
        Assert.AreEqual(string.Empty, result.Stdout);
        Assert.IsFalse(File.Exists(cli.DatabasePath));
        Assert.IsEmpty(Directory.GetFiles(cli.Directory));
    }

    [TestMethod]
    [DynamicData(nameof(EveryCommand))]
    public async Task EveryCommand_Json_WritesExactlyOneDocument(params string[] args)
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("set", "k", "v", "--tags", "t")).AssertSuccess();
        (await cli.RunAsync("set-profile", "p", "--time-to-live", "60")).AssertSuccess();

        CliResult result = (await cli.RunAsync([.. args, "--json"])).AssertSuccess();

        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(result.Stdout));
        Assert.IsTrue(JsonDocument.TryParseValue(ref reader, out JsonDocument? document), result.Stdout);
        document!.Dispose();
        Assert.IsFalse(reader.Read(), "more than one JSON document");
    }

    [TestMethod]
    public async Task NotACachetronomyFile_ExitsWithThree()
    {
        using var cli = new CliHarness();
        await File.WriteAllTextAsync(cli.DatabasePath, "this is not a database, just text that is long enough to have a header........", TestContext.CancellationToken);

        CliResult result = await cli.RunAsync("store-keys");

        Assert.AreEqual(3, result.ExitCode, result.ToString());
        Assert.AreNotEqual(string.Empty, result.Stderr);
    }

    [TestMethod]
    public async Task DatabasePath_FromEnvironment_IsUsed()
    {
        using var cli = new CliHarness();
        var environment = new Hashtable { ["CACHETRONOMY_DB_PATH"] = cli.DatabasePath };

        (await cli.RunRawAsync(["set", "k", "v"], environment: environment)).AssertSuccess();

        Assert.IsTrue(File.Exists(cli.DatabasePath));
        Assert.AreEqual("v", (await cli.RunAsync("get", "k")).AssertSuccess().Stdout.Trim());
    }

    [TestMethod]
    public async Task DatabasePath_Default_IsCachetronomyDbInTheCurrentFolder()
    {
        using var cli = new CliHarness();

        (await cli.RunRawAsync(["set", "k", "v"])).AssertSuccess();

        Assert.IsTrue(File.Exists(Path.Combine(cli.Directory, "cachetronomy.db")));
    }

    [TestMethod]
    public async Task Help_ListsEveryCommand()
    {
        using var cli = new CliHarness();

        CliResult result = (await cli.RunRawAsync(["--help"])).AssertSuccess();

        foreach (string name in new[] { "set", "get", "get-many", "set-many", "delete-many", "update-active-profile", "health-check", "stats" })
        {
            StringAssert.Contains(result.Stdout, "  " + name + " ");
        }
    }

    [TestMethod]
    public void EveryCommand_HasADescriptionWithAnExample()
    {
        RootCommand root = CachetronomyCli.BuildRootCommand(new CommandSetup(new GlobalOptions(Path.GetTempPath(), new Hashtable()), Path.GetTempPath(), null));

        string[] expected =
        [
            "set", "get", "delete", "evict", "evict-all", "all-keys", "store-keys", "key-metadata", "store-metadata", "items",
            "clear-all", "clear-expired", "clear-by-tags", "clear-by-profile", "store-stats", "access-logs", "key-access-logs",
            "clear-access-logs", "delete-access-logs", "eviction-logs", "clear-eviction-logs", "list-profiles", "get-profile",
            "set-profile", "update-active-profile", "delete-profile", "health-check", "stats", "get-many", "set-many", "delete-many",
        ];
        CollectionAssert.AreEquivalent(expected, root.Subcommands.Select(c => c.Name).ToArray());
        foreach (Command command in root.Subcommands)
        {
            StringAssert.Contains(command.Description, "Example: ", command.Name);
            StringAssert.Matches(command.Description, new System.Text.RegularExpressions.Regex($@"cachetronomy( --\S+ \S+)* {command.Name}(\s|$)"), command.Name);
        }
    }

    [TestMethod]
    public async Task CommandHelp_ShowsTheExample()
    {
        using var cli = new CliHarness();

        CliResult result = (await cli.RunRawAsync(["get", "--help"])).AssertSuccess();

        StringAssert.Contains(result.Stdout, "Example: cachetronomy get user:42");
        Assert.IsFalse(File.Exists(cli.DatabasePath));
    }

    [TestMethod]
    public async Task Version_PrintsTheToolVersion()
    {
        using var cli = new CliHarness();

        CliResult result = (await cli.RunRawAsync(["--version"])).AssertSuccess();

        Assert.AreEqual(CachetronomyCli.Version, result.Stdout.Trim());
        StringAssert.StartsWith(result.Stdout, "0.1.0");
    }

    [TestMethod]
    public async Task SetVersionOption_IsTheEntryVersionNotTheToolVersion()
    {
        using var cli = new CliHarness();

        (await cli.RunAsync("set", "k", "v", "--version", "4")).AssertSuccess();

        Assert.AreEqual(4, (await cli.RunAsync("key-metadata", "k", "--json")).Json().GetProperty("version").GetInt64());
    }

    [TestMethod]
    public async Task NoCommand_IsAUsageError()
    {
        using var cli = new CliHarness();

        Assert.AreEqual(2, (await cli.RunRawAsync([])).ExitCode);
    }

    [TestMethod]
    public async Task WhileAnAppHoldsTheFileOpen_TheToolReadsAndWrites()
    {
        using var cli = new CliHarness();
        using Cachetronaut app = cli.OpenApp();
        app.Set("from-app", "a");

        (await cli.RunAsync("set", "from-cli", "c")).AssertSuccess();
        CliResult read = (await cli.RunAsync("get", "from-app")).AssertSuccess();

        Assert.AreEqual("a", read.Stdout.Trim());
        Assert.AreEqual("c", app.Get<string>("from-cli"));
    }
}
