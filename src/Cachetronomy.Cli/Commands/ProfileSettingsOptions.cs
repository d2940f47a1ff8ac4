using System.CommandLine;

namespace Cachetronomy.Cli.Commands;

/// <summary>One option per profile setting (durations in seconds), for set-profile and update-active-profile. Unset options keep the stored value.</summary>
internal sealed class ProfileSettingsOptions
{
    public Option<double?> TimeToLive { get; } = new("--time-to-live") { Description = "Default time to live of entries, in seconds.", HelpName = "SECONDS" };

    public Option<double?> TtlCleanupInterval { get; } = new("--ttl-cleanup-interval") { Description = "How often expired entries are swept, in seconds.", HelpName = "SECONDS" };

    public Option<bool?> MemoryBasedEviction { get; } = new("--memory-based-eviction") { Description = "Whether entries leave RAM when free memory is low.", HelpName = "true|false" };

    public Option<double?> FreeMemoryTarget { get; } = new("--free-memory-target") { Description = "Free memory to keep: MB when above 1, else a fraction of total memory.", HelpName = "N" };

    public Option<double?> MemoryCleanupInterval { get; } = new("--memory-cleanup-interval") { Description = "How often memory is checked, in seconds.", HelpName = "SECONDS" };

    public Option<int?> MaxItemsInMemory { get; } = new("--max-items-in-memory") { Description = "The most entries in RAM.", HelpName = "N" };

    public Option<string[]> Tags { get; } = CommonOptions.Tags("The profile's tags.");

    public void AddTo(Command command)
    {
        command.Options.Add(TimeToLive);
        command.Options.Add(TtlCleanupInterval);
        command.Options.Add(MemoryBasedEviction);
        command.Options.Add(FreeMemoryTarget);
        command.Options.Add(MemoryCleanupInterval);
        command.Options.Add(MaxItemsInMemory);
        command.Options.Add(Tags);
    }

    /// <summary>The settings given on the command line, or <see langword="null"/> when none was.</summary>
    public CachetronomyProfileUpdate? Read(ParseResult parseResult)
    {
        var update = new CachetronomyProfileUpdate
        {
            TimeToLive = CommonOptions.Seconds(parseResult.GetValue(TimeToLive), "--time-to-live"),
            TtlCleanupInterval = CommonOptions.Seconds(parseResult.GetValue(TtlCleanupInterval), "--ttl-cleanup-interval"),
            MemoryBasedEviction = parseResult.GetValue(MemoryBasedEviction),
            FreeMemoryTarget = parseResult.GetValue(FreeMemoryTarget),
            MemoryCleanupInterval = CommonOptions.Seconds(parseResult.GetValue(MemoryCleanupInterval), "--memory-cleanup-interval"),
            MaxItemsInMemory = parseResult.GetValue(MaxItemsInMemory),
            Tags = CommonOptions.ReadTags(parseResult.GetValue(Tags)),
        };
        return update == new CachetronomyProfileUpdate() ? null : update;
    }
}
