using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Cachetronomy.Cli.Output;

/// <summary>
/// How the library's records are shown: a table row for people (times in local time) and a JSON object for
/// <c>--json</c> (camelCase names, times in ISO 8601, durations in seconds).
/// </summary>
internal static class Views
{
    public static string Time(DateTimeOffset value) =>
        value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Tags(IReadOnlyList<string> tags) => tags.Count == 0 ? "-" : string.Join(", ", tags);

    public static string Seconds(TimeSpan value) => Number(value.TotalSeconds) + " s";

    public static void WriteStringArray(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    // ---- keys ----------------------------------------------------------------------------------------------

    public static void WriteKeys(CliOutput output, IReadOnlyList<string> keys)
    {
        if (output.Json)
        {
            output.WriteJson(w =>
            {
                w.WriteStartArray();
                foreach (string key in keys)
                {
                    w.WriteStringValue(key);
                }

                w.WriteEndArray();
            });
            return;
        }

        var table = new TextTable("key");
        foreach (string key in keys)
        {
            table.AddRow(key);
        }

        output.WriteTable(table, "(no keys)");
    }

    // ---- metadata ------------------------------------------------------------------------------------------

    public static readonly string[] MetadataColumns = ["key", "format", "expires at", "tags", "version", "saved by profile", "size", "updated at"];

    public static string[] MetadataRow(CacheEntryMetadata m) =>
        [m.Key, m.Format, Time(m.ExpiresAt), Tags(m.Tags), Number(m.Version), m.SavedByProfile, Number(m.SizeBytes) + " B", Time(m.UpdatedAt)];

    public static void WriteMetadataObject(Utf8JsonWriter w, CacheEntryMetadata m)
    {
        w.WriteStartObject();
        WriteMetadataProperties(w, m);
        w.WriteEndObject();
    }

    public static void WriteMetadataProperties(Utf8JsonWriter w, CacheEntryMetadata m)
    {
        w.WriteString("key", m.Key);
        w.WriteString("format", m.Format);
        w.WriteString("expiresAt", m.ExpiresAt);
        WriteStringArray(w, "tags", m.Tags);
        w.WriteNumber("version", m.Version);
        w.WriteString("savedByProfile", m.SavedByProfile);
        w.WriteNumber("sizeBytes", m.SizeBytes);
        w.WriteString("updatedAt", m.UpdatedAt);
    }

    public static void WriteMetadataList(CliOutput output, IReadOnlyList<CacheEntryMetadata> rows)
    {
        if (output.Json)
        {
            output.WriteJson(w =>
            {
                w.WriteStartArray();
                foreach (CacheEntryMetadata m in rows)
                {
                    WriteMetadataObject(w, m);
                }

                w.WriteEndArray();
            });
            return;
        }

        var table = new TextTable(MetadataColumns);
        foreach (CacheEntryMetadata m in rows)
        {
            table.AddRow(MetadataRow(m));
        }

        output.WriteTable(table, "(no entries)");
    }

    // ---- access logs ---------------------------------------------------------------------------------------

    public static void WriteAccessLogObject(Utf8JsonWriter w, AccessLogEntry e)
    {
        w.WriteStartObject();
        w.WriteString("key", e.Key);
        w.WriteNumber("accessCount", e.AccessCount);
        w.WriteString("lastAccessed", e.LastAccessed);
        w.WriteString("lastAccessedByProfile", e.LastAccessedByProfile);
        w.WriteEndObject();
    }

    public static TextTable AccessLogTable(IEnumerable<AccessLogEntry> rows)
    {
        var table = new TextTable("key", "access count", "last accessed", "last accessed by profile");
        foreach (AccessLogEntry e in rows)
        {
            table.AddRow(e.Key, Number(e.AccessCount), Time(e.LastAccessed), e.LastAccessedByProfile);
        }

        return table;
    }

    public static void WriteAccessLogs(CliOutput output, IReadOnlyList<AccessLogEntry> rows)
    {
        if (output.Json)
        {
            output.WriteJson(w =>
            {
                w.WriteStartArray();
                foreach (AccessLogEntry e in rows)
                {
                    WriteAccessLogObject(w, e);
                }

                w.WriteEndArray();
            });
            return;
        }

        output.WriteTable(AccessLogTable(rows), "(no access logs)");
    }

    // ---- eviction logs -------------------------------------------------------------------------------------

    public static void WriteEvictionLogs(CliOutput output, IReadOnlyList<EvictionLogEntry> rows)
    {
        if (output.Json)
        {
            output.WriteJson(w =>
            {
                w.WriteStartArray();
                foreach (EvictionLogEntry e in rows)
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", e.Id);
                    w.WriteString("key", e.Key);
                    w.WriteString("evictedAt", e.EvictedAt);
                    w.WriteString("reason", e.Reason);
                    w.WriteNumber("lastAccessCount", e.LastAccessCount);
                    w.WriteString("evictedByProfile", e.EvictedByProfile);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
            return;
        }

        var table = new TextTable("id", "key", "evicted at", "reason", "last access count", "evicted by profile");
        foreach (EvictionLogEntry e in rows)
        {
            table.AddRow(Number(e.Id), e.Key, Time(e.EvictedAt), e.Reason, Number(e.LastAccessCount), e.EvictedByProfile);
        }

        output.WriteTable(table, "(no eviction logs)");
    }

    // ---- profiles ------------------------------------------------------------------------------------------

    public static void WriteProfileObject(Utf8JsonWriter w, CachetronomyProfile p)
    {
        w.WriteStartObject();
        w.WriteString("name", p.Name);
        w.WriteNumber("timeToLive", p.TimeToLive.TotalSeconds);
        w.WriteNumber("ttlCleanupInterval", p.TtlCleanupInterval.TotalSeconds);
        w.WriteBoolean("memoryBasedEviction", p.MemoryBasedEviction);
        w.WriteNumber("freeMemoryTarget", p.FreeMemoryTarget);
        w.WriteNumber("memoryCleanupInterval", p.MemoryCleanupInterval.TotalSeconds);
        w.WriteNumber("maxItemsInMemory", p.MaxItemsInMemory);
        WriteStringArray(w, "tags", p.Tags);
        w.WriteEndObject();
    }

    public static void WriteProfiles(CliOutput output, IReadOnlyList<CachetronomyProfile> profiles, string empty = "(no profiles)")
    {
        if (output.Json)
        {
            output.WriteJson(w =>
            {
                w.WriteStartArray();
                foreach (CachetronomyProfile p in profiles)
                {
                    WriteProfileObject(w, p);
                }

                w.WriteEndArray();
            });
            return;
        }

        output.WriteTable(ProfileTable(profiles), empty);
    }

    public static void WriteProfile(CliOutput output, CachetronomyProfile profile)
    {
        if (output.Json)
        {
            output.WriteJson(w => WriteProfileObject(w, profile));
            return;
        }

        output.WriteTable(ProfileTable([profile]), string.Empty);
    }

    private static TextTable ProfileTable(IEnumerable<CachetronomyProfile> profiles)
    {
        var table = new TextTable("name", "time to live", "ttl cleanup interval", "memory-based eviction", "free memory target", "memory cleanup interval", "max items in memory", "tags");
        foreach (CachetronomyProfile p in profiles)
        {
            table.AddRow(
                p.Name,
                Seconds(p.TimeToLive),
                Seconds(p.TtlCleanupInterval),
                p.MemoryBasedEviction ? "true" : "false",
                Number(p.FreeMemoryTarget),
                Seconds(p.MemoryCleanupInterval),
                Number(p.MaxItemsInMemory),
                Tags(p.Tags));
        }

        return table;
    }

    // ---- name/value pairs ----------------------------------------------------------------------------------

    /// <summary>A two-column table of facts, for single records (health, stats).</summary>
    public static TextTable Facts(params (string Name, string Value)[] facts)
    {
        var table = new TextTable("name", "value");
        foreach ((string name, string value) in facts)
        {
            table.AddRow(name, value);
        }

        return table;
    }
}
