using Cachetronomy.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cachetronomy.Hosting.Tests;

/// <summary>Task.Delay rejects waits past ~49.7 days; a loop must never die (and stop the host) over its interval.</summary>
[TestClass]
public sealed class LoopIntervalTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>A loop whose interval bypasses validation (e.g. a profile stored in the file by another tool).</summary>
    private sealed class HugeIntervalLoop(Cachetronaut engine, CachetronomyHostingState state, TimeProvider time)
        : CachetronomyLoop(engine, state, time, NullLogger.Instance, "huge")
    {
        protected override TimeSpan Interval => TimeSpan.FromDays(60);

        protected override ValueTask RunOnceAsync(CancellationToken cancellationToken) => default;
    }

    [TestMethod]
    public async Task Loop_IntervalOver49Days_ParksInsteadOfFaulting()
    {
        await using var t = new TestHost();
        await t.StartAsync(cancellationToken: TestContext.CancellationToken);
        using var loop = new HugeIntervalLoop(t.Engine, t.Services.GetRequiredService<CachetronomyHostingState>(), t.Time);
        await loop.StartAsync(TestContext.CancellationToken);
        Task execute = loop.ExecuteTask!;

        Task first = await Task.WhenAny(execute, loop.WhenParkedAsync(1)).WaitAsync(TimeSpan.FromSeconds(30), TestContext.CancellationToken);

        Assert.IsFalse(execute.IsCompleted, $"the loop ended: {execute.Exception?.InnerException}");
        Assert.AreNotSame(execute, first);
        await loop.StopAsync(TestContext.CancellationToken);
        Assert.IsTrue(execute.IsCompletedSuccessfully);
    }
}
