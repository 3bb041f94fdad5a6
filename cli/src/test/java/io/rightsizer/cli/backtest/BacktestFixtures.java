package io.rightsizer.cli.backtest;

import io.rightsizer.testing.fleet.DemandKind;
import io.rightsizer.testing.fleet.Fleet;
import io.rightsizer.testing.fleet.FleetFunction;
import io.rightsizer.testing.fleet.ReportLogWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes {@code src/test/resources/backtest/}: 31 days (more than two 14-day windows) of five made-up functions as
 * gzip {@code aws logs tail} output, from fixed seeds, so that the same files come out every time.
 *
 * <p>{@code orders-api} is steady and over-provisioned, {@code reports} grows 2% a day, {@code thumbnails} is
 * configured below its need and runs out of memory throughout, {@code nightly-batch} needs twice its usual memory on
 * one weekday, and {@code imports} spikes to 2.4× every 12 days.
 *
 * <p>Run: {@code java -cp <cli test class path> io.rightsizer.cli.backtest.BacktestFixtures cli/src/test/resources/backtest}
 */
public final class BacktestFixtures {

    /** Days of logs per function. */
    public static final int DAYS = 31;

    /** The functions, each with its own seed. */
    static final List<FleetFunction> FUNCTIONS = List.of(
            new FleetFunction("orders-api", DemandKind.STEADY, 11, 1024, 240, 0.03, 40, 120, 0, 0, -1, 0, 0, 0, 0),
            new FleetFunction("reports", DemandKind.GROWTH, 12, 2048, 500, 0.02, 30, 900, 0.02, 0, -1, 0, 0, 0, 0),
            new FleetFunction("thumbnails", DemandKind.UNDER_PROVISIONED, 13, 512, 560, 0.03, 30, 600, 0, 0, -1, 0,
                    0, 0, 0),
            new FleetFunction("nightly-batch", DemandKind.WEEKLY_BATCH, 14, 3008, 600, 0.02, 30, 2000, 0, 0, 3, 2.0,
                    0, 0, 0),
            new FleetFunction("imports", DemandKind.RARE_SPIKES, 15, 2048, 400, 0.02, 30, 300, 0, 0, -1, 2.4, 12, 5,
                    0));

    private BacktestFixtures() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BacktestFixtures OUTPUT_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> file : generate().entrySet()) {
            Files.write(dir.resolve(file.getKey()), gzip(file.getValue()));
        }
        System.out.println("wrote " + FUNCTIONS.size() + " files under " + dir);
    }

    /** Every fixture's text by its file name, in a fixed order. */
    static Map<String, byte[]> generate() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (FleetFunction f : FUNCTIONS) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
                ReportLogWriter.write(f, Fleet.FIRST_DAY, 0, DAYS, f.configuredMb(), out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.put(f.name() + ".log.gz", bytes.toByteArray());
        }
        return files;
    }

    private static byte[] gzip(byte[] text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text);
        }
        return out.toByteArray();
    }
}
