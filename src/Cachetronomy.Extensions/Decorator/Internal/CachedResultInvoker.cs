using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace Cachetronomy.Internal;

/// <summary>Answers a cached method's call through the engine, typed by the method's result type.</summary>
internal abstract class CachedResultInvoker
{
    /// <summary>Creates the invoker for a method kind and result type.</summary>
    [RequiresDynamicCode(CachedServiceMessages.DynamicCode)]
    [RequiresUnreferencedCode(CachedServiceMessages.UnreferencedCode)]
    public static CachedResultInvoker Create(CachedMethodKind kind, Type resultType)
    {
        Type open = kind switch
        {
            CachedMethodKind.Sync => typeof(SyncInvoker<>),
            CachedMethodKind.Task => typeof(TaskInvoker<>),
            CachedMethodKind.ValueTask => typeof(ValueTaskInvoker<>),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return (CachedResultInvoker)Activator.CreateInstance(open.MakeGenericType(resultType))!;
    }

    /// <summary>Answers one call: from the cache, or by calling <paramref name="method"/> on <paramref name="target"/>.</summary>
    public abstract object? Invoke(ICachetronaut cache, object target, MethodInfo method, object?[] args, CachedCallPlan plan);

    /// <summary>Calls the implementation; its exceptions propagate as thrown, never wrapped.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reached only through the annotated cached-service registration.")]
    protected static object? CallTarget(object target, MethodInfo method, object?[] args) =>
        method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);

    private sealed class SyncInvoker<T> : CachedResultInvoker
    {
        public override object? Invoke(ICachetronaut cache, object target, MethodInfo method, object?[] args, CachedCallPlan plan)
        {
            string key = plan.Key(args, Memoizer.MaxKeyLengthOf(cache));
            return cache.GetOrCreate(key, () => (T)CallTarget(target, method, args)!, plan.Options.For(cache.Profile));
        }
    }

    private sealed class TaskInvoker<T> : CachedResultInvoker
    {
        public override object? Invoke(ICachetronaut cache, object target, MethodInfo method, object?[] args, CachedCallPlan plan) =>
            InvokeAsync(cache, target, method, args, plan);

        private static async Task<T> InvokeAsync(ICachetronaut cache, object target, MethodInfo method, object?[] args, CachedCallPlan plan)
        {
            string key = plan.Key(args, Memoizer.MaxKeyLengthOf(cache));
            return await cache.GetOrCreateAsync(
                key,
                runToken => new ValueTask<T>((Task<T>)CallTarget(target, method, plan.WithRunToken(args, runToken))!),
                plan.Options.For(cache.Profile),
                plan.CallerToken(args)).ConfigureAwait(false);
        }
    }

    private sealed class ValueTaskInvoker<T> : CachedResultInvoker
    {
        [SuppressMessage("Reliability", "CA2012:Use ValueTasks correctly", Justification = "Boxed once and returned: DispatchProxy hands it to the caller, who consumes it.")]
        public override object? Invoke(ICachetronaut cache, object target, MethodInfo method, object?[] args, CachedCallPlan plan) =>
            InvokeAsync(cache, target, method, args, plan);

        private static async ValueTask<T> InvokeAsync(ICachetronaut cache, object target, MethodInfo method, object?[] args, CachedCallPlan plan)
        {
            string key = plan.Key(args, Memoizer.MaxKeyLengthOf(cache));
            return await cache.GetOrCreateAsync(
                key,
                runToken => (ValueTask<T>)CallTarget(target, method, plan.WithRunToken(args, runToken))!,
                plan.Options.For(cache.Profile),
                plan.CallerToken(args)).ConfigureAwait(false);
        }
    }
}
