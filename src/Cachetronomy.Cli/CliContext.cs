using System.CommandLine;
using System.IO;
using Cachetronomy.Cli.Output;

namespace Cachetronomy.Cli;

/// <summary>What a command's body gets: the parse result, the resolved global options, the output and standard input.</summary>
internal sealed class CliContext
{
    public CliContext(ParseResult parseResult, string databasePath, string profileName, CliOutput output, TextReader input, string currentDirectory)
    {
        ParseResult = parseResult;
        DatabasePath = databasePath;
        ProfileName = profileName;
        Output = output;
        Input = input;
        CurrentDirectory = currentDirectory;
    }

    public ParseResult ParseResult { get; }

    public string DatabasePath { get; }

    public string ProfileName { get; }

    public CliOutput Output { get; }

    public TextReader Input { get; }

    public string CurrentDirectory { get; }

    /// <summary>Opens the file for a command that only reads or removes: a missing file is an error and is not created.</summary>
    public CliSession OpenExisting() => CliSession.Open(DatabasePath, ProfileName, createIfMissing: false);

    /// <summary>Opens the file for a command that writes: a missing file is created.</summary>
    public CliSession OpenForWrite() => CliSession.Open(DatabasePath, ProfileName, createIfMissing: true);

    public T? Get<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Get<T>(Argument<T> argument) => ParseResult.GetValue(argument);
}
