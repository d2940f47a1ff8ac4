using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cachetronomy.Extensions.Tests.Internal;
using Cachetronomy.Serialization;

namespace Cachetronomy.Extensions.Tests;

public sealed record Person(int Id, string Name);

[JsonSerializable(typeof(Person))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

[TestClass]
public sealed class SerializerTests
{
    [TestMethod]
    public void JsonCacheSerializer_SourceGeneratedContext_RoundTrips()
    {
        var serializer = new JsonCacheSerializer(new JsonSerializerOptions { TypeInfoResolver = TestJsonContext.Default });
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(new Person(7, "Ada"), buffer);
        Assert.AreEqual(new Person(7, "Ada"), serializer.Deserialize<Person>(new ReadOnlySequence<byte>(buffer.WrittenMemory)));
        Assert.IsInstanceOfType<JsonElement>(serializer.DeserializeUntyped(new ReadOnlySequence<byte>(buffer.WrittenMemory)));
    }

    [TestMethod]
    public void JsonCacheSerializer_TypeMissingFromContext_ThrowsNotSupported()
    {
        var serializer = new JsonCacheSerializer(new JsonSerializerOptions { TypeInfoResolver = TestJsonContext.Default });
        Assert.ThrowsExactly<NotSupportedException>(() => serializer.Serialize(new Uri("http://x"), new ArrayBufferWriter<byte>()));
    }

    [TestMethod]
    public async Task Cachetronaut_ConfiguredJsonOptions_UsesSourceGeneratedContext()
    {
        await using var t = new TestCache(o => o.JsonSerializerOptions = new JsonSerializerOptions { TypeInfoResolver = TestJsonContext.Default });
        t.Cache.Set("p", new Person(1, "Bo"));
        t.Cache.Evict("p");
        Assert.AreEqual(new Person(1, "Bo"), t.Cache.Get<Person>("p"));
        Assert.ThrowsExactly<CachetronomySerializationException>(() => t.Cache.Set("u", new Uri("http://x")));
    }

    [TestMethod]
    public void ByteArrayCacheSerializer_RoundTripsBytesAsIs()
    {
        var serializer = new ByteArrayCacheSerializer();
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(new ReadOnlyMemory<byte>([0, 255, 7]), buffer);
        CollectionAssert.AreEqual(new byte[] { 0, 255, 7 }, buffer.WrittenSpan.ToArray());
        CollectionAssert.AreEqual(new byte[] { 0, 255, 7 }, serializer.Deserialize<byte[]>(new ReadOnlySequence<byte>(buffer.WrittenMemory)));
        Assert.ThrowsExactly<NotSupportedException>(() => serializer.Deserialize<int>(new ReadOnlySequence<byte>(buffer.WrittenMemory)));
    }

    [TestMethod]
    public void StringCacheSerializer_WritesUtf8AndRejectsOtherTypes()
    {
        var serializer = new StringCacheSerializer();
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize("é", buffer);
        CollectionAssert.AreEqual(new byte[] { 0xC3, 0xA9 }, buffer.WrittenSpan.ToArray());
        Assert.ThrowsExactly<NotSupportedException>(() => serializer.Serialize(1, buffer));
    }

    [TestMethod]
    public async Task Cachetronaut_CustomSerializer_ReplacesBuiltInOfSameFormat()
    {
        var custom = new UpperStringSerializer();
        await using var t = new TestCache(serializers: [custom]);
        t.Cache.Set("k", "abc", new CachetronautEntryOptions { Serializer = "string" });
        t.Cache.Evict("k");
        Assert.AreEqual("ABC", t.Cache.Get<string>("k"));
    }

    private sealed class UpperStringSerializer : ICacheSerializer
    {
        private readonly StringCacheSerializer _inner = new();

        public string Format => "string";

        public void Serialize<T>(T value, IBufferWriter<byte> destination) => _inner.Serialize(value?.ToString()!.ToUpperInvariant(), destination);

        public T Deserialize<T>(ReadOnlySequence<byte> source) => _inner.Deserialize<T>(source);

        public object? DeserializeUntyped(ReadOnlySequence<byte> source) => _inner.DeserializeUntyped(source);
    }
}
