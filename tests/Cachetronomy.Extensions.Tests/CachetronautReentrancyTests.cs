using Cachetronomy.Extensions.Tests.Internal;

namespace Cachetronomy.Extensions.Tests;

/// <summary>
/// Sync GetOrCreate never blocks on an async run, and a factory asking for its own key fails fast instead of
/// waiting for itself. The bounds below only turn a pre-fix deadlock into a failure; the passing path never waits.
/// </summary>
[TestClass]
public sealed class CachetronautReentrancyTests
{
    private static readonly TimeSpan s_deadlockBound = TimeSpan.FromSeconds(10);

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task GetOrCreate_FactoryAsksItsOwnKey_ThrowsInvalidOperation()
    {
        await using var t = new TestCache();
        Task<string> call = Task.Run(() => t.Cache.GetOrCreate("k", () => t.Cache.GetOrCreate("k", () => "inner")), Token);

        InvalidOperationException ex = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => call.WaitAsync(s_deadlockBound, Token));

        Assert.Contains("its own key", ex.Message);
        Assert.IsEmpty(t.Cache.Flights);
    }

    [TestMethod]
    public async Task GetOrCreateAsync_FactoryAsksItsOwnKey_ThrowsInvalidOperation()
    {
        await using var t = new TestCache();
        Task<string> call = t.Cache.GetOrCreateAsync("k", async ct => await t.Cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("inner"), cancellationToken: ct), cancellationToken: Token).AsTask();

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => call.WaitAsync(s_deadlockBound, Token));
        Assert.IsEmpty(t.Cache.Flights);
    }

    [TestMethod]
    public async Task GetOrCreateAsync_FactoryAsksAnotherKey_Works()
    {
        await using var t = new TestCache();
        string value = await t.Cache.GetOrCreateAsync(
            "outer",
            async ct => "outer+" + await t.Cache.GetOrCreateAsync("inner", _ => ValueTask.FromResult("inner"), cancellationToken: ct),
            cancellationToken: Token);

        Assert.AreEqual("outer+inner", value);
    }

    [TestMethod]
    public async Task GetOrCreate_WhileAsyncRunInFlight_DoesNotJoinIt()
    {
        await using var t = new TestCache();
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<string> asyncCall = t.Cache.GetOrCreateAsync("k", _ => new ValueTask<string>(gate.Task), cancellationToken: Token).AsTask();
        Assert.HasCount(1, t.Cache.Flights);

        string sync = await Task.Run(() => t.Cache.GetOrCreate("k", () => "sync"), Token).WaitAsync(s_deadlockBound, Token);
        gate.SetResult("async");

        Assert.AreEqual("sync", sync);
        Assert.AreEqual("async", await asyncCall.WaitAsync(Token));
    }

    [TestMethod]
    public async Task GetOrCreateAsync_BackgroundWorkOfAFinishedFactory_MayAskTheKey()
    {
        await using var t = new TestCache();
        Task<string>? later = null;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await t.Cache.GetOrCreateAsync("k", _ =>
        {
            later = Task.Run(async () =>
            {
                await go.Task;
                t.Cache.Delete("k");
                return await t.Cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("again"));
            });
            return ValueTask.FromResult("first");
        }, cancellationToken: Token);

        go.SetResult();

        Assert.AreEqual("again", await later!.WaitAsync(s_deadlockBound, Token));
    }
}
