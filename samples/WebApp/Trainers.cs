using Microsoft.Extensions.Options;

namespace Cachetronomy.Samples.WebApp;

/// <summary>A trainer's profile.</summary>
public sealed record Trainer(string Name, string Team, int Badges, DateTimeOffset LookedUpAt);

/// <summary>The slow trainer directory: a simulated remote call, cached by the endpoint through <c>HybridCache</c>.</summary>
public sealed class TrainerDirectory(IOptions<SampleOptions> options, LookupCounter counter, TimeProvider time)
{
    private static readonly string[] s_teams = ["Valor", "Mystic", "Instinct"];

    /// <summary>Looks a trainer up (slow).</summary>
    public async ValueTask<Trainer> LookupAsync(string name, CancellationToken cancellationToken)
    {
        counter.TrainerLookedUp();
        await Task.Delay(options.Value.LookupDelay, time, cancellationToken);
        int seed = name.Length;
        return new Trainer(name, s_teams[seed % s_teams.Length], seed % 9, time.GetUtcNow());
    }
}
