using System;
using System.Collections;
using System.CommandLine;
using System.IO;

namespace Cachetronomy.Cli;

/// <summary>The options every command takes (<c>--db-path</c>, <c>--profile</c>, <c>--json</c>), and how their defaults are found.</summary>
internal sealed class GlobalOptions
{
    public const string DatabasePathVariable = "CACHETRONOMY_DB_PATH";
    public const string ProfileVariable = "CACHETRONOMY_PROFILE";
    public const string DefaultDatabaseFileName = "cachetronomy.db";

    private readonly string _currentDirectory;
    private readonly IDictionary _environment;

    public GlobalOptions(string currentDirectory, IDictionary environment)
    {
        _currentDirectory = currentDirectory;
        _environment = environment;
        DatabasePath = new Option<string?>("--db-path")
        {
            Description = $"The cache file. Default: ${DatabasePathVariable}, else '{DefaultDatabaseFileName}' in the current folder.",
            HelpName = "PATH",
            Recursive = true,
        };
        Profile = new Option<string?>("--profile")
        {
            Description = $"The profile this run works under (default TTL of writes, saved-by-profile, the profile 'update-active-profile' changes). Default: ${ProfileVariable}, else 'default'.",
            HelpName = "NAME",
            Recursive = true,
        };
        Json = new Option<bool>("--json")
        {
            Description = "Write exactly one JSON document to standard output instead of tables and text.",
            Recursive = true,
        };
    }

    public Option<string?> DatabasePath { get; }

    public Option<string?> Profile { get; }

    public Option<bool> Json { get; }

    public void AddTo(RootCommand root)
    {
        root.Options.Add(DatabasePath);
        root.Options.Add(Profile);
        root.Options.Add(Json);
    }

    /// <summary>The full path of the cache file: the option, else the environment variable, else the default, relative to the current folder.</summary>
    public string ResolveDatabasePath(ParseResult parseResult)
    {
        string? path = parseResult.GetValue(DatabasePath);
        if (string.IsNullOrWhiteSpace(path))
        {
            path = _environment[DatabasePathVariable] as string;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            path = DefaultDatabaseFileName;
        }

        return Path.GetFullPath(path, _currentDirectory);
    }

    public string ResolveProfile(ParseResult parseResult)
    {
        string? name = parseResult.GetValue(Profile);
        if (string.IsNullOrWhiteSpace(name))
        {
            name = _environment[ProfileVariable] as string;
        }

        return string.IsNullOrWhiteSpace(name) ? CachetronomyProfile.DefaultName : name.Trim();
    }

    public static bool IsSet(string? value) => !string.IsNullOrWhiteSpace(value);

    public static StringComparison Comparison => StringComparison.Ordinal;
}
