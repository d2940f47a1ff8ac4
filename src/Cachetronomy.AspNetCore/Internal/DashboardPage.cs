using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Cachetronomy.AspNetCore.Internal;

/// <summary>
/// Renders the dashboard page by hand. Every piece of data (keys, tags, profile names, reasons) goes through
/// <see cref="HtmlEncoder"/>: keys are user data. The script re-renders the same markup from <c>api/stats</c>.
/// </summary>
internal static class DashboardPage
{
    private static readonly HtmlEncoder s_encoder = HtmlEncoder.Default;

    public static string Render(DashboardSnapshot snapshot, string basePath, AntiforgeryTokenSet tokens, CachetronomyDashboardOptions options)
    {
        var html = new StringBuilder(16 * 1024);
        string field = tokens.FormFieldName;
        string token = tokens.RequestToken ?? string.Empty;
        long refreshMs = (long)options.RefreshInterval.TotalMilliseconds;

        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"robots\" content=\"noindex\">\n")
            .Append("<title>Cachetronomy dashboard</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(Enc(basePath)).Append("/assets/").Append(DashboardAssets.CssName).Append("?v=").Append(DashboardAssets.Css.Version).Append("\">\n")
            .Append("<script src=\"").Append(Enc(basePath)).Append("/assets/").Append(DashboardAssets.JsName).Append("?v=").Append(DashboardAssets.Js.Version).Append("\" defer></script>\n")
            .Append("</head>\n");

        html.Append("<body data-base=\"").Append(Enc(basePath))
            .Append("\" data-refresh-ms=\"").Append(refreshMs.ToString(CultureInfo.InvariantCulture))
            .Append("\" data-antiforgery-field=\"").Append(Enc(field))
            .Append("\" data-antiforgery-token=\"").Append(Enc(token)).Append("\">\n");

        html.Append("<header>\n<h1><span class=\"logo\" aria-hidden=\"true\">&#9673;</span> Cachetronomy</h1>\n")
            .Append("<span class=\"pill\">profile <strong id=\"active-profile\">").Append(Enc(snapshot.ActiveProfile)).Append("</strong></span>\n")
            .Append("<span id=\"status\" class=\"status\" role=\"status\" aria-live=\"polite\"></span>\n")
            .Append("<span id=\"updated\" class=\"updated\">updated ").Append(Time(snapshot.GeneratedAt)).Append("</span>\n")
            .Append("</header>\n<main>\n");

        // ---- the numbers ------------------------------------------------------------------------------------
        html.Append("<section class=\"cards\">\n");
        Card(html, "stat-keys", "Keys", Number(snapshot.TotalKeys), "stat-keys-sub", Number(snapshot.StoreKeys) + " in the store");
        Card(html, "stat-file", "Store file", snapshot.FileSizeBytes is { } size ? Bytes(size) : "n/a", "stat-file-sub", "SQLite file + WAL");
        Card(html, "stat-memory", "Front tier", Number(snapshot.MemoryKeys) + (snapshot.MemoryCapacity > 0 ? " / " + Number(snapshot.MemoryCapacity) : string.Empty), "stat-memory-sub", "entries in RAM");
        Card(html, "stat-hit", "Hit ratio", Percent(snapshot.HitRatio), "stat-hit-sub",
            Number(snapshot.MemoryHits) + " RAM · " + Number(snapshot.StoreHits) + " store · " + Number(snapshot.Misses) + " misses");
        Card(html, "stat-evictions", "Evictions", Number(snapshot.EvictionsCount), "stat-evictions-sub", "in the eviction log");
        html.Append("</section>\n");

        // ---- hot keys ---------------------------------------------------------------------------------------
        html.Append("<section class=\"grid\">\n<div class=\"panel\">\n<h2>Hot keys &middot; front tier</h2>\n")
            .Append("<table id=\"memory-hot\" class=\"hot\"><thead><tr><th>Key</th><th class=\"num\">Reads</th><th class=\"barcol\"></th><th></th></tr></thead>\n<tbody>");
        long memoryMax = MaxCount(snapshot.MemoryHotKeys);
        foreach (DashboardHotKey hot in snapshot.MemoryHotKeys)
        {
            html.Append("<tr data-key=\"").Append(Enc(hot.Key)).Append("\"><td class=\"key\">").Append(Enc(hot.Key))
                .Append("</td><td class=\"num\">").Append(Number(hot.AccessCount)).Append("</td>");
            Bar(html, hot.AccessCount, memoryMax);
            html.Append("<td class=\"act\">");
            ActionForm(html, basePath, "evict", field, token, "key", hot.Key, "evict", "Move this entry out of RAM (it stays in the store)");
            html.Append("</td></tr>");
        }

        Empty(html, snapshot.MemoryHotKeys.Count, 4, "No entries in RAM.");
        html.Append("</tbody></table>\n</div>\n");

