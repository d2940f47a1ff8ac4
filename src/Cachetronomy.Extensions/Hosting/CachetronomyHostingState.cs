using System;
using System.Threading;
using Microsoft.Extensions.Options;

namespace Cachetronomy.Hosting;

/// <summary>The last valid options the loops read their intervals from, and a signal raised when they change.</summary>
internal sealed class CachetronomyHostingState(IOptionsMonitor<CachetronomyOptions> monitor)
{
    private CachetronomyOptions? _current;

    /// <summary>Raised after <see cref="Current"/> changed.</summary>
    public event Action? Changed;

    /// <summary>Gets the last valid options (read from the monitor the first time).</summary>
    public CachetronomyOptions Current
    {
        get => Volatile.Read(ref _current) ?? InitializeFromMonitor();
        private set => Volatile.Write(ref _current, value);
    }

    /// <summary>Takes newly validated options and wakes the loops.</summary>
    public void Update(CachetronomyOptions options)
    {
        Current = options;
        Changed?.Invoke();
    }

    private CachetronomyOptions InitializeFromMonitor()
    {
        CachetronomyOptions value = monitor.CurrentValue;
        return Interlocked.CompareExchange(ref _current, value, null) ?? value;
    }
}
