namespace Cachetronomy.Storage.Sqlite.Tests;

[TestClass]
public sealed class SqliteCacheStoreDisposeTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Disposed_EveryOperationThrowsObjectDisposed()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("k"));
        store.Dispose();
        store.Dispose();
        await store.DisposeAsync();

        Assert.ThrowsExactly<ObjectDisposedException>(() => store.Get("k"));
        Assert.ThrowsExactly<ObjectDisposedException>(() => store.Set(Entries.Live("k")));
        Assert.ThrowsExactly<ObjectDisposedException>(() => store.DeleteAll());
        Assert.ThrowsExactly<ObjectDisposedException>(() => store.Count());
        Assert.ThrowsExactly<ObjectDisposedException>(() => store.GetMany([]));
        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(async () => await store.SetAsync(Entries.Live("k"), TestContext.CancellationToken));
        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(async () => await store.GetAsync("k", TestContext.CancellationToken));
    }

    [TestMethod]
    public void Dispose_ReleasesTheFile()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        store.Set(Entries.Live("k"));
        _ = store.Get("k");

        store.Dispose();
        File.Delete(db.Path);

        Assert.IsFalse(File.Exists(db.Path));
        Assert.IsFalse(File.Exists(db.Path + "-wal"), "The last connection to close checkpoints and removes the WAL.");
    }
}
