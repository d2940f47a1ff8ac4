using System;
using System.Buffers;

namespace Cachetronomy;

/// <summary>
/// Turns values into bytes and back, under a format name recorded on every stored row. Serializers never read
/// type names from stored data: the type the caller asks for decides what is built.
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface ICacheSerializer
{
    /// <summary>Gets the format name recorded on rows this serializer writes (for example <c>json</c>). Case-sensitive.</summary>
    string Format { get; }

    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <exception cref="NotSupportedException">This serializer cannot write values of type <typeparamref name="T"/>.</exception>
    void Serialize<T>(T value, IBufferWriter<byte> destination);

    /// <summary>Reads a value of type <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type to build.</typeparam>
    /// <param name="source">The bytes.</param>
    /// <returns>The value.</returns>
    /// <exception cref="NotSupportedException">This serializer cannot build values of type <typeparamref name="T"/>.</exception>
    /// <exception cref="FormatException">The bytes are not valid for this format or type (any exception means "cannot read").</exception>
    T Deserialize<T>(ReadOnlySequence<byte> source);

    /// <summary>
    /// Reads the bytes into this format's neutral form for tools and browsing, without knowing the original type
    /// (a <see cref="System.Text.Json.JsonElement"/> for JSON, a <see cref="string"/> for text, a byte array otherwise).
    /// </summary>
    /// <param name="source">The bytes.</param>
    /// <returns>The neutral form.</returns>
    object? DeserializeUntyped(ReadOnlySequence<byte> source);
}
