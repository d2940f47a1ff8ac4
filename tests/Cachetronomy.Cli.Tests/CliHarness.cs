using System.Collections;
using System.Text.Json;
using Cachetronomy.Cli;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Cli.Tests;

/// <summary>One temp folder and cache file per test; runs the tool in process and captures its output.</summary>
internal sealed class CliHarness : IDisposable
{
    public CliHarness()
    {
        Directory = Path.Combine(Path.GetTempPath(), "cachetronomy-cli-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        DatabasePath = Path.Combine(Directory, "cache.db");
    }

    public string Directory { get; }

    public string DatabasePath { get; }

    /// <summary>Runs the tool with <c>--db-path</c> set to this test's file.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunRawAsync(["--db-path", DatabasePath, .. args]);

    /// <summary>Runs the tool with exactly these arguments.</summary>
    public Task<CliResult> RunRawAsync(string[] args, string? stdin = null, IDictionary? environment = null) =>
        RunCoreAsync(args, stdin, environment ?? new Hashtable());

    public Task<CliResult> RunWithInputAsync(string stdin, params string[] args) =>
        RunCoreAsync(["--db-path", DatabasePath, .. args], stdin, new Hashtable());

    /// <summary>Opens the file as an app would.</summary>
    public Cachetronaut OpenApp(string profile = CachetronomyProfile.DefaultName) =>
        new(new CachetronomyOptions { DatabasePath = DatabasePath, ActiveProfile = profile });

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<CliResult> RunCoreAsync(string[] args, string? stdin, IDictionary environment)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new StringReader(stdin ?? string.Empty);
        int exitCode = await CachetronomyCli.RunAsync(args, stdout, stderr, Directory, environment, input);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>What one run of the tool did.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Parses standard output as exactly one JSON document.</summary>
    public JsonElement Json()
    {
        using JsonDocument document = JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }

    public CliResult AssertSuccess()
    {
        Assert.AreEqual(0, ExitCode, $"stdout: {Stdout}{Environment.NewLine}stderr: {Stderr}");
        return this;
    }

    public override string ToString() => $"exit {ExitCode}; stdout: {Stdout}; stderr: {Stderr}";
}
