using System;
using Cachetronomy;
using Cachetronomy.AspNetCore;
using Cachetronomy.AspNetCore.Internal;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Cachetronomy's dashboard into an ASP.NET Core app.</summary>
public static class CachetronomyDashboardEndpointRouteBuilderExtensions
{
    /// <summary>The prefix used when none is given.</summary>
    public const string DefaultPrefix = "/cachetronomy";

    /// <summary>
    /// Maps the dashboard under <paramref name="prefix"/>: the page (<c>GET {prefix}</c>), its live numbers
    /// (<c>GET {prefix}/api/stats</c>), its embedded assets (<c>GET {prefix}/assets/…</c>) and its actions
    /// (<c>POST {prefix}/actions/evict|delete|clear-expired|clear-by-tag</c>, each validated with antiforgery).
    /// </summary>
    /// <remarks>
    /// <para>Every endpoint requires authorization: <see cref="CachetronomyDashboardOptions.AuthorizationPolicy"/>,
    /// or the app's default policy when that is <see langword="null"/>. Only
    /// <see cref="CachetronomyDashboardOptions.AllowAnonymous"/> set to <see langword="true"/> serves it without
    /// authorization, which is unsafe outside a developer's machine.</para>
    /// <para>Requires <c>services.AddCachetronomy()</c> and <c>services.AddAntiforgery()</c>; and, unless anonymous,
    /// <c>services.AddAuthorization()</c> with an authentication scheme.</para>
    /// </remarks>
    /// <param name="endpoints">The app's endpoint route builder (usually the <c>WebApplication</c>).</param>
    /// <param name="prefix">The path the dashboard lives under, e.g. <c>/cachetronomy</c>.</param>
    /// <param name="configure">Configures the dashboard's options.</param>
    /// <returns>The route group of every dashboard endpoint, for further conventions (rate limiting, CORS, …).</returns>
    /// <exception cref="InvalidOperationException">Cachetronomy or antiforgery is not registered, or an option is out of range.</exception>
    public static RouteGroupBuilder MapCachetronomyDashboard(
        this IEndpointRouteBuilder endpoints,
        string prefix = DefaultPrefix,
        Action<CachetronomyDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);

        var options = new CachetronomyDashboardOptions();
        configure?.Invoke(options);
        Validate(options);

        if (endpoints.ServiceProvider.GetService<ICachetronaut>() is null)
        {
            throw new InvalidOperationException("MapCachetronomyDashboard needs Cachetronomy: call services.AddCachetronomy() first.");
        }

        if (endpoints.ServiceProvider.GetService<IAntiforgery>() is null)
        {
            throw new InvalidOperationException("MapCachetronomyDashboard validates every action with antiforgery: call services.AddAntiforgery().");
        }

        string normalized = "/" + prefix.Trim().Trim('/');
        var dashboard = new DashboardEndpoints(normalized == "/" ? string.Empty : normalized, options);

        RouteGroupBuilder group = endpoints.MapGroup(normalized);
        dashboard.Map(group);

        if (options.AllowAnonymous)
        {
            group.AllowAnonymous();
        }
        else if (options.AuthorizationPolicy is { } policy)
        {
            group.RequireAuthorization(policy);
        }
        else
        {
            group.RequireAuthorization();
        }

        return group;
    }

    private static void Validate(CachetronomyDashboardOptions options)
    {
        if (options.TopKeys < 1)
        {
            throw new InvalidOperationException($"CachetronomyDashboardOptions.TopKeys must be at least 1 (was {options.TopKeys}).");
        }

        if (options.KeyBrowserLimit < 1)
        {
            throw new InvalidOperationException($"CachetronomyDashboardOptions.KeyBrowserLimit must be at least 1 (was {options.KeyBrowserLimit}).");
        }

        if (options.RefreshInterval < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"CachetronomyDashboardOptions.RefreshInterval must not be negative (was {options.RefreshInterval}).");
        }

        if (options.AuthorizationPolicy is { } policy && string.IsNullOrWhiteSpace(policy))
        {
            throw new InvalidOperationException("CachetronomyDashboardOptions.AuthorizationPolicy must be null or a policy name.");
        }
    }
}
