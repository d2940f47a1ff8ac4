using Microsoft.Extensions.Options;

namespace Cachetronomy.Samples.WebApp;

/// <summary>A celebrity's quote, with when it was looked up (a cached answer keeps its first time).</summary>
public sealed record Quote(string Celebrity, string Text, DateTimeOffset LookedUpAt);

/// <summary>
/// Looks up quotes. Marked <see cref="CachedAttribute"/>: registered with <c>AddCachedService</c>, every call with
/// the same celebrity is answered from the cache (key <c>quote(celebrity="…")</c>) for 15 minutes.
/// </summary>
public interface IQuoteService
{
    /// <summary>Looks up a celebrity's quote (slow).</summary>
    [Cached(Name = "quote", TimeToLiveSeconds = 900, Tags = ["quotes"])]
    Task<Quote> LookupAsync(string celebrity, CancellationToken cancellationToken = default);
}

/// <summary>The slow implementation: a simulated call to a quote archive.</summary>
public sealed class SlowQuoteService(IOptions<SampleOptions> options, LookupCounter counter, TimeProvider time) : IQuoteService
{
    private static readonly string[] s_lines =
    [
        "Here's looking at you, cache.",
        "I'll be back (from the store).",
        "May the hit ratio be with you.",
        "You're gonna need a bigger cache.",
        "Frankly, my dear, I don't give a miss.",
    ];

    /// <inheritdoc />
    public async Task<Quote> LookupAsync(string celebrity, CancellationToken cancellationToken = default)
    {
        counter.QuoteLookedUp();
        await Task.Delay(options.Value.LookupDelay, time, cancellationToken);
        string line = s_lines[(int)((uint)StableHash(celebrity) % (uint)s_lines.Length)];
        return new Quote(celebrity, line, time.GetUtcNow());
    }

    private static int StableHash(string text)
    {
        int hash = 17;
        foreach (char c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
