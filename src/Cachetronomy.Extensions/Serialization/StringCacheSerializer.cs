using System;
using System.Buffers;
using System.Text;

namespace Cachetronomy.Serialization;

/// <summary>The <c>string</c> serializer: non-null strings as UTF-8. Bytes that are not valid UTF-8 do not read.</summary>
public sealed class StringCacheSerializer : ICacheSerializer
{
    /// <summary>The format name this serializer records: <c>string</c>.</summary>
    public const string FormatName = "string";

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <inheritdoc/>
    public string Format => FormatName;

    /// <inheritdoc/>
    public void Serialize<T>(T value, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (value is not string text)
        {
            throw new NotSupportedException($"The '{FormatName}' serializer writes non-null strings, not {typeof(T)}.");
        }

        s_strictUtf8.GetBytes(text.AsSpan(), destination);
    }

    /// <inheritdoc/>
    public T Deserialize<T>(ReadOnlySequence<byte> source)
    {
        if (typeof(T) == typeof(string) || typeof(T) == typeof(object))
        {
            return (T)(object)s_strictUtf8.GetString(source);
        }

        throw new NotSupportedException($"The '{FormatName}' serializer reads strings, not {typeof(T)}.");
    }

    /// <inheritdoc/>
    public object? DeserializeUntyped(ReadOnlySequence<byte> source) => s_strictUtf8.GetString(source);
}
