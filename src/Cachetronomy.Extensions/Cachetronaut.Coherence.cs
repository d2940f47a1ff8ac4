using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Cachetronomy.Internal;

namespace Cachetronomy;

// Cross-process coherence: every store write that changes or removes entries records the change in the store's change
// feed in the same transaction. This watcher polls the feed every CoherenceInterval (one PRAGMA data_version read when
// nothing was committed anywhere) and drops the keys others changed from the front tier; the next read of such a key
// goes to the store. It runs on a one-shot timer from the engine's TimeProvider, re-armed after each tick, so ticks
// never overlap and a fake clock advanced by hours runs one tick, not thousands.
public sealed partial class Cachetronaut
{
    /// <summary>The most changes read from the feed at once.</summary>
    private const int ChangePageSize = 1000;

    private readonly Lock _coherenceLock = new();
    private readonly ConcurrentDictionary<string, byte> _unreadableKeys = new(StringComparer.Ordinal);
    private ITimer? _coherenceTimer;
    private TimeSpan _coherenceInterval;
    private bool _coherenceStopped;
    private long _lastChangeId = -1;
    private long _lastDataVersion;
    private long _coherenceDrops;

    /// <summary>Gets how many front-tier entries were dropped because of changes made elsewhere (tests).</summary>
    internal long CoherenceDrops => Interlocked.Read(ref _coherenceDrops);

    /// <summary>Gets how many polls read the change rows themselves (tests; the others found only own changes, or none).</summary>
    internal long ChangeFeedReads { get; private set; }

    /// <summary>Gets whether the coherence watcher is running.</summary>
    internal bool CoherenceRunning
    {
        get
        {
            lock (_coherenceLock)
            {
                return _coherenceTimer is not null && !_coherenceStopped;
            }
        }
    }

    private void StartCoherence(CachetronomyOptions options)
    {
        if (!options.Coherence)
        {
            return;
        }

        if (options.CoherenceInterval <= TimeSpan.Zero || options.CoherenceInterval.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CoherenceInterval, "CoherenceInterval must be positive (and under 24 days).");
        }

        _coherenceInterval = options.CoherenceInterval;
        try
        {
            _lastDataVersion = _store.GetDataVersion();
            _lastChangeId = _store.GetLastChangeId();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The first successful tick starts from the newest change (and drops whatever RAM holds by then).
            _lastChangeId = -1;
            _logger.CoherencePollFailed(ex);
        }

        lock (_coherenceLock)
        {
            _coherenceTimer = _timeProvider.CreateTimer(
                static state => ((Cachetronaut)state!).CoherenceTick(),
                this,
                _coherenceInterval,
                Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops the watcher and waits for a running tick to finish.</summary>
    private void StopCoherence()
    {
        lock (_coherenceLock)
        {
            _coherenceStopped = true;
            _coherenceTimer?.Dispose();
        }
    }

    private void CoherenceTick()
    {
        lock (_coherenceLock)
        {
            if (_coherenceStopped)
            {
                return;
            }

            try
            {
                PollChanges();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.CoherencePollFailed(ex);
            }
            finally
            {
                if (!_coherenceStopped)
                {
                    _coherenceTimer?.Change(_coherenceInterval, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }

    /// <summary>
    /// One poll of the change feed (the watcher's tick; tests call it directly). Returns how many changes made
    /// elsewhere were applied.
    /// </summary>
    internal int PollChanges()
    {
        long version = _store.GetDataVersion();
        if (_lastChangeId < 0)
        {
            long newest = _store.GetLastChangeId();
            DropFromFront(key: null);
            _lastChangeId = newest;
            _lastDataVersion = version;
            return 0;
        }

        if (version == _lastDataVersion)
        {
            return 0;
        }

        if (_sqliteStore is not null && _unreadableKeys.IsEmpty)
        {
            // Only this engine's own writes since the last poll (the common case of one app per file): they would all
            // be read back just to be skipped. The newest id is read after the data version, so any other process's
            // change the version reflects has an id at most this one and is caught here. (With unreadable keys
            // pending, the full read below also clears those this engine overwrote.)
            long newest = _store.GetLastChangeId();
            if (_sqliteStore.WroteChanges(_lastChangeId, newest))
            {
                _lastChangeId = newest;
                _lastDataVersion = version;
                return 0;
            }
        }

        ChangeFeedReads++;
        string self = _store.InstanceId;
        int applied = 0;
        while (true)
        {
            IReadOnlyList<CacheChange> changes = _store.GetChangesSince(_lastChangeId, ChangePageSize);
            if (changes.Count == 0)
            {
                break;
            }

            if (changes[0].Id != _lastChangeId + 1)
            {
                // Changes in between were trimmed before we saw them: anything in RAM may be stale.
                _logger.CoherenceGap(_lastChangeId + 1, changes[0].Id);
                DropFromFront(key: null);
            }

            foreach (CacheChange change in changes)
            {
                if (change.Key is not null)
                {
                    ForgetUnreadable(change.Key); // Overwritten or deleted, by anyone: no longer unreadable.
                }

                if (!string.Equals(change.Origin, self, StringComparison.Ordinal))
                {
                    DropFromFront(change.Key);
                    applied++;
                }
            }

            _lastChangeId = changes[^1].Id;
            if (changes.Count < ChangePageSize)
            {
                break;
            }
        }

        _lastDataVersion = version;
        return applied;
    }

    /// <summary>
    /// Drops a key (every key when null) from RAM because it changed elsewhere. Not logged as an eviction: the
    /// process that changed it logged its own. Bumps the generation first, so a store read that started before the
    /// change does not promote the old row afterwards.
    /// </summary>
    private void DropFromFront(string? key)
    {
        BumpGeneration();
        if (key is null)
        {
            _unreadableKeys.Clear();
            foreach (KeyValuePair<string, FrontTierEntry> pair in _front)
            {
                if (TryRemoveEntry(pair.Value))
                {
                    Interlocked.Increment(ref _coherenceDrops);
                }
            }

            return;
        }

        ForgetUnreadable(key);
        if (TryRemoveKey(key) is not null)
        {
            Interlocked.Increment(ref _coherenceDrops);
        }
    }

    // ---- unreadable rows (reported by HealthCheck) ----------------------------------------------------------------

    /// <summary>Remembers a key whose stored row could not be read (unknown format or failed deserialization).</summary>
    private void MarkUnreadable(string key) => _unreadableKeys.TryAdd(key, 0);

    private void ForgetUnreadable(string key)
    {
        if (!_unreadableKeys.IsEmpty)
        {
            _unreadableKeys.TryRemove(key, out _);
        }
    }

    /// <summary>The keys whose last read failed and whose row is still in the store (rows gone since are forgotten).</summary>
    private List<string> UnreadableKeys()
    {
        var keys = new List<string>();
        if (_unreadableKeys.IsEmpty)
        {
            return keys;
        }

        foreach (string key in _unreadableKeys.Keys)
        {
            if (_store.GetMetadata(key) is null)
            {
                _unreadableKeys.TryRemove(key, out _);
            }
            else
            {
                keys.Add(key);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
