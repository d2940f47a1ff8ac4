using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Cachetronomy.Reliability.Tests;

/// <summary>Wraps a store; while <see cref="FailWith"/> is set, the members named in <see cref="Failing"/> throw it.</summary>
public class ThrowingStore : DispatchProxy
{
    public ICacheStore Target { get; private set; } = null!;

    public Func<Exception>? FailWith { get; set; }

    public HashSet<string> Failing { get; } = new(StringComparer.Ordinal);

    public int Failures { get; private set; }

    public static (ICacheStore Proxy, ThrowingStore Control) Wrap(ICacheStore target)
    {
        ICacheStore proxy = Create<ICacheStore, ThrowingStore>();
        var control = (ThrowingStore)(object)proxy;
        control.Target = target;
        return (proxy, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (FailWith is { } fail && Failing.Contains(targetMethod.Name))
        {
            Failures++;
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
