using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace Cachetronomy.Internal;

/// <summary>
/// What a cached service does with each of its interface's methods: which are cached, under which key name and
/// options. Built and checked once per interface, at registration.
/// </summary>
[RequiresDynamicCode(CachedServiceMessages.DynamicCode)]
[RequiresUnreferencedCode(CachedServiceMessages.UnreferencedCode)]
internal sealed class CachedServicePlan
{
    private static readonly ConcurrentDictionary<Type, CachedServicePlan> s_plans = new();

    /// <summary>Method definitions to their settings; a method not listed passes through.</summary>
    private readonly Dictionary<MethodInfo, CachedMethodSettings> _cached;

    /// <summary>Closed methods (as the proxy sees them) to their call plans; <see langword="null"/> passes through.</summary>
    private readonly ConcurrentDictionary<MethodInfo, CachedCallPlan?> _calls = new();

    private CachedServicePlan(Dictionary<MethodInfo, CachedMethodSettings> cached) => _cached = cached;

    /// <summary>Gets the plan of an interface, checking it on first use.</summary>
    /// <exception cref="InvalidOperationException">The type is not an interface, or a method marked <see cref="CachedAttribute"/> cannot be cached.</exception>
    public static CachedServicePlan For(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return s_plans.TryGetValue(serviceType, out CachedServicePlan? plan) ? plan : s_plans.GetOrAdd(serviceType, Build(serviceType));
    }

    /// <summary>Gets the call plan of a method the proxy was called through; <see langword="null"/> to pass it through.</summary>
    public CachedCallPlan? Get(MethodInfo method) =>
        _calls.TryGetValue(method, out CachedCallPlan? plan) ? plan : _calls.GetOrAdd(method, CreateCallPlan(method));

    private CachedCallPlan? CreateCallPlan(MethodInfo method)
    {
        MethodInfo definition = method.IsGenericMethod ? method.GetGenericMethodDefinition() : method;
        if (!_cached.TryGetValue(definition, out CachedMethodSettings? settings))
        {
            return null;
        }

        string name = settings.Name;
        if (method.IsGenericMethod)
        {
            name += "[" + string.Join(",", (object[])method.GetGenericArguments()) + "]";
        }

        (CachedMethodKind kind, Type? resultType) = Classify(method);
        return new CachedCallPlan(name, settings.KeyNames, settings.CancellationTokenIndex, settings.Options, CachedResultInvoker.Create(kind, resultType!));
    }

    private static CachedServicePlan Build(Type serviceType)
    {
        if (!serviceType.IsInterface)
        {
            throw new InvalidOperationException($"{serviceType} is not an interface; a cached service is a proxy over an interface.");
        }

        CachedAttribute? serviceAttribute = serviceType.GetCustomAttribute<CachedAttribute>(inherit: false);
        var cached = new Dictionary<MethodInfo, CachedMethodSettings>();
        var seen = new Dictionary<string, MethodInfo>(StringComparer.Ordinal);
        var interfaces = new List<Type> { serviceType };
        interfaces.AddRange(serviceType.GetInterfaces());
        foreach (Type type in interfaces)
        {
            CachedAttribute? typeAttribute = type.GetCustomAttribute<CachedAttribute>(inherit: false) ?? serviceAttribute;
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                CachedAttribute? methodAttribute = method.GetCustomAttribute<CachedAttribute>(inherit: false);
                if (methodAttribute is null && (typeAttribute is null || method.IsSpecialName || !method.IsAbstract))
                {
                    continue;
                }

                (CachedMethodKind kind, _) = Classify(method);
                if (kind == CachedMethodKind.NotCacheable)
                {
                    if (methodAttribute is not null)
                    {
                        throw new InvalidOperationException(
                            $"{type}.{method.Name} is marked [Cached] but cannot be cached: {WhyNot(method)}. Only methods that return a value (T, Task<T> or ValueTask<T>) without out, ref or in parameters can be.");
                    }

                    continue;
                }

                CachedMethodSettings settings = Settings(type, method, methodAttribute, typeAttribute);
                string signature = settings.Name + "`" + method.GetGenericArguments().Length.ToString(CultureInfo.InvariantCulture) + "(" + string.Join(",", settings.SortedKeyNames) + ")";
                if (seen.TryGetValue(signature, out MethodInfo? other))
                {
                    throw new InvalidOperationException(
                        $"{type}.{method.Name} and {other.DeclaringType}.{other.Name} would share cache keys ({settings.Name} with the same parameter names); give one of them [Cached(Name = ...)].");
                }

                seen.Add(signature, method);
                cached.Add(method, settings);
            }
        }

