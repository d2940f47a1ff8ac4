using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>
/// Writes and reads JSON arrays of strings by hand (no reflection, so the store stays AOT-clean). Used for the
/// <c>tags</c> columns and for the single list parameter that <c>json_each</c> expands in SQL.
/// </summary>
internal static class JsonStrings
{
    public const string EmptyArray = "[]";

    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    public static string Write(IReadOnlyCollection<string> values)
    {
        if (values.Count == 0)
        {
            return EmptyArray;
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartArray();
            foreach (string value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<string> Read(string json)
    {
        if (json.Length == 0 || string.Equals(json, EmptyArray, StringComparison.Ordinal))
        {
            return [];
        }

        byte[] bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        var values = new List<string>();
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected a JSON array of strings.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("Expected a JSON array of strings.");
            }

            values.Add(reader.GetString()!);
        }

        return values;
    }
}
