using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Cachetronomy.Internal;

namespace Cachetronomy;

/// <summary>
/// Caches a function by its arguments: <c>cachetronaut.Memoize(PullQuote)</c> returns a delegate of the same shape
/// whose calls go through <see cref="ICachetronaut.GetOrCreate{T}"/> or
/// <see cref="ICachetronaut.GetOrCreateAsync{T}"/> with the key <c>CacheKey.For(name, arguments by parameter name)</c>.
/// </summary>
/// <remarks>
/// <para><b>Name.</b> For a method group the name defaults to <c>Namespace.Type.Method</c> (generic arguments
/// included), which is stable across builds. A lambda or local function has a compiler-generated name that can change
/// with any edit, so it needs an explicit <c>name</c>; without one, <c>Memoize</c> throws
/// <see cref="ArgumentException"/>.</para>
/// <para><b>Arguments.</b> The key holds every argument by its parameter name (see <see cref="CacheKey"/> for how
/// values render). <see cref="CancellationToken"/> arguments are left out; the function receives a token that is
/// cancelled when every caller waiting for that result has cancelled (with one caller, its own token).</para>
/// <para><b>Writes.</b> Entries are written with <c>options</c>; when they name no tags, the active profile's
/// <see cref="CachetronomyProfile.Tags"/> apply, as the seed's decorator does. Concurrent calls with the same
/// arguments run the function once. A function that throws caches nothing: a synchronous one throws, an
/// asynchronous one returns a faulted task (as does a call whose arguments cannot be rendered into a key).</para>
/// <para><b>Overloads.</b> An <see langword="async"/> lambda without a declared return type binds to the
/// <see cref="Task{TResult}"/> form; declare <c>async ValueTask&lt;T&gt; (…) =&gt;</c> for the other.</para>
/// <para><b>Native AOT.</b> Memoize reads only the delegate's method name, declaring type and parameter names; it
/// creates no code at run time. Parameter names fall back to <c>arg1</c>, <c>arg2</c>… where metadata is missing.</para>
/// </remarks>
public static class CachetronautMemoizeExtensions
{
    /// <summary>Caches a synchronous function of 0 arguments by its name.</summary>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    public static Func<TResult> Memoize<TResult>(this ICachetronaut cachetronaut, Func<TResult> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options);
        return () => memoizer.Cache.GetOrCreate(memoizer.Key(), () => function(), memoizer.Options);
    }

    /// <summary>Caches an asynchronous (<see cref="Task{TResult}"/>) function of 0 arguments by its name.</summary>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss; failures come back as faulted tasks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    [OverloadResolutionPriority(1)]
    public static Func<Task<TResult>> Memoize<TResult>(this ICachetronaut cachetronaut, Func<Task<TResult>> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options);
        return () => CallAsync(memoizer, function);

        static async Task<TResult> CallAsync(Memoizer memoizer, Func<Task<TResult>> function)
        {
            string key = memoizer.Key();
            return await memoizer.Cache.GetOrCreateAsync(
                key,
                runToken => new ValueTask<TResult>(function()),
                memoizer.Options,
                CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Caches an asynchronous (<see cref="ValueTask{TResult}"/>) function of 0 arguments by its name.</summary>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss; failures come back as faulted tasks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    public static Func<ValueTask<TResult>> Memoize<TResult>(this ICachetronaut cachetronaut, Func<ValueTask<TResult>> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options);
        return () => CallAsync(memoizer, function);

        static async ValueTask<TResult> CallAsync(Memoizer memoizer, Func<ValueTask<TResult>> function)
        {
            string key = memoizer.Key();
            return await memoizer.Cache.GetOrCreateAsync(
                key,
                runToken => function(),
                memoizer.Options,
                CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Caches a synchronous function of 1 argument by its arguments.</summary>
    /// <typeparam name="T1">The type of the function's parameter 1.</typeparam>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    public static Func<T1, TResult> Memoize<T1, TResult>(this ICachetronaut cachetronaut, Func<T1, TResult> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options, typeof(T1));
        return arg1 => memoizer.Cache.GetOrCreate(memoizer.Key(arg1), () => function(arg1), memoizer.Options);
    }

    /// <summary>Caches an asynchronous (<see cref="Task{TResult}"/>) function of 1 argument by its arguments.</summary>
    /// <typeparam name="T1">The type of the function's parameter 1.</typeparam>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss; failures come back as faulted tasks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    [OverloadResolutionPriority(1)]
    public static Func<T1, Task<TResult>> Memoize<T1, TResult>(this ICachetronaut cachetronaut, Func<T1, Task<TResult>> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options, typeof(T1));
        return arg1 => CallAsync(memoizer, function, arg1);

        static async Task<TResult> CallAsync(Memoizer memoizer, Func<T1, Task<TResult>> function, T1 arg1)
        {
            string key = memoizer.Key(arg1);
            return await memoizer.Cache.GetOrCreateAsync(
                key,
                runToken => new ValueTask<TResult>(function(Memoizer.WithToken(arg1, runToken))),
                memoizer.Options,
                Memoizer.FirstToken(Memoizer.TokenOf(arg1))).ConfigureAwait(false);
        }
    }

    /// <summary>Caches an asynchronous (<see cref="ValueTask{TResult}"/>) function of 1 argument by its arguments.</summary>
    /// <typeparam name="T1">The type of the function's parameter 1.</typeparam>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss; failures come back as faulted tasks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    public static Func<T1, ValueTask<TResult>> Memoize<T1, TResult>(this ICachetronaut cachetronaut, Func<T1, ValueTask<TResult>> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options, typeof(T1));
        return arg1 => CallAsync(memoizer, function, arg1);

        static async ValueTask<TResult> CallAsync(Memoizer memoizer, Func<T1, ValueTask<TResult>> function, T1 arg1)
        {
            string key = memoizer.Key(arg1);
            return await memoizer.Cache.GetOrCreateAsync(
                key,
                runToken => function(Memoizer.WithToken(arg1, runToken)),
                memoizer.Options,
                Memoizer.FirstToken(Memoizer.TokenOf(arg1))).ConfigureAwait(false);
        }
    }

    /// <summary>Caches a synchronous function of 2 arguments by its arguments.</summary>
    /// <typeparam name="T1">The type of the function's parameter 1.</typeparam>
    /// <typeparam name="T2">The type of the function's parameter 2.</typeparam>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    public static Func<T1, T2, TResult> Memoize<T1, T2, TResult>(this ICachetronaut cachetronaut, Func<T1, T2, TResult> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options, typeof(T1), typeof(T2));
        return (arg1, arg2) => memoizer.Cache.GetOrCreate(memoizer.Key(arg1, arg2), () => function(arg1, arg2), memoizer.Options);
    }

    /// <summary>Caches an asynchronous (<see cref="Task{TResult}"/>) function of 2 arguments by its arguments.</summary>
    /// <typeparam name="T1">The type of the function's parameter 1.</typeparam>
    /// <typeparam name="T2">The type of the function's parameter 2.</typeparam>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss; failures come back as faulted tasks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    [OverloadResolutionPriority(1)]
    public static Func<T1, T2, Task<TResult>> Memoize<T1, T2, TResult>(this ICachetronaut cachetronaut, Func<T1, T2, Task<TResult>> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options, typeof(T1), typeof(T2));
        return (arg1, arg2) => CallAsync(memoizer, function, arg1, arg2);

        static async Task<TResult> CallAsync(Memoizer memoizer, Func<T1, T2, Task<TResult>> function, T1 arg1, T2 arg2)
        {
            string key = memoizer.Key(arg1, arg2);
            return await memoizer.Cache.GetOrCreateAsync(
                key,
                runToken => new ValueTask<TResult>(function(Memoizer.WithToken(arg1, runToken), Memoizer.WithToken(arg2, runToken))),
                memoizer.Options,
                Memoizer.FirstToken(Memoizer.TokenOf(arg1), Memoizer.TokenOf(arg2))).ConfigureAwait(false);
        }
    }

    /// <summary>Caches an asynchronous (<see cref="ValueTask{TResult}"/>) function of 2 arguments by its arguments.</summary>
    /// <typeparam name="T1">The type of the function's parameter 1.</typeparam>
    /// <typeparam name="T2">The type of the function's parameter 2.</typeparam>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss; failures come back as faulted tasks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    public static Func<T1, T2, ValueTask<TResult>> Memoize<T1, T2, TResult>(this ICachetronaut cachetronaut, Func<T1, T2, ValueTask<TResult>> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options, typeof(T1), typeof(T2));
        return (arg1, arg2) => CallAsync(memoizer, function, arg1, arg2);

        static async ValueTask<TResult> CallAsync(Memoizer memoizer, Func<T1, T2, ValueTask<TResult>> function, T1 arg1, T2 arg2)
        {
            string key = memoizer.Key(arg1, arg2);
            return await memoizer.Cache.GetOrCreateAsync(
                key,
                runToken => function(Memoizer.WithToken(arg1, runToken), Memoizer.WithToken(arg2, runToken)),
                memoizer.Options,
                Memoizer.FirstToken(Memoizer.TokenOf(arg1), Memoizer.TokenOf(arg2))).ConfigureAwait(false);
        }
    }

    /// <summary>Caches a synchronous function of 3 arguments by its arguments.</summary>
    /// <typeparam name="T1">The type of the function's parameter 1.</typeparam>
    /// <typeparam name="T2">The type of the function's parameter 2.</typeparam>
    /// <typeparam name="T3">The type of the function's parameter 3.</typeparam>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    public static Func<T1, T2, T3, TResult> Memoize<T1, T2, T3, TResult>(this ICachetronaut cachetronaut, Func<T1, T2, T3, TResult> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options, typeof(T1), typeof(T2), typeof(T3));
        return (arg1, arg2, arg3) => memoizer.Cache.GetOrCreate(memoizer.Key(arg1, arg2, arg3), () => function(arg1, arg2, arg3), memoizer.Options);
    }

    /// <summary>Caches an asynchronous (<see cref="Task{TResult}"/>) function of 3 arguments by its arguments.</summary>
    /// <typeparam name="T1">The type of the function's parameter 1.</typeparam>
    /// <typeparam name="T2">The type of the function's parameter 2.</typeparam>
    /// <typeparam name="T3">The type of the function's parameter 3.</typeparam>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss; failures come back as faulted tasks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    [OverloadResolutionPriority(1)]
    public static Func<T1, T2, T3, Task<TResult>> Memoize<T1, T2, T3, TResult>(this ICachetronaut cachetronaut, Func<T1, T2, T3, Task<TResult>> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options, typeof(T1), typeof(T2), typeof(T3));
        return (arg1, arg2, arg3) => CallAsync(memoizer, function, arg1, arg2, arg3);

        static async Task<TResult> CallAsync(Memoizer memoizer, Func<T1, T2, T3, Task<TResult>> function, T1 arg1, T2 arg2, T3 arg3)
        {
            string key = memoizer.Key(arg1, arg2, arg3);
            return await memoizer.Cache.GetOrCreateAsync(
                key,
                runToken => new ValueTask<TResult>(function(Memoizer.WithToken(arg1, runToken), Memoizer.WithToken(arg2, runToken), Memoizer.WithToken(arg3, runToken))),
                memoizer.Options,
                Memoizer.FirstToken(Memoizer.TokenOf(arg1), Memoizer.TokenOf(arg2), Memoizer.TokenOf(arg3))).ConfigureAwait(false);
        }
    }

    /// <summary>Caches an asynchronous (<see cref="ValueTask{TResult}"/>) function of 3 arguments by its arguments.</summary>
    /// <typeparam name="T1">The type of the function's parameter 1.</typeparam>
    /// <typeparam name="T2">The type of the function's parameter 2.</typeparam>
    /// <typeparam name="T3">The type of the function's parameter 3.</typeparam>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss; failures come back as faulted tasks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    public static Func<T1, T2, T3, ValueTask<TResult>> Memoize<T1, T2, T3, TResult>(this ICachetronaut cachetronaut, Func<T1, T2, T3, ValueTask<TResult>> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options, typeof(T1), typeof(T2), typeof(T3));
        return (arg1, arg2, arg3) => CallAsync(memoizer, function, arg1, arg2, arg3);

        static async ValueTask<TResult> CallAsync(Memoizer memoizer, Func<T1, T2, T3, ValueTask<TResult>> function, T1 arg1, T2 arg2, T3 arg3)
        {
            string key = memoizer.Key(arg1, arg2, arg3);
            return await memoizer.Cache.GetOrCreateAsync(
                key,
                runToken => function(Memoizer.WithToken(arg1, runToken), Memoizer.WithToken(arg2, runToken), Memoizer.WithToken(arg3, runToken)),
                memoizer.Options,
                Memoizer.FirstToken(Memoizer.TokenOf(arg1), Memoizer.TokenOf(arg2), Memoizer.TokenOf(arg3))).ConfigureAwait(false);
        }
    }

    /// <summary>Caches a synchronous function of 4 arguments by its arguments.</summary>
    /// <typeparam name="T1">The type of the function's parameter 1.</typeparam>
    /// <typeparam name="T2">The type of the function's parameter 2.</typeparam>
    /// <typeparam name="T3">The type of the function's parameter 3.</typeparam>
    /// <typeparam name="T4">The type of the function's parameter 4.</typeparam>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    public static Func<T1, T2, T3, T4, TResult> Memoize<T1, T2, T3, T4, TResult>(this ICachetronaut cachetronaut, Func<T1, T2, T3, T4, TResult> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options, typeof(T1), typeof(T2), typeof(T3), typeof(T4));
        return (arg1, arg2, arg3, arg4) => memoizer.Cache.GetOrCreate(memoizer.Key(arg1, arg2, arg3, arg4), () => function(arg1, arg2, arg3, arg4), memoizer.Options);
    }

    /// <summary>Caches an asynchronous (<see cref="Task{TResult}"/>) function of 4 arguments by its arguments.</summary>
    /// <typeparam name="T1">The type of the function's parameter 1.</typeparam>
    /// <typeparam name="T2">The type of the function's parameter 2.</typeparam>
    /// <typeparam name="T3">The type of the function's parameter 3.</typeparam>
    /// <typeparam name="T4">The type of the function's parameter 4.</typeparam>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss; failures come back as faulted tasks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    [OverloadResolutionPriority(1)]
    public static Func<T1, T2, T3, T4, Task<TResult>> Memoize<T1, T2, T3, T4, TResult>(this ICachetronaut cachetronaut, Func<T1, T2, T3, T4, Task<TResult>> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options, typeof(T1), typeof(T2), typeof(T3), typeof(T4));
        return (arg1, arg2, arg3, arg4) => CallAsync(memoizer, function, arg1, arg2, arg3, arg4);

        static async Task<TResult> CallAsync(Memoizer memoizer, Func<T1, T2, T3, T4, Task<TResult>> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
        {
            string key = memoizer.Key(arg1, arg2, arg3, arg4);
            return await memoizer.Cache.GetOrCreateAsync(
                key,
                runToken => new ValueTask<TResult>(function(Memoizer.WithToken(arg1, runToken), Memoizer.WithToken(arg2, runToken), Memoizer.WithToken(arg3, runToken), Memoizer.WithToken(arg4, runToken))),
                memoizer.Options,
                Memoizer.FirstToken(Memoizer.TokenOf(arg1), Memoizer.TokenOf(arg2), Memoizer.TokenOf(arg3), Memoizer.TokenOf(arg4))).ConfigureAwait(false);
        }
    }

    /// <summary>Caches an asynchronous (<see cref="ValueTask{TResult}"/>) function of 4 arguments by its arguments.</summary>
    /// <typeparam name="T1">The type of the function's parameter 1.</typeparam>
    /// <typeparam name="T2">The type of the function's parameter 2.</typeparam>
    /// <typeparam name="T3">The type of the function's parameter 3.</typeparam>
    /// <typeparam name="T4">The type of the function's parameter 4.</typeparam>
    /// <typeparam name="TResult">The result's type.</typeparam>
    /// <param name="cachetronaut">The cache.</param>
    /// <param name="function">The function; a method group names the key after itself.</param>
    /// <param name="name">The key's name; required for a lambda or local function. Default: <c>Namespace.Type.Method</c>.</param>
    /// <param name="options">How results are written (time-to-live, tags, serializer, version); no tags means the active profile's.</param>
    /// <returns>A function of the same shape that answers from the cache and runs <paramref name="function"/> on a miss; failures come back as faulted tasks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cachetronaut"/> or <paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is missing for a compiler-generated method, or is not a valid key name.</exception>
    public static Func<T1, T2, T3, T4, ValueTask<TResult>> Memoize<T1, T2, T3, T4, TResult>(this ICachetronaut cachetronaut, Func<T1, T2, T3, T4, ValueTask<TResult>> function, string? name = null, CachetronautEntryOptions? options = null)
    {
        Memoizer memoizer = Memoizer.Create(cachetronaut, function, name, options, typeof(T1), typeof(T2), typeof(T3), typeof(T4));
        return (arg1, arg2, arg3, arg4) => CallAsync(memoizer, function, arg1, arg2, arg3, arg4);

        static async ValueTask<TResult> CallAsync(Memoizer memoizer, Func<T1, T2, T3, T4, ValueTask<TResult>> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
        {
            string key = memoizer.Key(arg1, arg2, arg3, arg4);
            return await memoizer.Cache.GetOrCreateAsync(
                key,
                runToken => function(Memoizer.WithToken(arg1, runToken), Memoizer.WithToken(arg2, runToken), Memoizer.WithToken(arg3, runToken), Memoizer.WithToken(arg4, runToken)),
                memoizer.Options,
                Memoizer.FirstToken(Memoizer.TokenOf(arg1), Memoizer.TokenOf(arg2), Memoizer.TokenOf(arg3), Memoizer.TokenOf(arg4))).ConfigureAwait(false);
        }
    }
}
