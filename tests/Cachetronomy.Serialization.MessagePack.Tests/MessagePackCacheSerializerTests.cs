using System.Buffers;
using System.Text.Json;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.Extensions.DependencyInjection;

namespace Cachetronomy.Serialization.MessagePack.Tests;

[TestClass]
public sealed class MessagePackCacheSerializerTests
{
    /// <summary>Standard options as the parameterless serializer uses them (untrusted data).</summary>
    internal static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithResolver(StandardResolver.Instance).WithSecurity(MessagePackSecurity.UntrustedData);

    private static readonly CachetronautEntryOptions s_msgpack = new() { Serializer = "msgpack" };

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task SetAsync_Msgpack_RoundTripsAndRecordsFormat()
    {
        using var db = new TempDatabase();
        await using Cachetronaut cache = db.Open();
        var order = new Order { Id = 7, Customer = "ada", Lines = ["tea", "cake"] };

        await cache.SetAsync("o", order, s_msgpack, Token);
        cache.Evict("o");
        Order? read = await cache.GetAsync<Order>("o", Token);

        Assert.AreEqual("msgpack", cache.KeyMetadata("o")!.Format);
        Assert.IsNotNull(read);
        Assert.AreEqual(7, read.Id);
        Assert.AreEqual("ada", read.Customer);
        CollectionAssert.AreEqual(new[] { "tea", "cake" }, read.Lines.ToArray());
    }

    [TestMethod]
    public async Task Set_Msgpack_NewEngineOnSameFileReadsIt()
    {
        using var db = new TempDatabase();
        await using (Cachetronaut writer = db.Open())
        {
            writer.Set("o", new Order { Id = 1, Customer = "bob", Lines = [] }, s_msgpack);
        }

        await using Cachetronaut reader = db.Open();
        Assert.AreEqual("bob", reader.Get<Order>("o")?.Customer);
    }

    [TestMethod]
    public async Task Items_MsgpackRow_IsJsonElement()
    {
        using var db = new TempDatabase();
        await using Cachetronaut cache = db.Open();
        cache.Set("o", new Order { Id = 3, Customer = "cy", Lines = ["x"] }, s_msgpack);

        object? value = cache.Items().Single(i => i.Key == "o").Value;

        Assert.IsInstanceOfType<JsonElement>(value);
        var element = (JsonElement)value;
        Assert.AreEqual(JsonValueKind.Array, element.ValueKind);
        Assert.AreEqual(3, element[0].GetInt32());
        Assert.AreEqual("cy", element[1].GetString());
    }

    [TestMethod]
    public void DeserializeUntyped_Map_IsJsonObject()
    {
        var serializer = new MessagePackCacheSerializer(Options);
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(new Dictionary<string, int> { ["a"] = 1 }, buffer);

        var element = (JsonElement)serializer.DeserializeUntyped(new ReadOnlySequence<byte>(buffer.WrittenMemory))!;
        Assert.AreEqual(1, element.GetProperty("a").GetInt32());
    }

    [TestMethod]
    public async Task Get_GarbageMsgpackRow_IsAMiss()
    {
        using var db = new TempDatabase();
        await using Cachetronaut cache = db.Open();
        cache.Set("o", new Order { Id = 1, Customer = "x", Lines = [] }, s_msgpack);
        await using (var store = new Storage.Sqlite.SqliteCacheStore(new Storage.Sqlite.SqliteCacheStoreOptions { DatabasePath = db.Path }, db.Time))
        {
            store.Set(new StoredCacheEntry
            {
                Key = "o",
                Data = new byte[] { 0xc1, 0xff, 0x00, 0x13 },
                Format = "msgpack",
                ExpiresAt = db.Time.GetUtcNow().AddHours(1),
                SavedByProfile = "default",
            });
        }

        cache.Evict("o");
        Assert.IsNull(cache.Get<Order>("o"));
        Assert.IsFalse(cache.TryGet<Order>("o", out _));
    }

    [TestMethod]
    public async Task AddMessagePack_RegistersMsgpackWithEngine()
    {
        using var db = new TempDatabase();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(db.Time);
        services.AddCachetronomy(o => o.DatabasePath = db.Path).AddMessagePack(Options);
        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            ICachetronaut cache = provider.GetRequiredService<ICachetronaut>();
            cache.Set("o", new Order { Id = 9, Customer = "di", Lines = [] }, s_msgpack);
            Assert.AreEqual("msgpack", cache.KeyMetadata("o")!.Format);
        }

        await using Cachetronaut reader = db.Open();
        Assert.AreEqual(9, reader.Get<Order>("o")?.Id);
    }

    [TestMethod]
    public void AddMessagePack_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        ICachetronomyBuilder builder = services.AddCachetronomy();
        Assert.AreSame(builder, builder.AddMessagePack());
        builder.AddMessagePack(Options);
        Assert.AreEqual(1, services.Count(d => d.ServiceType == typeof(ICacheSerializer) && d.ImplementationInstance is MessagePackCacheSerializer));
        Assert.AreEqual(4, services.Count(d => d.ServiceType == typeof(ICacheSerializer)));
    }

    [TestMethod]
    public async Task Set_MsgpackWithoutAddMessagePack_ThrowsBeforeWriting()
    {
        using var db = new TempDatabase();
        await using var cache = new Cachetronaut(new CachetronomyOptions { DatabasePath = db.Path }, db.Time);
        Assert.ThrowsExactly<ArgumentException>(() => cache.Set("o", new Order(), s_msgpack));
        Assert.IsEmpty(cache.StoreKeys());
    }

    [TestMethod]
    public void AddMessagePack_NullArguments_Throw()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => CachetronomyMessagePackBuilderExtensions.AddMessagePack(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => new ServiceCollection().AddCachetronomy().AddMessagePack(null!));
    }
}

[MessagePackObject]
public sealed class Order
{
    [Key(0)]
    public int Id { get; set; }

    [Key(1)]
    public string Customer { get; set; } = "";

    [Key(2)]
    public IReadOnlyList<string> Lines { get; set; } = [];
}
