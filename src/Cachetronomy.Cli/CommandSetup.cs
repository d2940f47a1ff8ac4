using System.IO;

namespace Cachetronomy.Cli;

/// <summary>What every command is built with: the global options, the current folder and standard input.</summary>
internal sealed class CommandSetup
{
    public CommandSetup(GlobalOptions globals, string currentDirectory, TextReader? stdin)
    {
        Globals = globals;
        CurrentDirectory = currentDirectory;
        Stdin = stdin;
    }

    public GlobalOptions Globals { get; }

    public string CurrentDirectory { get; }

    public TextReader? Stdin { get; }
}
