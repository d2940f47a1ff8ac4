using Cachetronomy.Internal;

namespace Cachetronomy.Extensions.Tests;

[TestClass]
public sealed class FrontTierEntryTests
{
    private static readonly DateTimeOffset s_start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void ExtendExpiry_EarlierThanCurrent_KeepsTheLaterExpiry()
    {
        var entry = new FrontTierEntry<int>("k", 1, Metadata(s_start.AddSeconds(10)), sequence: 1);

        entry.ExtendExpiry(s_start.AddSeconds(30).UtcTicks);
        entry.ExtendExpiry(s_start.AddSeconds(20).UtcTicks); // a slide that started earlier finishing last

        Assert.AreEqual(s_start.AddSeconds(30).UtcTicks, entry.ExpiresAtUtcTicks);
    }

    [TestMethod]
    public async Task ExtendExpiry_ConcurrentSlides_EndsAtTheLatest()
    {
        var entry = new FrontTierEntry<int>("k", 1, Metadata(s_start), sequence: 1);
        long[] expiries = Enumerable.Range(1, 2_000).Select(i => s_start.AddMilliseconds(i).UtcTicks).Reverse().ToArray();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (int i = worker; i < expiries.Length; i += 4)
            {
                entry.ExtendExpiry(expiries[i]);
            }
        })));

        Assert.AreEqual(s_start.AddMilliseconds(2_000).UtcTicks, entry.ExpiresAtUtcTicks);
    }

    private static EntryMetadata Metadata(DateTimeOffset expiresAt) =>
        new("bytes", expiresAt, [], 1, "default", TimeSpan.FromSeconds(10), null);
}
