using System.Diagnostics;
using Cachetronomy.Cli;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Cli.Tests;

/// <summary>
/// Packs the tool, installs it from the local package folder into a temp tool path, and runs the installed
/// <c>cachetronomy</c> as a real process against a file that an app-side <see cref="Cachetronaut"/> holds open.
/// </summary>
[TestClass]
public sealed class EndToEndTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromSeconds(120);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [TestCategory("EndToEnd")]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task InstalledTool_SetAndGet_ShareTheFileWithARunningApp()
    {
        string root = FindRepositoryRoot();
        string temp = Path.Combine(Path.GetTempPath(), "cachetronomy-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            string packages = Path.Combine(temp, "pkg");
            string tools = Path.Combine(temp, "tools");
            string version = CachetronomyCli.Version.Split('+')[0];

            // The tool project is already built (it is this test project's reference), so pack it without building again.
            string project = Path.Combine(root, "src", "Cachetronomy.Cli", "Cachetronomy.Cli.csproj");
            await RunAsync("dotnet", ["pack", project, "-c", Configuration, "--no-build", "-o", packages], temp);
            Assert.IsTrue(File.Exists(Path.Combine(packages, $"Cachetronomy.Cli.{version}.nupkg")), "the tool package was not produced");

            // Only the local folder as a source: nothing named Cachetronomy.Cli is fetched from anywhere else.
            string config = Path.Combine(temp, "nuget.config");
            await File.WriteAllTextAsync(
                config,
                $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{packages}" />
                  </packageSources>
                </configuration>
                """,
                TestContext.CancellationToken);
            await RunAsync("dotnet", ["tool", "install", "Cachetronomy.Cli", "--tool-path", tools, "--configfile", config, "--version", version], temp);
            string tool = Path.Combine(tools, OperatingSystem.IsWindows() ? "cachetronomy.exe" : "cachetronomy");
            Assert.IsTrue(File.Exists(tool), "the tool was not installed");

            string database = Path.Combine(temp, "shared.db");
            using (var app = new Cachetronaut(new CachetronomyOptions { DatabasePath = database }))
            {
                app.Set("from-app", "written by the app");

                (string versionOut, _) = await RunAsync(tool, ["--version"], temp);
                Assert.AreEqual(CachetronomyCli.Version, versionOut.Trim());

                await RunAsync(tool, ["--db-path", database, "set", "from-cli", "written by the tool"], temp);
                Assert.AreEqual("written by the tool", app.Get<string>("from-cli"));

                (string got, _) = await RunAsync(tool, ["--db-path", database, "get", "from-app"], temp);
                Assert.AreEqual("written by the app", got.Trim());

                (string cliGet, _) = await RunAsync(tool, ["--db-path", database, "get", "from-cli"], temp);
                Assert.AreEqual("written by the tool", cliGet.Trim());
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task<(string Stdout, string Stderr)> RunAsync(string fileName, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The installed tool's launcher finds the runtime through DOTNET_ROOT: point it at the runtime running this test.
        start.Environment["DOTNET_ROOT"] = RuntimeRoot();
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("CACHETRONOMY_DB_PATH");
        start.Environment.Remove("CACHETRONOMY_PROFILE");

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.CancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        timeout.CancelAfter(s_stepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException($"'{fileName} {string.Join(' ', args)}' did not finish within {s_stepTimeout.TotalSeconds} s.");
        }

        string output = await stdout;
        string error = await stderr;
        Assert.AreEqual(0, process.ExitCode, $"'{fileName} {string.Join(' ', args)}' failed.{Environment.NewLine}stdout: {output}{Environment.NewLine}stderr: {error}");
        return (output, error);
    }

    private static string RuntimeRoot()
    {
        // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
        string coreLib = typeof(object).Assembly.Location;
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(coreLib)!, "..", "..", ".."));
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cachetronomy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new AssertFailedException($"No Cachetronomy.sln above '{AppContext.BaseDirectory}'.");
    }
}
