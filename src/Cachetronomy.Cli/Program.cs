using System;
using System.Threading.Tasks;

namespace Cachetronomy.Cli;

/// <summary>The <c>cachetronomy</c> tool's entry point: it hands the process's console to <see cref="CachetronomyCli"/>.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) =>
        CachetronomyCli.RunAsync(args, Console.Out, Console.Error, Environment.CurrentDirectory, Environment.GetEnvironmentVariables());
}
