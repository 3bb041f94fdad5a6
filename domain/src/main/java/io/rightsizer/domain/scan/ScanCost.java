package io.rightsizer.domain.scan;

import java.util.Locale;

/**
 * What scanning a number of bytes with Logs Insights costs: $0.005 per GB scanned (us-east-1 and most Regions; check
 * the CloudWatch pricing page for others), GB being 10^9 bytes.
 *
 * @param bytes the bytes scanned
 */
public record ScanCost(long bytes) {

    /** USD per GB scanned. */
    public static final double USD_PER_GB = 0.005;
    /** Bytes per GB as the limit and the estimates count them. */
    public static final double BYTES_PER_GB = 1e9;

    public ScanCost {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
    }

    /** The bytes of {@code gb} GB. */
    public static long bytesOf(double gb) {
        return (long) Math.ceil(gb * BYTES_PER_GB);
    }

    public double gb() {
        return bytes / BYTES_PER_GB;
    }

    public double usd() {
        return gb() * USD_PER_GB;
    }

    /** For example {@code 1.24 GB ($0.0062)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s ($%.4f)", gbText(), usd());
    }

    /** For example {@code 12.4 GB}, {@code 1.24 GB}, or {@code 3.05 MB} for a small scan. */
    public String gbText() {
        if (bytes < BYTES_PER_GB / 100) {
            return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
        }
        double gb = gb();
        return (gb >= 10 ? String.format(Locale.ROOT, "%.1f", gb) : String.format(Locale.ROOT, "%.2f", gb)) + " GB";
    }
}
