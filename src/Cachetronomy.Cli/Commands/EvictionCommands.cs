using System.Collections.Generic;
using System.CommandLine;

namespace Cachetronomy.Cli.Commands;

/// <summary>evict, evict-all, clear-all, clear-expired, clear-by-tags and clear-by-profile.</summary>
internal static class EvictionCommands
{
    private const string RamNote =
        " The tool cannot reach a running app's memory directly: it records an evict change in the file, and apps with coherence on (the default) drop the entries from their RAM within their coherence interval.";

    public static void AddTo(RootCommand root, CommandSetup setup)
    {
        root.Subcommands.Add(Evict(setup));
        root.Subcommands.Add(EvictAll(setup));
        root.Subcommands.Add(ClearAll(setup));
        root.Subcommands.Add(ClearExpired(setup));
        root.Subcommands.Add(ClearByTags(setup));
        root.Subcommands.Add(ClearByProfile(setup));
    }

    private static Command Evict(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "evict",
            "Move a key out of RAM (the entry stays in the file)." + RamNote,
            "cachetronomy evict user:42");
        var key = new Argument<string>("KEY") { Description = "The key." };
        command.Arguments.Add(key);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            string k = context.Get(key)!;
            using CliSession session = context.OpenExisting();
            bool evicted = await session.Engine.EvictAsync(k, cancellationToken).ConfigureAwait(false);
            session.Store.PublishEviction(k);
            Counts.Write(context.Output, "evicted", evicted, evicted ? $"Evicted '{k}' from RAM." : $"'{k}' was not in this process's RAM; running apps will drop it from theirs (the entry stays in the file).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command EvictAll(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "evict-all",
            "Move every entry out of RAM (entries stay in the file)." + RamNote,
            "cachetronomy evict-all");
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            using CliSession session = context.OpenExisting();
            int evicted = await session.Engine.EvictAllAsync(cancellationToken).ConfigureAwait(false);
            session.Store.PublishEviction(key: null);
            Counts.Write(context.Output, "evicted", evicted, $"Evicted {evicted} entr{(evicted == 1 ? "y" : "ies")} from RAM.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ClearAll(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "clear-all",
            "Delete every entry from the file (logs and profiles stay).",
            "cachetronomy clear-all");
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            using CliSession session = context.OpenExisting();
            await session.Engine.ClearAllAsync(cancellationToken).ConfigureAwait(false);
            Counts.Write(context.Output, "cleared", true, "Deleted every entry.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ClearExpired(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "clear-expired",
            "Delete every expired entry (logged as time_eviction); prints how many.",
            "cachetronomy clear-expired");
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            using CliSession session = context.OpenExisting();
            int deleted = await session.Engine.ClearExpiredAsync(cancellationToken).ConfigureAwait(false);
            Counts.Write(context.Output, "deleted", deleted, $"Deleted {deleted} expired entr{(deleted == 1 ? "y" : "ies")}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ClearByTags(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "clear-by-tags",
            "Delete the entries that carry any of the tags, or with --exact-match exactly that tag set (logged as tag_invalidation).",
            "cachetronomy clear-by-tags --tags users api --exact-match");
        Option<string[]> tags = CommonOptions.Tags("The tags to match.", required: true);
        var exact = new Option<bool>("--exact-match") { Description = "Match entries whose whole tag set equals the given tags (in any order) instead of any tag." };
        command.Options.Add(tags);
        command.Options.Add(exact);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            IReadOnlyList<string> wanted = CommonOptions.ReadTags(context.Get(tags)) ?? [];
            if (wanted.Count == 0)
            {
                throw new UsageException("clear-by-tags needs at least one tag.");
            }

            using CliSession session = context.OpenExisting();
            int deleted = await session.Engine.ClearByTagsAsync(wanted, context.Get(exact), cancellationToken).ConfigureAwait(false);
            Counts.Write(context.Output, "deleted", deleted, $"Deleted {deleted} entr{(deleted == 1 ? "y" : "ies")}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ClearByProfile(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "clear-by-profile",
            "Delete the entries written under a profile (logged as profile_invalidation).",
            "cachetronomy clear-by-profile batch-jobs");
        var name = new Argument<string>("NAME") { Description = "The profile name." };
        command.Arguments.Add(name);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            using CliSession session = context.OpenExisting();
            int deleted = await session.Engine.ClearByProfileAsync(context.Get(name)!, cancellationToken).ConfigureAwait(false);
            Counts.Write(context.Output, "deleted", deleted, $"Deleted {deleted} entr{(deleted == 1 ? "y" : "ies")}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
