using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cachetronomy.Hosting;

/// <summary>
/// Maps <see cref="Cachetronaut.HealthCheckAsync"/> to a health-check result: database not reachable → the
/// registration's failure status (Unhealthy by default); memory under the free-memory target → Degraded; else Healthy.
/// The data carries the original library's facts: <c>db_accessible</c>, <c>memory_ok</c>, <c>store_keys_count</c>,
/// <c>memory_keys_count</c>, plus <c>profile</c> and <c>unreadable_keys_count</c> (rows that could not be
/// deserialized, which make the cache Degraded; their keys are never put in the result, as keys may be personal data).
/// </summary>
internal sealed class CachetronomyHealthCheck(Cachetronaut engine) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        HealthStatus failureStatus = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        CacheHealth health;
        string profile;
        try
        {
            health = await engine.HealthCheckAsync(cancellationToken).ConfigureAwait(false);
            profile = engine.Profile.Name;
        }
        catch (ObjectDisposedException ex)
        {
            return new HealthCheckResult(failureStatus, "The cache is disposed.", ex);
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["db_accessible"] = health.DatabaseAccessible,
            ["memory_ok"] = health.MemoryOk,
            ["store_keys_count"] = health.StoreKeysCount,
            ["memory_keys_count"] = health.MemoryKeysCount,
            ["profile"] = profile,
            ["unreadable_keys_count"] = health.UnreadableKeys.Count,
        };

        return health.Status switch
        {
            CacheHealthStatus.Healthy => HealthCheckResult.Healthy("The cache database is reachable and memory is above the target.", data),
            CacheHealthStatus.Degraded => HealthCheckResult.Degraded(
                health.MemoryOk
                    ? "Some stored rows cannot be read (a corrupt value or an unknown format); delete or overwrite them."
                    : "Available memory is under the active profile's free-memory target.",
                data: data),
            _ => new HealthCheckResult(failureStatus, "The cache database is not reachable: " + health.Error, data: data),
        };
    }
}
