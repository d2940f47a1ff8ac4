using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using Cachetronomy.Serialization;

namespace Cachetronomy.Cli.Output;

/// <summary>
/// A cached value made ready to show. Rows are read with their format's serializer (<see cref="ICacheSerializer.DeserializeUntyped"/>):
/// a <c>string</c> row is shown as text, a <c>json</c> row as JSON, a <c>bytes</c> row as base64. A row in a format
/// the tool does not know (for example <c>msgpack</c>), or one its serializer cannot read, is shown as base64 of its raw bytes.
/// </summary>
internal sealed class RenderedValue
{
    public const string TextEncoding = "text";
    public const string JsonEncoding = "json";
    public const string Base64Encoding = "base64";
    public const string UnavailableEncoding = "unavailable";

    private RenderedValue(string encoding, string? text, JsonElement json)
    {
        Encoding = encoding;
        Text = text;
        JsonValue = json;
    }

    /// <summary>Gets how <see cref="Text"/> or <see cref="JsonValue"/> encode the value: text, json, base64 or unavailable.</summary>
    public string Encoding { get; }

    /// <summary>Gets the text (for text and base64).</summary>
    public string? Text { get; }

    /// <summary>Gets the JSON value (for json).</summary>
    public JsonElement JsonValue { get; }

    public static RenderedValue FromRow(StoredCacheEntry row, IReadOnlyDictionary<string, ICacheSerializer> serializers)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(serializers);
        if (serializers.TryGetValue(row.Format, out ICacheSerializer? serializer))
        {
            try
            {
                RenderedValue? value = FromObject(serializer.DeserializeUntyped(new ReadOnlySequence<byte>(row.Data)));
                if (value is not null)
                {
                    return value;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Unreadable in its own format (for example a string row that is not UTF-8): show the raw bytes.
            }
        }

        return new RenderedValue(Base64Encoding, Convert.ToBase64String(row.Data.Span), default);
    }

    /// <summary>Wraps a value that a serializer read; <see langword="null"/> for a value the tool cannot show.</summary>
    public static RenderedValue? FromObject(object? value) => value switch
    {
        string text => new RenderedValue(TextEncoding, text, default),
        JsonElement element => new RenderedValue(JsonEncoding, null, element),
        byte[] bytes => new RenderedValue(Base64Encoding, Convert.ToBase64String(bytes), default),
        _ => null,
    };

    public static RenderedValue Unavailable { get; } = new(UnavailableEncoding, null, default);

    /// <summary>The value for people: text (and a JSON string, such as an app's <c>Set&lt;string&gt;</c> in the default json format) as is, other JSON indented, bytes as base64.</summary>
    public string ToDisplayString(bool indented = true) => Encoding switch
    {
        JsonEncoding when JsonValue.ValueKind == JsonValueKind.String => JsonValue.GetString()!,
        JsonEncoding => CliOutput.ToJson(w => JsonValue.WriteTo(w), indented),
        UnavailableEncoding => "(not shown: unknown format)",
        _ => Text ?? string.Empty,
    };

    /// <summary>Writes the value as a JSON value: a string for text and base64, the value itself for json, null when unavailable.</summary>
    public void WriteValue(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (Encoding)
        {
            case JsonEncoding:
                JsonValue.WriteTo(writer);
                break;
            case UnavailableEncoding:
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(Text);
                break;
        }
    }

    /// <summary>The serializers the tool reads rows with, by format.</summary>
    public static IReadOnlyDictionary<string, ICacheSerializer> DefaultSerializers { get; } = new Dictionary<string, ICacheSerializer>(StringComparer.Ordinal)
    {
        [StringCacheSerializer.FormatName] = new StringCacheSerializer(),
        [JsonCacheSerializer.FormatName] = new JsonCacheSerializer(new JsonSerializerOptions()),
        [ByteArrayCacheSerializer.FormatName] = new ByteArrayCacheSerializer(),
    };
}
