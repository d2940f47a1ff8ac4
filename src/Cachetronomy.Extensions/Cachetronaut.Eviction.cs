using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;

namespace Cachetronomy;

public sealed partial class Cachetronaut
{
    /// <inheritdoc/>
    public bool Evict(string key)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        bool evicted = EvictFromFront(key, EvictionReasons.ManualEvictionClearKey);
        FlushEvictionsIfFull();
        return evicted;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> EvictAsync(string key, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ValidateKey(key);
        bool evicted = EvictFromFront(key, EvictionReasons.ManualEvictionClearKey);
        await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
        return evicted;
    }

    /// <inheritdoc/>
    public int EvictAll()
    {
        ThrowIfDisposed();
        int evicted = EvictAllFromFront(EvictionReasons.ManualEvictionClearFullCache);
        FlushEvictionsIfFull();
        return evicted;
    }

    /// <inheritdoc/>
    public async ValueTask<int> EvictAllAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        int evicted = EvictAllFromFront(EvictionReasons.ManualEvictionClearFullCache);
        await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
        return evicted;
    }

    /// <inheritdoc/>
    public void ClearAll()
    {
        ThrowIfDisposed();
        _store.DeleteAll();
        BumpGeneration();
        EvictAllFromFront(EvictionReasons.ManualEvictionClearFullCache);
        FlushEvictionsIfFull();
    }

    /// <inheritdoc/>
    public async ValueTask ClearAllAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        await _store.DeleteAllAsync(CancellationToken.None).ConfigureAwait(false);
        BumpGeneration();
        EvictAllFromFront(EvictionReasons.ManualEvictionClearFullCache);
        await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public int ClearExpired()
    {
        ThrowIfDisposed();
        IReadOnlyList<string> removed = _store.DeleteExpired();
        AfterStoreRemoval(removed, EvictionReasons.TimeEviction);
        EvictExpiredFromFront();
        FlushEvictionsIfFull();
        return removed.Count;
    }

    /// <inheritdoc/>
    public async ValueTask<int> ClearExpiredAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();

        // Cancellation is observed before the store call only: a removal handed to the store is applied to RAM.
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<string> removed = await _store.DeleteExpiredAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        AfterStoreRemoval(removed, EvictionReasons.TimeEviction);
        EvictExpiredFromFront();
        await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
        return removed.Count;
    }

    /// <inheritdoc/>
    public int ClearByTags(IEnumerable<string> tags, bool exactMatch = false)
    {
        ThrowIfDisposed();
        List<string> tagList = ValidateTags(tags);
        IReadOnlyList<string> removed = _store.DeleteByTags(tagList, exactMatch);
        AfterStoreRemoval(removed, EvictionReasons.TagInvalidation);
        int ramOnly = EvictTaggedFromFront(tagList, exactMatch);
        FlushEvictionsIfFull();
        return removed.Count + ramOnly;
    }

    /// <inheritdoc/>
    public async ValueTask<int> ClearByTagsAsync(IEnumerable<string> tags, bool exactMatch = false, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        List<string> tagList = ValidateTags(tags);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<string> removed = await _store.DeleteByTagsAsync(tagList, exactMatch, CancellationToken.None).ConfigureAwait(false);
        AfterStoreRemoval(removed, EvictionReasons.TagInvalidation);
        int ramOnly = EvictTaggedFromFront(tagList, exactMatch);
        await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
        return removed.Count + ramOnly;
    }

    /// <inheritdoc/>
    public int ClearByProfile(string profileName)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrWhiteSpace(profileName);
        IReadOnlyList<string> removed = _store.DeleteByProfile(profileName);
        AfterStoreRemoval(removed, EvictionReasons.ProfileInvalidation);
        FlushEvictionsIfFull();
        return removed.Count;
    }

    /// <inheritdoc/>
    public async ValueTask<int> ClearByProfileAsync(string profileName, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrWhiteSpace(profileName);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<string> removed = await _store.DeleteByProfileAsync(profileName, CancellationToken.None).ConfigureAwait(false);
        AfterStoreRemoval(removed, EvictionReasons.ProfileInvalidation);
        await FlushEvictionsIfFullAsync(cancellationToken).ConfigureAwait(false);
        return removed.Count;
    }

    private int EvictAllFromFront(string reason)
    {
        int evicted = 0;
        foreach (KeyValuePair<string, FrontTierEntry> pair in _front)
        {
            if (TryRemoveEntry(pair.Value))
            {
                LogEviction(pair.Key, reason, pair.Value.AccessCount);
                evicted++;
            }
        }

        return evicted;
    }

    /// <summary>Drops expired entries that are still in RAM (their rows may already be gone), logged as <c>time_eviction</c>.</summary>
    private void EvictExpiredFromFront()
    {
        long now = UtcNow.UtcTicks;
        foreach (KeyValuePair<string, FrontTierEntry> pair in _front)
        {
            if (pair.Value.IsExpired(now))
            {
                RemoveExpired(pair.Value);
            }
        }
    }

    /// <summary>After rows left the store: every removed key is dropped from RAM and logged once, resident or not.</summary>
    private void AfterStoreRemoval(IReadOnlyList<string> removedKeys, string reason)
    {
        BumpGeneration();
        foreach (string key in removedKeys)
        {
            FrontTierEntry? removed = TryRemoveKey(key);
            LogEviction(key, reason, removed?.AccessCount ?? 0);
        }
    }

    /// <summary>
    /// After the store's tag removal: drops the entries still in RAM whose tags match (entries written to RAM only,
    /// e.g. with HybridCache's <c>DisableDistributedCacheWrite</c>), logged as <c>tag_invalidation</c>. Matching is
    /// the store's: any of <paramref name="tags"/>, or with <paramref name="exactMatch"/> exactly that set.
    /// </summary>
    /// <returns>How many entries left RAM.</returns>
    private int EvictTaggedFromFront(List<string> tags, bool exactMatch)
    {
        var wanted = new HashSet<string>(tags, StringComparer.Ordinal);
        if (wanted.Count == 0 && !exactMatch)
        {
            return 0;
        }

        int evicted = 0;
        foreach (KeyValuePair<string, FrontTierEntry> pair in _front)
        {
            if (TagsMatch(pair.Value.Metadata.Tags, wanted, exactMatch) && TryRemoveEntry(pair.Value))
            {
                LogEviction(pair.Key, EvictionReasons.TagInvalidation, pair.Value.AccessCount);
                evicted++;
            }
        }

        return evicted;
    }

    private static bool TagsMatch(IReadOnlyList<string> entryTags, HashSet<string> wanted, bool exactMatch)
    {
        if (!exactMatch)
        {
            foreach (string tag in entryTags)
            {
                if (wanted.Contains(tag))
                {
                    return true;
                }
            }

            return false;
        }

        // Entry tags are distinct (writes de-duplicate them).
        if (entryTags.Count != wanted.Count)
        {
            return false;
        }

        foreach (string tag in entryTags)
        {
            if (!wanted.Contains(tag))
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> ValidateTags(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var list = new List<string>();
        foreach (string tag in tags)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(tag, nameof(tags));
            list.Add(tag);
        }

        return list;
    }
}
