var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/", () => "Cachetronomy sample: the cache endpoints arrive with the engine.");

app.Run();
