using System;
using System.Collections.Generic;
using System.Reflection;
using System.Threading;

namespace Cachetronomy.Internal;

/// <summary>What a memoized delegate needs per call: the engine, the key name, parameter names and entry options.</summary>
internal sealed class Memoizer
{
    private readonly string _name;
    private readonly string?[] _keyNames;
    private readonly int _keyArgumentCount;
    private readonly int _maxKeyLength;
    private readonly DecoratorEntryOptions _options;

    private Memoizer(ICachetronaut cache, string name, string?[] keyNames, CachetronautEntryOptions? options)
    {
        Cache = cache;
        _name = name;
        _keyNames = keyNames;
        foreach (string? keyName in keyNames)
        {
            if (keyName is not null)
            {
                _keyArgumentCount++;
            }
        }

        _maxKeyLength = MaxKeyLengthOf(cache);
        _options = new DecoratorEntryOptions(options);
        if (name.Length + CacheKey.HashedSuffixLength > _maxKeyLength)
        {
            throw new ArgumentException($"The name is {name.Length} characters long; with the engine's key limit of {_maxKeyLength} it may be at most {_maxKeyLength - CacheKey.HashedSuffixLength}.", nameof(name));
        }
    }

    /// <summary>Gets the engine.</summary>
    public ICachetronaut Cache { get; }

    /// <summary>Gets the entry options under the active profile.</summary>
    public CachetronautEntryOptions? Options => _options.For(Cache.Profile);

    /// <summary>Checks the arguments and reads the function's name and parameter names.</summary>
    /// <param name="cache">The engine.</param>
    /// <param name="function">The function.</param>
    /// <param name="name">The caller's name, or <see langword="null"/> for the method's.</param>
    /// <param name="options">The caller's entry options.</param>
    /// <param name="parameterTypes">The delegate's parameter types (<see cref="CancellationToken"/> ones stay out of the key).</param>
    public static Memoizer Create(ICachetronaut cache, Delegate function, string? name, CachetronautEntryOptions? options, params ReadOnlySpan<Type> parameterTypes)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(function);
        MethodInfo method = function.Method;
        string keyName = name is null ? NameOf(method, nameof(name)) : ValidName(name);

        ParameterInfo[] parameters = method.GetParameters();

        // A delegate over a static method with a bound first argument (an extension method group) has one more.
        int offset = parameters.Length - parameterTypes.Length;
        var keyNames = new string?[parameterTypes.Length];
        for (int i = 0; i < parameterTypes.Length; i++)
        {
            if (parameterTypes[i] == typeof(CancellationToken))
            {
                continue;
            }

            string? parameterName = offset >= 0 ? parameters[offset + i].Name : null;
            keyNames[i] = string.IsNullOrEmpty(parameterName) ? "arg" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : parameterName;
        }

        return new Memoizer(cache, keyName, keyNames, options);
    }

    /// <summary>Builds the key of one call; <see cref="CancellationToken"/> arguments are left out.</summary>
    public string Key(params ReadOnlySpan<object?> values)
    {
        var arguments = new KeyValuePair<string, object?>[_keyArgumentCount];
        int next = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (_keyNames[i] is { } keyName)
            {
                arguments[next++] = new KeyValuePair<string, object?>(keyName, values[i]);
            }
        }

        return CacheKey.For(_name, arguments, _maxKeyLength);
    }

    /// <summary>The caller's token, when the argument is one.</summary>
    public static CancellationToken TokenOf<T>(T value) => value is CancellationToken token ? token : default;

    /// <summary>The first of the caller's tokens that can be cancelled.</summary>
    public static CancellationToken FirstToken(params ReadOnlySpan<CancellationToken> tokens)
    {
        foreach (CancellationToken token in tokens)
        {
            if (token.CanBeCanceled)
            {
                return token;
            }
        }

        return default;
    }

    /// <summary>The run's token in place of a <see cref="CancellationToken"/> argument; any other argument unchanged.</summary>
    public static T WithToken<T>(T value, CancellationToken runToken) =>
        typeof(T) == typeof(CancellationToken) ? (T)(object)runToken : value;

    /// <summary>The longest key the engine accepts.</summary>
    public static int MaxKeyLengthOf(ICachetronaut cache) =>
        cache is Cachetronaut engine ? engine.MaxKeyLength : CacheKey.DefaultMaxLength;

    private static string ValidName(string name)
    {
        CacheKey.ValidateName(name, nameof(name));
        return name;
    }

    /// <summary><c>Namespace.Type.Method</c> (generic arguments included), or an exception for a compiler-generated method.</summary>
    private static string NameOf(MethodInfo method, string paramName)
    {
        Type? declaringType = method.DeclaringType;
        string typeName = declaringType?.ToString() ?? string.Empty;
        if (declaringType is null || method.Name.Contains('<', StringComparison.Ordinal) || typeName.Contains('<', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{method.Name}' is a lambda, local function or other compiler-generated method, whose name can change with every build. Pass a stable name.",
                paramName);
        }

        string name = typeName + "." + method.Name;
        if (method.IsGenericMethod)
        {
            name += "[" + string.Join(",", (object[])method.GetGenericArguments()) + "]";
        }

        return name;
    }
}
