using Cachetronomy.Extensions.Tests.Internal;

namespace Cachetronomy.Extensions.Tests;

/// <summary>A flush batch handed to the store commits even when the flush's caller cancels: it is written once.</summary>
[TestClass]
public sealed class CachetronautFlushTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task FlushAccessCountsAsync_CancelledAfterHandOff_CountsOnce()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", "v");
        for (int i = 0; i < 3; i++)
        {
            t.Cache.Get<string>("k");
        }

        StoreGate gate = t.Store.HoldNext("AddAccessCountsAsync");
        using var cts = new CancellationTokenSource();
        Task flush = Observe(t.Cache.FlushAccessCountsAsync(cts.Token));
        await gate.Reached.Task.WaitAsync(Token);
        await cts.CancelAsync();
        gate.Release();
        await gate.Completed.Task.WaitAsync(Token);   // the batch committed
        await Settle(flush);

        t.Cache.FlushAccessCounts();
        Assert.AreEqual(3L, t.Cache.KeyAccessLogs("k")!.AccessCount);
    }

    [TestMethod]
    public async Task FlushEvictionLogsAsync_CancelledAfterHandOff_LogsOnce()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", "v");
        t.Cache.Evict("k");

        StoreGate gate = t.Store.HoldNext("AppendEvictionLogsAsync");
        using var cts = new CancellationTokenSource();
        Task flush = Observe(t.Cache.FlushEvictionLogsAsync(cts.Token));
        await gate.Reached.Task.WaitAsync(Token);
        await cts.CancelAsync();
        gate.Release();
        await gate.Completed.Task.WaitAsync(Token);   // the batch committed
        await Settle(flush);

        t.Cache.FlushEvictionLogs();
        Assert.AreEqual(1, t.Cache.EvictionLogs().Count(e => e.Key == "k"));
    }

    [TestMethod]
    public async Task FlushAccessCountsAsync_StoreFails_KeepsCountsForTheNextFlush()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", "v");
        t.Cache.Get<string>("k");
        t.Store.FailingMembers.Add("AddAccessCountsAsync");
        t.Store.FailWith = static () => new CachetronomyStoreException("injected");

        await Assert.ThrowsExactlyAsync<CachetronomyStoreException>(async () => await t.Cache.FlushAccessCountsAsync(Token));
        t.Store.FailWith = null;
        await t.Cache.FlushAccessCountsAsync(Token);

        Assert.AreEqual(1L, t.Cache.KeyAccessLogs("k")!.AccessCount);
    }

    private static async Task Observe(ValueTask task) => await task;

    private async Task Settle(Task task)
    {
        try
        {
            await task.WaitAsync(Token);
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
        }
    }
}
