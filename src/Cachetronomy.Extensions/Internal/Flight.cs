using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;

namespace Cachetronomy.Internal;

/// <summary>
/// Identifies one single-flight run: a key, the type it is created as, the HybridCache entry flags of the run
/// (0 for <c>ICachetronaut</c> runs), so callers that asked for different tiers never share a run, and whether it is
/// a synchronous run (a sync caller blocks its thread, so it never joins an async run, which could need it).
/// </summary>
internal readonly record struct FlightKey(string Key, Type Type, int Flags = 0, bool Synchronous = false)
{
    /// <summary>Whether both name the same entry (sync and async runs of one entry included).</summary>
    public bool SameEntry(FlightKey other) =>
        string.Equals(Key, other.Key, StringComparison.Ordinal) && Type == other.Type && Flags == other.Flags;
}

/// <summary>
/// The runs whose factory the current flow is inside (an <see cref="System.Threading.AsyncLocal{T}"/> chain), so a
/// factory that asks for its own key fails fast instead of waiting for itself.
/// </summary>
internal sealed record FlightScope(object Engine, FlightKey Key, Flight Flight, FlightScope? Parent);

/// <summary>
/// One factory run shared by every concurrent <c>GetOrCreate</c> caller of a key. Waiters are ref-counted: the
/// factory's token is cancelled only when every waiter has cancelled.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The token source has no timer or linked tokens, and a late waiter may still cancel it.")]
internal abstract class Flight
{
    // Not disposed on purpose: it has no timer and no linked tokens, and a late waiter may still cancel it.
    private readonly CancellationTokenSource _cts = new();
    private int _waiters = 1;

    /// <summary>Gets the token the factory runs with.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Gets whether the run has completed.</summary>
    public abstract bool IsCompleted { get; }

    /// <summary>Gets the current number of waiters (tests).</summary>
    public int Waiters => Volatile.Read(ref _waiters);

    /// <summary>Joins the run; <see langword="false"/> when every earlier waiter has already cancelled it.</summary>
    public bool TryAddWaiter()
    {
        while (true)
        {
            int current = Volatile.Read(ref _waiters);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _waiters, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Leaves the run after a waiter's cancellation; <see langword="true"/> when it was the last one (the run is cancelled).</summary>
    public bool ReleaseWaiter()
    {
        if (Interlocked.Decrement(ref _waiters) != 0)
        {
            return false;
        }

        _cts.Cancel();
        return true;
    }
}

/// <summary>A run producing a <typeparamref name="T"/>.</summary>
internal sealed class Flight<T> : Flight
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the run's outcome.</summary>
    public Task<T> Task => _completion.Task;

    /// <inheritdoc/>
    public override bool IsCompleted => _completion.Task.IsCompleted;

    public void SetResult(T value) => _completion.TrySetResult(value);

    public void SetCanceled() => _completion.TrySetCanceled(Token);

    public void SetException(Exception exception)
    {
        _completion.TrySetException(exception);

        // Observe it, so a run every waiter abandoned does not raise UnobservedTaskException; waiters still see it.
        _ = _completion.Task.Exception;
    }
}
