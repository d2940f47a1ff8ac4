using System;
using System.Text;

namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>
/// Hands out one string instance per distinct small UTF-8 value (format and profile names: a handful of values
/// repeated on every row), so a point read compares bytes instead of allocating a string per column. Not
/// thread-safe: each <see cref="StoreConnection"/> owns one, used by one caller at a time.
/// </summary>
internal sealed class Utf8StringCache
{
    /// <summary>The most distinct values kept; further values are decoded on every read.</summary>
    private const int Capacity = 16;

    /// <summary>Values longer than this (in bytes) are never kept.</summary>
    private const int MaxLength = 64;

    private readonly byte[][] _bytes = new byte[Capacity][];
    private readonly string[] _strings = new string[Capacity];
    private int _count;

    /// <summary>Gets the string for <paramref name="utf8"/>, reusing the instance of an earlier equal value.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        for (int i = 0; i < _count; i++)
        {
            if (utf8.SequenceEqual(_bytes[i]))
            {
                return _strings[i];
            }
        }

        string value = Encoding.UTF8.GetString(utf8);
        if (_count < Capacity)
        {
            _bytes[_count] = utf8.ToArray();
            _strings[_count] = value;
            _count++;
        }

        return value;
    }
}