        return new CachedServicePlan(cached);
    }

    private static CachedMethodSettings Settings(Type type, MethodInfo method, CachedAttribute? methodAttribute, CachedAttribute? typeAttribute)
    {
        string name = methodAttribute?.Name ?? ((typeAttribute?.Name ?? type.ToString()) + "." + method.Name);
        try
        {
            CacheKey.ValidateName(name);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{type}.{method.Name}: {ex.Message}", ex);
        }

        int ttlSeconds = methodAttribute?.TimeToLiveSeconds is int own && own != 0 ? own : typeAttribute?.TimeToLiveSeconds ?? 0;
        if (ttlSeconds < 0)
        {
            throw new InvalidOperationException($"{type}.{method.Name}: TimeToLiveSeconds must not be negative (0 uses the profile's).");
        }

        string[]? tags = methodAttribute?.Tags is { Length: > 0 } ownTags ? ownTags : typeAttribute?.Tags;
        string? serializer = methodAttribute?.Serializer ?? typeAttribute?.Serializer;
        long version = methodAttribute?.Version is long ownVersion && ownVersion != 0 ? ownVersion : typeAttribute?.Version ?? 0;
        CachetronautEntryOptions? options = null;
        if (ttlSeconds > 0 || tags is { Length: > 0 } || serializer is not null || version != 0)
        {
            options = new CachetronautEntryOptions
            {
                TimeToLive = ttlSeconds > 0 ? TimeSpan.FromSeconds(ttlSeconds) : null,
                Tags = tags is { Length: > 0 } ? [.. tags] : null,
                Serializer = serializer,
                Version = version != 0 ? version : null,
            };
        }

        ParameterInfo[] parameters = method.GetParameters();
        var keyNames = new string?[parameters.Length];
        var sorted = new List<string>();
        int cancellationTokenIndex = -1;
        for (int i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].ParameterType == typeof(CancellationToken))
            {
                cancellationTokenIndex = cancellationTokenIndex < 0 ? i : cancellationTokenIndex;
                continue;
            }

            keyNames[i] = string.IsNullOrEmpty(parameters[i].Name) ? "arg" + (i + 1).ToString(CultureInfo.InvariantCulture) : parameters[i].Name;
            sorted.Add(keyNames[i]!);
        }

        sorted.Sort(StringComparer.Ordinal);
        return new CachedMethodSettings(name, keyNames, sorted, cancellationTokenIndex, new DecoratorEntryOptions(options));
    }

    /// <summary>Classifies a method by how it returns; by-ref parameters or returns are never cacheable.</summary>
    private static (CachedMethodKind Kind, Type? ResultType) Classify(MethodInfo method)
    {
        Type returnType = method.ReturnType;
        if (returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask) || returnType.IsByRef || returnType.IsPointer
            || returnType.IsByRefLike || HasByRefParameter(method))
        {
            return (CachedMethodKind.NotCacheable, null);
        }

        if (returnType.IsGenericType)
        {
            Type definition = returnType.GetGenericTypeDefinition();
            if (definition == typeof(Task<>))
            {
                return (CachedMethodKind.Task, returnType.GetGenericArguments()[0]);
            }

            if (definition == typeof(ValueTask<>))
            {
                return (CachedMethodKind.ValueTask, returnType.GetGenericArguments()[0]);
            }

            if (definition == typeof(IAsyncEnumerable<>))
            {
                return (CachedMethodKind.NotCacheable, null);
            }
        }

        return (CachedMethodKind.Sync, returnType);
    }

    private static bool HasByRefParameter(MethodInfo method)
    {
        foreach (ParameterInfo parameter in method.GetParameters())
        {
            if (parameter.ParameterType.IsByRef || parameter.ParameterType.IsPointer || parameter.ParameterType.IsByRefLike)
            {
                return true;
            }
        }

        return false;
    }

    private static string WhyNot(MethodInfo method)
    {
        Type returnType = method.ReturnType;
        if (returnType == typeof(void))
        {
            return "it returns void";
        }

        if (returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return $"it returns a {returnType.Name} without a result";
        }

        if (HasByRefParameter(method))
        {
            return "it has an out, ref, in or by-ref-like parameter";
        }

        return $"it returns {returnType}";
    }
}

/// <summary>A cached method's settings from its <see cref="CachedAttribute"/> (and its interface's).</summary>
internal sealed record CachedMethodSettings(string Name, string?[] KeyNames, IReadOnlyList<string> SortedKeyNames, int CancellationTokenIndex, DecoratorEntryOptions Options);

/// <summary>How one (closed) method's calls are answered from the cache.</summary>
internal sealed record CachedCallPlan(string Name, string?[] KeyNames, int CancellationTokenIndex, DecoratorEntryOptions Options, CachedResultInvoker Invoker)
{
    /// <summary>Builds the key of one call; <see cref="CancellationToken"/> arguments are left out.</summary>
    public string Key(object?[] args, int maxKeyLength)
    {
        var arguments = new List<KeyValuePair<string, object?>>(args.Length);
        for (int i = 0; i < args.Length; i++)
        {
            if (KeyNames[i] is { } keyName)
            {
                arguments.Add(new KeyValuePair<string, object?>(keyName, args[i]));
            }
        }

        return CacheKey.For(Name, arguments, maxKeyLength);
    }

    /// <summary>The caller's token, when the method takes one.</summary>
    public CancellationToken CallerToken(object?[] args) =>
        CancellationTokenIndex >= 0 && args[CancellationTokenIndex] is CancellationToken token ? token : default;

    /// <summary>The arguments with the run's token in place of the caller's.</summary>
    public object?[] WithRunToken(object?[] args, CancellationToken runToken)
    {
        if (CancellationTokenIndex < 0)
        {
            return args;
        }

        object?[] copy = (object?[])args.Clone();
        copy[CancellationTokenIndex] = runToken;
        return copy;
    }
}
