using Microsoft.Extensions.Logging;

namespace Cachetronomy.Storage.Sqlite.Tests;

/// <summary>A logger that claims every level and throws from every call, as a broken user logger might.</summary>
internal sealed class ThrowingLogger : ILogger<SqliteCacheStore>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => throw new InvalidOperationException("The logger is broken.");

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        throw new InvalidOperationException("The logger is broken.");
}
