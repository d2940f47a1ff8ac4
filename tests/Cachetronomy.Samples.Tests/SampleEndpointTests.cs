using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cachetronomy.Samples.WebApp;
using Microsoft.Extensions.DependencyInjection;

namespace Cachetronomy.Samples.Tests;

[TestClass]
public sealed class SampleEndpointTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Quotes_SecondCall_IsAnsweredFromTheCacheAndEqual()
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(300);
        await using SampleApp app = SampleApp.Start(lookupDelay: delay);
        using HttpClient client = app.CreateClient();
        LookupCounter counter = app.Services.GetRequiredService<LookupCounter>();

        var first = Stopwatch.StartNew();
        string firstBody = await client.GetStringAsync("/quotes/Ash", TestContext.CancellationToken);
        first.Stop();
        var second = Stopwatch.StartNew();
        string secondBody = await client.GetStringAsync("/quotes/Ash", TestContext.CancellationToken);
        second.Stop();

        Assert.AreEqual(firstBody, secondBody);
        Assert.AreEqual(1, counter.Quotes, "The slow service ran once.");
        Assert.IsGreaterThanOrEqualTo(delay, first.Elapsed, "The first call waits for the lookup.");
        Assert.IsLessThan(delay, second.Elapsed, "The second call does not.");
        StringAssert.Contains(firstBody, "\"celebrity\":\"Ash\"");
    }

    [TestMethod]
    public async Task Quotes_OtherCelebrity_RunsTheLookupAgain()
    {
        await using SampleApp app = SampleApp.Start();
        using HttpClient client = app.CreateClient();

        await client.GetStringAsync("/quotes/Ash", TestContext.CancellationToken);
        await client.GetStringAsync("/quotes/Bo", TestContext.CancellationToken);

        Assert.AreEqual(2, app.Services.GetRequiredService<LookupCounter>().Quotes);
    }

    [TestMethod]
    public async Task Trainers_ClearByTag_MakesTheNextCallLookUpAgain()
    {
        await using SampleApp app = SampleApp.Start();
        using HttpClient client = app.CreateClient();
        LookupCounter counter = app.Services.GetRequiredService<LookupCounter>();

        string first = await client.GetStringAsync("/trainers/Misty", TestContext.CancellationToken);
        string second = await client.GetStringAsync("/trainers/Misty", TestContext.CancellationToken);
        Assert.AreEqual(first, second);
        Assert.AreEqual(1, counter.Trainers);

        using HttpResponseMessage cleared = await client.PostAsync("/cache/clear-by-tag/trainers", null, TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.OK, cleared.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await cleared.Content.ReadAsStringAsync(TestContext.CancellationToken));
        Assert.AreEqual(1, body.RootElement.GetProperty("removed").GetInt32());

        await client.GetStringAsync("/trainers/Misty", TestContext.CancellationToken);
        Assert.AreEqual(2, counter.Trainers);
    }

    [TestMethod]
    public async Task Notes_PutThenGet_RoundTripsThroughIDistributedCache()
    {
        await using SampleApp app = SampleApp.Start();
        using HttpClient client = app.CreateClient();

        using HttpResponseMessage missing = await client.GetAsync("/notes/7", TestContext.CancellationToken);
        using HttpResponseMessage put = await client.PutAsync("/notes/7", new StringContent("remember the milk"), TestContext.CancellationToken);
        string note = await client.GetStringAsync("/notes/7", TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.AreEqual(HttpStatusCode.NoContent, put.StatusCode);
        Assert.AreEqual("remember the milk", note);
        CollectionAssert.Contains(app.Services.GetRequiredService<ICachetronaut>().StoreKeys().ToList(), "note:7");
    }

    [TestMethod]
    public async Task Evict_CachedQuote_LeavesRamButStaysInTheStore()
    {
        await using SampleApp app = SampleApp.Start();
        using HttpClient client = app.CreateClient();
        await client.GetStringAsync("/quotes/Ash", TestContext.CancellationToken);
        const string Key = "quote(celebrity=\"Ash\")";

        using HttpResponseMessage evicted = await client.PostAsync("/cache/evict/" + Uri.EscapeDataString(Key), null, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, evicted.StatusCode);
        ICachetronaut cache = app.Services.GetRequiredService<ICachetronaut>();
        CollectionAssert.DoesNotContain(cache.MemoryKeys().ToList(), Key);
        CollectionAssert.Contains(cache.StoreKeys().ToList(), Key);
        await client.GetStringAsync("/quotes/Ash", TestContext.CancellationToken);
        Assert.AreEqual(1, app.Services.GetRequiredService<LookupCounter>().Quotes, "Read back from the SQLite file, not looked up again.");
    }

    [TestMethod]
    public async Task Profile_Switch_ActivatesAConfiguredProfileAndRejectsAnUnknownOne()
    {
        await using SampleApp app = SampleApp.Start();
        using HttpClient client = app.CreateClient();

        using HttpResponseMessage switched = await client.PostAsync("/cache/profile/production", null, TestContext.CancellationToken);
        using HttpResponseMessage unknown = await client.PostAsync("/cache/profile/ghost", null, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, switched.StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.AreEqual("production", app.Services.GetRequiredService<ICachetronaut>().Profile.Name);
    }

    [TestMethod]
    public async Task Health_FreshDatabase_IsHealthy()
    {
        await using SampleApp app = SampleApp.Start();
        using HttpClient client = app.CreateClient();

        using HttpResponseMessage response = await client.GetAsync("/health", TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("Healthy", await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
        Assert.IsTrue(File.Exists(app.DatabasePath), "The sample uses the test's own database file.");
    }
}
