using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using MessagePack;

namespace Cachetronomy.Serialization.MessagePack;

/// <summary>
/// Serializes cache values with MessagePack (format name <c>msgpack</c>): compact, fast, and binary-safe.
/// </summary>
/// <remarks>
/// The default options are MessagePack's <see cref="MessagePackSerializerOptions.Standard"/> with
/// <see cref="MessagePackSecurity.UntrustedData"/>, since a cache file can be written by another process. Types
/// need <c>[MessagePackObject]</c> contracts (or pass options with a contractless resolver). No type names are
/// ever read from stored data: the typeless resolver is never used by default.
/// </remarks>
public sealed class MessagePackCacheSerializer : ICacheSerializer
{
    /// <summary>The format name recorded on rows this serializer writes: <c>msgpack</c>.</summary>
    public const string FormatName = "msgpack";

    private readonly MessagePackSerializerOptions _options;

    /// <summary>Creates a serializer with MessagePack's standard resolver and untrusted-data security.</summary>
    [RequiresDynamicCode("MessagePack's standard resolver may generate formatters at run time; pass options with a source-generated resolver for native AOT.")]
    [RequiresUnreferencedCode("MessagePack's standard resolver reflects over the serialized types.")]
    public MessagePackCacheSerializer()
        : this(MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData))
    {
    }

    /// <summary>Creates a serializer with the given options.</summary>
    /// <param name="options">The MessagePack options (resolver, compression, security).</param>
    public MessagePackCacheSerializer(MessagePackSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc/>
    public string Format => FormatName;

    /// <inheritdoc/>
    public void Serialize<T>(T value, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        MessagePackSerializer.Serialize(destination, value, _options);
    }

    /// <inheritdoc/>
    public T Deserialize<T>(ReadOnlySequence<byte> source) => MessagePackSerializer.Deserialize<T>(source, _options);

    /// <summary>Reads the bytes as a JSON document (MessagePack's own JSON conversion), for tools and browsing.</summary>
    /// <param name="source">The bytes.</param>
    /// <returns>A <see cref="JsonElement"/>.</returns>
    public object? DeserializeUntyped(ReadOnlySequence<byte> source)
    {
        string json = MessagePackSerializer.ConvertToJson(source, _options);
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
