using System;
using System.Diagnostics.CodeAnalysis;

namespace Cachetronomy;

/// <summary>
/// Marks an interface method whose results a cached service answers from the cache, keyed by its arguments; on an
/// interface, marks every method that can be cached, with these settings as defaults.
/// </summary>
/// <remarks>
/// <para>Register the service with <c>AddCachedService&lt;TService, TImplementation&gt;()</c> or
/// <c>DecorateWithCache&lt;TService&gt;()</c>. Methods returning a value (<c>T</c>, <see cref="System.Threading.Tasks.Task{TResult}"/>
/// or <see cref="System.Threading.Tasks.ValueTask{TResult}"/>) can be cached; <see langword="void"/>,
/// <see cref="System.Threading.Tasks.Task"/> and <see cref="System.Threading.Tasks.ValueTask"/> methods, and methods with
/// <see langword="out"/>, <see langword="ref"/> or <see langword="in"/> parameters, never are: marking one is an
/// error at registration, while an interface-level mark skips them (as it skips property and event accessors).</para>
/// <para>The key is <c>CacheKey.For(Name, arguments by parameter name)</c>, <see cref="System.Threading.CancellationToken"/>
/// arguments left out. A method's settings override its interface's: a non-zero <see cref="TimeToLiveSeconds"/>,
/// non-empty <see cref="Tags"/>, a <see cref="Serializer"/> and a non-zero <see cref="Version"/> each win on their own.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class CachedAttribute : Attribute
{
    /// <summary>Gets or sets the entries' time-to-live in seconds; 0 (the default) uses the active profile's. Must not be negative.</summary>
    public int TimeToLiveSeconds { get; set; }

    /// <summary>
    /// Gets or sets the entries' tags, for <c>ClearByTags</c>; <see langword="null"/> or empty (the default) uses the
    /// active profile's <see cref="CachetronomyProfile.Tags"/>.
    /// </summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Attribute arguments can only be arrays.")]
    public string[]? Tags { get; set; }

    /// <summary>Gets or sets the serializer's format name (for example <c>json</c>); <see langword="null"/> (the default) uses the engine's default.</summary>
    public string? Serializer { get; set; }

    /// <summary>Gets or sets the entries' version; 0 (the default) means 1.</summary>
    public long Version { get; set; }

    /// <summary>
    /// Gets or sets the key's name. On a method, the whole name (default: the interface's full name, a dot and the
    /// method's name). On an interface, it replaces the interface's full name in the default. Keep it stable: keys
    /// outlive builds.
    /// </summary>
    public string? Name { get; set; }
}
