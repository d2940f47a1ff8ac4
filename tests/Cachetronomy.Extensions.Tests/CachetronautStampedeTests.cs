using Cachetronomy.Extensions.Tests.Internal;

namespace Cachetronomy.Extensions.Tests;

[TestClass]
public sealed class CachetronautStampedeTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task GetOrCreateAsync_HundredConcurrentCallers_RunFactoryOnce()
    {
        await using var t = new TestCache();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0;
        var callers = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
            await t.Cache.GetOrCreateAsync("k", async ct =>
            {
                Interlocked.Increment(ref runs);
                return await gate.Task;
            }, cancellationToken: Token), Token)).ToList();

        await WaitUntilAsync(() => t.Cache.Flights.Values.Sum(f => f.Waiters) == 100);
        gate.SetResult(7);
        int[] results = await Task.WhenAll(callers);

        Assert.AreEqual(1, runs);
        Assert.IsTrue(results.All(r => r == 7));
        Assert.AreEqual(7, t.Cache.Get<int>("k"));
    }

    [TestMethod]
    public async Task GetOrCreateAsync_ThrowingFactory_EveryWaiterSeesItAndNothingIsCached()
    {
        await using var t = new TestCache();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var boom = new InvalidOperationException("boom");
        var callers = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
            await t.Cache.GetOrCreateAsync<int>("k", async ct =>
            {
                await gate.Task;
                throw boom;
            }, cancellationToken: Token), Token)).ToList();

        await WaitUntilAsync(() => t.Cache.Flights.Values.Sum(f => f.Waiters) == 10);
        gate.SetResult();
        foreach (Task<int> caller in callers)
        {
            InvalidOperationException seen = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => caller);
            Assert.AreSame(boom, seen);
        }

        Assert.IsFalse(t.Cache.TryGet<int>("k", out _));
        Assert.IsEmpty(t.Cache.StoreKeys());
    }

    [TestMethod]
    public async Task GetOrCreateAsync_OneWaiterCancels_OthersAndRunContinue()
    {
        await using var t = new TestCache();
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken factoryToken = default;
        using var leaving = new CancellationTokenSource();
        Task<string> first = t.Cache.GetOrCreateAsync("k", ct => { factoryToken = ct; return new ValueTask<string>(gate.Task); }, cancellationToken: leaving.Token).AsTask();
        Task<string> second = t.Cache.GetOrCreateAsync("k", _ => ValueTask.FromResult("other"), cancellationToken: Token).AsTask();
        await WaitUntilAsync(() => t.Cache.Flights.Values.Sum(f => f.Waiters) == 2);

        await leaving.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => first);
        Assert.IsFalse(factoryToken.IsCancellationRequested);

        gate.SetResult("made");
        Assert.AreEqual("made", await second);
        Assert.AreEqual("made", t.Cache.Get<string>("k"));
    }

    [TestMethod]
    public async Task GetOrCreateAsync_AllWaitersCancel_CancelsFactoryToken()
    {
        await using var t = new TestCache();
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var leaving = new CancellationTokenSource();
        Task<int> only = t.Cache.GetOrCreateAsync("k", async ct =>
        {
            started.SetResult(ct);
            await Task.Delay(Timeout.Infinite, ct);
            return 1;
        }, cancellationToken: leaving.Token).AsTask();
        CancellationToken factoryToken = await started.Task;

        await leaving.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => only);
        Assert.IsTrue(factoryToken.IsCancellationRequested);
        await WaitUntilAsync(() => t.Cache.Flights.IsEmpty);
    }

    [TestMethod]
    public async Task GetOrCreateAsync_AfterRuns_LeavesNoFlight()
    {
        await using var t = new TestCache();
        for (int i = 0; i < 20; i++)
        {
            await t.Cache.GetOrCreateAsync($"k{i}", _ => ValueTask.FromResult(i), cancellationToken: Token);
            await Assert.ThrowsExactlyAsync<FormatException>(async () =>
                await t.Cache.GetOrCreateAsync<int>($"bad{i}", _ => throw new FormatException(), cancellationToken: Token));
        }

        Assert.IsEmpty(t.Cache.Flights);
    }

    [TestMethod]
    public async Task GetOrCreateAsync_Hit_DoesNotRunFactory()
    {
        await using var t = new TestCache();
        await t.Cache.SetAsync("k", 5, cancellationToken: Token);
        t.Cache.Evict("k");
        int value = await t.Cache.GetOrCreateAsync<int>("k", _ => throw new AssertFailedException("factory ran"), cancellationToken: Token);
        Assert.AreEqual(5, value);
    }

    [TestMethod]
    public async Task GetOrCreate_ConcurrentSyncCallers_RunFactoryOnce()
    {
        await using var t = new TestCache();
        using var gate = new ManualResetEventSlim();
        int runs = 0;
        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            t.Cache.GetOrCreate("k", () =>
            {
                Interlocked.Increment(ref runs);
                gate.Wait(Token);
                return "v";
            }), Token)).ToList();

        await WaitUntilAsync(() => t.Cache.Flights.Values.Sum(f => f.Waiters) == 8);
        gate.Set();
        string[] results = await Task.WhenAll(callers);
        Assert.AreEqual(1, runs);
        Assert.IsTrue(results.All(r => r == "v"));
        Assert.IsEmpty(t.Cache.Flights);
    }

    [TestMethod]
    public async Task GetOrCreate_ThrowingFactory_CachesNothing()
    {
        await using var t = new TestCache();
        Assert.ThrowsExactly<InvalidOperationException>(() => t.Cache.GetOrCreate<int>("k", () => throw new InvalidOperationException()));
        Assert.AreEqual(9, t.Cache.GetOrCreate("k", () => 9));
    }

    [TestMethod]
    public async Task GetOrCreateAsync_NullFactory_ThrowsArgumentNull()
    {
        await using var t = new TestCache();
        await Assert.ThrowsExactlyAsync<ArgumentNullException>(async () => await t.Cache.GetOrCreateAsync<int>("k", null!, cancellationToken: Token));
        Assert.ThrowsExactly<ArgumentNullException>(() => t.Cache.GetOrCreate<int>("k", null!));
    }

    private Task WaitUntilAsync(Func<bool> condition) => Wait.UntilAsync(condition, Token, "the run's waiters");
}
