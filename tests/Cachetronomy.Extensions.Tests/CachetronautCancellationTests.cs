using Cachetronomy.Extensions.Tests.Internal;

namespace Cachetronomy.Extensions.Tests;

/// <summary>
/// A write handed to the store commits even when its caller cancels the wait, so the engine must still apply its
/// RAM effect: the held store call below commits only after the caller cancelled, and a read races the commit.
/// </summary>
[TestClass]
public sealed class CachetronautCancellationTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task DeleteAsync_CancelledAfterHandOff_RamFollowsTheCommittedDelete()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", "v");
        t.Cache.Evict("k");
        StoreGate gate = t.Store.HoldNext("DeleteAsync");
        using var cts = new CancellationTokenSource();

        Task<bool> delete = Observe(t.Cache.DeleteAsync("k", cts.Token));
        await gate.Reached.Task.WaitAsync(Token);
        await cts.CancelAsync();
        _ = t.Cache.Get<string>("k");                 // reads the row before the delete commits
        gate.Release();
        await gate.Completed.Task.WaitAsync(Token);
        await Settle(delete);

        Assert.IsNull(t.Sqlite.Get("k"), "the delete committed");
        Assert.IsNull(t.Cache.Get<string>("k"), "RAM must not serve a row the store deleted");
    }

    [TestMethod]
    public async Task SetAsync_CancelledAfterHandOff_RamFollowsTheCommittedWrite()
    {
        await using var t = new TestCache();
        t.Cache.Set("k", "old");
        t.Cache.Evict("k");
        StoreGate gate = t.Store.HoldNext("SetAsync");
        using var cts = new CancellationTokenSource();

        Task write = Observe(t.Cache.SetAsync("k", "new", cancellationToken: cts.Token));
        await gate.Reached.Task.WaitAsync(Token);
        await cts.CancelAsync();
        _ = t.Cache.Get<string>("k");                 // reads "old" before the write commits
        gate.Release();
        await gate.Completed.Task.WaitAsync(Token);
        await Settle(write);

        Assert.AreEqual("new", t.Cache.Get<string>("k"));
    }

    [TestMethod]
    public async Task SetAsync_CancelledBeforeHandOff_WritesNothing()
    {
        await using var t = new TestCache();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(async () => await t.Cache.SetAsync("k", "v", cancellationToken: cts.Token));

        Assert.IsNull(t.Sqlite.Get("k"));
        Assert.IsNull(t.Cache.Get<string>("k"));
    }

    private static async Task<T> Observe<T>(ValueTask<T> task) => await task;

    private static async Task Observe(ValueTask task) => await task;

    /// <summary>Waits for the call to end, whether it reports the commit or the caller's cancellation.</summary>
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
