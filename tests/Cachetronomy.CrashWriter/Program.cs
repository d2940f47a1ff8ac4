using System.Diagnostics;
using System.Globalization;
using Cachetronomy;

// Modes:
//   write PATH                      writes k{n} -> v{n} forever, printing k{n} after each Set returns (crash test).
//   app PATH NAME OTHER SECONDS     a writer/reader app for the several-processes test (see RunApp).
if (args.Length >= 2 && args[0] == "write")
{
    return RunWriter(args[1]);
}

if (args.Length >= 5 && args[0] == "app")
{
    return RunApp(args[1], args[2], args[3], double.Parse(args[4], CultureInfo.InvariantCulture));
}

Console.Error.WriteLine("usage: write PATH | app PATH NAME OTHER SECONDS");
return 2;

static int RunWriter(string path)
{
    using var cache = new Cachetronaut(new CachetronomyOptions { DatabasePath = path });
    Console.Out.WriteLine("ready");
    Console.Out.Flush();
    for (long n = 0; ; n++)
    {
        string key = "k" + n.ToString(CultureInfo.InvariantCulture);
        cache.Set(key, "v" + n.ToString(CultureInfo.InvariantCulture));
        Console.Out.WriteLine(key);
        Console.Out.Flush();
    }
}

// Writes its own keys NAME:i (printing "ack KEY VALUE" after each Set), keeps a probe key probe:NAME holding the
// wall-clock time of its latest write, and reads the other app's probe through its own front tier: every time the
// value read changes it measures how long after the other's Set it became visible here. Prints a summary at the end.
static int RunApp(string path, string name, string other, double seconds)
{
    var options = new CachetronomyOptions
    {
        DatabasePath = path,
        CoherenceInterval = TimeSpan.FromMilliseconds(100),
    };
    using var cache = new Cachetronaut(options);
    var clock = Stopwatch.StartNew();
    long writes = 0, reads = 0, observed = 0, maxLagMs = 0, lastSeen = -1;
    var nextProbe = TimeSpan.Zero;
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        string key = name + ":" + writes.ToString(CultureInfo.InvariantCulture);
        string value = "v" + writes.ToString(CultureInfo.InvariantCulture);
        cache.Set(key, value);
        Console.Out.WriteLine($"ack {key} {value}");
        writes++;

        if (clock.Elapsed >= nextProbe)
        {
            cache.Set("probe:" + name, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            nextProbe = clock.Elapsed + TimeSpan.FromMilliseconds(200);
        }

        long seen = cache.Get<long>("probe:" + other);
        reads++;
        if (seen != 0 && seen != lastSeen)
        {
            if (lastSeen > 0)
            {
                observed++;
                maxLagMs = Math.Max(maxLagMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - seen);
            }

            lastSeen = seen;
        }

        Thread.Sleep(10);
    }

    Console.Out.WriteLine(FormattableString.Invariant($"summary writes={writes} reads={reads} observed={observed} maxlag={maxLagMs}"));
    Console.Out.Flush();
    return 0;
}
