namespace Cachetronomy.Internal;

/// <summary>The trimming and AOT messages of the cached-service (DispatchProxy) path.</summary>
internal static class CachedServiceMessages
{
    public const string DynamicCode =
        "Cached services are built with System.Reflection.DispatchProxy, which emits code at run time. Under native AOT, cache functions with ICachetronaut.Memoize or GetOrCreate instead.";

    public const string UnreferencedCode =
        "Cached services read the service interface's methods and [Cached] attributes by reflection, which trimming may remove. Under trimming, cache functions with ICachetronaut.Memoize or GetOrCreate instead.";
}
