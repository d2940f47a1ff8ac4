using System.Diagnostics;

namespace Cachetronomy.Extensions.Tests.Internal;

/// <summary>Polls for a state another thread reaches (e.g. a run's waiter count), failing after a bound instead of hanging.</summary>
internal static class Wait
{
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(10);

    public static async Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken, string? what = null, TimeSpan? bound = null)
    {
        TimeSpan limit = bound ?? DefaultBound;
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            if (elapsed.Elapsed > limit)
            {
                Assert.Fail($"Timed out after {limit} waiting for {what ?? "the condition"}.");
            }

            await Task.Yield();
            await Task.Delay(1, cancellationToken);
        }
    }
}
