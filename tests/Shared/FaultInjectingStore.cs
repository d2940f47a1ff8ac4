using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Cachetronomy;

namespace Cachetronomy.Testing;

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

    private readonly ConcurrentDictionary<string, StoreGate> _gates = new(StringComparer.Ordinal);

    /// <summary>
    /// Holds the next call to <paramref name="member"/> at a gate: a synchronous call after the real store returned
    /// (committed, not yet returned to the engine); an asynchronous one before it reaches the real store, waiting as
    /// the real store waits (the caller's token cancels the wait, never the write, which runs once released).
    /// </summary>
    public StoreGate HoldNext(string member)
    {
        var gate = new StoreGate();
        _gates[member] = gate;
        return gate;
    }

    /// <summary>
    /// Holds the next call to <paramref name="member"/> before it reaches the real store, synchronous calls included
    /// (the write has not happened while the gate is closed; it runs once released).
    /// </summary>
    public StoreGate HoldNextBeforeStore(string member)
    {
        var gate = new StoreGate { BeforeStore = true };
        _gates[member] = gate;
        return gate;
    }

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

        if (_gates.TryRemove(targetMethod.Name, out StoreGate? gate))
        {
            Type returns = targetMethod.ReturnType;
            if (returns == typeof(ValueTask))
            {
#pragma warning disable CA2012 // The proxy hands the ValueTask to the engine, which awaits it once.
                return HeldAsync(gate, targetMethod, args!);
#pragma warning restore CA2012
            }

            if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(ValueTask<>))
            {
                return typeof(FaultInjectingStore).GetMethod(nameof(HeldAsyncOf), BindingFlags.NonPublic | BindingFlags.Instance)!
                    .MakeGenericMethod(returns.GetGenericArguments()[0])
                    .Invoke(this, [gate, targetMethod, args]);
            }

            if (gate.BeforeStore)
            {
                gate.Reached.TrySetResult();
                gate.Released.Task.GetAwaiter().GetResult();
                try
                {
                    return Call(targetMethod, args);
                }
                finally
                {
                    gate.Completed.TrySetResult();
                }
            }

            object? result = Call(targetMethod, args);
            gate.Reached.TrySetResult();
            gate.Released.Task.GetAwaiter().GetResult();
            gate.Completed.TrySetResult();
            return result;
        }

        return Call(targetMethod, args);
    }

    private object? Call(MethodInfo targetMethod, object?[]? args)
    {
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

    private static CancellationToken TakeToken(object?[] args)
    {
        if (args.Length > 0 && args[^1] is CancellationToken token)
        {
            args[^1] = CancellationToken.None;
            return token;
        }

        return default;
    }

    private ValueTask HeldAsync(StoreGate gate, MethodInfo targetMethod, object?[] args)
    {
        CancellationToken token = TakeToken(args);
        return new ValueTask(token.CanBeCanceled ? RunAsync().WaitAsync(token) : RunAsync());

        async Task RunAsync()
        {
            gate.Reached.TrySetResult();
            await gate.Released.Task;
            try
            {
                await (ValueTask)Call(targetMethod, args)!;
            }
            finally
            {
                gate.Completed.TrySetResult();
            }
        }
    }

    private ValueTask<T> HeldAsyncOf<T>(StoreGate gate, MethodInfo targetMethod, object?[] args)
    {
        CancellationToken token = TakeToken(args);
        Task<T> work = RunAsync();
        return new ValueTask<T>(token.CanBeCanceled ? work.WaitAsync(token) : work);

        async Task<T> RunAsync()
        {
            gate.Reached.TrySetResult();
            await gate.Released.Task;
            try
            {
                return await (ValueTask<T>)Call(targetMethod, args)!;
            }
            finally
            {
                gate.Completed.TrySetResult();
            }
        }
    }
}

/// <summary>A store call held by <see cref="FaultInjectingStore.HoldNext"/>.</summary>
public sealed class StoreGate
{
    /// <summary>Gets whether a synchronous call waits before the real store (else after it returned).</summary>
    public bool BeforeStore { get; init; }

    /// <summary>Gets a task that completes when the held call reached the gate.</summary>
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the signal that lets the held call go on.</summary>
    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes when the held call reached the real store and it returned.</summary>
    public TaskCompletionSource Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Released.TrySetResult();
}
