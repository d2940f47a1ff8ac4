using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Cachetronomy.Samples.Tests;

[TestClass]
public sealed class SampleDashboardTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Stats_ReflectsASetAndAnEviction()
    {
        await using SampleApp app = SampleApp.Start();
        using HttpClient client = app.CreateClient();
        ICachetronaut cache = app.Services.GetRequiredService<ICachetronaut>();

        await cache.SetAsync("greeting", "hello", new CachetronautEntryOptions { Tags = ["demo"] }, TestContext.CancellationToken);
        await cache.GetAsync<string>("greeting", TestContext.CancellationToken);
        using (JsonDocument afterSet = await GetStatsAsync(client))
        {
            JsonElement root = afterSet.RootElement;
            Assert.AreEqual(1, root.GetProperty("totalKeys").GetInt64());
            Assert.AreEqual(1, root.GetProperty("memoryKeys").GetInt32());
            CollectionAssert.AreEqual(new[] { "greeting" }, Keys(root, "memoryHotKeys"));
            JsonElement entry = root.GetProperty("keys")[0];
            Assert.AreEqual("greeting", entry.GetProperty("key").GetString());
            Assert.IsTrue(entry.GetProperty("inMemory").GetBoolean());
            Assert.AreEqual("demo", entry.GetProperty("tags")[0].GetString());
            Assert.AreEqual("default", root.GetProperty("activeProfile").GetString());
            Assert.IsGreaterThan(0L, root.GetProperty("fileSizeBytes").GetInt64());
        }

        await cache.EvictAsync("greeting", TestContext.CancellationToken);

        using JsonDocument afterEvict = await GetStatsAsync(client);
        JsonElement after = afterEvict.RootElement;
        Assert.AreEqual(0, after.GetProperty("memoryKeys").GetInt32());
        Assert.IsEmpty(Keys(after, "memoryHotKeys"));
        Assert.IsFalse(after.GetProperty("keys")[0].GetProperty("inMemory").GetBoolean(), "Still in the store, no longer in RAM.");
        JsonElement eviction = after.GetProperty("evictions")[0];
        Assert.AreEqual("greeting", eviction.GetProperty("key").GetString());
        Assert.AreEqual(EvictionReasons.ManualEvictionClearKey, eviction.GetProperty("reason").GetString());
        Assert.AreEqual(1, after.GetProperty("evictionsCount").GetInt64());
    }

    [TestMethod]
    public async Task Action_PostWithoutAntiforgeryToken_Returns400AndChangesNothing()
    {
        await using SampleApp app = SampleApp.Start();
        using HttpClient client = app.CreateClient();
        ICachetronaut cache = app.Services.GetRequiredService<ICachetronaut>();
        await cache.SetAsync("victim", 1, cancellationToken: TestContext.CancellationToken);
        await SampleApp.GetDashboardAsync(client, TestContext.CancellationToken);   // the cookie alone is not enough

        using var form = new FormUrlEncodedContent([new("key", "victim")]);
        using HttpResponseMessage response = await client.PostAsync("/cachetronomy/actions/delete", form, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        CollectionAssert.Contains(cache.StoreKeys().ToList(), "victim");
    }

    [TestMethod]
    public async Task Action_PostWithAntiforgeryToken_EvictsTheKey()
    {
        await using SampleApp app = SampleApp.Start();
        using HttpClient client = app.CreateClient();
        ICachetronaut cache = app.Services.GetRequiredService<ICachetronaut>();
        await cache.SetAsync("hot", 1, cancellationToken: TestContext.CancellationToken);
        (_, string token) = await SampleApp.GetDashboardAsync(client, TestContext.CancellationToken);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/cachetronomy/actions/evict")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("key", "hot")]),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using HttpResponseMessage response = await client.SendAsync(request, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
        Assert.IsTrue(body.RootElement.GetProperty("ok").GetBoolean());
        Assert.AreEqual(1, body.RootElement.GetProperty("affected").GetInt32());
        CollectionAssert.DoesNotContain(cache.MemoryKeys().ToList(), "hot");
    }

    [TestMethod]
    public async Task Action_PlainFormPost_RedirectsBackToThePage()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using SampleApp app = SampleApp.Start(timeProvider: time);
        using HttpClient client = app.Factory.CreateClient(new() { AllowAutoRedirect = false });
        ICachetronaut cache = app.Services.GetRequiredService<ICachetronaut>();
        await cache.SetAsync("stale", 1, new CachetronautEntryOptions { TimeToLive = TimeSpan.FromMinutes(1) }, TestContext.CancellationToken);
        (_, string token) = await SampleApp.GetDashboardAsync(client, TestContext.CancellationToken);
        time.Advance(TimeSpan.FromMinutes(2));

        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
        using HttpResponseMessage response = await client.PostAsync("/cachetronomy/actions/clear-expired", form, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.AreEqual("/cachetronomy", response.Headers.Location?.OriginalString);
        CollectionAssert.DoesNotContain(cache.StoreKeys().ToList(), "stale");
    }

    [TestMethod]
    public async Task Page_MaliciousKey_IsHtmlEncodedEverywhere()
    {
        await using SampleApp app = SampleApp.Start();
        using HttpClient client = app.CreateClient();
        ICachetronaut cache = app.Services.GetRequiredService<ICachetronaut>();
        const string Script = "<script>alert(1)</script>";
        const string Attribute = "\"><img src=x onerror=alert(2)>";
        await cache.SetAsync(Script, 1, new CachetronautEntryOptions { Tags = ["<b>tag</b>"] }, TestContext.CancellationToken);
        await cache.SetAsync(Attribute, 2, cancellationToken: TestContext.CancellationToken);
        await cache.GetAsync<int>(Script, TestContext.CancellationToken);
        await cache.EvictAsync(Attribute, TestContext.CancellationToken);

        (string html, _) = await SampleApp.GetDashboardAsync(client, TestContext.CancellationToken);

        Assert.DoesNotContain(Script, html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>tag</b>", html);
        StringAssert.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
        StringAssert.Contains(html, "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
        Assert.AreEqual(1, Count(html, "<script"), "Only the dashboard's own script tag.");
    }

    [TestMethod]
    public async Task Page_HasAStrictContentSecurityPolicyAndServesItsEmbeddedAssets()
    {
        await using SampleApp app = SampleApp.Start();
        using HttpClient client = app.CreateClient();

        using HttpResponseMessage page = await client.GetAsync("/cachetronomy", TestContext.CancellationToken);
        using HttpResponseMessage css = await client.GetAsync("/cachetronomy/assets/dashboard.css", TestContext.CancellationToken);
        using HttpResponseMessage js = await client.GetAsync("/cachetronomy/assets/dashboard.js", TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        string csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        StringAssert.Contains(csp, "script-src 'self'");
        StringAssert.Contains(csp, "frame-ancestors 'none'");
        Assert.AreEqual("DENY", string.Join(",", page.Headers.GetValues("X-Frame-Options")));
        Assert.AreEqual("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual("text/javascript", js.Content.Headers.ContentType?.MediaType);
        StringAssert.Contains(await js.Content.ReadAsStringAsync(TestContext.CancellationToken), "/api/stats");
        string html = await page.Content.ReadAsStringAsync(TestContext.CancellationToken);
        Assert.DoesNotContain("http://", html, "No external resource.");
        Assert.DoesNotContain("https://", html, "No external resource.");
    }

    [TestMethod]
    public async Task Dashboard_OutsideDevelopment_RequiresAuthentication()
    {
        await using SampleApp app = SampleApp.Start(environment: "Production");
        using HttpClient client = app.CreateClient();

        using HttpResponseMessage page = await client.GetAsync("/cachetronomy", TestContext.CancellationToken);
        using HttpResponseMessage stats = await client.GetAsync("/cachetronomy/api/stats", TestContext.CancellationToken);
        using HttpResponseMessage action = await client.PostAsync("/cachetronomy/actions/clear-expired", null, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.AreEqual("Basic", page.Headers.WwwAuthenticate.Single().Scheme);
        Assert.AreEqual(HttpStatusCode.Unauthorized, stats.StatusCode);
        Assert.AreEqual(HttpStatusCode.Unauthorized, action.StatusCode);
    }

    [TestMethod]
    public async Task Dashboard_OutsideDevelopment_WithCredentials_IsServed()
    {
        await using SampleApp app = SampleApp.Start(environment: "Production");
        using HttpClient client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SampleApp.DashboardUser}:{SampleApp.DashboardPassword}")));

        using HttpResponseMessage page = await client.GetAsync("/cachetronomy", TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
    }

    private async Task<JsonDocument> GetStatsAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("/cachetronomy/api/stats", TestContext.CancellationToken));

    private static List<string> Keys(JsonElement root, string property) =>
        [.. root.GetProperty(property).EnumerateArray().Select(static e => e.GetProperty("key").GetString()!)];

    private static int Count(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
