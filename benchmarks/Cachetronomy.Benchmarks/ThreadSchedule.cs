using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Cachetronomy.Benchmarks;

/// <summary>
/// Where a thread's time went (Linux only), to tell a read that was blocked (it gave up the CPU: a lock, I/O, a sleep)
/// from one that was runnable but waiting for a CPU (preempted by other threads or processes). Read on the measured
/// thread before and after each operation: the run-queue wait from <c>/proc/thread-self/schedstat</c> (nanoseconds,
/// updated when the thread is switched back in, so exact once it runs again), and the voluntary and involuntary
/// context switches from <c>getrusage(RUSAGE_THREAD)</c>, and the time the JIT compiled on the thread.
/// </summary>
internal sealed partial class ThreadSchedule : IDisposable
{
    private const int RusageThread = 1;
    private readonly SafeFileHandle _schedstat;
    private readonly byte[] _buffer = new byte[128];

    private ThreadSchedule(SafeFileHandle schedstat) => _schedstat = schedstat;

    /// <summary>Opens the calling thread's counters; null where they do not exist (not Linux).</summary>
    public static ThreadSchedule? OpenForCurrentThread()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/thread-self/schedstat"))
        {
            return null;
        }

        return new ThreadSchedule(File.OpenHandle("/proc/thread-self/schedstat"));
    }

    /// <summary>Reads the counters now (call on the thread that opened them).</summary>
    public Sample Read()
    {
        int read = RandomAccess.Read(_schedstat, _buffer, 0);
        ReadOnlySpan<byte> text = _buffer.AsSpan(0, read);
        int first = text.IndexOf((byte)' ');
        ReadOnlySpan<byte> rest = text[(first + 1)..];
        long runQueueNs = long.Parse(rest[..rest.IndexOf((byte)' ')], provider: System.Globalization.CultureInfo.InvariantCulture);
        _ = GetRusage(RusageThread, out Rusage usage);
        return new Sample(runQueueNs, usage.VoluntarySwitches, usage.InvoluntarySwitches, System.Runtime.JitInfo.GetCompilationTime(currentThread: true).Ticks * 100);
    }

    public void Dispose() => _schedstat.Dispose();

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out Rusage usage);

    /// <summary>The counters at one moment.</summary>
    public readonly record struct Sample(long RunQueueNs, long VoluntarySwitches, long InvoluntarySwitches, long JitNs)
    {
        public static Sample operator -(Sample after, Sample before) => new(
            after.RunQueueNs - before.RunQueueNs,
            after.VoluntarySwitches - before.VoluntarySwitches,
            after.InvoluntarySwitches - before.InvoluntarySwitches,
            after.JitNs - before.JitNs);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxResidentSet;
        public long SharedMemory;
        public long UnsharedData;
        public long UnsharedStack;
        public long MinorFaults;
        public long MajorFaults;
        public long Swaps;
        public long BlockInputs;
        public long BlockOutputs;
        public long MessagesSent;
        public long MessagesReceived;
        public long Signals;
        public long VoluntarySwitches;
        public long InvoluntarySwitches;
    }
}
