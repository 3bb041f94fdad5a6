import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Writes N {@code aws logs tail}-style REPORT lines of one function over 30 UTC days, seeded: the benchmark input;
 * with {@code plain}, the same REPORT lines without the time and log stream in front.
 *
 * <p>Usage: {@code java ReportLineGenerator.java N FILE [plain]} ({@code -} for standard output).
 */
public final class ReportLineGenerator {

    public static void main(String[] args) throws IOException {
        long n = Long.parseLong(args[0]);
        boolean plain = args.length > 2 && args[2].equals("plain");
        Random random = new Random(42);
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
        DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
        long start = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
        long spanMs = 30L * 86_400_000L;
        OutputStream raw = "-".equals(args[1]) ? System.out : new FileOutputStream(args[1]);
        try (OutputStream out = new BufferedOutputStream(raw, 1 << 20)) {
            StringBuilder line = new StringBuilder(256);
            String stream = null;
            long lastDay = -1;
            for (long i = 0; i < n; i++) {
                // Spread evenly over the 30 days, in time order, so that every run has the same 30 buckets.
                long ms = start + (spanMs * i) / n;
                Instant at = Instant.ofEpochMilli(ms);
                if (ms / 86_400_000L != lastDay) {
                    lastDay = ms / 86_400_000L;
                    stream = day.format(at) + "/[$LATEST]" + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                            + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
                }
                int duration = 20 + random.nextInt(400);
                int used = 140 + random.nextInt(120);
                line.setLength(0);
                if (!plain) {
                    line.append(time.format(at)).append(' ').append(stream).append(' ');
                }
                line.append("REPORT RequestId: ").append(new java.util.UUID(random.nextLong(), random.nextLong()))
                        .append("\tDuration: ").append(duration).append('.').append(random.nextInt(90) + 10)
                        .append(" ms\tBilled Duration: ").append(duration + 1)
                        .append(" ms\tMemory Size: 1024 MB\tMax Memory Used: ").append(used).append(" MB\t\n");
                out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
            }
        }
    }
}
