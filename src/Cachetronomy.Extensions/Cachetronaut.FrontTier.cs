using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Cachetronomy.Internal;

namespace Cachetronomy;

public sealed partial class Cachetronaut
{
    /// <summary>The largest front-tier cap that is allocated up front (see <see cref="NewFrontTier"/>).</summary>
    internal const int MaxPresizedFrontTier = 1_000_000;

    private readonly ConcurrentDictionary<string, FrontTierEntry> _front;
    private readonly Lock _frontLock = new();
    private int _frontCount;
    private long _sequence;

    // Per-key write ordering, striped by key hash (all changed under _frontLock; the hit path never reads them).
    // A write or delete of a key opens a ticket on its stripe before the store call and closes it after: the value
    // goes into RAM only when no other write of the stripe overlapped it and no bulk removal ran meanwhile (then
    // RAM follows the commit order); otherwise the key leaves RAM and the next read takes the committed row. A
    // promotion from a store read is dropped when a write of its stripe opened, was open, or closed meanwhile.
    private const int StripeCount = 1024;
    private readonly long[] _stripeGenerations = new long[StripeCount];
    private readonly int[] _stripeWriters = new int[StripeCount];

    // Bumped (under _frontLock) by bulk removals that reached the store (clear, tags, profile, expired).
    private long _generation;
    private int _cap;

    /// <summary>Gets the number of entries in RAM (expired ones not yet touched included).</summary>
    internal int FrontCount => Volatile.Read(ref _frontCount);

    /// <summary>
    /// Stamps a write or promotion for the LRU tie-break: even, and above every stamp handed out so far. Hits do not
    /// advance the sequence (no shared write on the hit path); they stamp <see cref="HitStamp"/>, so reads between
    /// two writes tie and the LFU count decides among them.
    /// </summary>
    private long NextSequence() => Interlocked.Add(ref _sequence, 2);

    /// <summary>A hit's LRU stamp: after the latest write or promotion, before the next one.</summary>
    private long HitStamp() => Volatile.Read(ref _sequence) + 1;

    /// <summary>Gets the write-ordering stripe of a key (tests pick keys of distinct stripes).</summary>
    internal static int StripeOf(string key) => StringComparer.Ordinal.GetHashCode(key) & (StripeCount - 1);

    /// <summary>Invalidates every open write ticket and read stamp, after a bulk removal reached the store.</summary>
    private void BumpGeneration()
    {
        lock (_frontLock)
        {
            _generation++;
        }
    }

    /// <summary>Stamps a store read of <paramref name="key"/>, so its promotion can prove no write raced it.</summary>
    private ReadStamp BeginRead(string key)
    {
        int stripe = StripeOf(key);
        long global = Volatile.Read(ref _generation);
        return new ReadStamp(stripe, global, Volatile.Read(ref _stripeGenerations[stripe]));
    }

    /// <summary>Opens a write ticket for <paramref name="key"/>; always close it with <see cref="EndWrite"/>.</summary>
    private WriteTicket BeginWrite(string key)
    {
        int stripe = StripeOf(key);
        lock (_frontLock)
        {
            bool exclusive = _stripeWriters[stripe]++ == 0;
            long generation = ++_stripeGenerations[stripe];
            return new WriteTicket(stripe, _generation, generation, exclusive);
        }
    }

    /// <summary>
    /// Closes a write ticket: puts <paramref name="entry"/> into RAM when the write provably committed last for its
    /// key; otherwise (no entry: a delete, a failure, or an overlapping write) drops the key from RAM.
    /// </summary>
    /// <returns>The entry taken out of RAM, if any.</returns>
    private FrontTierEntry? EndWrite(WriteTicket ticket, string key, FrontTierEntry? entry)
    {
        List<FrontTierEntry>? victims = null;
        FrontTierEntry? removed = null;
        int cap = 0;
        lock (_frontLock)
        {
            int stripe = ticket.Stripe;
            _stripeWriters[stripe]--;
            bool ordered = ticket.Exclusive && _stripeGenerations[stripe] == ticket.Generation && _generation == ticket.Global;
            _stripeGenerations[stripe]++;
            if (ordered && entry is not null)
            {
                ReplaceLocked(entry);
                cap = Volatile.Read(ref _cap);
                victims = TrimToCapLocked(cap, entry);
            }
            else
            {
                removed = TryRemoveKey(key);
            }
        }

        LogCapacityVictims(victims, cap);
        return removed;
    }

