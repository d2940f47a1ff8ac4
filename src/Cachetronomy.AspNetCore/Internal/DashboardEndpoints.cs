using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Cachetronomy.AspNetCore.Internal;

/// <summary>The dashboard's request handlers. Every one is a plain <see cref="RequestDelegate"/> (no reflection).</summary>
internal sealed class DashboardEndpoints
{
    // The page loads only its own assets; inline script and style are refused, and no one may frame it (clickjacking).
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private readonly string _prefix;
    private readonly CachetronomyDashboardOptions _options;

    public DashboardEndpoints(string prefix, CachetronomyDashboardOptions options)
    {
        _prefix = prefix;
        _options = options;
    }

    public void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", (RequestDelegate)PageAsync);
        group.MapGet("/api/stats", (RequestDelegate)StatsAsync);
        group.MapGet("/assets/" + DashboardAssets.CssName, (RequestDelegate)(static context => DashboardAssets.Css.WriteAsync(context)));
        group.MapGet("/assets/" + DashboardAssets.JsName, (RequestDelegate)(static context => DashboardAssets.Js.WriteAsync(context)));
        group.MapPost("/actions/evict", (RequestDelegate)EvictAsync);
        group.MapPost("/actions/delete", (RequestDelegate)DeleteAsync);
        group.MapPost("/actions/clear-expired", (RequestDelegate)ClearExpiredAsync);
        group.MapPost("/actions/clear-by-tag", (RequestDelegate)ClearByTagAsync);
    }

    private async Task PageAsync(HttpContext context)
    {
        ICachetronaut cache = context.RequestServices.GetRequiredService<ICachetronaut>();
        IAntiforgery antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        DashboardSnapshot snapshot = await DashboardData.ReadAsync(cache, context.RequestServices, _options, filter: null, context.RequestAborted).ConfigureAwait(false);

        // Issues the cookie half of the token pair and gives us the half the page posts back.
        AntiforgeryTokenSet tokens = antiforgery.GetAndStoreTokens(context);
        string basePath = context.Request.PathBase.Add(new PathString(_prefix)).Value ?? string.Empty;
        string html = DashboardPage.Render(snapshot, basePath, tokens, _options);

        SetSecurityHeaders(context.Response);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task StatsAsync(HttpContext context)
    {
        ICachetronaut cache = context.RequestServices.GetRequiredService<ICachetronaut>();
        StringValues filter = context.Request.Query["q"];
        DashboardSnapshot snapshot = await DashboardData.ReadAsync(cache, context.RequestServices, _options, filter.ToString(), context.RequestAborted).ConfigureAwait(false);

        SetSecurityHeaders(context.Response);
        await context.Response.WriteAsJsonAsync(snapshot, DashboardJsonContext.Default.DashboardSnapshot, contentType: null, context.RequestAborted).ConfigureAwait(false);
    }

    private Task EvictAsync(HttpContext context) =>
        RunActionAsync(context, "evict", static async (cache, form, cancellationToken) =>
        {
            string key = RequireField(form, "key");
            bool evicted = await cache.EvictAsync(key, cancellationToken).ConfigureAwait(false);
            return (evicted ? 1 : 0, evicted ? "Evicted from RAM (still in the store)." : "The key was not in RAM.");
        });

    private Task DeleteAsync(HttpContext context) =>
        RunActionAsync(context, "delete", static async (cache, form, cancellationToken) =>
        {
            string key = RequireField(form, "key");
            bool deleted = await cache.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            return (deleted ? 1 : 0, deleted ? "Deleted from both tiers." : "The key was not cached.");
        });

    private Task ClearExpiredAsync(HttpContext context) =>
        RunActionAsync(context, "clear-expired", static async (cache, _, cancellationToken) =>
        {
            int count = await cache.ClearExpiredAsync(cancellationToken).ConfigureAwait(false);
            return (count, string.Create(CultureInfo.InvariantCulture, $"Cleared {count} expired entries."));
        });

    private Task ClearByTagAsync(HttpContext context) =>
        RunActionAsync(context, "clear-by-tag", static async (cache, form, cancellationToken) =>
        {
            string tag = RequireField(form, "tag");
            int count = await cache.ClearByTagsAsync([tag], exactMatch: false, cancellationToken).ConfigureAwait(false);
            return (count, string.Create(CultureInfo.InvariantCulture, $"Cleared {count} entries by tag."));
        });

    private async Task RunActionAsync(
        HttpContext context,
        string action,
        Func<ICachetronaut, IFormCollection, CancellationToken, Task<(int Affected, string Message)>> run)
    {
        IAntiforgery antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        SetSecurityHeaders(context.Response);
        try
        {
            await antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            await WriteActionResultAsync(context, StatusCodes.Status400BadRequest, new DashboardActionResult(action, false, 0, "Missing or invalid antiforgery token.")).ConfigureAwait(false);
            return;
        }

        IFormCollection form = context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)
            : FormCollection.Empty;
        ICachetronaut cache = context.RequestServices.GetRequiredService<ICachetronaut>();

        DashboardActionResult result;
        int status;
        try
        {
            (int affected, string message) = await run(cache, form, context.RequestAborted).ConfigureAwait(false);
            result = new DashboardActionResult(action, true, affected, message);
            status = StatusCodes.Status200OK;
        }
        catch (ArgumentException ex)
        {
            // A missing field, an empty or over-long key: the caller's mistake, not ours.
            result = new DashboardActionResult(action, false, 0, ex.Message);
            status = StatusCodes.Status400BadRequest;
        }

        if (WantsJson(context.Request) || status != StatusCodes.Status200OK)
        {
            await WriteActionResultAsync(context, status, result).ConfigureAwait(false);
            return;
        }

        // A plain HTML form post (no script): back to the page, which shows the new state.
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = context.Request.PathBase.Add(new PathString(_prefix)).Value is { Length: > 0 } page ? page : "/";
    }

    private static string RequireField(IFormCollection form, string name)
    {
        string value = form[name].ToString();
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"The form field '{name}' is required.", name);
        }

        return value;
    }

    private static bool WantsJson(HttpRequest request)
    {
        foreach (string? accept in request.Headers.Accept)
        {
            if (accept is not null && accept.Contains("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static Task WriteActionResultAsync(HttpContext context, int status, DashboardActionResult result)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(result, DashboardJsonContext.Default.DashboardActionResult, contentType: null, context.RequestAborted);
    }

    private static void SetSecurityHeaders(HttpResponse response)
    {
        IHeaderDictionary headers = response.Headers;
        headers.CacheControl = "no-store";
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
    }
}
