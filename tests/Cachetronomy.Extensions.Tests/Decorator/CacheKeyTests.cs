using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cachetronomy.Extensions.Tests.Decorator;

[TestClass]
public sealed class CacheKeyTests
{
    public sealed record Person(int Id, string Name);

    public sealed record Nested(string Zeta, Person Alpha);

    public sealed class NoState
    {
    }

    public sealed class Node
    {
        public Node? Next { get; set; }
    }

    [TestMethod]
    public void For_SimpleCall_IsReadable()
    {
        Assert.AreEqual(
            "PullQuote(celebrity=\"Ash\", film=\"Cacheablanca\")",
            CacheKey.For("PullQuote", ("film", "Cacheablanca"), ("celebrity", "Ash")));
    }

    [TestMethod]
    public void For_NoArguments_HasEmptyParentheses()
    {
        Assert.AreEqual("Now()", CacheKey.For("Now"));
    }

    [TestMethod]
    public void For_ArgumentOrder_DoesNotMatter()
    {
        string a = CacheKey.For("g", ("x", 1), ("y", 5), ("B", true));
        string b = CacheKey.For("g", ("y", 5), ("B", true), ("x", 1));
        Assert.AreEqual(a, b);
        Assert.AreEqual("g(B=true, x=1, y=5)", a, "ordinal order: upper case first");
    }

    [TestMethod]
    public void For_KeyValuePairOverload_MatchesTupleOverload()
    {
        var arguments = new Dictionary<string, object?> { ["y"] = "s", ["x"] = 1 };
        Assert.AreEqual(CacheKey.For("g", ("x", 1), ("y", "s")), CacheKey.For("g", arguments));
    }

    [TestMethod]
    [DataRow(null, "null")]
    [DataRow(true, "true")]
    [DataRow(false, "false")]
    [DataRow(42, "42")]
    [DataRow(-7L, "-7")]
    [DataRow((byte)255, "255")]
    [DataRow(ulong.MaxValue, "18446744073709551615")]
    [DataRow(2.5d, "2.5")]
    [DataRow(0.1f, "0.1")]
    [DataRow(1e300, "1E+300")]
    [DataRow(double.NaN, "NaN")]
    [DataRow(double.PositiveInfinity, "Infinity")]
    [DataRow('x', "'x'")]
    [DataRow('\'', "'\\''")]
    [DataRow("Ash", "\"Ash\"")]
    [DataRow("a,b", "\"a,b\"")]
    [DataRow("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [DataRow("back\\slash", "\"back\\\\slash\"")]
    [DataRow("line\nbreak\ttab", "\"line\\nbreak\\ttab\"")]
    [DataRow("\u0001", "\"\\u0001\"")]
    [DataRow("", "\"\"")]
    [DataRow(DayOfWeek.Monday, "DayOfWeek.Monday")]
    [DataRow(FileAccess.ReadWrite, "FileAccess.ReadWrite")]
    [DataRow(FileShare.Read | FileShare.Delete, "FileShare.Read|Delete")]
    [DataRow((DayOfWeek)42, "DayOfWeek.42")]
    public void For_ScalarValue_FollowsRule(object? value, string rendered)
    {
        Assert.AreEqual($"f(v={rendered})", CacheKey.For("f", ("v", value)));
    }

