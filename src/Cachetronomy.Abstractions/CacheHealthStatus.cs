namespace Cachetronomy;

/// <summary>The overall state reported by <c>HealthCheck()</c>.</summary>
public enum CacheHealthStatus
{
    /// <summary>The database answers and available memory is above the active profile's target.</summary>
    Healthy = 0,

    /// <summary>The database answers but available memory is below the target.</summary>
    Degraded = 1,

    /// <summary>The database does not answer.</summary>
    Unhealthy = 2,
}
