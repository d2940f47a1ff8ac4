using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Cachetronomy.Serialization;

/// <summary>
/// The <c>json</c> serializer, over System.Text.Json. Type metadata comes from
/// <see cref="JsonSerializerOptions.GetTypeInfo(Type)"/>, so options whose resolver is a source-generated
/// <c>JsonSerializerContext</c> work without reflection (trimmed and native AOT apps).
/// </summary>
/// <remarks>No type names are read from stored data: the type the caller asks for decides what is built.</remarks>
public sealed class JsonCacheSerializer : ICacheSerializer
{
    /// <summary>The format name this serializer records: <c>json</c>.</summary>
    public const string FormatName = "json";

    private readonly JsonSerializerOptions _options;

    /// <summary>Creates a serializer with <see cref="JsonSerializerOptions.Default"/>, which resolves types by reflection.</summary>
    [RequiresUnreferencedCode("Reflection-based JSON serialization may need types that trimming removes. Pass JsonSerializerOptions with a source-generated JsonSerializerContext instead.")]
    [RequiresDynamicCode("Reflection-based JSON serialization may need code generated at run time. Pass JsonSerializerOptions with a source-generated JsonSerializerContext instead.")]
    public JsonCacheSerializer()
        : this(JsonSerializerOptions.Default)
    {
    }

    /// <summary>Creates a serializer with the given options (and their type-info resolver).</summary>
    /// <param name="options">The options; give a source-generated context as their resolver for AOT.</param>
    public JsonCacheSerializer(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc/>
    public string Format => FormatName;

    /// <summary>Gets the options in use.</summary>
    public JsonSerializerOptions Options => _options;

    /// <inheritdoc/>
    public void Serialize<T>(T value, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        JsonTypeInfo<T> typeInfo = GetTypeInfo<T>();
        using var writer = new Utf8JsonWriter(destination);
        JsonSerializer.Serialize(writer, value, typeInfo);
    }

    /// <inheritdoc/>
    public T Deserialize<T>(ReadOnlySequence<byte> source)
    {
        JsonTypeInfo<T> typeInfo = GetTypeInfo<T>();
        var reader = new Utf8JsonReader(source);
        return JsonSerializer.Deserialize(ref reader, typeInfo)!;
    }

    /// <inheritdoc/>
    public object? DeserializeUntyped(ReadOnlySequence<byte> source)
    {
        var reader = new Utf8JsonReader(source);
        return JsonElement.ParseValue(ref reader);
    }

    private JsonTypeInfo<T> GetTypeInfo<T>() => (JsonTypeInfo<T>)_options.GetTypeInfo(typeof(T));
}
