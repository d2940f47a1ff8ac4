using System;
using System.Diagnostics.CodeAnalysis;
using Cachetronomy;
using Cachetronomy.Serialization.MessagePack;
using MessagePack;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the MessagePack serializer (format <c>msgpack</c>) with Cachetronomy.</summary>
public static class CachetronomyMessagePackBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="MessagePackCacheSerializer"/> with MessagePack's standard resolver and untrusted-data
    /// security, so entries written with <c>Serializer = "msgpack"</c> (or with <c>msgpack</c> as the
    /// <see cref="CachetronomyOptions.DefaultSerializer"/>) use it. Calling it again replaces the earlier registration.
    /// </summary>
    /// <remarks>The standard resolver reflects over types; for trimmed or native AOT apps pass options with a source-generated resolver.</remarks>
    /// <param name="builder">The builder <c>AddCachetronomy</c> returned.</param>
    /// <returns>The same builder.</returns>
    [RequiresDynamicCode("MessagePack's standard resolver may generate formatters at run time; pass options with a source-generated resolver for native AOT.")]
    [RequiresUnreferencedCode("MessagePack's standard resolver reflects over the serialized types.")]
    public static ICachetronomyBuilder AddMessagePack(this ICachetronomyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Register(builder, new MessagePackCacheSerializer());
    }

    /// <summary>
    /// Registers a <see cref="MessagePackCacheSerializer"/> with the given options (resolver, compression, security).
    /// Calling it again replaces the earlier registration.
    /// </summary>
    /// <param name="builder">The builder <c>AddCachetronomy</c> returned.</param>
    /// <param name="options">The MessagePack options; give a source-generated resolver for native AOT, and keep
    /// <see cref="MessagePackSecurity.UntrustedData"/> when other processes can write the cache file.</param>
    /// <returns>The same builder.</returns>
    public static ICachetronomyBuilder AddMessagePack(this ICachetronomyBuilder builder, MessagePackSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return Register(builder, new MessagePackCacheSerializer(options));
    }

    private static ICachetronomyBuilder Register(ICachetronomyBuilder builder, MessagePackCacheSerializer serializer)
    {
        // The engine takes every ICacheSerializer service; a later call replaces an earlier one of this format.
        for (int i = builder.Services.Count - 1; i >= 0; i--)
        {
            ServiceDescriptor descriptor = builder.Services[i];
            if (descriptor.ServiceType == typeof(ICacheSerializer) && !descriptor.IsKeyedService
                && descriptor.ImplementationInstance is MessagePackCacheSerializer)
            {
                builder.Services.RemoveAt(i);
            }
        }

        builder.Services.AddSingleton<ICacheSerializer>(serializer);
        return builder;
    }
}
