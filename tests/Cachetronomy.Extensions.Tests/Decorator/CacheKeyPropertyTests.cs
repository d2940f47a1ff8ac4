using CsCheck;

namespace Cachetronomy.Extensions.Tests.Decorator;

/// <summary>Properties of <see cref="CacheKey"/> over generated values, built from the characters that make keys ambiguous.</summary>
[TestClass]
public sealed class CacheKeyPropertyTests
{
    private static readonly Gen<string> s_tricky = Gen.String[Gen.Char["ab,\"\\ ='()[]{}:\n\t\u0001\uD800\uDC00é"], 0, 6];

    [TestMethod]
    public void For_Strings_EqualKeysExactlyWhenEqualValues()
    {
        Gen.Select(s_tricky, s_tricky, s_tricky, s_tricky).Sample((a1, b1, a2, b2) =>
            (CacheKey.For("f", ("a", a1), ("b", b1)) == CacheKey.For("f", ("a", a2), ("b", b2)))
            == (a1 == a2 && b1 == b2));
    }

    [TestMethod]
    public void For_StringLists_EqualKeysExactlyWhenEqualSequences()
    {
        Gen<string[]> lists = s_tricky.Array[0, 4];
        Gen.Select(lists, lists).Sample((x, y) =>
            (CacheKey.For("f", ("v", x)) == CacheKey.For("f", ("v", y))) == x.SequenceEqual(y));
    }

    [TestMethod]
    public void For_OneStringVersusAList_NeverCollide()
    {
        Gen.Select(s_tricky, s_tricky.Array[0, 4]).Sample((s, list) =>
            CacheKey.For("f", ("v", s)) != CacheKey.For("f", ("v", list)));
    }

    [TestMethod]
    public void For_Dictionaries_KeyDependsOnContentNotInsertionOrder()
    {
        Gen<Dictionary<string, int>> dictionaries = Gen.Dictionary(s_tricky, Gen.Int[-3, 3])[0, 5];
        dictionaries.Sample(d =>
        {
            var reversed = new Dictionary<string, int>(d.Reverse());
            return CacheKey.For("f", ("v", d)) == CacheKey.For("f", ("v", reversed));
        });
    }

    [TestMethod]
    public void For_ArgumentOrder_NeverMatters()
    {
        Gen<(string Name, object? Value)[]> arguments = Gen.Select(Gen.Int[0, 1000], s_tricky)
            .Array[0, 6]
            .Select(pairs => pairs.DistinctBy(p => p.Item1).Select(p => ("p" + p.Item1, (object?)p.Item2)).ToArray());
        Gen.Select(arguments, Gen.Int).Sample((args, seed) =>
        {
            (string Name, object? Value)[] shuffled = args.ToArray();
            new Random(seed).Shuffle(shuffled);
            return CacheKey.For("f", args) == CacheKey.For("f", shuffled);
        });
    }
}
