using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Cachetronomy.Internal;

/// <summary>
/// The instruments of the <c>Cachetronomy</c> meter. Every method checks <see cref="Instrument.Enabled"/> first, so
/// with no listener a call costs a field read and allocates nothing.
/// </summary>
internal sealed class CachetronomyMetrics
{
    /// <summary>The instruments of a static meter, for engines constructed without dependency injection.</summary>
    public static readonly CachetronomyMetrics Shared = new(new Meter(CachetronomyDiagnostics.MeterName));

    private readonly Counter<long> _hit;
    private readonly Counter<long> _miss;
    private readonly Counter<long> _set;
    private readonly Counter<long> _eviction;
    private readonly Counter<long> _factoryRun;
    private readonly Histogram<double> _storeRead;
    private readonly Histogram<double> _storeWrite;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (disposed with it).</summary>
    public CachetronomyMetrics(IMeterFactory meterFactory)
        : this(meterFactory.Create(CachetronomyDiagnostics.MeterName))
    {
    }

    private CachetronomyMetrics(Meter meter)
    {
        Meter = meter;
        _hit = meter.CreateCounter<long>(CachetronomyDiagnostics.CacheHit, "{read}", "Reads answered from the cache, by tier.");
        _miss = meter.CreateCounter<long>(CachetronomyDiagnostics.CacheMiss, "{read}", "Reads that found nothing usable.");
        _set = meter.CreateCounter<long>(CachetronomyDiagnostics.CacheSet, "{entry}", "Entries written.");
        _eviction = meter.CreateCounter<long>(CachetronomyDiagnostics.CacheEviction, "{entry}", "Entries evicted or removed, by reason.");
        _factoryRun = meter.CreateCounter<long>(CachetronomyDiagnostics.FactoryRun, "{run}", "GetOrCreate factory runs.");
        _storeRead = meter.CreateHistogram<double>(CachetronomyDiagnostics.StoreReadDuration, "s", "Store read durations.");
        _storeWrite = meter.CreateHistogram<double>(CachetronomyDiagnostics.StoreWriteDuration, "s", "Store write durations, until committed.");
    }

    public Meter Meter { get; }

    /// <summary>Counts a front-tier hit: inlined into the hit path as one <see cref="Instrument.Enabled"/> check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void MemoryHit()
    {
        if (_hit.Enabled)
        {
            AddMemoryHit();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddMemoryHit() =>
        _hit.Add(1, new KeyValuePair<string, object?>(CachetronomyDiagnostics.TierTag, CachetronomyDiagnostics.MemoryTier));

    public void StoreHit()
    {
        if (_hit.Enabled)
        {
            _hit.Add(1, new KeyValuePair<string, object?>(CachetronomyDiagnostics.TierTag, CachetronomyDiagnostics.StoreTier));
        }
    }

    public void Miss()
    {
        if (_miss.Enabled)
        {
            _miss.Add(1);
        }
    }

    public void Set()
    {
        if (_set.Enabled)
        {
            _set.Add(1);
        }
    }

    public void Evicted(string reason)
    {
        if (_eviction.Enabled)
        {
            _eviction.Add(1, new KeyValuePair<string, object?>(CachetronomyDiagnostics.ReasonTag, reason));
        }
    }

    public void FactoryRun()
    {
        if (_factoryRun.Enabled)
        {
            _factoryRun.Add(1);
        }
    }

    /// <summary>Records a store read that started at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void StoreRead(long startTimestamp)
    {
        if (_storeRead.Enabled)
        {
            _storeRead.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
        }
    }

    /// <summary>Records a store write that started at <paramref name="startTimestamp"/>.</summary>
    public void StoreWrite(long startTimestamp)
    {
        if (_storeWrite.Enabled)
        {
            _storeWrite.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
        }
    }
}
