namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddCachetronomy</c>, so add-ons (serializers, the decorator, health checks) can chain on.</summary>
public interface ICachetronomyBuilder
{
    /// <summary>Gets the service collection Cachetronomy was added to.</summary>
    IServiceCollection Services { get; }
}