        html.Append("<div class=\"panel\">\n<h2>Hot keys &middot; store (access log)</h2>\n")
            .Append("<table id=\"store-hot\" class=\"hot\"><thead><tr><th>Key</th><th class=\"num\">Reads</th><th class=\"barcol\"></th><th>Last read</th></tr></thead>\n<tbody>");
        long storeMax = MaxCount(snapshot.StoreHotKeys);
        foreach (DashboardHotKey hot in snapshot.StoreHotKeys)
        {
            html.Append("<tr data-key=\"").Append(Enc(hot.Key)).Append("\"><td class=\"key\">").Append(Enc(hot.Key))
                .Append("</td><td class=\"num\">").Append(Number(hot.AccessCount)).Append("</td>");
            Bar(html, hot.AccessCount, storeMax);
            html.Append("<td class=\"time\">").Append(hot.LastAccessed is { } last ? Time(last) : string.Empty).Append("</td></tr>");
        }

        Empty(html, snapshot.StoreHotKeys.Count, 4, "No reads logged yet (counts are flushed every few seconds).");
        html.Append("</tbody></table>\n</div>\n</section>\n");

        // ---- evictions, profiles, actions -------------------------------------------------------------------
        html.Append("<section class=\"grid\">\n<div class=\"panel\">\n<h2>Latest evictions</h2>\n")
            .Append("<table id=\"evictions\"><thead><tr><th>When (UTC)</th><th>Key</th><th>Reason</th><th class=\"num\">Reads</th><th>Profile</th></tr></thead>\n<tbody>");
        foreach (DashboardEviction eviction in snapshot.Evictions)
        {
            html.Append("<tr><td class=\"time\">").Append(Time(eviction.EvictedAt)).Append("</td><td class=\"key\">").Append(Enc(eviction.Key))
                .Append("</td><td><span class=\"reason\">").Append(Enc(eviction.Reason)).Append("</span></td><td class=\"num\">")
                .Append(Number(eviction.LastAccessCount)).Append("</td><td>").Append(Enc(eviction.Profile)).Append("</td></tr>");
        }

        Empty(html, snapshot.Evictions.Count, 5, "No evictions logged.");
        html.Append("</tbody></table>\n</div>\n");

        html.Append("<div class=\"panel\">\n<h2>Profiles</h2>\n")
            .Append("<table id=\"profiles\"><thead><tr><th>Name</th><th>TTL</th><th class=\"num\">RAM cap</th><th>Sweep</th><th>Tags</th></tr></thead>\n<tbody>");
        foreach (DashboardProfile profile in snapshot.Profiles)
        {
            html.Append(profile.Active ? "<tr class=\"active\">" : "<tr>").Append("<td>").Append(Enc(profile.Name))
                .Append(profile.Active ? " <span class=\"badge\">active</span>" : string.Empty).Append("</td><td>").Append(Duration(profile.TimeToLive))
                .Append("</td><td class=\"num\">").Append(profile.MaxItemsInMemory == 0 ? "none" : Number(profile.MaxItemsInMemory))
                .Append("</td><td>").Append(profile.TtlCleanupInterval == TimeSpan.Zero ? "off" : Duration(profile.TtlCleanupInterval))
                .Append("</td><td>").Append(Enc(string.Join(", ", profile.Tags))).Append("</td></tr>");
        }

        html.Append("</tbody></table>\n<h2>Actions</h2>\n<div class=\"actions\">\n");
        ActionForm(html, basePath, "clear-expired", field, token, null, null, "clear expired", "Delete every expired entry from both tiers");
        html.Append("<form method=\"post\" action=\"").Append(Enc(basePath)).Append("/actions/clear-by-tag\" class=\"action inline\" data-action=\"clear-by-tag\">");
        Hidden(html, field, token);
        html.Append("<input type=\"text\" name=\"tag\" placeholder=\"tag\" required aria-label=\"tag\"><button type=\"submit\" class=\"danger\">clear by tag</button></form>\n")
            .Append("</div>\n</div>\n</section>\n");

