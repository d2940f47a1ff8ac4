using System.Collections.Generic;
using System.CommandLine;
using System.Text.Json;
using Cachetronomy.Cli.Output;

namespace Cachetronomy.Cli.Commands;

/// <summary>all-keys, store-keys, key-metadata, store-metadata, items, store-stats, health-check and stats.</summary>
internal static class IntrospectionCommands
{
    public static void AddTo(RootCommand root, CommandSetup setup)
    {
        root.Subcommands.Add(AllKeys(setup));
        root.Subcommands.Add(StoreKeys(setup));
        root.Subcommands.Add(KeyMetadata(setup));
        root.Subcommands.Add(StoreMetadata(setup));
        root.Subcommands.Add(Items(setup));
        root.Subcommands.Add(StoreStats(setup));
        root.Subcommands.Add(HealthCheck(setup));
        root.Subcommands.Add(Stats(setup));
    }

    private static Command AllKeys(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "all-keys",
            "List the keys of both tiers, each once (from the tool's process that is the file's keys, expired rows not yet swept included).",
            "cachetronomy all-keys --json");
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            using CliSession session = context.OpenExisting();
            Views.WriteKeys(context.Output, await session.Engine.AllKeysAsync(cancellationToken).ConfigureAwait(false));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command StoreKeys(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "store-keys",
            "List the keys in the file (expired rows not yet swept included).",
            "cachetronomy store-keys");
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            using CliSession session = context.OpenExisting();
            Views.WriteKeys(context.Output, await session.Engine.StoreKeysAsync(cancellationToken).ConfigureAwait(false));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command KeyMetadata(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "key-metadata",
            "Show one entry's metadata (format, expiry, tags, version, profile, size). Exit code 1 when the key is absent.",
            "cachetronomy key-metadata user:42");
        var key = new Argument<string>("KEY") { Description = "The key." };
        command.Arguments.Add(key);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            string k = context.Get(key)!;
            using CliSession session = context.OpenExisting();
            CacheEntryMetadata? metadata = await session.Engine.KeyMetadataAsync(k, cancellationToken).ConfigureAwait(false);
            if (metadata is null)
            {
                context.Output.WriteError($"Key '{k}' not found.");
                return ExitCodes.NotFound;
            }

