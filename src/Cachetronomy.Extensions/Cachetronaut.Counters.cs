using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;

namespace Cachetronomy;

public sealed partial class Cachetronaut
{
    private readonly ConcurrentDictionary<string, PendingCount> _pendingCounts = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _accessGate = new(1, 1);
    private readonly ConcurrentQueue<EvictionLogEntry> _pendingEvictions = new();
    private int _pendingEvictionCount;
    private int _evictionFlushQueued;
    private TaskCompletionSource? _evictionFlushDone;
    private long _retiredMemoryHits;
    private long _storeHits;
    private long _misses;

    /// <summary>Gets how many eviction-log rows wait for the next flush.</summary>
    internal int PendingEvictionCount => Volatile.Read(ref _pendingEvictionCount);

    /// <summary>
    /// Writes the reads counted since the last flush to the store's access log in one batch
    /// (<c>access_count = access_count + delta</c>). The hosting loop calls this periodically; readers of the access
    /// log and <see cref="Dispose"/> call it too.
    /// </summary>
    public void FlushAccessCounts()
    {
        ThrowIfDisposed();
        FlushAccessCountsCore();
    }

    /// <summary>Writes the reads counted since the last flush to the store's access log in one batch.</summary>
    /// <param name="cancellationToken">Cancels before the batch is taken; a batch handed to the store is written in full.</param>
    /// <returns>A task that completes when the batch is committed.</returns>
    public ValueTask FlushAccessCountsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return FlushAccessCountsCoreAsync(cancellationToken);
    }

    /// <summary>Writes buffered eviction-log rows to the store in one batch.</summary>
    public void FlushEvictionLogs()
    {
        ThrowIfDisposed();
        FlushEvictionLogsCore();
    }

    /// <summary>Writes buffered eviction-log rows to the store in one batch.</summary>
    /// <param name="cancellationToken">Cancels before the batch is taken; a batch handed to the store is written in full.</param>
    /// <returns>A task that completes when the batch is committed.</returns>
    public ValueTask FlushEvictionLogsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return FlushEvictionLogsCoreAsync(cancellationToken);
    }

    /// <summary>
    /// Counts reads of <paramref name="key"/> for the access log outside its front-tier entry (store reads, and hits
    /// of entries that left RAM); no allocation once the key has a counter.
    /// </summary>
    private void CountAccess(string key, long nowUtcTicks, long amount = 1, string? profile = null)
    {
        profile ??= _profile.Name;
        while (true)
        {
            if (!_pendingCounts.TryGetValue(key, out PendingCount? pending))
            {
                pending = _pendingCounts.GetOrAdd(key, static _ => new PendingCount());
            }

            if (pending.TryAdd(nowUtcTicks, profile, amount))
            {
                return;
            }

            // A flush retired this idle counter between our lookup and our add: drop it and use a fresh one.
            _pendingCounts.TryRemove(KeyValuePair.Create(key, pending));
        }
    }

    /// <summary>
    /// Takes every pending delta (the caller holds <see cref="_accessGate"/>): the hits counted on resident entries,
    /// then the side counters (store reads, entries that left RAM), one delta per key.
    /// </summary>
    private List<AccessCountDelta>? TakePendingCounts()
    {
        List<AccessCountDelta>? batch = null;
        foreach (KeyValuePair<string, FrontTierEntry> pair in _front)
        {
            FrontTierEntry entry = pair.Value;
            long delta = entry.TakePendingHits();
            if (delta > 0)
            {
                (batch ??= []).Add(new AccessCountDelta(entry.Key, delta, new DateTimeOffset(entry.LastAccessUtcTicks, TimeSpan.Zero), entry.LastProfile));
            }
        }

        int fromEntries = batch?.Count ?? 0;
        Dictionary<string, int>? byKey = null;
        foreach (KeyValuePair<string, PendingCount> pair in _pendingCounts)
        {
            long delta = pair.Value.Take();
            if (delta > 0)
            {
                var side = new AccessCountDelta(pair.Key, delta, new DateTimeOffset(pair.Value.LastAccessUtcTicks, TimeSpan.Zero), pair.Value.Profile);
                if (fromEntries > 0)
                {
                    byKey ??= IndexByKey(batch!, fromEntries);
                    if (byKey.TryGetValue(pair.Key, out int index))
                    {
                        batch![index] = Merge(batch[index], side);
                        continue;
                    }
                }

                (batch ??= []).Add(side);
            }
            else if (pair.Value.TryRetire())
            {
                _pendingCounts.TryRemove(pair);
            }
        }

        return batch;

        static Dictionary<string, int> IndexByKey(List<AccessCountDelta> batch, int count)
        {
            var byKey = new Dictionary<string, int>(count, StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                byKey[batch[i].Key] = i;
            }

            return byKey;
        }

        static AccessCountDelta Merge(AccessCountDelta a, AccessCountDelta b)
        {
            AccessCountDelta latest = b.LastAccessed > a.LastAccessed ? b : a;
            return latest with { Delta = a.Delta + b.Delta };
        }
    }

    /// <summary>Puts deltas back after a failed flush, so the next flush writes them.</summary>
    private void RestorePendingCounts(List<AccessCountDelta> batch)
    {
        foreach (AccessCountDelta delta in batch)
        {
            CountAccess(delta.Key, delta.LastAccessed.UtcTicks, delta.Delta);
        }
    }

    /// <summary>Drops pending deltas (all, or one key's) without writing them (the caller holds <see cref="_accessGate"/>).</summary>
    private void DropPendingCounts(string? key)
    {
        if (key is null)
        {
            foreach (KeyValuePair<string, FrontTierEntry> pair in _front)
            {
                pair.Value.TakePendingHits();
            }

            foreach (KeyValuePair<string, PendingCount> pair in _pendingCounts)
            {
                pair.Value.Take();
            }

            return;
        }

        if (_front.TryGetValue(key, out FrontTierEntry? entry))
        {
            entry.TakePendingHits();
        }

        if (_pendingCounts.TryGetValue(key, out PendingCount? pending))
        {
            pending.Take();
        }
    }

    private void FlushAccessCountsCore()
    {
        _accessGate.Wait();
        try
        {
            List<AccessCountDelta>? batch = TakePendingCounts();
            if (batch is null)
            {
                return;
            }

            try
            {
                _store.AddAccessCounts(batch);
            }
            catch (Exception ex)
            {
                _logger.FlushFailed(batch.Count, "access-count", ex);
                RestorePendingCounts(batch);
                throw;
            }
        }
        finally
        {
            _accessGate.Release();
        }
    }

    private async ValueTask FlushAccessCountsCoreAsync(CancellationToken cancellationToken)
    {
        await _accessGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<AccessCountDelta>? batch = TakePendingCounts();
            if (batch is null)
            {
                return;
            }

            try
            {
                // Once taken, the batch is written whatever the caller's token says: a write the store has queued
                // commits anyway, so putting its deltas back after a cancelled wait would count them twice.
                await _store.AddAccessCountsAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.FlushFailed(batch.Count, "access-count", ex);
                RestorePendingCounts(batch);
                throw;
            }
        }
        finally
        {
            _accessGate.Release();
        }
    }

    /// <summary>Buffers one eviction-log row (the active profile, now).</summary>
    private void LogEviction(string key, string reason, long lastAccessCount)
    {
        _pendingEvictions.Enqueue(new EvictionLogEntry(0, key, UtcNow, reason, lastAccessCount, _profile.Name));
        Interlocked.Increment(ref _pendingEvictionCount);
        _metrics.Evicted(reason);
    }

    private List<EvictionLogEntry>? DrainEvictions()
    {
        List<EvictionLogEntry>? batch = null;
        while (_pendingEvictions.TryDequeue(out EvictionLogEntry? entry))
        {
            Interlocked.Decrement(ref _pendingEvictionCount);
            (batch ??= []).Add(entry);
        }

        return batch;
    }

    private void RequeueEvictions(List<EvictionLogEntry> batch)
    {
        foreach (EvictionLogEntry entry in batch)
        {
            _pendingEvictions.Enqueue(entry);
            Interlocked.Increment(ref _pendingEvictionCount);
        }
    }

    private void FlushEvictionLogsCore()
    {
        List<EvictionLogEntry>? batch = DrainEvictions();
        if (batch is null)
        {
            return;
        }

        try
        {
            _store.AppendEvictionLogs(batch);
        }
        catch (Exception ex)
        {
            _logger.FlushFailed(batch.Count, "eviction-log", ex);
            RequeueEvictions(batch);
            throw;
        }
    }

    private async ValueTask FlushEvictionLogsCoreAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<EvictionLogEntry>? batch = DrainEvictions();
        if (batch is null)
        {
            return;
        }

        try
        {
            // As for access counts: a taken batch is written once, never put back after a cancelled wait.
            await _store.AppendEvictionLogsAsync(batch, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.FlushFailed(batch.Count, "eviction-log", ex);
            RequeueEvictions(batch);
            throw;
        }
    }

    /// <summary>
    /// The read paths' form of <see cref="FlushEvictionsIfFull"/>: a read never waits for the store's writer (which a
    /// TTL sweep or a burst of writes may hold, and a sweep can queue 100k rows to flush), so once the buffer passes
    /// <see cref="EvictionBatchSize"/> the flush is handed to the thread pool, at most one at a time.
    /// </summary>
    private void ScheduleEvictionFlushIfFull()
    {
        if (Volatile.Read(ref _pendingEvictionCount) < EvictionBatchSize
            || Interlocked.Exchange(ref _evictionFlushQueued, 1) != 0)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static self =>
            {
                try
                {
                    if (Volatile.Read(ref self._disposed) == 0)
                    {
                        self.FlushEvictionsIfFull();
                    }
                }
                finally
                {
                    // Both full fences: a dispose that publishes its signal and then finds the slot taken is woken
                    // here (see ClaimEvictionFlushSlot).
                    Interlocked.Exchange(ref self._evictionFlushQueued, 0);
                    Interlocked.Exchange(ref self._evictionFlushDone, null)?.TrySetResult();
                }
            },
            this,
            preferLocal: false);
    }

    /// <summary>
    /// Takes the background flush's slot for good (dispose calls this once <see cref="_disposed"/> is set), so no
    /// background flush runs after it and none still holds rows the final flush must write. Returns
    /// <see langword="null"/> once taken, else a task that completes when the running flush gives the slot back
    /// (then call again).
    /// </summary>
    private Task? ClaimEvictionFlushSlot()
    {
        if (Interlocked.CompareExchange(ref _evictionFlushQueued, 1, 0) == 0)
        {
            return null;
        }

        // Publish the signal, then look again: either that look finds the slot free, or the flush holding it frees it
        // after the publish and so completes the signal.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _evictionFlushDone, done);
        return Interlocked.CompareExchange(ref _evictionFlushQueued, 1, 0) == 0 ? null : done.Task;
    }

    /// <summary>Writes buffered eviction rows once the buffer passes <see cref="EvictionBatchSize"/>; a failure is logged, not thrown.</summary>
    private void FlushEvictionsIfFull()
    {
        if (Volatile.Read(ref _pendingEvictionCount) < EvictionBatchSize)
        {
            return;
        }

        try
        {
            FlushEvictionLogsCore();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Already logged and requeued.
        }
    }

    /// <inheritdoc cref="FlushEvictionsIfFull"/>
    private async ValueTask FlushEvictionsIfFullAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _pendingEvictionCount) < EvictionBatchSize)
        {
            return;
        }

        try
        {
            await FlushEvictionLogsCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Already logged and requeued.
        }
    }
}