    /// <summary>
    /// Opens the write tickets of a batch (<c>SetMany</c>): one ticket per stripe the batch touches, shared by the
    /// batch's keys on that stripe, so keys of one batch never count as racing each other.
    /// </summary>
    private WriteTicket[] BeginWrites(List<StoredCacheEntry> rows)
    {
        var tickets = new WriteTicket[rows.Count];
        var opened = new Dictionary<int, WriteTicket>();
        lock (_frontLock)
        {
            for (int i = 0; i < rows.Count; i++)
            {
                int stripe = StripeOf(rows[i].Key);
                if (!opened.TryGetValue(stripe, out WriteTicket ticket))
                {
                    bool exclusive = _stripeWriters[stripe]++ == 0;
                    long generation = ++_stripeGenerations[stripe];
                    ticket = new WriteTicket(stripe, _generation, generation, exclusive);
                    opened.Add(stripe, ticket);
                }

                tickets[i] = ticket;
            }
        }

        return tickets;
    }

    /// <summary>
    /// Closes a batch's tickets (each stripe once) and puts each entry into RAM when its stripe's write provably
    /// committed last; other keys of the batch leave RAM. Trims the front tier to the cap once, at the end.
    /// </summary>
    private void EndWrites(WriteTicket[] tickets, List<StoredCacheEntry> rows, FrontTierEntry?[] entries)
    {
        List<FrontTierEntry>? victims = null;
        int cap = 0;
        lock (_frontLock)
        {
            var ordered = new Dictionary<int, bool>();
            foreach (WriteTicket ticket in tickets)
            {
                int stripe = ticket.Stripe;
                if (ordered.ContainsKey(stripe))
                {
                    continue;
                }

                _stripeWriters[stripe]--;
                ordered.Add(stripe, ticket.Exclusive && _stripeGenerations[stripe] == ticket.Generation && _generation == ticket.Global);
                _stripeGenerations[stripe]++;
            }

            FrontTierEntry? last = null;
            for (int i = 0; i < tickets.Length; i++)
            {
                if (ordered[tickets[i].Stripe] && entries[i] is { } entry)
                {
                    ReplaceLocked(entry);
                    last = entry;
                }
                else
                {
                    TryRemoveKey(rows[i].Key);
                }
            }

            if (last is not null)
            {
                cap = Volatile.Read(ref _cap);
                victims = TrimToCapLocked(cap, last);
            }
        }

        LogCapacityVictims(victims, cap);
    }

    /// <summary>What a store read saw of the write ordering when it started.</summary>
    private readonly record struct ReadStamp(int Stripe, long Global, long Generation);

    /// <summary>An open write of one key.</summary>
    private readonly record struct WriteTicket(int Stripe, long Global, long Generation, bool Exclusive);

    /// <summary>
    /// Creates the front tier's map, sized up front for <paramref name="cap"/> entries (and a quarter more, since the
    /// map grows when any one of its lock stripes passes its share) when the cap is 1 to
    /// <see cref="MaxPresizedFrontTier"/>. A <see cref="ConcurrentDictionary{TKey, TValue}"/> grows by copying every
    /// entry into a new table at once, holding all its locks, on the thread whose insert crossed the threshold; the reads
    /// and writes that insert pay it. Measured on the build VM: one insert stalled 10 ms at 48k entries, 23–30 ms at
    /// 115k, 70–115 ms at 226k, 340 ms at 1.2M (the TTL-sweep benchmark's one read in 10–16 ms per run, with no GC, no
    /// blocking and no wait for a CPU). Sized so, a large cap's map does not grow (a small cap's may, on a machine
    /// with many lock stripes, once or twice, which at that size costs microseconds); the price is about 12 bytes per
    /// entry of the cap allocated at start (12 MB for 1M, 1.2 KB for the default 100), kept if the cap is lowered
    /// later. An unlimited cap (0), a larger one, or one raised later by a profile change grows as needed.
    /// </summary>
    private static ConcurrentDictionary<string, FrontTierEntry> NewFrontTier(int cap) =>
        FrontTierPresizeFor(cap) is > 0 and int capacity
            ? new(Environment.ProcessorCount, capacity, StringComparer.Ordinal)
            : new(StringComparer.Ordinal);

