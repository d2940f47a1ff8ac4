using System;
using Microsoft.Extensions.Logging;

namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>
/// Wraps the user's logger so that a logger that throws cannot break the store: many log calls sit in the writer's
/// failure paths, where an escaping exception would skip the rollback or the completion of waiting callers. A failed
/// log call is dropped.
/// </summary>
internal sealed class GuardedLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        try
        {
            return inner.BeginScope(state);
        }
#pragma warning disable CA1031 // A broken logger must not break the store; there is nowhere else to report it.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    public bool IsEnabled(LogLevel logLevel)
    {
        try
        {
            return inner.IsEnabled(logLevel);
        }
#pragma warning disable CA1031 // See BeginScope.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
#pragma warning disable CA1031 // See BeginScope.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Dropped: logging is best effort.
        }
    }
}
