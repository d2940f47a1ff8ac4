using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Cachetronomy.Benchmarks.Peers;
using Cachetronomy.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Benchmarks;

/// <summary>
/// Which pages a write costs (<c>--scale --only=walpages</c>): runs 1 and then 16 concurrent <c>SetAsync</c> writers of
/// 1 KB values for a few seconds, then reads the WAL's frame headers (page numbers, commit marks) and names each page
/// by the B-tree it belongs to (walked from <c>sqlite_schema</c> on a checkpointed copy). Prints WAL frames per commit
/// by B-tree: the I/O a commit pays, which is what limits the durable-write scenarios.
/// </summary>
internal static class WalPageMap
{
    private const int WalHeaderBytes = 32;
    private const int FrameHeaderBytes = 24;

    public static void Run()
    {
        Console.WriteLine();
        Console.WriteLine("## WAL pages per commit, by B-tree (1 KB values; keys w{writer}:{0..63})");
        foreach (int writers in new[] { 1, 16 })
        {
            string path = BenchmarkFiles.NewPath("scale-walpages");
            try
            {
                Measure(path, writers);
            }
            finally
            {
                BenchmarkFiles.Delete(path);
                BenchmarkFiles.Delete(path + ".copy");
            }
        }
    }

    private static void Measure(string path, int writers)
    {
        byte[] payload = BenchmarkFiles.Payload(1024, 21);
        using var store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = path });
        using var engine = new Cachetronaut(store, BenchmarkEngines.Options(path), TimeProvider.System);
        long writes = 0;
        var clock = Stopwatch.StartNew();
        Task.WaitAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (int i = 0; clock.Elapsed < TimeSpan.FromSeconds(3); i++)
            {
                await engine.SetAsync(string.Create(CultureInfo.InvariantCulture, $"w{w}:{i % 64}"), payload, PeerCaches.Bytes);
                Interlocked.Increment(ref writes);
            }
        })).ToArray());
        double perWrite = clock.Elapsed.TotalMicroseconds / writes;
        GroupCommitStatistics commits = store.GroupCommit;
        Console.WriteLine();
        Console.WriteLine($"{writers} writer(s): {perWrite:F1} µs per write, {commits.MeanBatchSize:F1} writes per commit");
        Print(path);
    }

    /// <summary>Maps the frames of the WAL's current generation to B-trees and prints frames per commit for each.</summary>
    private static void Print(string path)
    {
        string copy = path + ".copy";
        File.Copy(path, copy, overwrite: true);
        File.Copy(path + "-wal", copy + "-wal", overwrite: true);
        byte[] wal = File.ReadAllBytes(copy + "-wal");
        int pageSize = BinaryPrimitives.ReadInt32BigEndian(wal.AsSpan(8));
        uint salt = BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(16));
        var frames = new List<(uint Page, bool Commit)>();
        for (long offset = WalHeaderBytes; offset + FrameHeaderBytes + pageSize <= wal.Length; offset += FrameHeaderBytes + pageSize)
        {
            ReadOnlySpan<byte> header = wal.AsSpan((int)offset, FrameHeaderBytes);
            if (BinaryPrimitives.ReadUInt32BigEndian(header[8..]) != salt)
            {
                break; // Frames of an earlier generation: the WAL restarted before them.
            }

            frames.Add((BinaryPrimitives.ReadUInt32BigEndian(header), BinaryPrimitives.ReadUInt32BigEndian(header[4..]) != 0));
        }

        Dictionary<long, string> owners = PageOwners(copy, pageSize);
        int commits = Math.Max(1, frames.Count(f => f.Commit));
        Console.WriteLine($"{frames.Count:N0} frames in {commits:N0} commits: {frames.Count / (double)commits:F1} per commit");
        foreach (IGrouping<string, (uint Page, bool Commit)> group in frames
            .GroupBy(f => owners.TryGetValue(f.Page, out string? owner) ? owner : "(free or new page)")
            .OrderByDescending(g => g.Count()))
        {
            Console.WriteLine($"  {group.Key,-40} {group.Count() / (double)commits,6:F2} per commit");
        }
    }

    /// <summary>Checkpoints the copy and walks every B-tree from its root page: page number → "name:leaf|interior".</summary>
    private static Dictionary<long, string> PageOwners(string copy, int pageSize)
    {
        var roots = new List<(string Name, long Root)>();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
        {
            connection.Open();
            using SqliteCommand checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
            using SqliteCommand schema = connection.CreateCommand();
            schema.CommandText = "SELECT name, rootpage FROM sqlite_schema WHERE rootpage > 0;";
            using SqliteDataReader reader = schema.ExecuteReader();
            while (reader.Read())
            {
                roots.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        byte[] file = File.ReadAllBytes(copy);
        var owners = new Dictionary<long, string>();
        foreach ((string name, long root) in roots)
        {
            var pending = new Stack<long>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                long page = pending.Pop();
                int start = (int)((page - 1) * pageSize);
                int header = start + (page == 1 ? 100 : 0);
                byte type = file[header];
                bool interior = type is 2 or 5; // index or table interior page
                owners[page] = name + (interior ? ":interior" : ":leaf");
                if (!interior)
                {
                    continue;
                }

                int cells = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(header + 3));
                pending.Push(BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(header + 8)));
                for (int i = 0; i < cells; i++)
                {
                    int cell = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(header + 12 + (2 * i)));
                    pending.Push(BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(start + cell)));
                }
            }
        }

        return owners;
    }
}
