using System.Net;
using Cachetronomy.Samples.Tests;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cachetronomy.Browser.Tests;

/// <summary>
/// The sample on a real Kestrel port, its dashboard driven by headless Chromium from the system's packages
/// (<c>/usr/bin/chromium</c>; <c>.ci/run</c> installs it). Playwright never downloads a browser here.
/// </summary>
[TestClass]
public sealed class DashboardBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string HotKey = "quote(celebrity=\"Ash\")";

    /// <summary>Set to 1 to copy the screenshot over <c>docs/images/dashboard.png</c> in the work tree.</summary>
    private const string UpdateScreenshotVariable = "CACHETRONOMY_UPDATE_SCREENSHOT";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Dashboard_EvictButton_RemovesTheKeyFromTheHotKeysTable()
    {
        if (!File.Exists(ChromiumPath))
        {
            TestContext.WriteLine($"SKIPPED: no Chromium at {ChromiumPath}. Install Debian's package (apt-get install -y chromium), as .ci/run does.");
            return;
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        CancellationToken cancellationToken = TestContext.CancellationToken;

        await using SampleApp app = SampleApp.Start(lookupDelay: TimeSpan.FromMilliseconds(20));
        app.Factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app.Factory.StartServer();
        string baseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        TestContext.WriteLine($"Sample listening on {baseAddress}");

        await SeedAsync(app, baseAddress, cancellationToken);

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 } });
        Assertions.SetDefaultExpectTimeout(15_000);

        await page.GotoAsync(baseAddress + "/cachetronomy");
        ILocator hotRow = page.Locator("#memory-hot tbody tr").Filter(new() { Has = page.Locator("td.key", new() { HasTextString = HotKey }) });
        await Assertions.Expect(hotRow).ToHaveCountAsync(1);
        await Assertions.Expect(hotRow.Locator("td.num")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("body[data-refreshed]")).ToHaveCountAsync(1);   // the script polled api/stats
        await Assertions.Expect(page.Locator("#profiles tbody tr")).ToHaveCountAsync(2);

        string screenshot = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        TestContext.AddResultFile(screenshot);
        CopyToDocsWhenAsked(screenshot);

        await hotRow.GetByRole(AriaRole.Button, new() { Name = "evict" }).ClickAsync();

        await Assertions.Expect(hotRow).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Evicted");
        ILocator evictionRow = page.Locator("#evictions tbody tr").Filter(new() { HasTextString = HotKey });
        await Assertions.Expect(evictionRow.First).ToContainTextAsync(EvictionReasons.ManualEvictionClearKey);
        CollectionAssert.DoesNotContain(app.Services.GetRequiredService<ICachetronaut>().MemoryKeys().ToList(), HotKey);
    }

    /// <summary>Fills the cache through the sample's own endpoints, so the page has something to show.</summary>
    private static async Task SeedAsync(SampleApp app, string baseAddress, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseAddress) };
        for (int i = 0; i < 5; i++)
        {
            await client.GetStringAsync("/quotes/Ash", cancellationToken);          // 1 miss + 4 hits: the hottest key
        }

        foreach (string celebrity in new[] { "Bo", "Cy", "Di" })
        {
            await client.GetStringAsync($"/quotes/{celebrity}", cancellationToken);
            await client.GetStringAsync($"/quotes/{celebrity}", cancellationToken);
        }

        foreach (string trainer in new[] { "Misty", "Brock" })
        {
            await client.GetStringAsync($"/trainers/{trainer}", cancellationToken);
        }

        await client.GetStringAsync("/trainers/Misty", cancellationToken);
        using HttpResponseMessage put = await client.PutAsync("/notes/welcome", new StringContent("Hello from IDistributedCache"), cancellationToken);
        await client.GetStringAsync("/notes/welcome", cancellationToken);
        using HttpResponseMessage evicted = await client.PostAsync("/cache/evict/" + Uri.EscapeDataString("quote(celebrity=\"Di\")"), null, cancellationToken);
        using HttpResponseMessage cleared = await client.PostAsync("/cache/clear-by-tag/trainers", null, cancellationToken);
        await client.GetStringAsync("/trainers/Misty", cancellationToken);
        await client.GetAsync("/notes/missing", cancellationToken);

        // Access counts reach the access log on the flush loop or when read; read them now for the store table.
        await app.Services.GetRequiredService<ICachetronaut>().StoreStatsAsync(cancellationToken: cancellationToken);
    }

    private void CopyToDocsWhenAsked(string screenshot)
    {
        if (Environment.GetEnvironmentVariable(UpdateScreenshotVariable) != "1")
        {
            return;
        }

        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Cachetronomy.sln")))
        {
            dir = dir.Parent;
        }

        Assert.IsNotNull(dir, "The repository root (Cachetronomy.sln) is above the test's output folder.");
        string target = Path.Combine(dir.FullName, "docs", "images", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(screenshot, target, overwrite: true);
        TestContext.WriteLine($"Screenshot copied to {target}");
    }
}
