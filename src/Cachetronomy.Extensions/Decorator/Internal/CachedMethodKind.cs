namespace Cachetronomy.Internal;

/// <summary>How a service method returns its result, which decides whether and how it is cached.</summary>
internal enum CachedMethodKind
{
    /// <summary>Not cacheable: <see langword="void"/>, <c>Task</c>, <c>ValueTask</c>, by-ref parameters or return, and the like.</summary>
    NotCacheable,

    /// <summary>Returns <c>T</c>.</summary>
    Sync,

    /// <summary>Returns <c>Task&lt;T&gt;</c>.</summary>
    Task,

    /// <summary>Returns <c>ValueTask&lt;T&gt;</c>.</summary>
    ValueTask,
}
