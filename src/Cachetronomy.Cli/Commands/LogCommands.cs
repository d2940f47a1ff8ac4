using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using Cachetronomy.Cli.Output;

namespace Cachetronomy.Cli.Commands;

/// <summary>access-logs, key-access-logs, clear-access-logs, delete-access-logs, eviction-logs and clear-eviction-logs.</summary>
internal static class LogCommands
{
    public static void AddTo(RootCommand root, CommandSetup setup)
    {
        root.Subcommands.Add(AccessLogs(setup));
        root.Subcommands.Add(KeyAccessLogs(setup));
        root.Subcommands.Add(ClearAccessLogs(setup));
        root.Subcommands.Add(DeleteAccessLogs(setup));
        root.Subcommands.Add(EvictionLogs(setup));
        root.Subcommands.Add(ClearEvictionLogs(setup));
    }

    private static Command AccessLogs(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "access-logs",
            "Show the access-log rows (per key: access count, last access, last profile).",
            "cachetronomy access-logs --limit 50");
        Option<int> limit = CommonOptions.Limit(100, "rows");
        command.Options.Add(limit);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            int? max = CommonOptions.ToLimit(context.Get(limit));
            using CliSession session = context.OpenExisting();
            IReadOnlyList<AccessLogEntry> rows = await session.Engine.AccessLogsAsync(cancellationToken).ConfigureAwait(false);
            Views.WriteAccessLogs(context.Output, max is int n ? rows.Take(n).ToList() : rows);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command KeyAccessLogs(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "key-access-logs",
            "Show one key's access-log row (JSON null when the key was never counted).",
            "cachetronomy key-access-logs user:42");
        var key = new Argument<string>("KEY") { Description = "The key." };
        command.Arguments.Add(key);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            string k = context.Get(key)!;
            using CliSession session = context.OpenExisting();
            AccessLogEntry? row = await session.Engine.KeyAccessLogsAsync(k, cancellationToken).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(w =>
                {
                    if (row is null)
                    {
                        w.WriteNullValue();
                    }
                    else
                    {
                        Views.WriteAccessLogObject(w, row);
                    }
                });
            }
            else
            {
                context.Output.WriteTable(Views.AccessLogTable(row is null ? [] : [row]), $"(no access log for '{k}')");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ClearAccessLogs(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "clear-access-logs",
            "Delete every access-log row; prints how many.",
            "cachetronomy clear-access-logs");
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            using CliSession session = context.OpenExisting();
            int deleted = await session.Engine.ClearAccessLogsAsync(cancellationToken).ConfigureAwait(false);
            Counts.Write(context.Output, "deleted", deleted, $"Deleted {deleted} access-log row(s).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteAccessLogs(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "delete-access-logs",
            "Delete one key's access-log row.",
            "cachetronomy delete-access-logs user:42");
        var key = new Argument<string>("KEY") { Description = "The key." };
        command.Arguments.Add(key);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            string k = context.Get(key)!;
            using CliSession session = context.OpenExisting();
            bool deleted = await session.Engine.DeleteAccessLogsAsync(k, cancellationToken).ConfigureAwait(false);
            Counts.Write(context.Output, "deleted", deleted, deleted ? $"Deleted the access log of '{k}'." : $"'{k}' has no access log; nothing deleted.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command EvictionLogs(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "eviction-logs",
            "Show the newest eviction-log rows, newest first (key, time, reason, access count, profile).",
            "cachetronomy eviction-logs --limit 20");
        Option<int> limit = CommonOptions.Limit(100, "rows");
        command.Options.Add(limit);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            int? max = CommonOptions.ToLimit(context.Get(limit));
            using CliSession session = context.OpenExisting();
            IReadOnlyList<EvictionLogEntry> rows = await session.Engine.EvictionLogsAsync(max ?? int.MaxValue, cancellationToken).ConfigureAwait(false);
            Views.WriteEvictionLogs(context.Output, rows);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ClearEvictionLogs(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "clear-eviction-logs",
            "Delete every eviction-log row; prints how many.",
            "cachetronomy clear-eviction-logs");
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            using CliSession session = context.OpenExisting();
            int deleted = await session.Engine.ClearEvictionLogsAsync(cancellationToken).ConfigureAwait(false);
            Counts.Write(context.Output, "deleted", deleted, $"Deleted {deleted} eviction-log row(s).");
            return ExitCodes.Success;
        });
        return command;
    }
}
