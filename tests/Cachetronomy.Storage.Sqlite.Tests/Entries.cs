namespace Cachetronomy.Storage.Sqlite.Tests;

internal static class Entries
{
    public static StoredCacheEntry Make(string key, DateTimeOffset expiresAt, params string[] tags) => new()
    {
        Key = key,
        Data = new byte[] { 1, 2, 3 },
        Format = "json",
        ExpiresAt = expiresAt,
        Tags = tags,
        SavedByProfile = "default",
    };

    public static StoredCacheEntry Live(string key, params string[] tags) => Make(key, TempDatabase.Start.AddHours(1), tags);
}
