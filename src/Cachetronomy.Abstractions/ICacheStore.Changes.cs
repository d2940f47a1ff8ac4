using System;
using System.Collections.Generic;

namespace Cachetronomy;

// The change feed: how engines in several processes on one store keep their front tiers coherent.
public partial interface ICacheStore
{
    /// <summary>
    /// Gets this store instance's identity, a new value each time a store is opened. It is recorded as
    /// <see cref="CacheChange.Origin"/> on every change this instance writes, so an engine can skip its own changes.
    /// </summary>
    string InstanceId { get; }

    /// <summary>
    /// Reads a cheap stamp that differs from the previous call's result whenever some connection (in this process or
    /// another) may have committed since. When it is unchanged, <see cref="GetChangesSince"/> has nothing new to say.
    /// </summary>
    /// <returns>The stamp (for SQLite, <c>PRAGMA data_version</c> of a dedicated connection).</returns>
    /// <remarks>Synchronous only, like the other change-feed members: background loops call it.</remarks>
    long GetDataVersion();

    /// <summary>Reads the id of the newest change recorded so far (0 when none ever was), trimmed or not.</summary>
    /// <returns>The id; start watching from it.</returns>
    long GetLastChangeId();

    /// <summary>
    /// Reads the changes recorded after <paramref name="afterId"/>, oldest first, every origin included. When the
    /// first change returned is not <c>afterId + 1</c>, changes in between were trimmed (see
    /// <see cref="TrimChanges"/>) and the caller must assume every key changed.
    /// </summary>
    /// <param name="afterId">The id of the last change the caller has seen.</param>
    /// <param name="max">The most changes to return.</param>
    /// <returns>The changes.</returns>
    IReadOnlyList<CacheChange> GetChangesSince(long afterId, int max = 1000);

    /// <summary>
    /// Records an <see cref="CacheChangeKind.Evict"/> change: engines sharing the store drop <paramref name="key"/>
    /// (every key, when <see langword="null"/>) from their front tiers; the entries stay in the store.
    /// </summary>
    /// <param name="key">The key, or <see langword="null"/> for every key.</param>
    void PublishEviction(string? key);

    /// <summary>Deletes change rows recorded before <paramref name="olderThan"/>. Stores also trim on their own.</summary>
    /// <param name="olderThan">Rows recorded before this instant go.</param>
    /// <returns>How many rows were deleted.</returns>
    int TrimChanges(DateTimeOffset olderThan);
}
