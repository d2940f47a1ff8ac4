using System;
using System.Collections;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.IO;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Cli.Commands;
using Cachetronomy.Cli.Output;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Cli;

/// <summary>
/// The <c>cachetronomy</c> tool: builds the command tree (System.CommandLine), runs one command against a cache file and
/// maps what happened to the documented exit codes (see <see cref="ExitCodes"/>). Tests call <see cref="RunAsync"/> in process.
/// </summary>
internal static class CachetronomyCli
{
    /// <summary>The body of a command: it writes its result and returns an exit code.</summary>
    public delegate Task<int> CommandBody(CliContext context, CancellationToken cancellationToken);

    /// <summary>Runs the tool.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where messages and errors go.</param>
    /// <param name="currentDirectory">The folder relative paths (and the default database) resolve against; the process's when null.</param>
    /// <param name="environment">The environment variables to read (CACHETRONOMY_DB_PATH, CACHETRONOMY_PROFILE); the process's when null.</param>
    /// <param name="stdin">Standard input (for <c>set-many</c>); the console's when null.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        string? currentDirectory = null,
        IDictionary? environment = null,
        TextReader? stdin = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        currentDirectory ??= Environment.CurrentDirectory;
        environment ??= Environment.GetEnvironmentVariables();

        RootCommand root = BuildRootCommand(new CommandSetup(new GlobalOptions(currentDirectory, environment), currentDirectory, stdin));

        // No response files: a key may start with '@'.
        ParseResult parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Errors.Count > 0 && parseResult.Action is ParseErrorAction)
        {
            foreach (ParseError error in parseResult.Errors)
            {
                await stderr.WriteLineAsync($"cachetronomy: {error.Message}").ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("Run 'cachetronomy --help' or 'cachetronomy COMMAND --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
        };
        int exitCode = await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        return exitCode;
    }

    internal static RootCommand BuildRootCommand(CommandSetup setup)
    {
        var root = new RootCommand(
            "cachetronomy: inspect and maintain a Cachetronomy cache file (keys, values, metadata, access and eviction logs, profiles), " +
            "also while an app has it open. Exit codes: 0 success, 1 key or profile not found, 2 usage error, 3 database error.");
        setup.Globals.AddTo(root);
        foreach (Option option in root.Options)
        {
            if (option is VersionOption version)
            {
                // The default prints the entry assembly's version, which is the host's when the tool runs in process.
                version.Action = new PrintVersionAction();
            }
        }

        DataCommands.AddTo(root, setup);
        EvictionCommands.AddTo(root, setup);
        IntrospectionCommands.AddTo(root, setup);
        LogCommands.AddTo(root, setup);
        ProfileCommands.AddTo(root, setup);
        return root;
    }

    /// <summary>Runs a command body with the resolved globals and maps exceptions to exit codes.</summary>
    internal static async Task<int> InvokeAsync(ParseResult parseResult, CommandSetup setup, CommandBody body, CancellationToken cancellationToken)
    {
        TextWriter stdout = parseResult.InvocationConfiguration.Output;
        TextWriter stderr = parseResult.InvocationConfiguration.Error;
        var output = new CliOutput(stdout, stderr, parseResult.GetValue(setup.Globals.Json));
        try
        {
            var context = new CliContext(
                parseResult,
                setup.Globals.ResolveDatabasePath(parseResult),
                setup.Globals.ResolveProfile(parseResult),
                output,
                setup.Stdin ?? Console.In,
                setup.CurrentDirectory);
            return await body(context, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            output.WriteError(ex.Message);
            return ExitCodes.UsageError;
        }
        catch (CachetronomyProfileNotFoundException ex)
        {
            output.WriteError($"{ex.Message} List the stored profiles with 'cachetronomy list-profiles'.");
            return ExitCodes.NotFound;
        }
        catch (DatabaseMissingException ex)
        {
            output.WriteError(ex.Message);
            return ExitCodes.DatabaseError;
        }
        catch (CachetronomyStoreException ex)
        {
            output.WriteError(ex.Message);
            return ExitCodes.DatabaseError;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            output.WriteError($"The database cannot be used: {ex.Message}");
            return ExitCodes.DatabaseError;
        }
        catch (ArgumentException ex)
        {
            output.WriteError(ex.Message);
            return ExitCodes.UsageError;
        }
        catch (InvalidOperationException ex) when (ex is not ObjectDisposedException)
        {
            output.WriteError(ex.Message);
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.WriteError("Cancelled.");
            return 130;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            output.WriteError($"Unexpected error: {ex}");
            return ExitCodes.DatabaseError;
        }
    }

    /// <summary>Creates a command whose help shows its purpose and one example.</summary>
    internal static Command Define(string name, string description, string example) =>
        new(name, $"{description}{Environment.NewLine}Example: {example}");

    /// <summary>Wires a command's body.</summary>
    internal static void SetBody(this Command command, CommandSetup setup, CommandBody body) =>
        command.SetAction((parseResult, cancellationToken) => InvokeAsync(parseResult, setup, body, cancellationToken));

    /// <summary>Gets the tool's version (its informational version, as packed).</summary>
    internal static string Version { get; } =
        typeof(CachetronomyCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CachetronomyCli).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private sealed class PrintVersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitCodes.Success;
        }
    }
}
