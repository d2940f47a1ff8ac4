using System;

namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>The store's one time form: INTEGER Unix epoch milliseconds, UTC.</summary>
internal static class UnixTime
{
    private static readonly long s_min = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long s_max = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static long ToMilliseconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMilliseconds(long value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(value, s_min, s_max));
}
