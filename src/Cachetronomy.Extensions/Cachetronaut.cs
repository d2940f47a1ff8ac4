using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;
using Cachetronomy.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cachetronomy;

/// <summary>
/// The Cachetronomy engine: a persistent two-tier cache with an in-memory front tier over an <see cref="ICacheStore"/>
/// (by default one SQLite file). See <see cref="ICachetronaut"/> for the behaviour of each member.
/// </summary>
/// <remarks>
/// <para>Construct it directly (console apps, tests) or through <c>services.AddCachetronomy()</c>. Construction
/// opens the store (a foreign or damaged file fails here) and applies the active profile.</para>
/// <para>Front-tier hits return the very instance that was cached, without I/O, locks or allocation: treat cached
/// values as immutable. A read as another type than the cached one goes to the store and deserializes into the
/// requested type, so both tiers answer with the same type.</para>
/// <para>Dispose it to flush pending access counts and eviction-log rows (and to close the store it opened).</para>
/// <para>Unless <see cref="CachetronomyOptions.Coherence"/> is off, the engine starts its own coherence watcher (a
/// timer from its <see cref="System.TimeProvider"/>): changes other processes commit to the file drop the affected keys
/// from this engine's front tier within about one <see cref="CachetronomyOptions.CoherenceInterval"/>.</para>
/// </remarks>
public sealed partial class Cachetronaut : ICachetronaut
{
    /// <summary>Eviction-log rows buffered before they are written in one batch.</summary>
    internal const int EvictionBatchSize = 256;

    private readonly ICacheStore _store;
    private readonly bool _storeHandsOutFreshRows;
    private readonly SqliteCacheStore? _sqliteStore;
    private readonly bool _ownsStore;
    private readonly TimeProvider _timeProvider;
    private readonly bool _systemTime;
    private readonly SerializerRegistry _serializers;
    private readonly ILogger _logger;
    private readonly int _maxKeyLength;

    /// <summary>The store's tag length limit, read once: tagged options are checked on every GetOrCreate hit.</summary>
    private readonly int _maxTagLength;
    private readonly long _maxValueSize;
    private readonly double _slidingRefreshThreshold;
    private int _disposed;

    /// <summary>
    /// Creates an engine over the SQLite file at <see cref="CachetronomyOptions.DatabasePath"/> (created when
    /// missing). The engine owns the store: disposing it closes the file.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="serializers">Extra serializers (a format name already built in is replaced).</param>
    /// <param name="loggerFactory">Where logs go; <see langword="null"/> for none.</param>
    /// <exception cref="CachetronomyStoreException">The file cannot be opened or is not a Cachetronomy database.</exception>
    /// <exception cref="CachetronomyProfileNotFoundException">The active profile is neither configured nor stored.</exception>
    public Cachetronaut(
        CachetronomyOptions options,
        TimeProvider? timeProvider = null,
        IEnumerable<ICacheSerializer>? serializers = null,
        ILoggerFactory? loggerFactory = null)
        : this(OpenStore(options, timeProvider, loggerFactory), ownsStore: true, options, timeProvider, serializers, loggerFactory)
    {
    }

    /// <summary>Creates an engine over a store the caller owns (the engine does not dispose it).</summary>
    /// <param name="store">The store.</param>
    /// <param name="options">The options (the active profile, configured profiles, limits, serializer settings).</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="serializers">Extra serializers (a format name already built in is replaced).</param>
    /// <param name="loggerFactory">Where logs go; <see langword="null"/> for none.</param>
    /// <exception cref="CachetronomyProfileNotFoundException">The active profile is neither configured nor stored.</exception>
    public Cachetronaut(
        ICacheStore store,
        CachetronomyOptions options,
        TimeProvider? timeProvider = null,
        IEnumerable<ICacheSerializer>? serializers = null,
        ILoggerFactory? loggerFactory = null)
        : this(store, ownsStore: false, options, timeProvider, serializers, loggerFactory)
    {
    }

    internal Cachetronaut(
        ICacheStore store,
        bool ownsStore,
        CachetronomyOptions options,
        TimeProvider? timeProvider,
        IEnumerable<ICacheSerializer>? serializers,
        ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _storeHandsOutFreshRows = store is SqliteCacheStore;
        _sqliteStore = store as SqliteCacheStore;
        _ownsStore = ownsStore;
        try
        {
            ArgumentNullException.ThrowIfNull(options);
            if (options.MaxKeyLength <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.MaxKeyLength, "MaxKeyLength must be positive.");
            }

            if (options.MaxValueSize < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.MaxValueSize, "MaxValueSize must be zero (no limit) or positive.");
            }

