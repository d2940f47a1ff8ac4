using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Cachetronomy.Internal;

/// <summary>
/// The <see cref="DispatchProxy"/> behind a cached service: calls to cached methods are answered from the cache, other
/// calls pass straight through to the implementation.
/// </summary>
internal class CachingProxy : DispatchProxy
{
    private object _target = null!;
    private ICachetronaut _cache = null!;
    private CachedServicePlan _plan = null!;

    /// <summary>Creates a proxy of <typeparamref name="TService"/> over <paramref name="target"/>.</summary>
    [RequiresDynamicCode(CachedServiceMessages.DynamicCode)]
    [RequiresUnreferencedCode(CachedServiceMessages.UnreferencedCode)]
    public static TService Create<TService>(TService target, ICachetronaut cache)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(cache);
        CachedServicePlan plan = CachedServicePlan.For(typeof(TService));
        TService proxy = Create<TService, CachingProxy>();
        var self = (CachingProxy)(object)proxy;
        self._target = target;
        self._cache = cache;
        self._plan = plan;
        return proxy;
    }

    /// <inheritdoc/>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "A CachingProxy exists only through Create, which carries the annotation.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "A CachingProxy exists only through Create, which carries the annotation.")]
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        args ??= [];
        CachedCallPlan? plan = _plan.Get(targetMethod);
        return plan is null
            ? targetMethod.Invoke(_target, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null)
            : plan.Invoker.Invoke(_cache, _target, targetMethod, args, plan);
    }
}
