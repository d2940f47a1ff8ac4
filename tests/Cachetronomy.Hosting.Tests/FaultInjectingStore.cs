using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Cachetronomy;

namespace Cachetronomy.Hosting.Tests;

/// <summary>
/// Wraps the real store: counts calls per member and, while <see cref="FailWith"/> is set, makes the members it
/// names (or every member) throw before reaching the store.
/// </summary>
public class FaultInjectingStore : DispatchProxy
{
    public ICacheStore Target { get; private set; } = null!;

    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public Func<Exception>? FailWith { get; set; }

    /// <summary>Member names that fail while <see cref="FailWith"/> is set; empty for all.</summary>
    public HashSet<string> FailingMembers { get; } = new(StringComparer.Ordinal);

    public int CallsTo(string member) => Calls.GetValueOrDefault(member);

    public static (ICacheStore Proxy, FaultInjectingStore Control) Wrap(ICacheStore target)
    {
        ICacheStore proxy = Create<ICacheStore, FaultInjectingStore>();
        var control = (FaultInjectingStore)(object)proxy;
        control.Target = target;
        return (proxy, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Calls.AddOrUpdate(targetMethod.Name, 1, static (_, n) => n + 1);
        if (FailWith is { } fail && (FailingMembers.Count == 0 || FailingMembers.Contains(targetMethod.Name)))
        {
            throw fail();
        }

        try
        {
            return targetMethod.Invoke(Target, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