            if (context.Output.Json)
            {
                context.Output.WriteJson(w => Views.WriteMetadataObject(w, metadata));
            }
            else
            {
                Views.WriteMetadataList(context.Output, [metadata]);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command StoreMetadata(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "store-metadata",
            "Show every entry's metadata.",
            "cachetronomy store-metadata");
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            using CliSession session = context.OpenExisting();
            Views.WriteMetadataList(context.Output, await session.Engine.StoreMetadataAsync(cancellationToken).ConfigureAwait(false));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Items(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "items",
            "Show entries with their values (expired entries are swept first, as the engine's Items does).",
            "cachetronomy items --limit 20");
        Option<int> limit = CommonOptions.Limit(100, "entries");
        command.Options.Add(limit);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            int? max = CommonOptions.ToLimit(context.Get(limit));
            using CliSession session = context.OpenExisting();
            IReadOnlyList<CacheItem> items = await session.Engine.ItemsAsync(max, cancellationToken).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(w =>
                {
                    w.WriteStartArray();
                    foreach (CacheItem item in items)
                    {
                        RenderedValue value = RenderedValue.FromObject(item.Value) ?? RenderedValue.Unavailable;
                        w.WriteStartObject();
                        w.WriteString("key", item.Key);
                        w.WritePropertyName("value");
                        value.WriteValue(w);
                        w.WriteString("valueEncoding", value.Encoding);
                        w.WritePropertyName("metadata");
                        Views.WriteMetadataObject(w, item.Metadata);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
            }
            else
            {
                var table = new TextTable("key", "format", "expires at", "tags", "value");
                foreach (CacheItem item in items)
                {
                    RenderedValue value = RenderedValue.FromObject(item.Value) ?? RenderedValue.Unavailable;
                    table.AddRow(item.Key, item.Metadata.Format, Views.Time(item.Metadata.ExpiresAt), Views.Tags(item.Metadata.Tags), value.ToDisplayString(indented: false));
                }

                context.Output.WriteTable(table, "(no entries)");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command StoreStats(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "store-stats",
            "Show the most-accessed keys from the file's access log.",
            "cachetronomy store-stats --top 5");
        var top = new Option<int>("--top", "--limit") { Description = "How many keys (default 10).", HelpName = "N", DefaultValueFactory = _ => 10 };
        command.Options.Add(top);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            int n = context.Get(top);
            if (n < 0)
            {
                throw new UsageException($"--top must be zero or more (was {n}).");
            }

            using CliSession session = context.OpenExisting();
            Views.WriteAccessLogs(context.Output, await session.Engine.StoreStatsAsync(n, cancellationToken).ConfigureAwait(false));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command HealthCheck(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "health-check",
            "Check that the file is readable and memory is above the profile's free-memory target. Exit code 3 when unhealthy.",
            "cachetronomy health-check --json");
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            using CliSession session = context.OpenExisting();
            CacheHealth health = await session.Engine.HealthCheckAsync(cancellationToken).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("status", health.Status.ToString());
                    w.WriteBoolean("databaseAccessible", health.DatabaseAccessible);
                    w.WriteBoolean("memoryOk", health.MemoryOk);
                    w.WriteNumber("storeKeysCount", health.StoreKeysCount);
                    w.WriteNumber("memoryKeysCount", health.MemoryKeysCount);
                    if (health.Error is null)
                    {
                        w.WriteNull("error");
                    }
                    else
                    {
                        w.WriteString("error", health.Error);
                    }

                    w.WriteEndObject();
                });
            }
            else
            {
                context.Output.WriteTable(
                    Views.Facts(
                        ("status", health.Status.ToString()),
                        ("database accessible", health.DatabaseAccessible ? "yes" : "no"),
                        ("memory ok", health.MemoryOk ? "yes" : "no"),
                        ("store keys", Views.Number(health.StoreKeysCount)),
                        ("memory keys", Views.Number(health.MemoryKeysCount)),
                        ("error", health.Error ?? "-")),
                    string.Empty);
            }

            return health.Status == CacheHealthStatus.Unhealthy ? ExitCodes.DatabaseError : ExitCodes.Success;
        });
        return command;
    }

    private static Command Stats(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "stats",
            "Show key counts, the 10 hottest keys, the eviction count and facts about the file (size, WAL, pages, schema). " +
            "Hit and miss counters are per process, so from the tool they are this run's own (zero).",
            "cachetronomy stats");
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            using CliSession session = context.OpenExisting();
            CacheStatistics stats = await session.Engine.StatsAsync(cancellationToken).ConfigureAwait(false);
            CacheStoreStatistics file = await session.Store.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("totalKeys", stats.TotalKeys);
                    w.WriteNumber("memoryKeys", stats.MemoryKeys);
                    w.WriteNumber("storeKeys", stats.StoreKeys);
                    w.WriteNumber("evictionsCount", stats.EvictionsCount);
                    w.WriteString("profile", stats.Profile);
                    w.WriteNumber("memoryHits", stats.MemoryHits);
                    w.WriteNumber("storeHits", stats.StoreHits);
                    w.WriteNumber("misses", stats.Misses);
                    w.WriteNumber("hitRatio", stats.HitRatio);
                    w.WriteStartArray("hotKeys");
                    foreach (AccessLogEntry entry in stats.HotKeys)
                    {
                        Views.WriteAccessLogObject(w, entry);
                    }

                    w.WriteEndArray();
                    WriteFile(w, file);
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            context.Output.WriteTable(
                Views.Facts(
                    ("database", file.DatabasePath),
                    ("profile", stats.Profile),
                    ("total keys", Views.Number(stats.TotalKeys)),
                    ("store keys", Views.Number(stats.StoreKeys)),
                    ("memory keys", Views.Number(stats.MemoryKeys)),
                    ("evictions logged", Views.Number(stats.EvictionsCount)),
                    ("file size", Views.Number(file.FileSizeBytes) + " B"),
                    ("wal size", Views.Number(file.WalSizeBytes) + " B"),
                    ("pages", $"{Views.Number(file.PageCount)} x {Views.Number(file.PageSize)} B ({Views.Number(file.FreePageCount)} free)"),
                    ("schema version", Views.Number(file.SchemaVersion))),
                string.Empty);
            context.Output.WriteLine(string.Empty);
            context.Output.WriteLine("Hot keys:");
            context.Output.WriteTable(Views.AccessLogTable(stats.HotKeys), "(no access logs)");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteFile(Utf8JsonWriter w, CacheStoreStatistics file)
    {
        w.WriteStartObject("file");
        w.WriteString("databasePath", file.DatabasePath);
        w.WriteNumber("entryCount", file.EntryCount);
        w.WriteNumber("fileSizeBytes", file.FileSizeBytes);
        w.WriteNumber("walSizeBytes", file.WalSizeBytes);
        w.WriteNumber("pageSize", file.PageSize);
        w.WriteNumber("pageCount", file.PageCount);
        w.WriteNumber("freePageCount", file.FreePageCount);
        w.WriteNumber("schemaVersion", file.SchemaVersion);
        w.WriteEndObject();
    }
}
