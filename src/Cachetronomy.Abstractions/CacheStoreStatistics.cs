namespace Cachetronomy;

/// <summary>Facts about the store's file.</summary>
/// <param name="DatabasePath">The full path of the database file.</param>
/// <param name="EntryCount">Rows in the cache table (expired rows not yet swept included).</param>
/// <param name="FileSizeBytes">The size of the main database file in bytes.</param>
/// <param name="WalSizeBytes">The size of the write-ahead log in bytes (0 when there is none).</param>
/// <param name="PageSize">The page size in bytes.</param>
/// <param name="PageCount">The number of pages in the database.</param>
/// <param name="FreePageCount">The number of unused pages.</param>
/// <param name="SchemaVersion">The schema version of the file.</param>
public sealed record CacheStoreStatistics(
    string DatabasePath,
    long EntryCount,
    long FileSizeBytes,
    long WalSizeBytes,
    long PageSize,
    long PageCount,
    long FreePageCount,
    int SchemaVersion);
