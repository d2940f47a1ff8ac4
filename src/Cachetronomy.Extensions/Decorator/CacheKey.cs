using System;
using System.Buffers;
using System.Collections;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using Cachetronomy.Internal;

namespace Cachetronomy;

/// <summary>
/// Builds cache keys from a name and named arguments: <c>Name(arg1=value1, arg2=value2)</c>, with the arguments
/// sorted by name (ordinal), so the order they are given in never matters and the key is the same in every process
/// and run.
/// </summary>
/// <remarks>
/// <para>Values are rendered with the invariant culture and round-trip formats, so a key never depends on the
/// current culture or on <see cref="object.GetHashCode"/>:</para>
/// <list type="table">
/// <listheader><term>value</term><description>rendered as</description></listheader>
/// <item><term><see langword="null"/></term><description><c>null</c></description></item>
/// <item><term><see cref="bool"/></term><description><c>true</c>, <c>false</c></description></item>
/// <item><term>integers, <see cref="BigInteger"/></term><description><c>42</c>, <c>-7</c> (by value: <c>1</c> and <c>1L</c> render alike)</description></item>
/// <item><term><see cref="float"/>, <see cref="double"/>, <see cref="decimal"/>, <see cref="Half"/></term><description>shortest round-trip form: <c>2.5</c>, <c>1E+300</c>, <c>NaN</c>; a decimal keeps its scale (<c>1.50</c>)</description></item>
/// <item><term><see cref="string"/>, <see cref="Uri"/></term><description>double-quoted; <c>"</c>, <c>\</c>, control characters and lone surrogates escaped: <c>"Ash"</c>, <c>"a,b"</c>, <c>"say \"hi\""</c></description></item>
/// <item><term><see cref="char"/></term><description>single-quoted, escaped the same way: <c>'x'</c>, <c>'\''</c></description></item>
/// <item><term><see cref="DateTime"/>, <see cref="DateTimeOffset"/>, <see cref="DateOnly"/>, <see cref="TimeOnly"/></term><description>ISO 8601 round-trip (<c>"O"</c>): <c>2026-01-02T03:04:05.0000000Z</c>, <c>2026-01-02</c></description></item>
/// <item><term><see cref="TimeSpan"/></term><description>constant format: <c>01:30:00</c></description></item>
/// <item><term><see cref="Guid"/></term><description><c>0f8fad5b-d9cb-469f-a165-70867728950e</c></description></item>
/// <item><term>enums</term><description><c>DayOfWeek.Monday</c>; flags as <c>FileAccess.Read|Write</c>; undefined values as numbers</description></item>
/// <item><term>tuples</term><description><c>(1, "a")</c></description></item>
/// <item><term>dictionaries</term><description><c>{"a": 1, "b": [2, 3]}</c>, entries sorted by rendered key</description></item>
/// <item><term>sets (<see cref="HashSet{T}"/>, <see cref="SortedSet{T}"/>, immutable and frozen sets)</term><description><c>[1, 2, 3]</c>, elements sorted by their rendering</description></item>
/// <item><term>other sequences (arrays, lists)</term><description><c>[1, 2, 3]</c> in enumeration order</description></item>
/// <item><term>anything else</term><description>canonical JSON (System.Text.Json with fields included, object properties sorted by name): <c>{"Id":7,"Name":"Ash"}</c>; an object that renders as <c>{}</c> is rejected, since all its values would share one key</description></item>
/// </list>
/// <para>Example: <c>CacheKey.For("PullQuote", ("film", "Cacheablanca"), ("celebrity", "Ash"))</c> is
/// <c>PullQuote(celebrity="Ash", film="Cacheablanca")</c>. A key longer than the maximum length (1,024 characters by
/// default, as HybridCache) becomes <c>Name(sha256=&lt;64 lowercase hex digits of the UTF-8 full key&gt;)</c>.</para>
/// <para>Names may not contain <c>(</c>, <c>)</c> or control characters; argument names may not contain white space,
/// control characters or any of <c>= , ( ) " ' [ ] { } :</c>. With those rules, distinct argument values of one type
/// always give distinct keys.</para>
/// <para>Objects rendered as JSON use <see cref="JsonSerializerOptions"/>; under native AOT, set it to options whose
/// resolver knows those types (a source-generated context), or pass such values as simple types.</para>
/// </remarks>
public static class CacheKey
{
    /// <summary>The default maximum key length, in characters: 1,024.</summary>
    public const int DefaultMaxLength = 1024;

