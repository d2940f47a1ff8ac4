namespace Cachetronomy.Samples.WebApp;

/// <summary>The sample's own settings (section <c>Sample</c>).</summary>
public sealed class SampleOptions
{
    /// <summary>How long the simulated slow lookups take. Default 2 s; tests set it to a few milliseconds.</summary>
    public TimeSpan LookupDelay { get; set; } = TimeSpan.FromSeconds(2);
}
