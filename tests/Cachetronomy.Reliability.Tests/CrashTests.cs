using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Reliability.Tests;

/// <summary>
/// Durability of acknowledged writes: a helper process prints each key only after its <c>Set</c> returned; it is
/// killed at a random moment; every printed key must be there after reopening, and the file must pass
/// <c>PRAGMA integrity_check</c>. <c>CACHETRONOMY_CRASH_RUNS</c> sets the number of runs (default 5).
/// </summary>
[TestClass]
public sealed class CrashTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Kill_AtARandomMoment_LosesNoAcknowledgedWrite()
    {
        int runs = HelperPrograms.EnvInt("CACHETRONOMY_CRASH_RUNS", 5);
        int seed = Environment.TickCount;
        var random = new Random(seed);
        using var file = new TempFile();
        string writer = HelperPrograms.CrashWriter;
        int totalAcknowledged = 0;

        for (int run = 0; run < runs; run++)
        {
            // Each run appends to the same file: later runs also reopen a file a previous kill left behind.
            int killAfter = random.Next(20, 300);
            var acknowledged = new List<string>();
            using (Process process = HelperPrograms.Start(writer, "write", file.DatabasePath))
            {
                try
                {
                    Assert.AreEqual("ready", await process.StandardOutput.ReadLineAsync(TestContext.CancellationToken));
                    while (acknowledged.Count < killAfter)
                    {
                        string? line = await process.StandardOutput.ReadLineAsync(TestContext.CancellationToken);
                        Assert.IsNotNull(line, $"The writer exited early: {await process.StandardError.ReadToEndAsync(TestContext.CancellationToken)}");
                        acknowledged.Add(line);
                    }
                }
                finally
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(TestContext.CancellationToken);
                }
            }

            SqliteConnection.ClearAllPools();
            using (var cache = new Cachetronaut(new CachetronomyOptions { DatabasePath = file.DatabasePath, Coherence = false }))
            {
                foreach (string key in acknowledged)
                {
                    Assert.AreEqual("v" + key[1..], cache.Get<string>(key), $"Run {run} (seed {seed}) lost acknowledged key {key}.");
                }
            }

            Assert.AreEqual("ok", IntegrityCheck(file.DatabasePath), $"Run {run} (seed {seed}).");
            totalAcknowledged += acknowledged.Count;
        }

        TestContext.WriteLine($"{runs} kills, {totalAcknowledged} acknowledged writes checked (seed {seed}).");
    }

    private static string IntegrityCheck(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)command.ExecuteScalar()!;
    }
}
