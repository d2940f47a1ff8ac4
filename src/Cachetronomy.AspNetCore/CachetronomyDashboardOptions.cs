using System;

namespace Cachetronomy.AspNetCore;

/// <summary>Options of the dashboard mapped by <c>MapCachetronomyDashboard</c>.</summary>
/// <remarks>
/// Defaults: <see cref="AuthorizationPolicy"/> <see langword="null"/> (the app's default authorization policy),
/// <see cref="AllowAnonymous"/> <see langword="false"/>, <see cref="TopKeys"/> 10, <see cref="RefreshInterval"/>
/// 2 seconds, <see cref="KeyBrowserLimit"/> 100.
/// </remarks>
public sealed class CachetronomyDashboardOptions
{
    /// <summary>
    /// Gets or sets the name of the authorization policy every dashboard endpoint requires; <see langword="null"/>
    /// (the default) requires the app's default policy (an authenticated user).
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// Gets or sets whether the dashboard is served without any authorization. Default <see langword="false"/>.
    /// </summary>
    /// <remarks>
    /// <b>Unsafe outside a developer's machine:</b> the dashboard shows every key (keys are user data) and can evict
    /// and delete entries. When <see langword="true"/>, <see cref="AuthorizationPolicy"/> is ignored.
    /// Antiforgery still guards every action.
    /// </remarks>
    public bool AllowAnonymous { get; set; }

    /// <summary>Gets or sets how many hot keys each table shows (front tier and store). Default 10; at least 1.</summary>
    public int TopKeys { get; set; } = 10;

    /// <summary>
    /// Gets or sets how often the page polls <c>{prefix}/api/stats</c> to refresh its numbers. Default 2 seconds;
    /// <see cref="TimeSpan.Zero"/> turns live refresh off.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how many entries the key browser lists at most (keys in ordinal order). Default 100; at least 1.</summary>
    public int KeyBrowserLimit { get; set; } = 100;
}
