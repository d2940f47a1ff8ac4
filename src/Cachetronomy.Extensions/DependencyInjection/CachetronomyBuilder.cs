namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The default <see cref="ICachetronomyBuilder"/>.</summary>
internal sealed class CachetronomyBuilder(IServiceCollection services) : ICachetronomyBuilder
{
    /// <inheritdoc/>
    public IServiceCollection Services { get; } = services;
}
