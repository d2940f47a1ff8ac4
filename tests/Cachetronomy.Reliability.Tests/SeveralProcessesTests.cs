using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Reliability.Tests;

/// <summary>
/// Two app processes (the crash-writer helper in app mode, coherence every 100 ms) and the CLI in a loop share one
/// file for a bounded time (<c>CACHETRONOMY_SOAK_SECONDS</c>, default 8): no process reports an error or a non-zero
/// exit, every acknowledged write is readable at the end, and each app sees the other's changes to a key it holds in
/// RAM within the coherence bound.
/// </summary>
[TestClass]
public sealed class SeveralProcessesTests
{
    /// <summary>The most time a change may take to show in the other app: its 100 ms interval plus generous slack for a loaded CI box.</summary>
    private const long CoherenceBoundMilliseconds = 2_000;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task TwoAppsAndTheCli_ShareOneFile_WithoutErrorsOrLostWrites()
    {
        int seconds = HelperPrograms.EnvInt("CACHETRONOMY_SOAK_SECONDS", 8);
        using var file = new TempFile();
        string writer = HelperPrograms.CrashWriter;
        string cli = HelperPrograms.Cli;
        CancellationToken token = TestContext.CancellationToken;

        // Create the file first, so the three start on an existing database.
        using (new Cachetronaut(new CachetronomyOptions { DatabasePath = file.DatabasePath, Coherence = false }))
        {
        }

        string secondsText = seconds.ToString(CultureInfo.InvariantCulture);
        Task<AppRun> a = RunAppAsync(writer, file.DatabasePath, "a", "b", secondsText, token);
        Task<AppRun> b = RunAppAsync(writer, file.DatabasePath, "b", "a", secondsText, token);
        Task<CliRun> cliLoop = RunCliLoopAsync(cli, file.DatabasePath, TimeSpan.FromSeconds(seconds), token);
        AppRun[] apps = await Task.WhenAll(a, b);
        CliRun cliRun = await cliLoop;

        foreach (AppRun app in apps)
        {
            Assert.AreEqual(0, app.ExitCode, app.Stderr);
            Assert.AreEqual(string.Empty, app.Stderr);
        }

        Assert.IsEmpty(cliRun.Errors, string.Join(Environment.NewLine, cliRun.Errors));

        SqliteConnection.ClearAllPools();
        int checkedWrites = 0;
        using (var cache = new Cachetronaut(new CachetronomyOptions { DatabasePath = file.DatabasePath, Coherence = false }))
        {
            foreach (AppRun app in apps)
            {
                foreach ((string key, string value) in app.Acknowledged)
                {
                    Assert.AreEqual(value, cache.Get<string>(key), $"Lost acknowledged write {key}.");
                    checkedWrites++;
                }
            }

            foreach ((string key, string value) in cliRun.Present)
            {
                Assert.AreEqual(value, cache.Get<string>(key), $"Lost the CLI's write {key}.");
                checkedWrites++;
            }

            foreach (string key in cliRun.Deleted)
            {
                Assert.IsFalse(cache.TryGet(key, out string? _), $"The CLI's delete of {key} did not stick.");
            }
        }

        foreach (AppRun app in apps)
        {
            Assert.IsGreaterThanOrEqualTo(3, app.Observed, $"An app saw only {app.Observed} of the other's probe changes: {app.Summary}");
            Assert.IsLessThanOrEqualTo(CoherenceBoundMilliseconds, app.MaxLagMilliseconds, app.Summary);
        }

        TestContext.WriteLine(
            $"{seconds} s: app a {apps[0].Summary}; app b {apps[1].Summary}; CLI {cliRun.Commands} commands; {checkedWrites} writes checked.");
    }

    private static async Task<AppRun> RunAppAsync(string dll, string path, string name, string other, string seconds, CancellationToken token)
    {
        using Process process = HelperPrograms.Start(dll, "app", path, name, other, seconds);
        Task<string> stderr = process.StandardError.ReadToEndAsync(token);
        var acknowledged = new List<(string, string)>();
        string summary = string.Empty;
        while (await process.StandardOutput.ReadLineAsync(token) is { } line)
        {
            string[] parts = line.Split(' ');
            if (parts[0] == "ack")
            {
                acknowledged.Add((parts[1], parts[2]));
            }
            else if (parts[0] == "summary")
            {
                summary = line;
            }
        }

        await process.WaitForExitAsync(token);
        Dictionary<string, string> fields = summary.Split(' ').Skip(1).Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
        return new AppRun(
            process.ExitCode,
            await stderr,
            acknowledged,
            summary,
            fields.TryGetValue("observed", out string? observed) ? int.Parse(observed, CultureInfo.InvariantCulture) : 0,
            fields.TryGetValue("maxlag", out string? lag) ? long.Parse(lag, CultureInfo.InvariantCulture) : long.MaxValue);
    }

    /// <summary>set cli:i, get it back, delete every third: one process per command, as a shell loop would.</summary>
    private static async Task<CliRun> RunCliLoopAsync(string dll, string path, TimeSpan duration, CancellationToken token)
    {
        var errors = new List<string>();
        var present = new Dictionary<string, string>(StringComparer.Ordinal);
        var deleted = new List<string>();
        int commands = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; clock.Elapsed < duration; i++)
        {
            string key = "cli:" + i.ToString(CultureInfo.InvariantCulture);
            string value = "c" + i.ToString(CultureInfo.InvariantCulture);
            (int exit, string stdout, string stderr) = await RunCliAsync(dll, token, "--db-path", path, "set", key, value);
            commands++;
            if (exit != 0)
            {
                errors.Add($"set {key}: exit {exit}: {stderr}");
                continue;
            }

            present[key] = value;
            (exit, stdout, stderr) = await RunCliAsync(dll, token, "--db-path", path, "get", key);
            commands++;
            if (exit != 0 || stdout.Trim() != value)
            {
                errors.Add($"get {key}: exit {exit}: '{stdout.Trim()}' {stderr}");
            }

            if (i % 3 == 2)
            {
                (exit, _, stderr) = await RunCliAsync(dll, token, "--db-path", path, "delete", key);
                commands++;
                if (exit != 0)
                {
                    errors.Add($"delete {key}: exit {exit}: {stderr}");
                }
                else
                {
                    present.Remove(key);
                    deleted.Add(key);
                }
            }
        }

        return new CliRun(commands, errors, present, deleted);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunCliAsync(string dll, CancellationToken token, params string[] args)
    {
        using Process process = HelperPrograms.Start(dll, args);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(token);
        Task<string> stderr = process.StandardError.ReadToEndAsync(token);
        await process.WaitForExitAsync(token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private sealed record AppRun(int ExitCode, string Stderr, List<(string Key, string Value)> Acknowledged, string Summary, int Observed, long MaxLagMilliseconds);

    private sealed record CliRun(int Commands, List<string> Errors, Dictionary<string, string> Present, List<string> Deleted);
}