            if (!(options.SlidingRefreshThreshold is >= 0 and <= 0.5))
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.SlidingRefreshThreshold, "SlidingRefreshThreshold must be between 0 and 0.5.");
            }

            _slidingRefreshThreshold = options.SlidingRefreshThreshold;
            _timeProvider = timeProvider ?? TimeProvider.System;
            _systemTime = ReferenceEquals(_timeProvider, TimeProvider.System);
            _logger = (ILogger?)loggerFactory?.CreateLogger<Cachetronaut>() ?? NullLogger.Instance;
            _serializers = new SerializerRegistry(serializers, options.DefaultSerializer, options.JsonSerializerOptions);
            _maxKeyLength = Math.Min(options.MaxKeyLength, store.MaxKeyLength);
            _maxTagLength = store.MaxTagLength;
            _maxValueSize = options.MaxValueSize;
            _profile = new CachetronomyProfile();
            CachetronomyProfile active = ResolveInitialProfile(options);
            _front = NewFrontTier(active.MaxItemsInMemory);
            FrontTierPresize = FrontTierPresizeFor(active.MaxItemsInMemory);
            ApplyProfile(active);
            StartCoherence(options);
        }
        catch
        {
            if (ownsStore)
            {
                store.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Creates an engine over the SQLite file at <see cref="CachetronomyOptions.DatabasePath"/>, which it owns
    /// (disposing the engine closes it).
    /// </summary>
    internal static Cachetronaut CreateWithOwnStore(CachetronomyOptions options, TimeProvider? timeProvider, IEnumerable<ICacheSerializer>? serializers, ILoggerFactory? loggerFactory) =>
        new(options, timeProvider, serializers, loggerFactory);

    private static SqliteCacheStore OpenStore(CachetronomyOptions options, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath, nameof(options));
        const long SqliteMaxValueSize = 1_000_000_000;
        long maxValueSize = options.MaxValueSize is <= 0 or > SqliteMaxValueSize ? SqliteMaxValueSize : options.MaxValueSize;
        var storeOptions = new SqliteCacheStoreOptions
        {
            DatabasePath = options.DatabasePath,
            MaxKeyLength = options.MaxKeyLength,
            MaxValueSize = (int)maxValueSize,
            Synchronous = options.Synchronous,
            BusyTimeout = options.BusyTimeout,
            RecordChanges = options.RecordChanges,
        };
        return new SqliteCacheStore(storeOptions, timeProvider, loggerFactory?.CreateLogger<SqliteCacheStore>());
    }

    /// <summary>Gets the store under the engine.</summary>
    internal ICacheStore Store => _store;

    /// <summary>Gets the clock.</summary>
    internal TimeProvider TimeProvider => _timeProvider;

    /// <summary>Gets the in-flight GetOrCreate runs (tests check that none leak).</summary>
    internal ConcurrentDictionary<FlightKey, Flight> Flights => _flights;

    /// <summary>
    /// Waits for a background eviction-log flush in flight, flushes pending access counts and eviction-log rows, then
    /// closes the store if this engine opened it.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        StopCoherence();
        Task? backgroundFlush = ClaimEvictionFlushSlot();
        if (backgroundFlush is not null)
        {
            // A read handed a full eviction buffer to the thread pool: its rows are out of the buffer until it
            // returns, and a write it makes after the store below is closed would fail and requeue them unflushed.
            _logger.DisposeWaitsForEvictionFlush();
            do
            {
                backgroundFlush.Wait();
            }
            while ((backgroundFlush = ClaimEvictionFlushSlot()) is not null);
        }

        try
        {
            FlushAccessCountsCore();
            FlushEvictionLogsCore();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.StoreError("dispose", ex);
        }
        finally
        {
            _front.Clear();
            if (_ownsStore)
            {
                _store.Dispose();
            }
        }
    }

    /// <summary>
    /// Waits for a background eviction-log flush in flight, flushes pending access counts and eviction-log rows, then
    /// closes the store if this engine opened it.
    /// </summary>
    /// <returns>A task that completes when everything is flushed and closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        StopCoherence();
        Task? backgroundFlush = ClaimEvictionFlushSlot();
        if (backgroundFlush is not null)
        {
            // As in Dispose, without holding a thread while the flush runs.
            _logger.DisposeWaitsForEvictionFlush();
            do
            {
                await backgroundFlush.ConfigureAwait(false);
            }
            while ((backgroundFlush = ClaimEvictionFlushSlot()) is not null);
        }

        try
        {
            await FlushAccessCountsCoreAsync(CancellationToken.None).ConfigureAwait(false);
            await FlushEvictionLogsCoreAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.StoreError("dispose", ex);
        }
        finally
        {
            _front.Clear();
            if (_ownsStore)
            {
                await _store.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private void ValidateKey(string key) => KeyValidator.Validate(key, _maxKeyLength);

    private DateTimeOffset UtcNow => _timeProvider.GetUtcNow();

    /// <summary>Gets now in UTC ticks, read once per hit; <see cref="TimeProvider.System"/> skips the virtual call.</summary>
    private long UtcNowTicks => _systemTime ? DateTime.UtcNow.Ticks : _timeProvider.GetUtcNow().UtcTicks;
}
