using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Cachetronomy.AspNetCore.Internal;

/// <summary>One static file embedded in this assembly, served from <c>{prefix}/assets/{name}</c>.</summary>
internal sealed class DashboardAssets
{
    public const string CssName = "dashboard.css";
    public const string JsName = "dashboard.js";

    private static readonly Lazy<DashboardAssets> s_css = new(static () => Load(CssName, "text/css; charset=utf-8"));
    private static readonly Lazy<DashboardAssets> s_js = new(static () => Load(JsName, "text/javascript; charset=utf-8"));

    private readonly byte[] _content;
    private readonly string _contentType;

    private DashboardAssets(byte[] content, string contentType)
    {
        _content = content;
        _contentType = contentType;
        Version = Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 6));
    }

    public static DashboardAssets Css => s_css.Value;

    public static DashboardAssets Js => s_js.Value;

    /// <summary>A short content hash, put in the asset's URL so a new version is never served from a stale cache.</summary>
    public string Version { get; }

    public Task WriteAsync(HttpContext context)
    {
        HttpResponse response = context.Response;
        response.ContentType = _contentType;
        response.ContentLength = _content.Length;
        response.Headers.CacheControl = "private, max-age=86400";
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return response.Body.WriteAsync(_content, context.RequestAborted).AsTask();
    }

    private static DashboardAssets Load(string name, string contentType)
    {
        string resource = "Cachetronomy.AspNetCore.Assets." + name;
        using Stream stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource '{resource}' is missing from the assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new DashboardAssets(buffer.ToArray(), contentType);
    }
}
