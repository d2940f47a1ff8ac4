using System;
using System.CommandLine;
using System.IO;
using Cachetronomy.Cli.Output;

namespace Cachetronomy.Cli.Commands;

/// <summary>
/// list-profiles, get-profile, set-profile, update-active-profile and delete-profile.
/// </summary>
/// <remarks>
/// A running app's active profile comes from its own configuration; the tool cannot switch it. The tool keeps no state
/// between runs: each run works under the profile named by <c>--profile</c> (or CACHETRONOMY_PROFILE, else 'default'),
/// which sets the default time to live and the saved-by-profile of its writes. <c>set-profile</c> stores (with settings)
/// and checks the profile, and applies it to that run only.
/// </remarks>
internal static class ProfileCommands
{
    public static void AddTo(RootCommand root, CommandSetup setup)
    {
        root.Subcommands.Add(ListProfiles(setup));
        root.Subcommands.Add(GetProfile(setup));
        root.Subcommands.Add(SetProfile(setup));
        root.Subcommands.Add(UpdateActiveProfile(setup));
        root.Subcommands.Add(DeleteProfile(setup));
    }

    private static Command ListProfiles(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "list-profiles",
            "List the profiles stored in the file.",
            "cachetronomy list-profiles");
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            using CliSession session = context.OpenExisting();
            Views.WriteProfiles(context.Output, await session.Engine.ListProfilesAsync(cancellationToken).ConfigureAwait(false));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command GetProfile(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "get-profile",
            "Show a stored profile; without NAME, the profile this run works under (--profile, default 'default'). Exit code 1 when absent.",
            "cachetronomy get-profile batch-jobs");
        var name = new Argument<string?>("NAME") { Description = "The profile name.", Arity = ArgumentArity.ZeroOrOne };
        command.Arguments.Add(name);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            string wanted = context.Get(name) is { Length: > 0 } given ? given : context.ProfileName;
            using CliSession session = context.OpenExisting();
            CachetronomyProfile? profile = await session.Engine.GetProfileAsync(wanted, cancellationToken).ConfigureAwait(false);
            if (profile is null)
            {
                context.Output.WriteError($"Profile '{wanted}' not found.");
                return ExitCodes.NotFound;
            }

            Views.WriteProfile(context.Output, profile);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command SetProfile(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "set-profile",
            "With settings: create or update the profile NAME (unset settings keep their stored value, or the defaults for a new profile), store it and apply it. " +
            "Without settings: apply the stored profile NAME (exit code 1 when absent). The tool keeps no state between runs: to write under NAME later, " +
            "pass --profile NAME (or set CACHETRONOMY_PROFILE); an app picks a profile from its configuration or with SetProfile.",
            "cachetronomy set-profile batch-jobs --time-to-live 86400 --max-items-in-memory 500");
        var name = new Argument<string>("NAME") { Description = "The profile name." };
        var settings = new ProfileSettingsOptions();
        command.Arguments.Add(name);
        settings.AddTo(command);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            string n = context.Get(name)!.Trim();
            if (n.Length == 0)
            {
                throw new UsageException("The profile name must not be empty.");
            }

            CachetronomyProfileUpdate? update = settings.Read(context.ParseResult);
            CachetronomyProfile applied;
            if (update is null)
            {
                using CliSession session = context.OpenExisting();
                applied = await session.Engine.SetProfileAsync(n, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                CachetronomyProfile? stored = null;
                if (File.Exists(context.DatabasePath))
                {
                    using CliSession reader = context.OpenExisting();
                    stored = await reader.Store.GetProfileAsync(n, cancellationToken).ConfigureAwait(false);
                }

                CachetronomyProfile merged = update.ApplyTo(stored ?? new CachetronomyProfile { Name = n });

                // The engine checks a configured profile, stores it and starts with it: the same path an app's configuration takes.
                using CliSession session = CliSession.Open(context.DatabasePath, context.ProfileName, createIfMissing: true, configuredProfile: merged);
                applied = session.Engine.Profile;
            }

            Views.WriteProfile(context.Output, applied);
            if (!context.Output.Json && !string.Equals(applied.Name, context.ProfileName, StringComparison.Ordinal))
            {
                context.Output.WriteError($"Note: the tool keeps no state between runs; pass --profile {applied.Name} (or set CACHETRONOMY_PROFILE) to work under it.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command UpdateActiveProfile(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "update-active-profile",
            "Change settings of the profile this run works under (--profile, default 'default') and store it; unset settings keep their value.",
            "cachetronomy --profile batch-jobs update-active-profile --time-to-live 3600 --memory-based-eviction false");
        var settings = new ProfileSettingsOptions();
        settings.AddTo(command);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            CachetronomyProfileUpdate update = settings.Read(context.ParseResult)
                ?? throw new UsageException("update-active-profile needs at least one setting, such as --time-to-live 3600 (see --help).");
            using CliSession session = context.OpenForWrite();
            CachetronomyProfile updated = await session.Engine.UpdateActiveProfileAsync(update, cancellationToken).ConfigureAwait(false);
            Views.WriteProfile(context.Output, updated);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteProfile(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "delete-profile",
            "Delete a stored profile (its entries stay; see clear-by-profile). The profile this run works under cannot be deleted: pass another --profile.",
            "cachetronomy delete-profile batch-jobs");
        var name = new Argument<string>("NAME") { Description = "The profile name." };
        command.Arguments.Add(name);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            string n = context.Get(name)!;
            using CliSession session = context.OpenExisting();
            bool deleted = await session.Engine.DeleteProfileAsync(n, cancellationToken).ConfigureAwait(false);
            Counts.Write(context.Output, "deleted", deleted, deleted ? $"Deleted profile '{n}'." : $"Profile '{n}' was not found; nothing deleted.");
            return ExitCodes.Success;
        });
        return command;
    }
}
