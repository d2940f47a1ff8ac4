using System.Diagnostics;
using System.Reflection;

namespace Cachetronomy.Reliability.Tests;

/// <summary>Finds and starts the helper programs (the crash writer, the CLI) as separate processes.</summary>
internal static class HelperPrograms
{
    public static string CrashWriter => Find("Cachetronomy.CrashWriter", "Cachetronomy.CrashWriter.dll");

    public static string Cli => Find("Cachetronomy.Cli", "cachetronomy.dll");

    /// <summary>Starts <c>dotnet DLL args</c> with redirected standard streams.</summary>
    public static Process Start(string dll, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_TieredPGO"] = "0";
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    /// <summary>Reads an integer setting from the environment (CI turns the dials up).</summary>
    public static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) && value > 0 ? value : fallback;

    private static string Find(string project, string file)
    {
        Assembly self = typeof(HelperPrograms).Assembly;
        string bin = Metadata(self, "ArtifactsBin");
        string configuration = Metadata(self, "Configuration");
        string path = Path.Combine(bin, project, configuration, file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The helper program was not built at '{path}'.", path);
        }

        return path;
    }

    private static string Metadata(Assembly assembly, string key) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