    /// <summary>The capacity the front tier's map is created with for a cap, or 0 when it starts small and grows.</summary>
    internal static int FrontTierPresizeFor(int cap) => cap is > 0 and <= MaxPresizedFrontTier ? cap + (cap / 4) + 16 : 0;

    /// <summary>Gets the capacity the front tier's map was created with (0: it started small).</summary>
    internal int FrontTierPresize { get; }

    /// <summary>The hit path: no I/O, no lock, no allocation.</summary>
    private bool TryGetFromFront<T>(string key, out T value)
    {
        if (_front.TryGetValue(key, out FrontTierEntry? entry))
        {
            long now = UtcNowTicks;
            if (entry.IsExpired(now))
            {
                RemoveExpired(entry);
            }
            else if (entry is FrontTierEntry<T> typed)
            {
                CountHit(typed, now);
                value = typed.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// Counts a front-tier hit on the entry itself (its LFU count, the memory-hit statistic and the access log's
    /// pending delta in one interlocked increment); a hit on an entry that just left RAM is counted by the engine.
    /// </summary>
    private void CountHit(FrontTierEntry entry, long nowUtcTicks)
    {
        if (!entry.TryHit(HitStamp(), nowUtcTicks, _profile.Name))
        {
            CountRetiredHit(entry.Key, nowUtcTicks);
        }

        _metrics.MemoryHit();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountRetiredHit(string key, long nowUtcTicks)
    {
        Interlocked.Increment(ref _retiredMemoryHits);
        CountAccess(key, nowUtcTicks);
    }

    /// <summary>
    /// Books an entry that left RAM (exactly once, by whoever removed it): its hits join the memory-hit total and
    /// the hits no flush took yet move to the pending counts of its key.
    /// </summary>
    private void Retire(FrontTierEntry entry)
    {
        if (!entry.Retire(out long hits, out long pending))
        {
            return;
        }

        if (hits > 0)
        {
            Interlocked.Add(ref _retiredMemoryHits, hits);
        }

        if (pending > 0)
        {
            CountAccess(entry.Key, entry.LastAccessUtcTicks, pending, entry.LastProfile);
        }
    }

    /// <summary>Gets the front-tier hits so far: those of entries that left RAM plus those of resident entries.</summary>
    private long MemoryHitsTotal()
    {
        long total = Volatile.Read(ref _retiredMemoryHits);
        foreach (KeyValuePair<string, FrontTierEntry> pair in _front)
        {
            total += pair.Value.LiveHits;
        }

        return total;
    }

    /// <summary>Reads a live entry without counting it (seams and tools).</summary>
    private FrontTierEntry? PeekFront(string key)
    {
        if (_front.TryGetValue(key, out FrontTierEntry? entry))
        {
            if (!entry.IsExpired(UtcNowTicks))
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
            Retire(entry);
            return true;
        }

        return false;
    }

    private FrontTierEntry? TryRemoveKey(string key)
    {
        if (_front.TryRemove(key, out FrontTierEntry? removed))
        {
            Interlocked.Decrement(ref _frontCount);
            Retire(removed);
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
    /// Promotes an entry read from the store into RAM (replacing any entry of the key, whose access count carries
    /// over), then trims the front tier to the active cap. The insert is skipped when a write or deletion of the key
    /// (or a bulk removal) was open or reached the store since the read was stamped.
    /// </summary>
    private bool InsertFront(FrontTierEntry entry, ReadStamp stamp)
    {
        List<FrontTierEntry>? victims;
        int cap;
        lock (_frontLock)
        {
            if (_generation != stamp.Global
                || _stripeGenerations[stamp.Stripe] != stamp.Generation
                || _stripeWriters[stamp.Stripe] != 0)
            {
                return false;
            }

            ReplaceLocked(entry);
            cap = Volatile.Read(ref _cap);
            victims = TrimToCapLocked(cap, entry);
        }

        LogCapacityVictims(victims, cap);
        return true;
    }

    /// <summary>
    /// Promotes an entry read from the store, counting that read on the entry (LFU and the access log's pending
    /// delta); when the promotion is skipped the read is counted in the side map instead.
    /// </summary>
    private void PromoteCounted(FrontTierEntry entry, ReadStamp stamp, long nowUtcTicks)
    {
        entry.CountPromotingRead(NextSequence(), nowUtcTicks, _profile.Name);
        if (!InsertFront(entry, stamp))
        {
            CountAccess(entry.Key, nowUtcTicks);
        }
    }

    /// <summary>Puts an entry into RAM, replacing any entry of the key (whose access count carries over).</summary>
    private void ReplaceLocked(FrontTierEntry entry)
    {
        while (true)
        {
            if (_front.TryGetValue(entry.Key, out FrontTierEntry? previous))
            {
                if (_front.TryUpdate(entry.Key, entry, previous))
                {
                    Retire(previous);
                    entry.InheritCount(previous);
                    return;
                }
            }
            else if (_front.TryAdd(entry.Key, entry))
            {
                Interlocked.Increment(ref _frontCount);
                return;
            }
        }
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
    /// Once more than <paramref name="cap"/> entries are resident, moves the least-used ones out of RAM in one batch,
    /// down to <c>cap - cap / 10</c> (so the next trim is about <c>cap / 10</c> inserts away; under a cap of 10 just the
    /// excess goes): lowest access count first, ties to the least recently used, never <paramref name="keep"/> (the
    /// entry just inserted). Victims are picked with a bounded heap, O(n log k), not by sorting the whole tier.
    /// </summary>
    private List<FrontTierEntry>? TrimToCapLocked(int cap, FrontTierEntry? keep)
    {
        if (cap <= 0 || Volatile.Read(ref _frontCount) <= cap)
        {
            return null;
        }

        int target = cap - (cap / 10);
        int excess = Volatile.Read(ref _frontCount) - target;

        // A max-heap (by "most used first") of the excess least-used entries seen so far.
        var heap = new PriorityQueue<FrontTierEntry, (long Count, long LastAccess)>(excess, s_mostUsedFirst);
        foreach (KeyValuePair<string, FrontTierEntry> pair in _front)
        {
            FrontTierEntry candidate = pair.Value;
            if (ReferenceEquals(candidate, keep))
            {
                continue;
            }

            (long, long) priority = (candidate.AccessCount, candidate.LastAccess);
            if (heap.Count < excess)
            {
                heap.Enqueue(candidate, priority);
            }
            else if (heap.TryPeek(out _, out (long Count, long LastAccess) worst) && s_mostUsedFirst.Compare(priority, worst) > 0)
            {
                heap.EnqueueDequeue(candidate, priority);
            }
        }

        List<FrontTierEntry>? victims = null;
        while (heap.TryDequeue(out FrontTierEntry? victim, out _))
        {
            if (TryRemoveEntry(victim))
            {
                (victims ??= []).Add(victim);
            }
        }

        return victims;
    }

    private static readonly Comparer<(long Count, long LastAccess)> s_mostUsedFirst = Comparer<(long Count, long LastAccess)>.Create(
        static (a, b) =>
        {
            int byCount = b.Count.CompareTo(a.Count);
            return byCount != 0 ? byCount : b.LastAccess.CompareTo(a.LastAccess);
        });

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
        long now = UtcNowTicks;
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
