using System;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cachetronomy.Hosting;

/// <summary>
/// Registered before the loops, so it starts first and stops last. Start: builds the engine (so a bad file or profile
/// fails the host start), then follows <see cref="IOptionsMonitor{TOptions}"/> changes to re-apply the active profile
/// live. Stop (after the loops stopped): moves resident entries out of RAM as <c>shutdown</c> and writes pending access
/// counts and eviction-log rows. The container then disposes the engine, which closes the database (SEED B25, B26).
/// </summary>
internal sealed class CachetronomyLifecycleService(
    Cachetronaut engine, CachetronomyHostingState state, IOptionsMonitor<CachetronomyOptions> monitor, ILoggerFactory? loggerFactory = null)
    : IHostedService, IDisposable
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<CachetronomyLifecycleService>();
    private readonly Lock _reloadGate = new();
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = state.Current;
        _subscription = monitor.OnChange(OnOptionsChanged);
        _logger.Started(engine.Store.Location, engine.Profile.Name);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _subscription = null;
        try
        {
            int resident = engine.EvictAllForShutdown();
            await engine.FlushAccessCountsAsync(cancellationToken).ConfigureAwait(false);
            await engine.FlushEvictionLogsAsync(cancellationToken).ConfigureAwait(false);
            _logger.Stopped(resident);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.StopFlushFailed(ex);
        }
    }

    public void Dispose() => _subscription?.Dispose();

    /// <summary>Applies a reload that passed validation; anything the engine refuses is logged and the last valid settings stay.</summary>
    internal void OnOptionsChanged(CachetronomyOptions options, string? name)
    {
        if (name is not null && !string.Equals(name, Options.DefaultName, StringComparison.Ordinal))
        {
            return;
        }

        lock (_reloadGate)
        {
            try
            {
                CachetronomyProfile? applied = engine.ReloadConfiguration(options, state.Current.ActiveProfile);
                state.Update(options);
                if (applied is not null)
                {
                    _logger.ProfileReloaded(applied.Name, applied.TimeToLive, applied.TtlCleanupInterval, applied.MemoryCleanupInterval, applied.MaxItemsInMemory);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.ReloadRejected(ex.Message, ex);
            }
        }
    }
}
