using System.Diagnostics;
using System.Globalization;
using Cachetronomy.Benchmarks.Peers;
using Cachetronomy.Storage.Sqlite;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using ZiggyCreatures.Caching.Fusion;

namespace Cachetronomy.Benchmarks;

/// <summary>
/// The opt-in scale measurements (<c>--scale</c>): a Stopwatch harness, because they need percentiles and maxima
/// (BenchmarkDotNet reports means) and files too large to rebuild per run. The 10k/100k/1M files are built once under
/// the temp folder (<c>cachetronomy-scale/</c>) and reused; the build time is printed when a file is built.
/// </summary>
internal static class ScaleHarness
{
    private const int ValueSize = 1024;
    private const int Samples = 20_000;
    private static readonly string s_folder = Path.Combine(Path.GetTempPath(), "cachetronomy-scale");
    private static readonly DateTimeOffset s_farFuture = DateTimeOffset.UtcNow.AddYears(10);

    public static void Run(string[] args)
    {
        Directory.CreateDirectory(s_folder);
        bool only(string part) => !args.Any(a => a.StartsWith("--only=", StringComparison.Ordinal)) || args.Contains("--only=" + part);
        Console.WriteLine($"# Cachetronomy scale run, {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
        if (only("latency"))
        {
            Latency();
        }

        if (only("sweep"))
        {
            Sweep();
        }

        if (only("memory"))
        {
            Memory();
        }

        if (only("stampede"))
        {
            Stampede().GetAwaiter().GetResult();
        }

        // A diagnostic, not a target: only when asked for by name.
        if (args.Contains("--only=walpages"))
        {
            WalPageMap.Run();
        }
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private static string Key(int i) => string.Create(CultureInfo.InvariantCulture, $"key:{i}");

    /// <summary>The n-entry file, built once (1 KB values, expiring in 10 years) and reused.</summary>
    private static string EntriesFile(int n)
    {
        string path = Path.Combine(s_folder, string.Create(CultureInfo.InvariantCulture, $"entries-{n}.db"));
        string done = path + ".complete";
        if (File.Exists(done))
        {
            return path;
        }

        BenchmarkFiles.Delete(path);
        var watch = Stopwatch.StartNew();
        byte[] payload = BenchmarkFiles.Payload(ValueSize, 11);
        using (var store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = path }))
        {
            const int Batch = 10_000;
            for (int start = 0; start < n; start += Batch)
            {
                store.SetMany(Enumerable.Range(start, Math.Min(Batch, n - start)).Select(i => new StoredCacheEntry
                {
                    Key = Key(i),
                    Data = payload,
                    Format = "bytes",
                    ExpiresAt = s_farFuture,
                    SavedByProfile = BenchmarkEngines.Profile,
                }));
            }
        }

        File.WriteAllText(done, "");
        Console.WriteLine($"  built {path} ({n:N0} rows, {new FileInfo(path).Length / 1048576.0:N0} MB) in {watch.Elapsed.TotalSeconds:N1} s (once; reused by later runs)");
        return path;
    }

