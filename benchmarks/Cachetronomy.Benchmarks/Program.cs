using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// Usage:
//   dotnet run -c Release --project benchmarks/Cachetronomy.Benchmarks -- --filter '*'            (full runs)
//   dotnet run -c Release --project benchmarks/Cachetronomy.Benchmarks -- --filter '*Store*' --short
// "--short" is a few-minutes configuration for 2 cores: 1 launch, 3 warm-ups, 5 iterations.
//   dotnet run -c Release --project benchmarks/Cachetronomy.Benchmarks -- --scale [--only=latency|sweep|memory|stampede|walpages]
// "--scale" runs the Stopwatch harness (percentiles, startup, sweep, memory, stampede) instead of BenchmarkDotNet.
if (args.Contains("--scale"))
{
    Cachetronomy.Benchmarks.ScaleHarness.Run(args);
    return;
}

bool shortRun = args.Contains("--short");
string[] bdnArgs = args.Where(a => a != "--short").ToArray();

IConfig config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default);
if (shortRun)
{
    config = config.AddJob(Job.ShortRun.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5).AsDefault());
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(bdnArgs, config);
