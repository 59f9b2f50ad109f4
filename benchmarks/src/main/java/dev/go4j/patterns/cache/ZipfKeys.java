package dev.go4j.patterns.cache;

import java.util.SplittableRandom;

/**
 * A precomputed stream of key indexes drawn from a Zipf distribution over {@code n} keys — the skewed
 * popularity of real cache traffic (YCSB's workloads use exponent 0.99): key 0 is the most popular,
 * key {@code i} is drawn with probability proportional to {@code 1 / (i + 1)^s}. Sampling is done once,
 * before measuring, by inverting the cumulative distribution with a binary search; the benchmark then
 * only reads the array.
 */
final class ZipfKeys {

    private ZipfKeys() {}

    /**
     * {@code count} indexes in [0, n), Zipf-distributed with exponent {@code s}, from a fixed seed (so
     * every implementation sees the same stream), then spread over the key space by a fixed permutation
     * (so the hot keys are not neighbours in hash order).
     */
    static int[] sample(int n, double s, int count, long seed) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        int[] permutation = permutation(n, seed ^ 0x9E3779B97F4A7C15L);
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[count];
        for (int j = 0; j < count; j++) {
            double u = random.nextDouble() * sum;
            int lo = 0;
            int hi = n - 1;
            while (lo < hi) { // the first rank whose cumulative weight reaches u
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out[j] = permutation[lo];
        }
        return out;
    }

    private static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
