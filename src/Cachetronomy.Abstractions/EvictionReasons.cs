namespace Cachetronomy;

/// <summary>
/// The reasons recorded in the eviction log. The first seven are the original library's strings, unchanged, so
/// logs read the same across both implementations.
/// </summary>
public static class EvictionReasons
{
    /// <summary>The entry's time-to-live passed (a TTL sweep, or an expired entry found on read).</summary>
    public const string TimeEviction = "time_eviction";

    /// <summary>The memory-pressure loop moved the entry out of RAM (it stays in the store).</summary>
    public const string MemoryEviction = "memory_eviction";

    /// <summary><c>Evict(key)</c> moved the entry out of RAM (it stays in the store).</summary>
    public const string ManualEvictionClearKey = "manual_eviction_clear_key";

    /// <summary><c>EvictAll()</c> or <c>ClearAll()</c> removed the entry from RAM.</summary>
    public const string ManualEvictionClearFullCache = "manual_eviction_clear_full_cache";

    /// <summary><c>Delete(key)</c> or <c>DeleteMany</c> removed the entry.</summary>
    public const string UserEviction = "user_eviction";

    /// <summary><c>ClearByTags</c> removed the entry.</summary>
    public const string TagInvalidation = "tag_invalidation";

    /// <summary>
    /// The host stopped while the entry was in RAM (it stays in the store). Unlike the original library, switching
    /// memory-based eviction off does not empty RAM: the entries stay where they are.
    /// </summary>
    public const string Shutdown = "shutdown";

    /// <summary>The front tier was over the active profile's <c>MaxItemsInMemory</c> and this entry left RAM.</summary>
    public const string CapacityEviction = "capacity_eviction";

    /// <summary><c>ClearByProfile</c> removed the entry.</summary>
    public const string ProfileInvalidation = "profile_invalidation";
}
