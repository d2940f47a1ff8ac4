using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cachetronomy.Hosting;

/// <summary>
/// A background loop: waits its interval on the injected <see cref="TimeProvider"/>, runs one tick, repeats. The
/// interval is read again before every wait and a profile or options change cuts the current wait short (SEED B15),
/// so new intervals apply at once. A zero interval parks the loop until the next change. Every tick catches and logs
/// its exceptions, so a failing store never stops the loop or the host; stopping the host ends the wait at once.
/// </summary>
internal abstract class CachetronomyLoop : BackgroundService
{
    /// <summary>The longest wait a timer takes (about 49.7 days); validation rejects longer intervals.</summary>
    internal static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly Lock _gate = new();
    private readonly List<(long Parks, TaskCompletionSource Waiter)> _parkWaiters = [];
    private TaskCompletionSource _wake = NewSignal();
    private long _ticks;
    private long _parks;

    protected CachetronomyLoop(Cachetronaut engine, CachetronomyHostingState state, TimeProvider timeProvider, ILogger logger, string name)
    {
        Engine = engine;
        State = state;
        TimeProvider = timeProvider;
        Logger = logger;
        Name = name;
    }

    /// <summary>Gets the loop's name, for logs.</summary>
    public string Name { get; }

    /// <summary>Gets how many ticks finished (failed ones included).</summary>
    internal long Ticks
    {
        get
        {
            lock (_gate)
            {
                return _ticks;
            }
        }
    }

    protected Cachetronaut Engine { get; }

    protected CachetronomyHostingState State { get; }

    protected TimeProvider TimeProvider { get; }

    protected ILogger Logger { get; }

    /// <summary>Gets the current interval; zero or less parks the loop until the profile or options change.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Gets whether the first tick runs at once rather than one interval after start.</summary>
    protected virtual bool RunsAtStart => false;

    /// <summary>Gets how many times the loop parked in its wait (its timer armed, or waiting for a change).</summary>
    internal long Parks
    {
        get
        {
            lock (_gate)
            {
                return _parks;
            }
        }
    }

    /// <summary>
    /// Test hook: completes once the loop parked at least <paramref name="parks"/> times. Read <see cref="Parks"/>,
    /// act (advance a fake clock, reload configuration), then await <c>WhenParkedAsync(parks + 1)</c>: the loop has
    /// finished reacting and armed its next wait, without sleeping or racing it.
    /// </summary>
    internal Task WhenParkedAsync(long parks)
    {
        lock (_gate)
        {
            if (_parks >= parks)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _parkWaiters.Add((parks, waiter));
            return waiter.Task;
        }
    }

    /// <summary>Runs one tick.</summary>
    protected abstract ValueTask RunOnceAsync(CancellationToken cancellationToken);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Engine.ProfileChanged += OnChanged;
        State.Changed += OnChanged;
        try
        {
            bool first = true;
            while (!stoppingToken.IsCancellationRequested)
            {
                TaskCompletionSource wake = Volatile.Read(ref _wake);
                TimeSpan interval = ReadInterval();
                if (first && RunsAtStart && interval > TimeSpan.Zero)
                {
                    first = false;
                    await TickAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }

                first = false;
                using var waitCancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                Task delay = StartWait(interval, waitCancellation.Token);
                Park();
                Task woke = await Task.WhenAny(delay, wake.Task).ConfigureAwait(false);
                await waitCancellation.CancelAsync().ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                if (ReferenceEquals(woke, delay) && delay.IsCompletedSuccessfully)
                {
                    await TickAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            Engine.ProfileChanged -= OnChanged;
            State.Changed -= OnChanged;
        }
    }

    /// <summary>
    /// Arms the wait: an interval past <see cref="MaxInterval"/> waits <see cref="MaxInterval"/> (the loop ticks
    /// then), and a wait that cannot be armed is logged and parks the loop until the next change.
    /// </summary>
    private Task StartWait(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            return interval > TimeSpan.Zero
                ? Task.Delay(interval > MaxInterval ? MaxInterval : interval, TimeProvider, cancellationToken)
                : Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Logger.LoopFailed(Name, ex);
            return Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
    }

    private TimeSpan ReadInterval()
    {
        try
        {
            return Interval;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Logger.LoopFailed(Name, ex);
            return TimeSpan.Zero;
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Logger.LoopFailed(Name, ex);
        }
        finally
        {
            lock (_gate)
            {
                _ticks++;
            }
        }
    }

    private void OnChanged(CachetronomyProfile profile) => OnChanged();

    private void OnChanged() => Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult();

    private void Park()
    {
        List<TaskCompletionSource>? release = null;
        lock (_gate)
        {
            _parks++;
            for (int i = _parkWaiters.Count - 1; i >= 0; i--)
            {
                if (_parkWaiters[i].Parks <= _parks)
                {
                    (release ??= []).Add(_parkWaiters[i].Waiter);
                    _parkWaiters.RemoveAt(i);
                }
            }
        }

        release?.ForEach(static w => w.TrySetResult());
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