    [TestMethod]
    public void For_OtherScalars_FollowRules()
    {
        Assert.AreEqual("f(v=1.50)", CacheKey.For("f", ("v", 1.50m)));
        Assert.AreEqual("f(v=12345678901234567890123)", CacheKey.For("f", ("v", BigInteger.Parse("12345678901234567890123", CultureInfo.InvariantCulture))));
        Assert.AreEqual("f(v=-170141183460469231731687303715884105728)", CacheKey.For("f", ("v", Int128.MinValue)));
        Assert.AreEqual("f(v=1.5)", CacheKey.For("f", ("v", (Half)1.5)));
        Assert.AreEqual("f(v=0f8fad5b-d9cb-469f-a165-70867728950e)", CacheKey.For("f", ("v", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"))));
        Assert.AreEqual("f(v=\"https://example.com/a b\")", CacheKey.For("f", ("v", new Uri("https://example.com/a b"))));
    }

    [TestMethod]
    public void For_Dates_UseRoundTripFormats()
    {
        Assert.AreEqual("f(v=2026-01-02T03:04:05.0060000Z)", CacheKey.For("f", ("v", new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Utc))));
        Assert.AreEqual("f(v=2026-01-02T03:04:05.0000000)", CacheKey.For("f", ("v", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified))));
        Assert.AreEqual("f(v=2026-01-02T03:04:05.0000000+02:00)", CacheKey.For("f", ("v", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)))));
        Assert.AreEqual("f(v=2026-01-02)", CacheKey.For("f", ("v", new DateOnly(2026, 1, 2))));
        Assert.AreEqual("f(v=13:30:00.0000000)", CacheKey.For("f", ("v", new TimeOnly(13, 30))));
        Assert.AreEqual("f(v=1.01:30:00.5000000)", CacheKey.For("f", ("v", new TimeSpan(1, 1, 30, 0, 500))));
    }

    [TestMethod]
    public void For_Collections_RenderRecursively()
    {
        Assert.AreEqual("f(v=[1, 2, 3])", CacheKey.For("f", ("v", new[] { 1, 2, 3 })));
        Assert.AreEqual("f(v=[\"a\", null, [true]])", CacheKey.For("f", ("v", new List<object?> { "a", null, new[] { true } })));
        Assert.AreEqual("f(v=[])", CacheKey.For("f", ("v", Array.Empty<int>())));
        Assert.AreEqual("f(v=(1, \"a\", (2.5, null)))", CacheKey.For("f", ("v", (1, "a", (2.5, (string?)null)))));
        Assert.AreEqual("f(v=(7))", CacheKey.For("f", ("v", Tuple.Create(7))));
    }

    [TestMethod]
    public void For_Dictionaries_AreSortedByKey()
    {
        var first = new Dictionary<string, object?> { ["b"] = new[] { 2, 3 }, ["a"] = 1 };
        var second = new Dictionary<string, object?> { ["a"] = 1, ["b"] = new[] { 2, 3 } };
        Assert.AreEqual("f(v={\"a\": 1, \"b\": [2, 3]})", CacheKey.For("f", ("v", first)));
        Assert.AreEqual(CacheKey.For("f", ("v", first)), CacheKey.For("f", ("v", second)));
        Assert.AreEqual("f(v={1: \"one\", 2: \"two\"})", CacheKey.For("f", ("v", new SortedDictionary<int, string> { [2] = "two", [1] = "one" })));
    }

    [TestMethod]
    public void For_DictionaryKeysRenderingAlike_AreOrderedByValue()
    {
        var first = new Dictionary<object, string> { [1] = "int", [1L] = "long" };
        var second = new Dictionary<object, string> { [1L] = "long", [1] = "int" };
        Assert.AreEqual(CacheKey.For("f", ("v", first)), CacheKey.For("f", ("v", second)));
    }

    [TestMethod]
    public void For_Sets_AreSortedWhateverTheInsertionOrder()
    {
        string expected = "f(v=[\"a\", \"b\", \"c\"])";
        Assert.AreEqual(expected, CacheKey.For("f", ("v", new HashSet<string> { "c", "a", "b" })));
        Assert.AreEqual(expected, CacheKey.For("f", ("v", new HashSet<string> { "b", "c", "a" })));
        Assert.AreEqual(expected, CacheKey.For("f", ("v", ImmutableHashSet.Create("c", "b", "a"))));
        Assert.AreEqual(expected, CacheKey.For("f", ("v", new[] { "b", "a", "c" }.ToFrozenSet())));
        Assert.AreEqual(expected, CacheKey.For("f", ("v", new SortedSet<string>(StringComparer.Ordinal) { "c", "b", "a" })));
    }

    [TestMethod]
    public void For_Objects_RenderAsCanonicalJson()
    {
        Assert.AreEqual("f(v={\"Id\":7,\"Name\":\"Ash\"})", CacheKey.For("f", ("v", new Person(7, "Ash"))));
        Assert.AreEqual(
            "f(v={\"Alpha\":{\"Id\":1,\"Name\":\"é<'>\"},\"Zeta\":\"z\"})",
            CacheKey.For("f", ("v", new Nested("z", new Person(1, "é<'>")))));
        Assert.AreEqual("f(v={\"X\":1,\"Y\":2})", CacheKey.For("f", ("v", new Vector2(1, 2))), "public fields count");
    }

    [TestMethod]
    public void For_ObjectWithoutState_Throws()
    {
        ArgumentException ex = Assert.ThrowsExactly<ArgumentException>(() => CacheKey.For("f", ("v", new NoState())));
        Assert.Contains("{}", ex.Message);
    }

    [TestMethod]
    public void For_CyclicObject_Throws()
    {
        var node = new Node();
        node.Next = node;
        ArgumentException ex = Assert.ThrowsExactly<ArgumentException>(() => CacheKey.For("f", ("v", node)));
        Assert.IsInstanceOfType<JsonException>(ex.InnerException, "System.Text.Json reports the cycle");

        var list = new List<object>();
        list.Add(list);
        Assert.ThrowsExactly<ArgumentException>(() => CacheKey.For("f", ("v", list)));
    }

    [TestMethod]
    public void For_ValuesThatLookAlike_NeverCollide()
    {
        string[] keys =
        [
            CacheKey.For("f", ("v", "a,b")),
            CacheKey.For("f", ("v", new[] { "a", "b" })),
            CacheKey.For("f", ("v", "a"), ("w", "b")),
            CacheKey.For("f", ("v", "a\", w=\"b")),
            CacheKey.For("f", ("v", "1")),
            CacheKey.For("f", ("v", 1)),
            CacheKey.For("f", ("v", '1')),
            CacheKey.For("f", ("v", "null")),
            CacheKey.For("f", ("v", null)),
            CacheKey.For("f", ("v", "true")),
            CacheKey.For("f", ("v", true)),
            CacheKey.For("f", ("v", new[] { "a, b" })),
            CacheKey.For("f", ("v", new[] { "a", "b", "" })),
            CacheKey.For("f", ("v", "\uD800")),
            CacheKey.For("f", ("v", "\uD801")),
            CacheKey.For("f", ("v", "\\u0001")),
            CacheKey.For("f", ("v", "\u0001")),
        ];
        Assert.HasCount(keys.Length, keys.Distinct(StringComparer.Ordinal));
    }

    [TestMethod]
    public void For_DifferentCurrentCulture_GivesTheSameKey()
    {
        (string Name, object? Value)[] arguments =
        [
            ("d", 1234.5d), ("m", 1234.5m), ("f", -0.25f), ("when", new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc)),
            ("span", TimeSpan.FromDays(1.5)), ("list", new[] { 1.5, 2.25 }), ("obj", new Person(1, "İ")),
        ];
        CultureInfo original = CultureInfo.CurrentCulture;
        CultureInfo originalUi = CultureInfo.CurrentUICulture;
        string invariant;
        string other;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            invariant = CacheKey.For("f", arguments);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("de-DE") { NumberFormat = { NegativeSign = "~" } };
            other = CacheKey.For("f", arguments);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
            CultureInfo.CurrentUICulture = originalUi;
        }

        Assert.AreEqual(invariant, other);
        Assert.Contains("d=1234.5", other);
        Assert.Contains("f=-0.25", other);
    }

    [TestMethod]
    public void For_LongKey_IsHashedAsSha256OfTheFullKey()
    {
        string value = new('x', 2000);
        string full = "Big(v=\"" + value + "\")";
        string expected = "Big(sha256=" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full))) + ")";

        string key = CacheKey.For("Big", ("v", value));

        Assert.AreEqual(expected, key);
        Assert.HasCount(64, key["Big(sha256=".Length..^1]);
        Assert.AreNotEqual(key, CacheKey.For("Big", ("v", value + "y")));
    }

    [TestMethod]
    public void For_KeyAtTheLimit_IsNotHashed_OneMoreIs()
    {
        // "f(v=\"" + n + "\")" is n + 7 characters long.
        string atLimit = CacheKey.For("f", [new("v", new string('x', 93))], maxLength: 100);
        string overLimit = CacheKey.For("f", [new("v", new string('x', 94))], maxLength: 100);
        Assert.HasCount(100, atLimit);
        Assert.StartsWith("f(sha256=", overLimit);
    }

    [TestMethod]
    public void For_NameTooLongForTheHashedForm_Throws()
    {
        string name = new('n', 30);
        Assert.ThrowsExactly<ArgumentException>(() => CacheKey.For(name, [new("v", new string('x', 100))], maxLength: 100));
        Assert.StartsWith(name + "(sha256=", CacheKey.For(name, [new("v", new string('x', 100))], maxLength: 103));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow(" ")]
    [DataRow("f(x)")]
    [DataRow("f)")]
    [DataRow("f\n")]
    public void For_BadName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => CacheKey.For(name, ("v", 1)));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("a b")]
    [DataRow("a=1, b")]
    [DataRow("a,b")]
    [DataRow("a(")]
    [DataRow("a\"")]
    [DataRow("a:")]
    public void For_BadArgumentName_Throws(string argumentName)
    {
        Assert.ThrowsExactly<ArgumentException>(() => CacheKey.For("f", (argumentName, 1)));
    }

    [TestMethod]
    public void For_DuplicateArgumentName_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => CacheKey.For("f", ("x", 1), ("x", 2)));
    }

    [TestMethod]
    public void For_SameInputs_AreDeterministic()
    {
        // A fixed expectation: the key never depends on hash codes or on the process.
        Assert.AreEqual(
            "Movies.Search(genres=[\"drama\", \"noir\"], page=2, since=2020-01-01, title=\"Cacheablanca\")",
            CacheKey.For("Movies.Search", ("title", "Cacheablanca"), ("page", 2), ("genres", new HashSet<string> { "noir", "drama" }), ("since", new DateOnly(2020, 1, 1))));
    }
}
