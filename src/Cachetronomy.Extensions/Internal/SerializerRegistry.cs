using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cachetronomy.Serialization;

namespace Cachetronomy.Internal;

/// <summary>The serializers by format name (ordinal), with the default one.</summary>
internal sealed class SerializerRegistry
{
    private readonly Dictionary<string, ICacheSerializer> _byFormat = new(StringComparer.Ordinal);

    public SerializerRegistry(IEnumerable<ICacheSerializer>? serializers, string defaultFormat, JsonSerializerOptions? jsonOptions)
    {
        _byFormat[JsonCacheSerializer.FormatName] = new JsonCacheSerializer(jsonOptions ?? CreateDefaultJsonOptions());
        _byFormat[ByteArrayCacheSerializer.FormatName] = new ByteArrayCacheSerializer();
        _byFormat[StringCacheSerializer.FormatName] = new StringCacheSerializer();
        if (serializers is not null)
        {
            foreach (ICacheSerializer serializer in serializers)
            {
                ArgumentNullException.ThrowIfNull(serializer);
                ArgumentException.ThrowIfNullOrWhiteSpace(serializer.Format, nameof(serializers));
                _byFormat[serializer.Format] = serializer;
            }
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(defaultFormat, nameof(defaultFormat));
        if (!_byFormat.TryGetValue(defaultFormat, out ICacheSerializer? defaultSerializer))
        {
            throw new ArgumentException($"The default serializer '{defaultFormat}' is not registered.", nameof(defaultFormat));
        }

        Default = defaultSerializer;
    }

    /// <summary>Gets the serializer used when an entry names none.</summary>
    public ICacheSerializer Default { get; }

    /// <summary>Gets the registered format names.</summary>
    public IEnumerable<string> Formats => _byFormat.Keys;

    /// <summary>Finds a serializer by format name.</summary>
    public bool TryGet(string format, out ICacheSerializer serializer) => _byFormat.TryGetValue(format, out serializer!);

    /// <summary>
    /// The options used when none are configured: reflection-based when System.Text.Json's reflection is enabled
    /// (the default outside trimmed and native AOT apps); otherwise options without a resolver, under which a
    /// type fails to serialize (a <see cref="CachetronomySerializationException"/>) and fails to read (a logged
    /// miss) until the app configures a source-generated context.
    /// </summary>
    public static JsonSerializerOptions CreateDefaultJsonOptions() =>
        JsonSerializer.IsReflectionEnabledByDefault ? CreateReflectionOptions() : new JsonSerializerOptions();

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only reached when the JsonSerializer.IsReflectionEnabledByDefault feature switch is on, which trimmed and AOT apps turn off.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only reached when the JsonSerializer.IsReflectionEnabledByDefault feature switch is on, which native AOT apps turn off.")]
    private static JsonSerializerOptions CreateReflectionOptions() =>
        new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    /// <summary>Resolves the serializer an entry asks for; an unknown name throws <see cref="ArgumentException"/> naming <paramref name="paramName"/>.</summary>
    public ICacheSerializer Resolve(string? format, string paramName)
    {
        if (format is null)
        {
            return Default;
        }

        if (_byFormat.TryGetValue(format, out ICacheSerializer? serializer))
        {
            return serializer;
        }

        throw new ArgumentException($"No serializer is registered for the format '{format}'. Registered: {string.Join(", ", _byFormat.Keys)}.", paramName);
    }
}
