using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Cachetronomy.Internal;

namespace Cachetronomy;

public sealed partial class Cachetronaut
{
    private readonly ConcurrentDictionary<string, FrontTierEntry> _front = new(StringComparer.Ordinal);
    private readonly Lock _frontLock = new();
    private int _frontCount;
    private long _sequence;

    // Bumped by every write or deletion that reached the store; a promotion from a store read that started
    // before the bump is dropped, so a stale row never lands in RAM after a newer write or a delete.
    private long _generation;
    private int _cap;

    /// <summary>Gets the number of entries in RAM (expired ones not yet touched included).</summary>
    internal int FrontCount => Volatile.Read(ref _frontCount);

    private long NextSequence() => Interlocked.Increment(ref _sequence);

    private long CurrentGeneration => Volatile.Read(ref _generation);

    private void BumpGeneration() => Interlocked.Increment(ref _generation);

    /// <summary>The hit path: no I/O, no lock, no allocation (after a key's first counted read).</summary>
    private bool TryGetFromFront<T>(string key, out T value)
    {
        if (_front.TryGetValue(key, out FrontTierEntry? entry))
        {
            long now = UtcNow.UtcTicks;
            if (entry.IsExpired(now))
            {
                RemoveExpired(entry);
            }
            else if (entry is FrontTierEntry<T> typed)
            {
                typed.Touch(NextSequence());
                Interlocked.Increment(ref _memoryHits);
                _metrics.MemoryHit();
                CountAccess(key, now);
                value = typed.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>Reads a live entry without counting it (seams and tools).</summary>
    private FrontTierEntry? PeekFront(string key)
    {
        if (_front.TryGetValue(key, out FrontTierEntry? entry))
        {
            if (!entry.IsExpired(UtcNow.UtcTicks))
            {
                return entry;
            }

            RemoveExpired(entry);
        }

        return null;
    }

    private void RemoveExpired(FrontTierEntry entry)
    {
        if (TryRemoveEntry(entry))
        {
            LogEviction(entry.Key, EvictionReasons.TimeEviction, entry.AccessCount);
        }
    }

    private bool TryRemoveEntry(FrontTierEntry entry)
    {
        if (_front.TryRemove(KeyValuePair.Create(entry.Key, entry)))
        {
            Interlocked.Decrement(ref _frontCount);
            return true;
        }

        return false;
    }

    private FrontTierEntry? TryRemoveKey(string key)
    {
        if (_front.TryRemove(key, out FrontTierEntry? removed))
        {
            Interlocked.Decrement(ref _frontCount);
            return removed;
        }

        return null;
    }

    /// <summary>Removes a key from RAM and logs the eviction with <paramref name="reason"/>; <see langword="true"/> when it was there.</summary>
    private bool EvictFromFront(string key, string reason)
    {
        FrontTierEntry? removed = TryRemoveKey(key);
        if (removed is null)
        {
            return false;
        }

        LogEviction(key, reason, removed.AccessCount);
        return true;
    }

    /// <summary>
    /// Puts an entry into RAM (replacing any entry of the key, whose access count carries over), then trims the
    /// front tier to the active cap. With <paramref name="expectedGeneration"/>, the insert is skipped when a write
    /// or deletion reached the store since the caller's read started.
    /// </summary>
    private bool InsertFront(FrontTierEntry entry, long? expectedGeneration)
    {
        List<FrontTierEntry>? victims;
        int cap;
        lock (_frontLock)
        {
            if (expectedGeneration is long generation && CurrentGeneration != generation)
            {
                return false;
            }

            while (true)
            {
                if (_front.TryGetValue(entry.Key, out FrontTierEntry? previous))
                {
                    if (_front.TryUpdate(entry.Key, entry, previous))
                    {
                        entry.InheritCount(previous);
                        break;
                    }
                }
                else if (_front.TryAdd(entry.Key, entry))
                {
                    Interlocked.Increment(ref _frontCount);
                    break;
                }
            }

            cap = Volatile.Read(ref _cap);
            victims = TrimToCapLocked(cap, entry);
        }

        LogCapacityVictims(victims, cap);
        return true;
    }

    /// <summary>Trims the front tier to the active cap (after a profile change lowered it).</summary>
    private void TrimToCap()
    {
        List<FrontTierEntry>? victims;
        int cap;
        lock (_frontLock)
        {
            cap = Volatile.Read(ref _cap);
            victims = TrimToCapLocked(cap, keep: null);
        }

        LogCapacityVictims(victims, cap);
    }

    /// <summary>
    /// Moves least-used entries out of RAM until at most <paramref name="cap"/> remain: lowest access count first,
    /// ties to the least recently used, never <paramref name="keep"/> (the entry just inserted).
    /// </summary>
    private List<FrontTierEntry>? TrimToCapLocked(int cap, FrontTierEntry? keep)
    {
        if (cap <= 0)
        {
            return null;
        }

        int excess = Volatile.Read(ref _frontCount) - cap;
        if (excess <= 0)
        {
            return null;
        }

        var candidates = new List<FrontTierEntry>(_front.Count);
        foreach (KeyValuePair<string, FrontTierEntry> pair in _front)
        {
            if (!ReferenceEquals(pair.Value, keep))
            {
                candidates.Add(pair.Value);
            }
        }

        candidates.Sort(static (a, b) =>
        {
            int byCount = a.AccessCount.CompareTo(b.AccessCount);
            return byCount != 0 ? byCount : a.LastAccess.CompareTo(b.LastAccess);
        });

        List<FrontTierEntry>? victims = null;
        for (int i = 0; i < candidates.Count && Volatile.Read(ref _frontCount) > cap; i++)
        {
            if (TryRemoveEntry(candidates[i]))
            {
                (victims ??= []).Add(candidates[i]);
            }
        }

        return victims;
    }

    private void LogCapacityVictims(List<FrontTierEntry>? victims, int cap)
    {
        if (victims is null)
        {
            return;
        }

        foreach (FrontTierEntry victim in victims)
        {
            LogEviction(victim.Key, EvictionReasons.CapacityEviction, victim.AccessCount);
        }

        _logger.CapacityEviction(victims.Count, cap);
    }

    /// <summary>Live front-tier entries, least recently used first.</summary>
    private List<FrontTierEntry> LiveFrontEntries()
    {
        long now = UtcNow.UtcTicks;
        var entries = new List<FrontTierEntry>(_front.Count);
        foreach (KeyValuePair<string, FrontTierEntry> pair in _front)
        {
            if (!pair.Value.IsExpired(now))
            {
                entries.Add(pair.Value);
            }
        }

        entries.Sort(static (a, b) => a.LastAccess.CompareTo(b.LastAccess));
        return entries;
    }
}
