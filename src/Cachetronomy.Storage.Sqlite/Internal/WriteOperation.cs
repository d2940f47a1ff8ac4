using System;
using System.Threading.Tasks;

namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>
/// One queued write. The writer runs it inside a transaction (<see cref="Execute"/>), then, after the commit,
/// completes it with its result or its own failure (<see cref="Complete"/>), or fails it when the batch is lost.
/// </summary>
internal abstract class WriteOperation
{
    /// <summary>Gets or sets this operation's own failure (its batch was rolled back and runs again without it).</summary>
    public Exception? Failure { get; set; }

    public abstract void Execute(StoreConnection writer);

    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

/// <summary>A write with a state and a result; the state keeps the work delegate static (no closure).</summary>
internal sealed class WriteOperation<TState, TResult> : WriteOperation
{
    private readonly TState _state;
    private readonly Func<StoreConnection, TState, TResult> _work;
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;

    public WriteOperation(TState state, Func<StoreConnection, TState, TResult> work)
    {
        _state = state;
        _work = work;
    }

    public Task<TResult> Task => _completion.Task;

    public override void Execute(StoreConnection writer) => _result = _work(writer, _state);

    public override void Complete()
    {
        if (Failure is null)
        {
            _completion.TrySetResult(_result!);
        }
        else
        {
            _completion.TrySetException(Failure);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
