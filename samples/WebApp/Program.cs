using Cachetronomy;
using Cachetronomy.Samples.WebApp;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;

var builder = WebApplication.CreateBuilder(args);

// One engine, three views: ICachetronaut, IDistributedCache and HybridCache. Settings and profiles come from the
// "Cachetronomy" section of appsettings.json; the database file lives next to the app (the content root).
builder.Services.AddCachetronomy()
    .AddCachedService<IQuoteService, SlowQuoteService>();   // [Cached] methods answer from the cache
builder.Services.AddHealthChecks().AddCachetronomy();

builder.Services.Configure<SampleOptions>(builder.Configuration.GetSection("Sample"));
builder.Services.AddSingleton<LookupCounter>();
builder.Services.AddSingleton<TrainerDirectory>();

// The dashboard validates every action with antiforgery, and (outside Development) needs an authenticated user.
builder.Services.AddAntiforgery();
builder.Services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorization();

var app = builder.Build();

app.MapGet("/", () => Results.Text("""
    Cachetronomy sample
      GET  /quotes/{celebrity}          slow quote lookup through a [Cached] service (2 s, then instant)
      GET  /trainers/{name}             slow trainer lookup through HybridCache.GetOrCreateAsync, tagged "trainers"
      GET  /notes/{id}, PUT /notes/{id} a note through IDistributedCache (PUT a text body)
      POST /cache/evict/{key}           move an entry out of RAM (it stays in the SQLite file)
      POST /cache/clear-by-tag/{tag}    drop every entry with the tag, e.g. quotes or trainers
      POST /cache/profile/{name}        switch the active profile, e.g. production
      GET  /health                      the cache's health check
      GET  /cachetronomy                the dashboard
    """));

// 1. A [Cached] service: the first call per celebrity waits for the lookup, the next ones are answered from RAM
//    (or from the SQLite file after a restart).
app.MapGet("/quotes/{celebrity}", (string celebrity, IQuoteService quotes, CancellationToken cancellationToken) =>
    quotes.LookupAsync(celebrity, cancellationToken));

// 2. HybridCache: the same engine behind the framework's abstraction, with tags to invalidate a group at once.
app.MapGet("/trainers/{name}", async (string name, HybridCache cache, TrainerDirectory directory, CancellationToken cancellationToken) =>
    await cache.GetOrCreateAsync(
        $"trainer:{name}",
        (directory, name),
        static (state, token) => state.directory.LookupAsync(state.name, token),
        new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(10) },
        tags: ["trainers"],
        cancellationToken: cancellationToken));

// 3. IDistributedCache: bytes or strings under a key, for code written against the classic abstraction.
app.MapGet("/notes/{id}", async (string id, IDistributedCache cache, CancellationToken cancellationToken) =>
    await cache.GetStringAsync($"note:{id}", cancellationToken) is { } note ? Results.Text(note) : Results.NotFound());

app.MapPut("/notes/{id}", async (string id, HttpRequest request, IDistributedCache cache, CancellationToken cancellationToken) =>
{
    using var reader = new StreamReader(request.Body);
    string note = await reader.ReadToEndAsync(cancellationToken);
    await cache.SetStringAsync($"note:{id}", note, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromDays(1) }, cancellationToken);
    return Results.NoContent();
});

// 4. Managing the cache. Demo endpoints without antiforgery: outside Development they require a signed-in user.
RouteGroupBuilder manage = app.MapGroup("/cache");
if (!app.Environment.IsDevelopment())
{
    manage.RequireAuthorization();
}

manage.MapPost("/evict/{key}", async (string key, ICachetronaut cache, CancellationToken cancellationToken) =>
    Results.Ok(new { key, evicted = await cache.EvictAsync(key, cancellationToken) }));

manage.MapPost("/clear-by-tag/{tag}", async (string tag, ICachetronaut cache, CancellationToken cancellationToken) =>
    Results.Ok(new { tag, removed = await cache.ClearByTagsAsync([tag], cancellationToken: cancellationToken) }));

manage.MapPost("/profile/{name}", async (string name, ICachetronaut cache, CancellationToken cancellationToken) =>
{
    try
    {
        CachetronomyProfile profile = await cache.SetProfileAsync(name, cancellationToken);
        return Results.Ok(new { profile = profile.Name, timeToLive = profile.TimeToLive, maxItemsInMemory = profile.MaxItemsInMemory });
    }
    catch (CachetronomyProfileNotFoundException)
    {
        return Results.NotFound(new { error = $"No profile named '{name}'." });
    }
});

app.MapHealthChecks("/health");

// The dashboard. Anonymous access ONLY in Development (a developer's own machine): it shows every key and can
// evict and delete entries. Everywhere else it requires an authenticated user (here: Basic, see
// BasicAuthenticationHandler); pass o.AuthorizationPolicy = "..." to require a specific policy instead.
app.MapCachetronomyDashboard("/cachetronomy", o => o.AllowAnonymous = builder.Environment.IsDevelopment());

app.Run();

/// <summary>The sample's entry point, public for <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