    /// <summary>The length of the hashed form's suffix: <c>(sha256=</c>, 64 hex digits and <c>)</c>.</summary>
    internal const int HashedSuffixLength = 73;

    private const int MaxDepth = 32;

    /// <summary>The public parameter a bad value is reported against.</summary>
    private const string ArgumentsParameter = "arguments";

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The engine's JSON defaults (reflection-based only where the feature switch allows it), with public fields included.
    private static JsonSerializerOptions s_jsonSerializerOptions = CreateDefaultJsonOptions();

    /// <summary>
    /// Gets or sets the options used to render arguments that have no simpler rule as JSON. Default: System.Text.Json
    /// defaults with <see cref="JsonSerializerOptions.IncludeFields"/> on (reflection-based). Set it once, at startup:
    /// changing it changes the keys of such arguments.
    /// </summary>
    public static JsonSerializerOptions JsonSerializerOptions
    {
        get => Volatile.Read(ref s_jsonSerializerOptions);
        set => Volatile.Write(ref s_jsonSerializerOptions, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Builds the key for a call of <paramref name="name"/> with named arguments.</summary>
    /// <param name="name">The function's name (for example <c>Namespace.Type.Method</c>).</param>
    /// <param name="arguments">The arguments by name; the order does not matter.</param>
    /// <returns>The key; hashed when longer than <see cref="DefaultMaxLength"/>.</returns>
    /// <exception cref="ArgumentException">A name breaks the rules above, two arguments share a name, or a value cannot be rendered.</exception>
    public static string For(string name, params (string Name, object? Value)[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var pairs = new KeyValuePair<string, object?>[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            pairs[i] = new KeyValuePair<string, object?>(arguments[i].Name, arguments[i].Value);
        }

        return For(name, pairs, DefaultMaxLength);
    }

    /// <summary>Builds the key for a call of <paramref name="name"/> with named arguments.</summary>
    /// <param name="name">The function's name.</param>
    /// <param name="arguments">The arguments by name; the order does not matter.</param>
    /// <returns>The key; hashed when longer than <see cref="DefaultMaxLength"/>.</returns>
    /// <exception cref="ArgumentException">A name breaks the rules above, two arguments share a name, or a value cannot be rendered.</exception>
    public static string For(string name, IEnumerable<KeyValuePair<string, object?>> arguments) =>
        For(name, arguments, DefaultMaxLength);

    /// <summary>Builds the key for a call, hashing it when it is longer than <paramref name="maxLength"/>.</summary>
    /// <param name="name">The function's name.</param>
    /// <param name="arguments">The arguments by name; the order does not matter.</param>
    /// <param name="maxLength">The longest key returned as is (the store's maximum key length); longer keys become <c>Name(sha256=…)</c>.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">A name breaks the rules above, two arguments share a name, a value cannot
    /// be rendered (it nests too deeply, or renders as an empty JSON object), or the hashed key would still be longer
    /// than <paramref name="maxLength"/>.</exception>
    public static string For(string name, IEnumerable<KeyValuePair<string, object?>> arguments, int maxLength)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);

        var sorted = new List<KeyValuePair<string, object?>>(arguments);
        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));

        var builder = new StringBuilder(name.Length + 16 + (sorted.Count * 16));
        builder.Append(name).Append('(');
        for (int i = 0; i < sorted.Count; i++)
        {
            string argumentName = sorted[i].Key;
            ValidateArgumentName(argumentName, nameof(arguments));
            if (i > 0)
            {
                if (string.Equals(sorted[i - 1].Key, argumentName, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Two arguments are named '{argumentName}'.", nameof(arguments));
                }

                builder.Append(", ");
            }

            builder.Append(argumentName).Append('=');
            AppendValue(builder, sorted[i].Value, 0, argumentName);
        }

        builder.Append(')');
        if (builder.Length <= maxLength)
        {
            return builder.ToString();
        }

        if (name.Length + HashedSuffixLength > maxLength)
        {
            throw new ArgumentException($"The key is longer than {maxLength} characters and the name is too long for its hashed form ({name.Length} + {HashedSuffixLength} characters).", nameof(name));
        }

        return Hashed(name, builder.ToString());
    }

