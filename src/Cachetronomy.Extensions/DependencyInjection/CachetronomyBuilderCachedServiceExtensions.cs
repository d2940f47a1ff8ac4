using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Cachetronomy;
using Cachetronomy.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers cached services: interfaces whose <see cref="CachedAttribute"/> methods are answered from the cache.</summary>
/// <remarks>
/// The service resolves to a <see cref="System.Reflection.DispatchProxy"/> over the implementation. Calls to cached
/// methods go through <see cref="ICachetronaut.GetOrCreate{T}"/> or <see cref="ICachetronaut.GetOrCreateAsync{T}"/>
/// (concurrent calls with the same arguments run the implementation once); other calls pass straight through.
/// Exceptions reach the caller as the implementation threw them (never a
/// <see cref="System.Reflection.TargetInvocationException"/>) and nothing is cached; an asynchronous method that fails
/// returns a faulted task. <see cref="System.Threading.CancellationToken"/> arguments are left out of the key; the
/// implementation receives a token cancelled when every caller waiting for that result has cancelled. The proxy needs
/// run-time code generation and reflection, so these methods are unavailable under native AOT and trimming: use
/// <see cref="CachetronautMemoizeExtensions"/> there.
/// </remarks>
public static class CachetronomyBuilderCachedServiceExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TImplementation"/> with <paramref name="lifetime"/>, and <typeparamref name="TService"/>
    /// (same lifetime) as a cached proxy over it. The implementation itself is registered under a private key, so
    /// every resolution of <typeparamref name="TService"/> goes through the cache.
    /// </summary>
    /// <typeparam name="TService">The service interface; its <see cref="CachedAttribute"/> methods are cached.</typeparam>
    /// <typeparam name="TImplementation">The implementation, created by the container.</typeparam>
    /// <param name="builder">The builder from <c>AddCachetronomy</c>.</param>
    /// <param name="lifetime">The lifetime of the implementation and of the proxy. Default: <see cref="ServiceLifetime.Scoped"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="TService"/> is not an interface, or a method
    /// marked <see cref="CachedAttribute"/> cannot be cached (it returns <see langword="void"/>, <c>Task</c> or
    /// <c>ValueTask</c>, or has <see langword="out"/>/<see langword="ref"/> parameters), or two cached methods would share keys.</exception>
    [RequiresDynamicCode(CachedServiceMessages.DynamicCode)]
    [RequiresUnreferencedCode(CachedServiceMessages.UnreferencedCode)]
    public static ICachetronomyBuilder AddCachedService<TService, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(
        this ICachetronomyBuilder builder,
        ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TService : class
        where TImplementation : class, TService
    {
        ArgumentNullException.ThrowIfNull(builder);
        CachedServicePlan.For(typeof(TService));
        var innerKey = new InnerServiceKey(typeof(TService));
        builder.Services.Add(new ServiceDescriptor(typeof(TService), innerKey, typeof(TImplementation), lifetime));
        builder.Services.Add(ProxyDescriptor<TService>(innerKey, lifetime));
        return builder;
    }

    /// <summary>
    /// Wraps every registration of <typeparamref name="TService"/> already made in a cached proxy, keeping each
    /// registration's lifetime. Call it after registering the service.
    /// </summary>
    /// <typeparam name="TService">The service interface; its <see cref="CachedAttribute"/> methods are cached.</typeparam>
    /// <param name="builder">The builder from <c>AddCachetronomy</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">No <typeparamref name="TService"/> is registered (without a key), or
    /// the interface cannot be cached as <see cref="AddCachedService{TService, TImplementation}"/> describes.</exception>
    [RequiresDynamicCode(CachedServiceMessages.DynamicCode)]
    [RequiresUnreferencedCode(CachedServiceMessages.UnreferencedCode)]
    public static ICachetronomyBuilder DecorateWithCache<TService>(this ICachetronomyBuilder builder)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        CachedServicePlan.For(typeof(TService));
        IServiceCollection services = builder.Services;
        var registered = new List<int>();
        for (int i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType == typeof(TService) && !services[i].IsKeyedService)
            {
                registered.Add(i);
            }
        }

        if (registered.Count == 0)
        {
            throw new InvalidOperationException($"No {typeof(TService)} is registered, so there is nothing to decorate. Register it first, or use AddCachedService.");
        }

        foreach (int index in registered)
        {
            ServiceDescriptor original = services[index];
            var innerKey = new InnerServiceKey(typeof(TService));
            services.Add(Rekey(original, innerKey));
            services[index] = ProxyDescriptor<TService>(innerKey, original.Lifetime);
        }

        return builder;
    }

    [RequiresDynamicCode(CachedServiceMessages.DynamicCode)]
    [RequiresUnreferencedCode(CachedServiceMessages.UnreferencedCode)]
    private static ServiceDescriptor ProxyDescriptor<TService>(InnerServiceKey innerKey, ServiceLifetime lifetime)
        where TService : class =>
        new(
            typeof(TService),
            provider => CachingProxy.Create(provider.GetRequiredKeyedService<TService>(innerKey), provider.GetRequiredService<ICachetronaut>()),
            lifetime);

    /// <summary>The same registration, moved under <paramref name="innerKey"/>.</summary>
    private static ServiceDescriptor Rekey(ServiceDescriptor original, InnerServiceKey innerKey)
    {
        if (original.ImplementationInstance is { } instance)
        {
            return new ServiceDescriptor(original.ServiceType, innerKey, instance);
        }

        if (original.ImplementationFactory is { } factory)
        {
            return new ServiceDescriptor(original.ServiceType, innerKey, (provider, _) => factory(provider), original.Lifetime);
        }

        return new ServiceDescriptor(original.ServiceType, innerKey, original.ImplementationType!, original.Lifetime);
    }

    /// <summary>The private key the implementation behind a cached proxy is registered under (compared by reference).</summary>
    private sealed class InnerServiceKey(Type serviceType)
    {
        public override string ToString() => "Cachetronomy cached " + serviceType;
    }
}