    private static void Latency()
    {
        Console.WriteLine();
        Console.WriteLine("## Get latency by file size (1 KB values; 20k distinct random keys; cold = store read + promotion, warm = front-tier hit)");
        int[] sizes = [10_000, 100_000, 1_000_000];
        string[] paths = sizes.Select(EntriesFile).ToArray();

        // JIT and first-open costs out of the way.
        using (Cachetronaut warm = BenchmarkEngines.Open(paths[0], TimeProvider.System))
        {
            for (int i = 0; i < 2000; i++)
            {
                _ = warm.Get<byte[]>(Key(i));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| entries | startup (ctor + first Get) median / max of 5 | cold p50 | cold p99 | cold max | warm p50 | warm p99 |");
        Console.WriteLine("|--:|--:|--:|--:|--:|--:|--:|");
        for (int s = 0; s < sizes.Length; s++)
        {
            int n = sizes[s];
            var startups = new List<double>();
            for (int r = 0; r < 5; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                using Cachetronaut engine = BenchmarkEngines.Open(paths[s], TimeProvider.System);
                byte[]? first = engine.Get<byte[]>(Key(n / 2 + r));
                startups.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                if (first is null)
                {
                    throw new InvalidOperationException("The scale file is missing rows.");
                }
            }

            var random = new Random(12);
            string[] keys = Enumerable.Range(0, Math.Min(Samples, n)).Select(_ => Key(random.Next(n))).Distinct().ToArray();
            double[] cold;
            double[] warm;
            using (Cachetronaut engine = BenchmarkEngines.Open(paths[s], TimeProvider.System))
            {
                cold = Time(keys, k => engine.Get<byte[]>(k));
                warm = Time(keys, k => engine.Get<byte[]>(k));
            }

            startups.Sort();
            Console.WriteLine($"| {n:N0} | {startups[2]:N1} ms / {startups[4]:N1} ms | {Us(cold, 0.50)} | {Us(cold, 0.99)} | {Us(cold, 1)} | {Us(warm, 0.50)} | {Us(warm, 0.99)} |");
        }
    }

    private static double[] Time(string[] keys, Func<string, byte[]?> get)
    {
        var times = new double[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            byte[]? value = get(keys[i]);
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            if (value is null)
            {
                throw new InvalidOperationException($"Missing {keys[i]}.");
            }
        }

        Array.Sort(times);
        return times;
    }

    private static string Us(double[] sorted, double q)
    {
        double v = sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        return v >= 1000 ? $"{v / 1000:N2} ms" : $"{v:N1} µs";
    }

    private static void Sweep()
    {
        Console.WriteLine();
        Console.WriteLine("## Reads during a TTL sweep of 100k expired rows (50k live rows read cold through the engine on another thread)");
        const int Expired = 100_000;
        const int Live = 50_000;
        var time = new ManualTimeProvider { Now = DateTimeOffset.UtcNow };
        string path = BenchmarkFiles.NewPath("scale-sweep");
        byte[] payload = BenchmarkFiles.Payload(ValueSize, 13);
        using (var store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = path }, time))
        {
            store.SetMany(Enumerable.Range(0, Expired).Select(i => new StoredCacheEntry
            { Key = "old:" + i, Data = payload, Format = "bytes", ExpiresAt = time.Now.AddMinutes(1), SavedByProfile = BenchmarkEngines.Profile }));
            store.SetMany(Enumerable.Range(0, Live).Select(i => new StoredCacheEntry
            { Key = Key(i), Data = payload, Format = "bytes", ExpiresAt = s_farFuture, SavedByProfile = BenchmarkEngines.Profile }));
        }

        time.Now = time.Now.AddMinutes(2);
        try
        {
            using Cachetronaut engine = BenchmarkEngines.Open(path, time);
            _ = engine.Get<byte[]>(Key(Live - 1));

            // Control: the same cold reads with no sweep running, to tell the machine's own stalls from the sweep's.
            // A read during which a garbage collection ran (a collection counted, or any pause time added, which also
            // catches a background collection's suspensions) is told apart: its stall is the runtime's, not the sweep's.
            // On Linux each read also records how long the reading thread waited for a CPU (runnable, not running) and
            // whether it blocked (gave up the CPU), so a slow read can be told apart: blocked by the store, or preempted.
            var control = new List<double>();
            var controlNoGc = new List<double>();
            var controlStalls = new StallLog();
            using (ThreadSchedule? schedule = ThreadSchedule.OpenForCurrentThread())
            {
                for (int i = Live / 2; i < Live - 1; i++)
                {
                    (double us, bool gc, ThreadSchedule.Sample spent, _) = TimedRead(engine, schedule, Key(i));
                    control.Add(us);
                    if (!gc)
                    {
                        controlNoGc.Add(us);
                    }

                    controlStalls.Add(us, gc, spent, schedule is not null);
                }
            }

            double[] controlSorted = control.Order().ToArray();
            Console.WriteLine();
            Console.WriteLine($"control, no sweep: {controlSorted.Length:N0} reads: p50 {Us(controlSorted, 0.5)}, p99 {Us(controlSorted, 0.99)}, worst {Us(controlSorted, 1)}, over 5 ms: {control.Count(x => x > 5000)}; worst of the {controlNoGc.Count:N0} reads no GC overlapped: {Us([.. controlNoGc.Order()], 1)}");
            Console.WriteLine($"control: {controlStalls.Summary()}");
            var latencies = new List<double>(Live);
            var latenciesNoGc = new List<double>(Live);
            var slow = new List<string>();
            long started = 0;
            int sweeping = 1;
            var stalls = new StallLog();
            var reader = new Thread(() =>
            {
                using ThreadSchedule? schedule = ThreadSchedule.OpenForCurrentThread();
                for (int i = 0; i < Live / 2 && Volatile.Read(ref sweeping) == 1; i++)
                {
                    (double us, bool gc, ThreadSchedule.Sample spent, long t0) = TimedRead(engine, schedule, Key(i));
                    latencies.Add(us);
                    if (!gc)
                    {
                        latenciesNoGc.Add(us);
                    }

                    if (us > 5000)
                    {
                        string why = schedule is null
                            ? string.Empty
                            : $" [waited {spent.RunQueueNs / 1e6:N1} ms for a CPU, {spent.InvoluntarySwitches} preemptions, {spent.VoluntarySwitches} blocking waits, {spent.JitNs / 1e6:N1} ms compiling]";
                        slow.Add($"{us / 1000:N1} ms at +{Stopwatch.GetElapsedTime(started, t0).TotalMilliseconds:N0} ms{(gc ? " (GC)" : string.Empty)}{why}");
                    }

                    stalls.Add(us, gc, spent, schedule is not null);
                }
            });
            started = Stopwatch.GetTimestamp();
            reader.Start();
            int removed = engine.ClearExpired();
            TimeSpan sweep = Stopwatch.GetElapsedTime(started);
            Volatile.Write(ref sweeping, 0);
            reader.Join();
            double[] sorted = latencies.Order().ToArray();
            Console.WriteLine($"swept {removed:N0} rows in {sweep.TotalMilliseconds:N0} ms; {sorted.Length:N0} reads during it: p50 {Us(sorted, 0.5)}, p99 {Us(sorted, 0.99)}, worst {Us(sorted, 1)}");
            Console.WriteLine($"reads over 5 ms: {slow.Count} ({string.Join("; ", slow.Take(10))}); gen0/1/2 collections so far: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
            Console.WriteLine($"worst of the {latenciesNoGc.Count:N0} reads during the sweep that no GC overlapped: {Us([.. latenciesNoGc.Order()], 1)}");
            Console.WriteLine($"during the sweep: {stalls.Summary()}");
        }
        finally
        {
            BenchmarkFiles.Delete(path);
        }
    }

    /// <summary>
    /// One cold read through the engine: its latency, whether a garbage collection overlapped it (a collection counted,
    /// or pause time added, which also catches a background collection's suspensions), how the reading thread spent it
    /// (Linux), and when it started.
    /// </summary>
    private static (double Us, bool Gc, ThreadSchedule.Sample Spent, long Started) TimedRead(Cachetronaut engine, ThreadSchedule? schedule, string key)
    {
        int gcs = GC.CollectionCount(0);
        TimeSpan paused = GC.GetTotalPauseDuration();
        ThreadSchedule.Sample before = schedule?.Read() ?? default;
        long t0 = Stopwatch.GetTimestamp();
        _ = engine.Get<byte[]>(key) ?? throw new InvalidOperationException("live row missing");
        double us = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        ThreadSchedule.Sample spent = (schedule?.Read() ?? default) - before;
        return (us, GC.CollectionCount(0) != gcs || GC.GetTotalPauseDuration() != paused, spent, t0);
    }

    private static void Memory()
    {
        Console.WriteLine();
        Console.WriteLine("## Front-tier bookkeeping: 100k entries of 1 KB (bytes per entry beyond the key and value objects)");
        const int N = 100_000;
        string[] keys = Enumerable.Range(0, N).Select(Key).ToArray();
        byte[][] values = Enumerable.Range(0, N).Select(i => BenchmarkFiles.Payload(ValueSize, i)).ToArray();

        string path = BenchmarkFiles.NewPath("scale-memory");
        try
        {
            using Cachetronaut engine = BenchmarkEngines.Open(path, TimeProvider.System);
            engine.Set("warm", values[0], PeerCaches.Bytes);
            engine.Evict("warm");
            long before = Settled();
            const int Batch = 10_000;
            for (int start = 0; start < N; start += Batch)
            {
                engine.SetMany(Enumerable.Range(start, Batch).Select(i => KeyValuePair.Create(keys[i], values[i])), PeerCaches.Bytes);
            }

            long after = Settled();
            int inMemory = engine.Stats().MemoryKeys;
            Console.WriteLine();
            Console.WriteLine($"Cachetronomy: {(after - before) / (double)N:N0} B/entry ({inMemory:N0} entries in the front tier)");

            // One read of each (the first counted read of a key allocates its access counter until the next flush).
            foreach (string key in keys)
            {
                _ = engine.Get<byte[]>(key);
            }

            long afterReads = Settled();
            Console.WriteLine($"Cachetronomy after one read of each (pending access counters): {(afterReads - before) / (double)N:N0} B/entry");
            engine.FlushAccessCounts();
            long afterFlush = Settled();
            Console.WriteLine($"Cachetronomy after the access-count flush: {(afterFlush - before) / (double)N:N0} B/entry");
            GC.KeepAlive(engine);
        }
        finally
        {
            BenchmarkFiles.Delete(path);
        }

        using (var memory = new MemoryCache(new MemoryCacheOptions()))
        {
            long before = Settled();
            for (int i = 0; i < N; i++)
            {
                memory.Set(keys[i], values[i], PeerCaches.Duration);
            }

            long after = Settled();
            Console.WriteLine($"MemoryCache (reference): {(after - before) / (double)N:N0} B/entry");
            GC.KeepAlive(memory);
        }

        using (FusionCache fusion = PeerCaches.Fusion())
        {
            long before = Settled();
            for (int i = 0; i < N; i++)
            {
                fusion.Set(keys[i], values[i]);
            }

            long after = Settled();
            Console.WriteLine($"FusionCache (reference): {(after - before) / (double)N:N0} B/entry");
            GC.KeepAlive(fusion);
        }

        GC.KeepAlive(keys);
        GC.KeepAlive(values);
    }

    private static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task Stampede()
    {
        Console.WriteLine();
        Console.WriteLine($"## Stampede: {Peers_Stampede.Callers} concurrent GetOrCreateAsync on one missing key, {Peers_Stampede.FactoryTime.TotalMilliseconds:N0} ms factory, 20 rounds each");
        Console.WriteLine();
        Console.WriteLine("| contender | factory runs per stampede (worst) | wall p50 | wall max | p50 / factory time |");
        Console.WriteLine("|---|--:|--:|--:|--:|");
        string path = BenchmarkFiles.NewPath("scale-stampede");
        try
        {
            using Cachetronaut ours = BenchmarkEngines.Open(path, TimeProvider.System);
            using FusionCache fusion = PeerCaches.Fusion();
            (ServiceProvider services, HybridCache microsoft) = PeerCaches.Hybrid();
            using (services)
            {
                await Report("Cachetronomy", c => Peers_Stampede.Ours(ours, c));
                await Report("FusionCache", c => Peers_Stampede.Fusion(fusion, c));
                await Report("HybridCache", c => Peers_Stampede.Microsoft(microsoft, c));
            }
        }
        finally
        {
            BenchmarkFiles.Delete(path);
        }

        static async Task Report(string name, Func<StampedeCounter, Task<int>> stampede)
        {
            var warmup = new StampedeCounter();
            for (int i = 0; i < 3; i++)
            {
                await stampede(warmup);
            }

            var counter = new StampedeCounter();
            var walls = new List<double>();
            for (int i = 0; i < 20; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                await stampede(counter);
                walls.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }

            walls.Sort();
            double factory = Peers_Stampede.FactoryTime.TotalMilliseconds;
            Console.WriteLine($"| {name} | {counter} | {walls[walls.Count / 2]:N1} ms | {walls[^1]:N1} ms | {walls[walls.Count / 2] / factory:N3} |");
        }
    }

    /// <summary>
    /// Splits each read's latency into time spent waiting for a CPU (runnable, preempted) and the rest (running, or
    /// blocked: waiting on a lock or I/O), so the report can say whether anything blocked a read, apart from GC pauses.
    /// </summary>
    private sealed class StallLog
    {
        private double _worstNotWaiting;
        private int _overFiveMs;
        private int _overFiveMsBlocked;
        private int _overFiveMsNotWaiting;
        private bool _measured;

        public void Add(double latencyUs, bool gc, ThreadSchedule.Sample spent, bool measured)
        {
            _measured |= measured;
            if (gc)
            {
                return;
            }

            double notWaitingUs = Math.Max(latencyUs - (spent.RunQueueNs / 1000.0), 0);
            _worstNotWaiting = Math.Max(_worstNotWaiting, notWaitingUs);
            if (latencyUs > 5000)
            {
                _overFiveMs++;
                _overFiveMsBlocked += spent.VoluntarySwitches > 0 ? 1 : 0;
                _overFiveMsNotWaiting += notWaitingUs > 5000 ? 1 : 0;
            }
        }

        public string Summary() => !_measured
            ? "(no per-thread scheduling counters on this system)"
            : $"of the reads no GC overlapped, {_overFiveMs} took over 5 ms; {_overFiveMsBlocked} of them blocked (gave up the CPU) at least once (yielding in a lock's spin counts as waiting for a CPU); "
                + $"{_overFiveMsNotWaiting} spent over 5 ms other than waiting for a CPU; the worst read's time other than waiting for a CPU: {_worstNotWaiting / 1000:N2} ms";
    }
}
