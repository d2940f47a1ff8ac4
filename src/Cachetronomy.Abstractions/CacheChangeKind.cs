namespace Cachetronomy;

/// <summary>What a recorded <see cref="CacheChange"/> did to its key (or, with no key, to every key).</summary>
public enum CacheChangeKind
{
    /// <summary>The entry was inserted or replaced.</summary>
    Set = 1,

    /// <summary>The entry was deleted (by a delete, a clear, a tag or profile invalidation, or the expiry sweep).</summary>
    Delete = 2,

    /// <summary>
    /// The entry should leave every in-memory front tier but stays in the store (the command-line tool's
    /// <c>evict</c> and <c>evict-all</c>).
    /// </summary>
    Evict = 3,
}
