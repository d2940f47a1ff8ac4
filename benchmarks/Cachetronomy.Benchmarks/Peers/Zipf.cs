namespace Cachetronomy.Benchmarks.Peers;

/// <summary>A Zipf(s) sampler over ranks 0..n-1 (rank 0 the most popular), by inverse CDF with a fixed seed.</summary>
internal static class Zipf
{
    public static int[] Sequence(int n, double s, int count, int seed)
    {
        var cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++)
        {
            sum += 1.0 / Math.Pow(k + 1, s);
            cdf[k] = sum;
        }

        var random = new Random(seed);
        var result = new int[count];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble() * sum;
            int index = Array.BinarySearch(cdf, u);
            result[i] = index >= 0 ? index : Math.Min(~index, n - 1);
        }

        return result;
    }
}
