using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Cli.Output;

namespace Cachetronomy.Cli.Commands;

/// <summary>set, get, delete and their bulk forms get-many, set-many, delete-many.</summary>
internal static class DataCommands
{
    public static void AddTo(RootCommand root, CommandSetup setup)
    {
        root.Subcommands.Add(Set(setup));
        root.Subcommands.Add(Get(setup));
        root.Subcommands.Add(Delete(setup));
        root.Subcommands.Add(GetMany(setup));
        root.Subcommands.Add(SetMany(setup));
        root.Subcommands.Add(DeleteMany(setup));
    }

    private static Command Set(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "set",
            "Store a value under a key (creates the file if missing). --format string (default) stores VALUE as text; " +
            "json parses VALUE as JSON, so an app's Get<MyType> reads an object; bytes takes VALUE as base64.",
            "cachetronomy set user:42 '{\"name\":\"Ada\"}' --format json --time-to-live 600 --tags users api");
        var key = new Argument<string>("KEY") { Description = "The key." };
        var value = new Argument<string>("VALUE") { Description = "The value (text, JSON or base64, see --format)." };
        Option<string> format = CommonOptions.Format(CommonOptions.FormatString, "How VALUE is read and stored: string (default), json or bytes (base64).");
        Option<double?> ttl = CommonOptions.TimeToLive("Seconds until the entry expires (default: the profile's time to live).");
        Option<string[]> tags = CommonOptions.Tags("Tags for the entry.");
        var version = new Option<long?>("--version") { Description = "The entry's version number (default 1).", HelpName = "N" };
        command.Arguments.Add(key);
        command.Arguments.Add(value);
        command.Options.Add(format);
        command.Options.Add(ttl);
        command.Options.Add(tags);
        command.Options.Add(version);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            string k = context.Get(key)!;
            string f = context.Get(format) ?? CommonOptions.FormatString;
            var options = new CachetronautEntryOptions
            {
                TimeToLive = CommonOptions.Seconds(context.Get(ttl), "--time-to-live"),
                Tags = CommonOptions.ReadTags(context.Get(tags)),
                Serializer = f,
                Version = context.Get(version),
            };
            (string Text, JsonElement Json, byte[]? Bytes) parsed = ParseValue(context.Get(value)!, f, "VALUE");
            using CliSession session = context.OpenForWrite();
            switch (f)
            {
                case CommonOptions.FormatJson:
                    await session.Engine.SetAsync(k, parsed.Json, options, cancellationToken).ConfigureAwait(false);
                    break;
                case CommonOptions.FormatBytes:
                    await session.Engine.SetAsync(k, parsed.Bytes!, options, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await session.Engine.SetAsync(k, parsed.Text, options, cancellationToken).ConfigureAwait(false);
                    break;
            }

            CacheEntryMetadata? metadata = await session.Engine.KeyMetadataAsync(k, cancellationToken).ConfigureAwait(false);
            WriteWritten(context.Output, [k], metadata is null ? [] : [metadata]);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Get(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "get",
            "Print a key's value: text as is, JSON indented, bytes as base64. With --json: the key, value, value encoding and metadata. " +
            "Exit code 1 when the key is absent or expired. Reading from the tool does not count as an access.",
            "cachetronomy get user:42");
        var key = new Argument<string>("KEY") { Description = "The key." };
        command.Arguments.Add(key);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            string k = context.Get(key)!;
            using CliSession session = context.OpenExisting();
            StoredCacheEntry? row = await session.Store.GetAsync(k, cancellationToken).ConfigureAwait(false);
            if (row is null || row.ExpiresAt <= DateTimeOffset.UtcNow)
            {
                context.Output.WriteError($"Key '{k}' not found.");
                return ExitCodes.NotFound;
            }

            RenderedValue value = RenderedValue.FromRow(row, RenderedValue.DefaultSerializers);
            if (context.Output.Json)
            {
                CacheEntryMetadata metadata = await session.Engine.KeyMetadataAsync(k, cancellationToken).ConfigureAwait(false) ?? FromRow(row);
                context.Output.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("key", k);
                    w.WritePropertyName("value");
                    value.WriteValue(w);
                    w.WriteString("valueEncoding", value.Encoding);
                    w.WritePropertyName("metadata");
                    Views.WriteMetadataObject(w, metadata);
                    w.WriteEndObject();
                });
            }
            else
            {
                context.Output.WriteLine(value.ToDisplayString());
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "delete",
            "Delete a key's entry (exit code 0 whether or not it existed; the output says which).",
            "cachetronomy delete user:42");
        var key = new Argument<string>("KEY") { Description = "The key." };
        command.Arguments.Add(key);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            string k = context.Get(key)!;
            using CliSession session = context.OpenExisting();
            bool deleted = await session.Engine.DeleteAsync(k, cancellationToken).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("key", k);
                    w.WriteBoolean("deleted", deleted);
                    w.WriteEndObject();
                });
            }
            else
            {
                context.Output.WriteLine(deleted ? $"Deleted '{k}'." : $"'{k}' was not found; nothing deleted.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command GetMany(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "get-many",
            "Print several keys' values (absent or expired keys are left out and named on standard error). " +
            "With --json: an object by key of { value, valueEncoding, format }.",
            "cachetronomy get-many user:1 user:2 user:3");
        var keys = new Argument<string[]>("KEY") { Description = "The keys.", Arity = ArgumentArity.OneOrMore };
        command.Arguments.Add(keys);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            string[] wanted = context.Get(keys)!;
            using CliSession session = context.OpenExisting();
            IReadOnlyList<StoredCacheEntry> rows = await session.Store.GetManyAsync(wanted, cancellationToken).ConfigureAwait(false);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            var found = new Dictionary<string, StoredCacheEntry>(StringComparer.Ordinal);
            foreach (StoredCacheEntry row in rows)
            {
                if (row.ExpiresAt > now)
                {
                    found[row.Key] = row;
                }
            }

            List<string> ordered = wanted.Distinct(StringComparer.Ordinal).Where(found.ContainsKey).ToList();
            List<string> missing = wanted.Distinct(StringComparer.Ordinal).Where(k => !found.ContainsKey(k)).ToList();
            if (context.Output.Json)
            {
                context.Output.WriteJson(w =>
                {
                    w.WriteStartObject();
                    foreach (string k in ordered)
                    {
                        RenderedValue value = RenderedValue.FromRow(found[k], RenderedValue.DefaultSerializers);
                        w.WriteStartObject(k);
                        w.WritePropertyName("value");
                        value.WriteValue(w);
                        w.WriteString("valueEncoding", value.Encoding);
                        w.WriteString("format", found[k].Format);
                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                });
            }
            else
            {
                var table = new TextTable("key", "format", "value");
                foreach (string k in ordered)
                {
                    table.AddRow(k, found[k].Format, RenderedValue.FromRow(found[k], RenderedValue.DefaultSerializers).ToDisplayString(indented: false));
                }

                context.Output.WriteTable(table, "(none of the keys were found)");
            }

            if (missing.Count > 0)
            {
                context.Output.WriteError($"Not found: {string.Join(", ", missing)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command SetMany(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "set-many",
            "Store several values in one transaction (all or none) from a JSON object of key to value, read from --file or standard input. " +
            "--format json (default) stores each value as JSON; string needs every value to be a JSON string; bytes, a base64 string.",
            "echo '{\"a\":1,\"b\":{\"x\":true}}' | cachetronomy set-many --time-to-live 60");
        var file = new Option<string?>("--file") { Description = "Read the JSON object from this file instead of standard input.", HelpName = "PATH" };
        Option<string> format = CommonOptions.Format(CommonOptions.FormatJson, "How each value is stored: json (default), string or bytes (base64).");
        Option<double?> ttl = CommonOptions.TimeToLive("Seconds until the entries expire (default: the profile's time to live).");
        Option<string[]> tags = CommonOptions.Tags("Tags for every entry.");
        var version = new Option<long?>("--version") { Description = "The entries' version number (default 1).", HelpName = "N" };
        command.Options.Add(file);
        command.Options.Add(format);
        command.Options.Add(ttl);
        command.Options.Add(tags);
        command.Options.Add(version);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            string f = context.Get(format) ?? CommonOptions.FormatJson;
            var options = new CachetronautEntryOptions
            {
                TimeToLive = CommonOptions.Seconds(context.Get(ttl), "--time-to-live"),
                Tags = CommonOptions.ReadTags(context.Get(tags)),
                Serializer = f,
                Version = context.Get(version),
            };
            string? path = context.Get(file);
            string text = path is null
                ? await context.Input.ReadToEndAsync(cancellationToken).ConfigureAwait(false)
                : await ReadFileAsync(Path.GetFullPath(path, context.CurrentDirectory), cancellationToken).ConfigureAwait(false);
            List<KeyValuePair<string, JsonElement>> items = ParseObject(text);
            using CliSession session = context.OpenForWrite();
            switch (f)
            {
                case CommonOptions.FormatString:
                    await session.Engine.SetManyAsync(items.Select(p => KeyValuePair.Create(p.Key, ParseValue(p.Value, f, p.Key).Text)), options, cancellationToken).ConfigureAwait(false);
                    break;
                case CommonOptions.FormatBytes:
                    await session.Engine.SetManyAsync(items.Select(p => KeyValuePair.Create(p.Key, ParseValue(p.Value, f, p.Key).Bytes!)), options, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await session.Engine.SetManyAsync(items, options, cancellationToken).ConfigureAwait(false);
                    break;
            }

            List<string> keys = items.Select(p => p.Key).Distinct(StringComparer.Ordinal).ToList();
            var metadata = new List<CacheEntryMetadata>(keys.Count);
            foreach (string k in keys)
            {
                if (await session.Engine.KeyMetadataAsync(k, cancellationToken).ConfigureAwait(false) is { } m)
                {
                    metadata.Add(m);
                }
            }

            WriteWritten(context.Output, keys, metadata);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteMany(CommandSetup setup)
    {
        Command command = CachetronomyCli.Define(
            "delete-many",
            "Delete several keys' entries; prints how many existed.",
            "cachetronomy delete-many user:1 user:2");
        var keys = new Argument<string[]>("KEY") { Description = "The keys.", Arity = ArgumentArity.OneOrMore };
        command.Arguments.Add(keys);
        command.SetBody(setup, async (context, cancellationToken) =>
        {
            string[] wanted = context.Get(keys)!;
            using CliSession session = context.OpenExisting();
            int deleted = await session.Engine.DeleteManyAsync(wanted, cancellationToken).ConfigureAwait(false);
            Counts.Write(context.Output, "deleted", deleted, $"Deleted {deleted} of {wanted.Distinct(StringComparer.Ordinal).Count()} key(s).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteWritten(CliOutput output, List<string> keys, IReadOnlyList<CacheEntryMetadata> metadata)
    {
        if (output.Json)
        {
            output.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("stored", keys.Count);
                w.WriteStartArray("entries");
                foreach (CacheEntryMetadata m in metadata)
                {
                    Views.WriteMetadataObject(w, m);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return;
        }

        output.WriteLine($"Stored {keys.Count} key(s).");
        var table = new TextTable(Views.MetadataColumns);
        foreach (CacheEntryMetadata m in metadata)
        {
            table.AddRow(Views.MetadataRow(m));
        }

        output.WriteTable(table, string.Empty);
    }

    private static async Task<string> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--file: cannot read '{path}' ({ex.Message}).", ex);
        }
    }

    private static List<KeyValuePair<string, JsonElement>> ParseObject(string text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException("set-many reads a JSON object of key to value, such as {\"a\": 1, \"b\": \"text\"}.");
            }

            var items = new List<KeyValuePair<string, JsonElement>>();
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                items.Add(KeyValuePair.Create(property.Name, property.Value.Clone()));
            }

            if (items.Count == 0)
            {
                throw new UsageException("set-many: the JSON object is empty; nothing to store.");
            }

            return items;
        }
        catch (JsonException ex)
        {
            throw new UsageException($"set-many: the input is not valid JSON ({ex.Message}).", ex);
        }
    }

    private static (string Text, JsonElement Json, byte[]? Bytes) ParseValue(string value, string format, string name)
    {
        switch (format)
        {
            case CommonOptions.FormatJson:
                try
                {
                    using JsonDocument document = JsonDocument.Parse(value);
                    return (value, document.RootElement.Clone(), null);
                }
                catch (JsonException ex)
                {
                    throw new UsageException($"{name} is not valid JSON ({ex.Message}); use --format string to store it as text.", ex);
                }

            case CommonOptions.FormatBytes:
                try
                {
                    return (value, default, Convert.FromBase64String(value));
                }
                catch (FormatException ex)
                {
                    throw new UsageException($"{name} is not valid base64 (--format bytes takes base64).", ex);
                }

            default:
                return (value, default, null);
        }
    }

    private static (string Text, JsonElement Json, byte[]? Bytes) ParseValue(JsonElement value, string format, string key)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new UsageException($"set-many --format {format}: the value of '{key}' must be a JSON string.");
        }

        return ParseValue(value.GetString()!, format, $"The value of '{key}'");
    }

    private static CacheEntryMetadata FromRow(StoredCacheEntry row) =>
        new(row.Key, row.Format, row.ExpiresAt, row.Tags, row.Version, row.SavedByProfile, row.Data.Length, default);
}