        // ---- key browser ------------------------------------------------------------------------------------
        html.Append("<section class=\"panel\">\n<div class=\"panel-head\"><h2>Keys</h2><input id=\"key-filter\" type=\"search\" placeholder=\"filter keys\" aria-label=\"filter keys\"></div>\n")
            .Append("<table id=\"keys\"><thead><tr><th>Key</th><th>Tier</th><th>Format</th><th class=\"num\">Size</th><th>Expires (UTC)</th><th>Tags</th><th class=\"num\">Version</th><th>Saved by</th><th>Updated (UTC)</th><th></th></tr></thead>\n<tbody>");
        foreach (DashboardKey key in snapshot.Keys)
        {
            html.Append("<tr data-key=\"").Append(Enc(key.Key)).Append("\"><td class=\"key\">").Append(Enc(key.Key))
                .Append("</td><td>").Append(key.InMemory ? "<span class=\"tier ram\">RAM + store</span>" : "<span class=\"tier\">store</span>")
                .Append("</td><td>").Append(Enc(key.Format))
                .Append("</td><td class=\"num\">").Append(Bytes(key.SizeBytes))
                .Append("</td><td class=\"time").Append(key.Expired ? " expired" : string.Empty).Append("\">").Append(Time(key.ExpiresAt))
                .Append("</td><td>").Append(Enc(string.Join(", ", key.Tags)))
                .Append("</td><td class=\"num\">").Append(Number(key.Version))
                .Append("</td><td>").Append(Enc(key.SavedByProfile))
                .Append("</td><td class=\"time\">").Append(Time(key.UpdatedAt)).Append("</td><td class=\"act\">");
            ActionForm(html, basePath, "evict", field, token, "key", key.Key, "evict", "Move this entry out of RAM (it stays in the store)");
            ActionForm(html, basePath, "delete", field, token, "key", key.Key, "delete", "Delete this entry from both tiers");
            html.Append("</td></tr>");
        }

        Empty(html, snapshot.Keys.Count, 10, "No keys in the store.");
        html.Append("</tbody></table>\n<p id=\"keys-note\" class=\"note\">")
            .Append(snapshot.KeysTruncated ? "Showing the first " + Number(snapshot.Keys.Count) + " keys; filter to narrow." : string.Empty)
            .Append("</p>\n</section>\n</main>\n")
            .Append("<footer>Cachetronomy dashboard &middot; refreshes every ")
            .Append(refreshMs > 0 ? Duration(options.RefreshInterval) : "never (live refresh off)")
            .Append("</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Card(StringBuilder html, string id, string label, string value, string subId, string sub) =>
        html.Append("<div class=\"card\"><span class=\"label\">").Append(label).Append("</span><span class=\"value\" id=\"").Append(id).Append("\">")
            .Append(Enc(value)).Append("</span><span class=\"sub\" id=\"").Append(subId).Append("\">").Append(Enc(sub)).Append("</span></div>\n");

    private static void Bar(StringBuilder html, long count, long max)
    {
        long pct = max <= 0 ? 0 : Math.Clamp((long)Math.Round(100d * count / max), 1, 100);
        html.Append("<td class=\"barcol\"><span class=\"bar\"><span class=\"fill\" data-pct=\"").Append(pct.ToString(CultureInfo.InvariantCulture)).Append("\"></span></span></td>");
    }

    private static void ActionForm(StringBuilder html, string basePath, string action, string field, string token, string? name, string? value, string label, string title)
    {
        html.Append("<form method=\"post\" action=\"").Append(Enc(basePath)).Append("/actions/").Append(action)
            .Append("\" class=\"action\" data-action=\"").Append(action).Append("\">");
        Hidden(html, field, token);
        if (name is not null)
        {
            Hidden(html, name, value ?? string.Empty);
        }

        html.Append("<button type=\"submit\" class=\"").Append(action == "evict" ? "secondary" : "danger").Append("\" title=\"").Append(title).Append("\">")
            .Append(label).Append("</button></form>");
    }

    private static void Hidden(StringBuilder html, string name, string value) =>
        html.Append("<input type=\"hidden\" name=\"").Append(Enc(name)).Append("\" value=\"").Append(Enc(value)).Append("\">");

    private static void Empty(StringBuilder html, int count, int columns, string message)
    {
        if (count == 0)
        {
            html.Append("<tr class=\"empty\"><td colspan=\"").Append(columns.ToString(CultureInfo.InvariantCulture)).Append("\">").Append(Enc(message)).Append("</td></tr>");
        }
    }

    private static long MaxCount(IReadOnlyList<DashboardHotKey> keys)
    {
        long max = 0;
        foreach (DashboardHotKey key in keys)
        {
            max = Math.Max(max, key.AccessCount);
        }

        return max;
    }

    private static string Enc(string value) => s_encoder.Encode(value);

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double ratio) => (ratio * 100d).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    internal static string Bytes(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024d).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / (1024d * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / (1024d * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };

    private static string Duration(TimeSpan value) =>
        value.TotalDays >= 1 && value.Ticks % TimeSpan.TicksPerDay == 0 ? ((long)value.TotalDays).ToString(CultureInfo.InvariantCulture) + " d"
        : value.TotalHours >= 1 && value.Ticks % TimeSpan.TicksPerHour == 0 ? ((long)value.TotalHours).ToString(CultureInfo.InvariantCulture) + " h"
        : value.TotalMinutes >= 1 && value.Ticks % TimeSpan.TicksPerMinute == 0 ? ((long)value.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min"
        : value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
