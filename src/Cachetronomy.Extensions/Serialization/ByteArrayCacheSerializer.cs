using System;
using System.Buffers;

namespace Cachetronomy.Serialization;

/// <summary>The <c>bytes</c> serializer: <see cref="byte"/> arrays and <see cref="ReadOnlyMemory{T}"/> of bytes, stored as they are.</summary>
public sealed class ByteArrayCacheSerializer : ICacheSerializer
{
    /// <summary>The format name this serializer records: <c>bytes</c>.</summary>
    public const string FormatName = "bytes";

    /// <inheritdoc/>
    public string Format => FormatName;

    /// <inheritdoc/>
    public void Serialize<T>(T value, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        switch (value)
        {
            case byte[] array:
                destination.Write(array);
                break;
            case ReadOnlyMemory<byte> memory:
                destination.Write(memory.Span);
                break;
            case Memory<byte> memory:
                destination.Write(memory.Span);
                break;
            case ArraySegment<byte> segment:
                destination.Write(segment.AsSpan());
                break;
            default:
                throw new NotSupportedException($"The '{FormatName}' serializer writes byte arrays and byte memory, not {typeof(T)}.");
        }
    }

    /// <inheritdoc/>
    public T Deserialize<T>(ReadOnlySequence<byte> source)
    {
        if (typeof(T) == typeof(byte[]) || typeof(T) == typeof(object))
        {
            return (T)(object)source.ToArray();
        }

        if (typeof(T) == typeof(ReadOnlyMemory<byte>))
        {
            return (T)(object)new ReadOnlyMemory<byte>(source.ToArray());
        }

        if (typeof(T) == typeof(Memory<byte>))
        {
            return (T)(object)new Memory<byte>(source.ToArray());
        }

        throw new NotSupportedException($"The '{FormatName}' serializer reads byte arrays and byte memory, not {typeof(T)}.");
    }

    /// <inheritdoc/>
    public object? DeserializeUntyped(ReadOnlySequence<byte> source) => source.ToArray();
}
