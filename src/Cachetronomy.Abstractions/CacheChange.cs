using System;

namespace Cachetronomy;

/// <summary>
/// One row of a store's change feed: a write that changed or removed an entry, recorded in the same transaction as
/// the write, so engines sharing the store can drop stale copies from their in-memory front tiers.
/// </summary>
/// <param name="Id">The change's position in the feed; ids increase by one per change, in commit order.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Key">The key affected; <see langword="null"/> when the change applies to every key.</param>
/// <param name="ChangedAt">When the change was recorded (the writer's clock).</param>
/// <param name="Origin">The <see cref="ICacheStore.InstanceId"/> of the store instance that wrote it.</param>
public sealed record CacheChange(long Id, CacheChangeKind Kind, string? Key, DateTimeOffset ChangedAt, string Origin);
