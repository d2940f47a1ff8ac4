using System.Text;
using Cachetronomy.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Cachetronomy.Reliability.Tests;

/// <summary>Bad files, bad rows, a full disk, hostile keys and file modes: each has one clear, documented outcome.</summary>
[TestClass]
public sealed class FaultTests
{
    [TestMethod]
    [DataRow("not-sqlite")]
    [DataRow("truncated-header")]
    [DataRow("foreign-sqlite")]
    public void Open_FileThatIsNotOurs_ThrowsNamingThePathAndLeavesItUntouched(string kind)
    {
        using var file = new TempFile();
        switch (kind)
        {
            case "not-sqlite":
                File.WriteAllText(file.DatabasePath, "name,total\nalice,3\nbob,4\n");
                break;
            case "truncated-header":
                File.WriteAllBytes(file.DatabasePath, [.. "SQLite format 3\0"u8, 16, 0, 1, 1]);
                break;
            default:
                using (var connection = new SqliteConnection($"Data Source={file.DatabasePath};Pooling=False"))
                {
                    connection.Open();
                    using SqliteCommand command = connection.CreateCommand();
                    command.CommandText = "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL); INSERT INTO orders VALUES (1, 2.5);";
                    command.ExecuteNonQuery();
                }

                break;
        }

        byte[] before = File.ReadAllBytes(file.DatabasePath);

        CachetronomyStoreException error = Assert.ThrowsExactly<CachetronomyStoreException>(
            () => new Cachetronaut(new CachetronomyOptions { DatabasePath = file.DatabasePath }));

        StringAssert.Contains(error.Message, file.DatabasePath);
        Assert.AreEqual(file.DatabasePath, error.DatabasePath);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(file.DatabasePath));
        Assert.IsFalse(File.Exists(file.DatabasePath + "-wal"));
    }

    [TestMethod]
    public void Open_CachetronomyFileCutShort_IsRefusedOrReportsCorruptionNamingThePath()
    {
        using var file = new TempFile();
        using (var cache = new Cachetronaut(new CachetronomyOptions { DatabasePath = file.DatabasePath, Coherence = false }))
        {
            for (int i = 0; i < 300; i++)
            {
                cache.Set("key" + i, new string('x', 200));
            }
        }

        SqliteConnection.ClearAllPools();
        byte[] whole = File.ReadAllBytes(file.DatabasePath);
        File.WriteAllBytes(file.DatabasePath, whole[..(whole.Length / 3)]);

        CachetronomyStoreException error = Assert.ThrowsExactly<CachetronomyStoreException>(() =>
        {
            using var cache = new Cachetronaut(new CachetronomyOptions { DatabasePath = file.DatabasePath, Coherence = false });
            for (int i = 0; i < 300; i++)
            {
                cache.Get<string>("key" + i);
            }
        });

        StringAssert.Contains(error.Message, file.DatabasePath);
    }

    [TestMethod]
    [DataRow("json", "{ this is not json")]
    [DataRow("protobuf-v9", "\u0008\u0096\u0001")]
    public void Get_RowThatCannotBeRead_IsALoggedMissReportedByHealthAndRemovable(string format, string data)
    {
        using var file = new TempFile();
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(logs)));
        using var cache = new Cachetronaut(new CachetronomyOptions { DatabasePath = file.DatabasePath }, loggerFactory: loggerFactory);
        cache.MemoryProbe = () => (800L << 20, 1024L << 20);
        cache.Set("good", "fine");
        cache.Store.Set(new StoredCacheEntry
        {
            Key = "bad",
            Data = Encoding.UTF8.GetBytes(data),
            Format = format,
            ExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
            SavedByProfile = CachetronomyProfile.DefaultName,
        });

        Assert.IsNull(cache.Get<string>("bad"));

        Assert.IsTrue(logs.GetSnapshot().Any(r => r.Level == LogLevel.Warning && r.Id.Name is "UnknownFormat" or "DeserializationFailed"));
        CacheHealth health = cache.HealthCheck();
        Assert.AreEqual(CacheHealthStatus.Degraded, health.Status);
        CollectionAssert.AreEqual(new[] { "bad" }, health.UnreadableKeys.ToArray());
        Assert.AreEqual("fine", cache.Get<string>("good"));

        Assert.IsTrue(cache.Delete("bad"));

        health = cache.HealthCheck();
        Assert.AreEqual(CacheHealthStatus.Healthy, health.Status);
        Assert.IsEmpty(health.UnreadableKeys);
    }

    [TestMethod]
    public void Set_WhenTheDiskIsFull_ThrowsClearlyAndKeepsEarlierDataReadable()
    {
        using var file = new TempFile();
        using var store = new SqliteCacheStore(new SqliteCacheStoreOptions { DatabasePath = file.DatabasePath });
        using var cache = new Cachetronaut(store, new CachetronomyOptions { DatabasePath = file.DatabasePath });
        for (int i = 0; i < 20; i++)
        {
            cache.Set("early" + i, "value" + i);
        }

        store.ExecuteOnWriter("PRAGMA max_page_count = 1;"); // Clamped to the current size: no page may be added.
        string big = new('x', 64 * 1024);

        CachetronomyStoreException error = Assert.ThrowsExactly<CachetronomyStoreException>(() => cache.Set("big", big));

        StringAssert.Contains(error.Message, "full");
        StringAssert.Contains(error.Message, file.DatabasePath);
        Assert.IsNull(cache.Get<string>("big"));
        cache.EvictAll();
        for (int i = 0; i < 20; i++)
        {
            Assert.AreEqual("value" + i, cache.Get<string>("early" + i));
        }

        store.ExecuteOnWriter("PRAGMA max_page_count = 1073741823;"); // Space is back: the same store writes again.
        cache.Set("big", big);
        Assert.AreEqual(big, cache.Get<string>("big"));
    }

    [TestMethod]
    public void KeysAndTags_WithSqlAndLikeCharacters_AreStoredAndMatchedExactly()
    {
        using var file = new TempFile();
        string[] keys =
        [
            "it's", "\"quoted\"", "100%", "a_b", "a%b", "x; DROP TABLE cache; --", "nul\0inside", "emoji 🚀🧪",
            "%", "_", "'; DELETE FROM cache_tags; --", new string('k', 1024),
        ];
        using (var cache = new Cachetronaut(new CachetronomyOptions { DatabasePath = file.DatabasePath }))
        {
            foreach (string key in keys)
            {
                cache.Set(key, "value of " + key, new CachetronautEntryOptions { Tags = [key.Length > 200 ? "long" : key] });
            }

            cache.Set("abc", 1, new CachetronautEntryOptions { Tags = ["abc", "a%"] });
            cache.Set("axb", 2, new CachetronautEntryOptions { Tags = ["axb"] });
        }

        using var reopened = new Cachetronaut(new CachetronomyOptions { DatabasePath = file.DatabasePath });
        foreach (string key in keys)
        {
            Assert.AreEqual("value of " + key, reopened.Get<string>(key), key);
        }

        CollectionAssert.AreEquivalent(keys.Append("abc").Append("axb").ToArray(), reopened.StoreKeys().ToArray());
        Assert.AreEqual(1, reopened.ClearByTags(["a_b"]), "'_' is not a wildcard: only the entry tagged exactly a_b goes.");
        Assert.AreEqual(1, reopened.ClearByTags(["a%"]), "'%' is not a wildcard: only abc (tagged exactly a%) goes; a%b and axb stay.");
        Assert.AreEqual("value of a%b", reopened.Get<string>("a%b"));
        Assert.AreEqual(1, reopened.ClearByTags(["%"]));
        Assert.AreEqual(2, reopened.Get<int>("axb"));
        Assert.AreEqual(1, reopened.ClearByTags(["nul\0inside"], exactMatch: true));
        Assert.IsNull(reopened.Get<string>("nul\0inside"));
        Assert.IsNull(reopened.Get<string>("nul"), "NUL did not truncate the key.");
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux | OperatingSystems.OSX | OperatingSystems.FreeBSD)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void DatabaseAndWal_AreOwnerOnlyOnUnix()
    {

        using var file = new TempFile();
        using var cache = new Cachetronaut(new CachetronomyOptions { DatabasePath = file.DatabasePath });
        cache.Set("k", "v");

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.AreEqual(OwnerOnly, File.GetUnixFileMode(file.DatabasePath));
        Assert.IsTrue(File.Exists(file.DatabasePath + "-wal"));
        Assert.AreEqual(OwnerOnly, File.GetUnixFileMode(file.DatabasePath + "-wal"));
        Assert.AreEqual(OwnerOnly, File.GetUnixFileMode(file.DatabasePath + "-shm"));
    }
}
