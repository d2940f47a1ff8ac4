using System.Collections.Generic;
using Cachetronomy;
using Cachetronomy.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Cachetronomy's health check to an <see cref="IHealthChecksBuilder"/>.</summary>
public static class CachetronomyHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check of the registered engine (<c>AddCachetronomy</c> must have been called): Healthy when the
    /// database answers and available memory is above the active profile's free-memory target, Degraded when memory is
    /// short or stored rows cannot be read, <paramref name="failureStatus"/> when the database does not answer. The
    /// result's data holds <c>db_accessible</c>, <c>memory_ok</c>, <c>store_keys_count</c>, <c>memory_keys_count</c>,
    /// <c>profile</c> and <c>unreadable_keys_count</c>.
    /// </summary>
    /// <param name="builder">The health-checks builder.</param>
    /// <param name="name">The check's name. Default: <c>cachetronomy</c>.</param>
    /// <param name="failureStatus">The status reported when the database does not answer; <see langword="null"/> for Unhealthy.</param>
    /// <param name="tags">Tags for filtering checks.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddCachetronomy(
        this IHealthChecksBuilder builder,
        string name = "cachetronomy",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        System.ArgumentNullException.ThrowIfNull(builder);
        System.ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new HealthCheckRegistration(
            name,
            static sp => new CachetronomyHealthCheck(sp.GetRequiredService<Cachetronaut>()),
            failureStatus,
            tags));
    }
}
