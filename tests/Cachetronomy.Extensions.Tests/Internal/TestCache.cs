using Cachetronomy;

namespace Cachetronomy.Extensions.Tests.Internal;

/// <summary>Builds an engine over a test store with a fake clock.</summary>
internal sealed class TestCache : IAsyncDisposable
{
    public TestCache(Action<CachetronomyOptions>? configure = null, IEnumerable<ICacheSerializer>? serializers = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Store = new InMemoryCacheStore(Time);
        var options = new CachetronomyOptions();
        configure?.Invoke(options);
        Options = options;
        Cache = new Cachetronaut(Store, options, Time, serializers);
    }

    public FakeTimeProvider Time { get; }

    public InMemoryCacheStore Store { get; }

    public CachetronomyOptions Options { get; }

    public Cachetronaut Cache { get; }

    /// <summary>Opens a second engine over the same store (its front tier cold).</summary>
    public Cachetronaut Reopen() => new(Store, Options, Time);

    public ValueTask DisposeAsync() => Cache.DisposeAsync();
}
