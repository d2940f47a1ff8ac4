using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Hybrid;

namespace Cachetronomy;

/// <summary>
/// The <see cref="HybridCache"/> view of a <see cref="Cachetronaut"/>: the engine's front tier is HybridCache's local
/// cache, its store (one SQLite file) the distributed one. One key space with <see cref="ICachetronaut"/> and the
/// engine's <c>IDistributedCache</c> view: a key set, removed or evicted through one is seen through the others.
/// </summary>
/// <remarks>
/// <para><c>AddCachetronomy()</c> registers this class as the <see cref="HybridCache"/> service, replacing one
/// registered before (for example by <c>AddHybridCache()</c>); a later <c>AddHybridCache()</c> does not replace it.</para>
/// <para><see cref="HybridCacheEntryOptions"/>: <see cref="HybridCacheEntryOptions.Expiration"/> is the store
/// time-to-live (<see langword="null"/>: the active profile's); <see cref="HybridCacheEntryOptions.LocalCacheExpiration"/>
/// the front-tier one, never past the store expiry (<see langword="null"/>: the store expiry). Flags:
/// <c>DisableLocalCacheRead/Write</c> skip the front tier, <c>DisableDistributedCacheRead/Write</c> skip the store,
/// <c>DisableUnderlyingData</c> never runs the factory (a miss returns <see langword="default"/>), and
/// <c>DisableCompression</c> has no effect (nothing is compressed).</para>
/// <para>Serialization: byte arrays are stored raw (format <c>bytes</c>), strings as UTF-8 (format <c>string</c>),
/// everything else with the engine's default serializer (<c>json</c> unless configured otherwise). Registered
/// <c>IHybridCacheSerializer&lt;T&gt;</c> and <c>IHybridCacheSerializerFactory</c> services are not used: register an
/// <see cref="ICacheSerializer"/> and make it the engine's default instead.</para>
/// <para>Front-tier hits return the cached instance itself (treat it as immutable) and allocate nothing. Concurrent
/// misses of one key (with the same flags) share one factory run; one caller's cancellation does not cancel it.</para>
/// <para>Unlike the default HybridCache, which logs a bad key and bypasses the cache, a null, empty or over-long key
/// throws an <see cref="ArgumentException"/>, as every other Cachetronomy API does. <c>RemoveByTagAsync("*")</c>
/// clears the whole cache.</para>
/// </remarks>
public sealed class CachetronomyHybridCache : HybridCache
{
    /// <summary>HybridCache's wildcard tag: removing it removes every entry.</summary>
    public const string WildcardTag = "*";

    private readonly Cachetronaut _engine;

    /// <summary>Creates the HybridCache view of <paramref name="engine"/> (which the caller keeps owning).</summary>
    /// <param name="engine">The engine.</param>
    public CachetronomyHybridCache(Cachetronaut engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <summary>Gets the engine this view reads and writes.</summary>
    public Cachetronaut Engine => _engine;

    /// <inheritdoc/>
    public override ValueTask<T> GetOrCreateAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory,
        HybridCacheEntryOptions? options = null,
        IEnumerable<string>? tags = null,
        CancellationToken cancellationToken = default) =>
        options is null
            ? _engine.GetOrCreateCoreAsync(key, state, factory, HybridCacheEntryFlags.None, null, null, tags, cancellationToken)
            : _engine.GetOrCreateCoreAsync(key, state, factory, options.Flags ?? HybridCacheEntryFlags.None, options.Expiration, options.LocalCacheExpiration, tags, cancellationToken);

    /// <inheritdoc/>
    public override ValueTask SetAsync<T>(
        string key,
        T value,
        HybridCacheEntryOptions? options = null,
        IEnumerable<string>? tags = null,
        CancellationToken cancellationToken = default) =>
        _engine.SetHybridAsync(key, value, options?.Flags ?? HybridCacheEntryFlags.None, options?.Expiration, options?.LocalCacheExpiration, tags, cancellationToken);

    /// <inheritdoc/>
    public override ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default) =>
        Discard(_engine.DeleteAsync(key, cancellationToken));

    /// <summary>Removes several keys in one engine call (validated together before any I/O).</summary>
    /// <param name="keys">The keys.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>A task that completes when the keys are gone from both tiers.</returns>
    public override ValueTask RemoveAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        Discard(_engine.DeleteManyAsync(keys, cancellationToken));

    /// <summary>Removes every entry carrying <paramref name="tag"/>; <c>"*"</c> removes every entry.</summary>
    /// <param name="tag">The tag (matched literally and case-sensitively), or <c>"*"</c>.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>A task that completes when the entries are gone from both tiers.</returns>
    public override ValueTask RemoveByTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        return string.Equals(tag, WildcardTag, StringComparison.Ordinal)
            ? _engine.ClearAllAsync(cancellationToken)
            : Discard(_engine.ClearByTagsAsync([tag], exactMatch: false, cancellationToken));
    }

    /// <summary>Removes every entry carrying any of <paramref name="tags"/>, in one store call; <c>"*"</c> among them removes every entry.</summary>
    /// <param name="tags">The tags.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>A task that completes when the entries are gone from both tiers.</returns>
    public override ValueTask RemoveByTagAsync(IEnumerable<string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var list = new List<string>();
        foreach (string tag in tags)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(tag, nameof(tags));
            if (string.Equals(tag, WildcardTag, StringComparison.Ordinal))
            {
                return _engine.ClearAllAsync(cancellationToken);
            }

            list.Add(tag);
        }

        return list.Count == 0 ? default : Discard(_engine.ClearByTagsAsync(list, exactMatch: false, cancellationToken));
    }

    private static ValueTask Discard<TResult>(ValueTask<TResult> pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            _ = pending.Result;
            return default;
        }

        return AwaitAsync(pending);

        static async ValueTask AwaitAsync(ValueTask<TResult> pending) => await pending.ConfigureAwait(false);
    }
}