    /// <summary>Checks a function name: non-blank, without parentheses or control characters.</summary>
    internal static void ValidateName(string name, string paramName = "name")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, paramName);
        foreach (char c in name)
        {
            if (c is '(' or ')' || char.IsControl(c))
            {
                throw new ArgumentException($"The name '{name}' contains '{c}'; names may not contain parentheses or control characters.", paramName);
            }
        }
    }

    private static void ValidateArgumentName(string argumentName, string paramName)
    {
        if (string.IsNullOrEmpty(argumentName))
        {
            throw new ArgumentException("Every argument needs a non-empty name.", paramName);
        }

        foreach (char c in argumentName)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '=' or ',' or '(' or ')' or '"' or '\'' or '[' or ']' or '{' or '}' or ':')
            {
                throw new ArgumentException($"The argument name '{argumentName}' contains '{c}', which would make keys ambiguous.", paramName);
            }
        }
    }

    private static JsonSerializerOptions CreateDefaultJsonOptions()
    {
        JsonSerializerOptions options = SerializerRegistry.CreateDefaultJsonOptions();
        options.IncludeFields = true;
        return options;
    }

    private static ArgumentException BadArgument(string message, string paramName, Exception? inner) => new(message, paramName, inner);

    private static string Hashed(string name, string fullKey)
    {
        byte[] utf8 = s_strictUtf8.GetBytes(fullKey);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, hash);
        return string.Concat(name, "(sha256=", Convert.ToHexStringLower(hash), ")");
    }

    private static string Render(object? value, int depth, string argumentName)
    {
        var builder = new StringBuilder();
        AppendValue(builder, value, depth, argumentName);
        return builder.ToString();
    }

    private static void AppendValue(StringBuilder builder, object? value, int depth, string argumentName)
    {
        if (depth > MaxDepth)
        {
            throw BadArgument($"The argument '{argumentName}' nests more than {MaxDepth} levels deep (a cycle?); it cannot be part of a cache key.", ArgumentsParameter, null);
        }

        switch (value)
        {
            case null:
                builder.Append("null");
                return;
            case string s:
                AppendQuoted(builder, s, '"');
                return;
            case bool b:
                builder.Append(b ? "true" : "false");
                return;
            case char c:
                AppendQuoted(builder, c.ToString(), '\'');
                return;
            case float f:
                builder.Append(f.ToString("R", CultureInfo.InvariantCulture));
                return;
            case double d:
                builder.Append(d.ToString("R", CultureInfo.InvariantCulture));
                return;
            case Half h:
                builder.Append(h.ToString(CultureInfo.InvariantCulture));
                return;
            case decimal m:
                builder.Append(m.ToString(CultureInfo.InvariantCulture));
                return;
            case DateTime or DateTimeOffset or DateOnly or TimeOnly:
                builder.Append(((IFormattable)value).ToString("O", CultureInfo.InvariantCulture));
                return;
            case TimeSpan span:
                builder.Append(span.ToString("c", CultureInfo.InvariantCulture));
                return;
            case Guid guid:
                builder.Append(guid.ToString("D", CultureInfo.InvariantCulture));
                return;
            case Uri uri:
                AppendQuoted(builder, uri.OriginalString, '"');
                return;
            case Enum e:
                AppendEnum(builder, e);
                return;
            case sbyte or byte or short or ushort or int or uint or long or ulong or nint or nuint or Int128 or UInt128 or BigInteger:
                builder.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                return;
            case ITuple tuple:
                builder.Append('(');
                for (int i = 0; i < tuple.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    AppendValue(builder, tuple[i], depth + 1, argumentName);
                }

                builder.Append(')');
                return;
            case IDictionary dictionary:
                AppendDictionary(builder, dictionary, depth, argumentName);
                return;
            case IEnumerable sequence when IsSet(sequence):
                AppendSet(builder, sequence, depth, argumentName);
                return;
            case IEnumerable sequence:
                builder.Append('[');
                bool first = true;
                foreach (object? item in sequence)
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }

                    first = false;
                    AppendValue(builder, item, depth + 1, argumentName);
                }

                builder.Append(']');
                return;
            default:
                AppendJson(builder, value, argumentName);
                return;
        }
    }

    private static void AppendQuoted(StringBuilder builder, string value, char quote)
    {
        builder.Append(quote);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == quote || c == '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c == '\n')
            {
                builder.Append("\\n");
            }
            else if (c == '\r')
            {
                builder.Append("\\r");
            }
            else if (c == '\t')
            {
                builder.Append("\\t");
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsControl(c) || char.IsSurrogate(c))
            {
                // Lone surrogates are escaped too: UTF-8 (the store, the hashed form) cannot tell them apart.
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append(quote);
    }

    private static void AppendEnum(StringBuilder builder, Enum value)
    {
        string text = value.ToString();
        builder.Append(value.GetType().Name).Append('.');
        if (text.Length > 0 && (char.IsDigit(text[0]) || text[0] == '-'))
        {
            builder.Append(text);
            return;
        }

        builder.Append(text.Replace(", ", "|", StringComparison.Ordinal));
    }

    private static void AppendDictionary(StringBuilder builder, IDictionary dictionary, int depth, string argumentName)
    {
        var entries = new List<(string Key, string Value)>(dictionary.Count);
        foreach (DictionaryEntry entry in dictionary)
        {
            entries.Add((Render(entry.Key, depth + 1, argumentName), Render(entry.Value, depth + 1, argumentName)));
        }

        // Ties on the key (1 and 1L in one Dictionary<object, …>) are broken by the value, so the order never depends on enumeration.
        entries.Sort(static (a, b) =>
        {
            int byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });
        builder.Append('{');
        for (int i = 0; i < entries.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(entries[i].Key).Append(": ").Append(entries[i].Value);
        }

        builder.Append('}');
    }

    private static void AppendSet(StringBuilder builder, IEnumerable set, int depth, string argumentName)
    {
        var items = new List<string>();
        foreach (object? item in set)
        {
            items.Add(Render(item, depth + 1, argumentName));
        }

        items.Sort(StringComparer.Ordinal);
        builder.Append('[').AppendJoin(", ", items).Append(']');
    }

    /// <summary>
    /// Whether a sequence is one of the framework's sets, whose enumeration order is not part of its value (and, for
    /// hash-ordered sets of strings, changes from process to process).
    /// </summary>
    private static bool IsSet(IEnumerable sequence)
    {
        for (Type? type = sequence.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            if (type.IsGenericType)
            {
                Type definition = type.GetGenericTypeDefinition();
                if (definition == typeof(HashSet<>) || definition == typeof(SortedSet<>) || definition == typeof(ImmutableHashSet<>)
                    || definition == typeof(ImmutableSortedSet<>) || definition == typeof(FrozenSet<>))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void AppendJson(StringBuilder builder, object value, string argumentName)
    {
        byte[] json;
        try
        {
            JsonTypeInfo typeInfo = JsonSerializerOptions.GetTypeInfo(value.GetType());
            json = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw BadArgument($"The argument '{argumentName}' (a {value.GetType()}) has no key rule and cannot be rendered as JSON: {ex.Message} Pass simpler values or set CacheKey.JsonSerializerOptions.", ArgumentsParameter, ex);
        }

        using JsonDocument document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind == JsonValueKind.Object && !document.RootElement.EnumerateObject().MoveNext())
        {
            throw BadArgument($"The argument '{argumentName}' (a {value.GetType()}) renders as {{}}, so all its values would share one key. Give the type public properties or pass simpler values.", ArgumentsParameter, null);
        }

        var buffer = new ArrayBufferWriter<byte>(json.Length);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            WriteCanonical(writer, document.RootElement);
        }

        builder.Append(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<JsonProperty>();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    properties.Add(property);
                }

                properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                writer.WriteStartObject();
                foreach (JsonProperty property in properties)
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
