package io.rightsizer.ingest;

import io.rightsizer.aws.dynamodb.DynamoDbUsageStore;
import io.rightsizer.aws.dynamodb.DynamoDbWindowStore;
import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.usage.UsageStore;
import io.rightsizer.domain.window.ExecutionNames;
import io.rightsizer.domain.window.StartResult;
import io.rightsizer.domain.window.WindowCoordinator;
import io.rightsizer.domain.window.WindowSettings;
import io.rightsizer.domain.window.WindowStarter;
import io.rightsizer.logs.envelope.StreamBatch;
import io.rightsizer.logs.envelope.StreamInput;
import io.rightsizer.logs.envelope.StreamRecordCodec;
import io.rightsizer.logs.envelope.StreamReport;
import io.rightsizer.testing.DynamoDbLocal;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * Ingestion benchmark: DynamoDB requests per 1,000 reports (counted with an SDK interceptor against DynamoDB Local)
 * and decode+fold throughput without the store. Run by {@code bench/ingest/run.sh}.
 */
public final class IngestBench {

    private static final String ACCOUNT = "123456789012";
    private static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:Rightsizer";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T23:00:00Z"), ZoneOffset.UTC);
    private static final Instant DAY_START = Instant.parse("2026-11-02T00:00:00Z");
    private static final StreamRecordCodec CODEC = new StreamRecordCodec();
    private static final HomeScope HOME = new HomeScope(ACCOUNT, "us-east-1");
    /** The ingest function's memory as the CDK stack deploys it. */
    private static final int INGEST_MEMORY_MB = Integer.getInteger("ingestMemoryMb", 1024);
    /** For the Lambda time estimate: a cold batch's writes per (function, day), the upper end of what is measured. */
    private static final double WRITES_PER_FUNCTION_DAY_BATCH = 1.0;

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int batches = Integer.parseInt(System.getProperty("batches", "10"));
        int reportsPerBatch = Integer.parseInt(System.getProperty("reports", "1000"));
        int functions = Integer.parseInt(System.getProperty("functions", "20"));
        int rounds = Integer.parseInt(System.getProperty("rounds", "5"));
        double seconds = Double.parseDouble(System.getProperty("seconds", "3"));
        System.out.printf("java %s, %d cores%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        if (Boolean.parseBoolean(System.getProperty("day", "true"))) {
            List<double[]> runs = new ArrayList<>();
            for (String seed : System.getProperty("seeds", "1,2,3").split(",")) {
                runs.add(realisticDay(Long.parseLong(seed.trim()),
                        Integer.getInteger("dayFunctions", 100),
                        Integer.getInteger("reportsPerFunction", 10),
                        Integer.getInteger("coldEvery", 24)));
            }
            System.out.printf("%nrealistic day, median of %d runs: %.4f writes per (function, day) per batch overall,"
                            + " %.4f on cold batches, %.4f on warm ones; %.4f reads per (function, day) per cold batch%n",
                    runs.size(), median(runs, 0), median(runs, 1), median(runs, 2), median(runs, 3));
        }
        if (Boolean.parseBoolean(System.getProperty("writes", "true"))) {
            writes(batches, reportsPerBatch, functions, 10);
            writes(batches, reportsPerBatch, functions, 1);
        }
        if (!Boolean.parseBoolean(System.getProperty("throughput", "true"))) {
            System.exit(0);
        }
        double cpu10 = throughput("extension records, 10 reports per record", reportsPerBatch, functions, 0.0, 10,
                rounds, seconds);
        double cpu1 = throughput("extension records, 1 report per record (the extension flushes on every INVOKE)",
                reportsPerBatch, functions, 0.0, 1, rounds, seconds);
        throughput("80% extension + 20% CloudWatch gzip, 10 reports per record", reportsPerBatch, functions, 0.2, 10,
                rounds, seconds);
        kinesisAndLambda(reportsPerBatch, functions, 10, cpu10);
        kinesisAndLambda(reportsPerBatch, functions, 1, cpu1);
        // DynamoDB Local leaves a non-daemon scheduler thread sleeping behind its close.
        System.exit(0);
    }

    /**
     * Kinesis units and the ingest function's GB-seconds per million reports (one report per monitored invocation)
     * for records of {@code perRecord} reports, from the measured record sizes and decode+fold CPU rate.
     */
    private static void kinesisAndLambda(int reportsPerBatch, int functions, int perRecord, double cpuRate) {
        List<StreamInput> batch = batch(new Random(7), 0, reportsPerBatch, functions, 0.0, perRecord);
        long bytes = 0;
        long putUnits = 0;
        long kilobytes = 0;
        for (StreamInput record : batch) {
            bytes += record.data().length;
            putUnits += (record.data().length + 25 * 1024 - 1) / (25 * 1024);
            kilobytes += (record.data().length + 1023) / 1024;
        }
        double scale = 1_000_000.0 / reportsPerBatch;
        double records = batch.size() * scale;
        double provisioned = putUnits * scale / 1e6 * 0.014;
        double onDemandGb = kilobytes * scale / (1024.0 * 1024.0);
        double onDemand = onDemandGb * 0.08 + bytes * scale / 1e9 * 0.04;
        // Lambda gives a function 1 vCPU at 1769 MB; below that, CPU time stretches in proportion.
        double cpuSecondsPerBatch = reportsPerBatch / cpuRate * Math.max(1.0, 1769.0 / INGEST_MEMORY_MB);
        double writeSeconds = WRITES_PER_FUNCTION_DAY_BATCH * functions * 0.005;
        double gbSeconds = (cpuSecondsPerBatch + writeSeconds) * scale * INGEST_MEMORY_MB / 1024.0;
        System.out.printf("%n== per million reports, %d report(s) per record ==%n", perRecord);
        System.out.printf("records %.0f, %.0f bytes per record; Kinesis provisioned: %.0f PUT units = $%.4f;"
                        + " on-demand: %.3f GB in (1 KB per record rounded up) + %.3f GB out = $%.4f%n",
                records, bytes / (double) batch.size(), putUnits * scale, provisioned, onDemandGb,
                bytes * scale / 1e9, onDemand);
        System.out.printf("ingest-fn %d MB: %.0f invocations x (%.2f ms decode+fold at %d MB + %d writes x 5 ms"
                        + " assumed) = %.1f GB-s = $%.4f + $%.4f requests%n", INGEST_MEMORY_MB, scale,
                cpuSecondsPerBatch * 1000, INGEST_MEMORY_MB, Math.round(WRITES_PER_FUNCTION_DAY_BATCH * functions),
                gbSeconds, gbSeconds * 0.0000133334,
                scale * 0.20 / 1e6);
    }

    // ---- a realistic day: writes per (function, day) per batch ----

    /**
     * One UTC day of one shard: 288 batches (the 300 s batching window), each with {@code reportsPerFunction} reports of
     * every one of {@code functions} functions (1,000 functions and 100 million invocations a month is about 11 per
     * function per 5 minutes), one report per record as the extension ships them, version {@code $LATEST}; peaks
     * around a per-function typical value with rare spikes, one out-of-memory report in 100,000 and one timeout in
     * 20,000. A new ingest instance (cold: it knows nothing stored) every {@code coldEvery} batches, the first batch of
     * the day cold too.
     *
     * @return writes per (function, day) per batch overall, on cold batches, on warm batches; day-item reads per
     *         (function, day) per cold batch
     */
    private static double[] realisticDay(long seed, int functions, int reportsPerFunction, int coldEvery) {
        int batches = 288;
        Random random = new Random(seed);
        int[] sizes = new int[functions];
        int[] typical = new int[functions];
        for (int f = 0; f < functions; f++) {
            sizes[f] = new int[] {128, 256, 512, 1024, 1536, 2048, 3008}[random.nextInt(7)];
            typical[f] = Math.max(50, (int) (sizes[f] * (0.3 + 0.4 * random.nextDouble())));
        }
        long coldWrites = 0;
        long warmWrites = 0;
        long coldReads = 0;
        int coldBatches = 0;
        try (DynamoDbLocal dynamo = DynamoDbLocal.start()) {
            Counter counter = new Counter();
            DynamoDbClient client = DynamoDbClient.builder()
                    .endpointOverride(dynamo.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
                    .build();
            String table = dynamo.createTable();
            IngestProcessor processor = null;
            long sequence = 0;
            for (int b = 0; b < batches; b++) {
                boolean cold = b % coldEvery == 0;
                if (cold) {
                    processor = processor(client, table);
                    coldBatches++;
                }
                Instant base = DAY_START.plusSeconds(b * 300L);
                List<StreamInput> batch = new ArrayList<>();
                for (int i = 0; i < reportsPerFunction; i++) {
                    for (int f = 0; f < functions; f++) {
                        int size = sizes[f];
                        boolean oom = random.nextInt(100_000) == 0;
                        boolean timeout = !oom && random.nextInt(20_000) == 0;
                        double spread = Math.abs(random.nextGaussian()) * typical[f] * 0.08;
                        int used = oom ? size : Math.min(size, typical[f] + (int) spread
                                + (random.nextInt(5_000) == 0 ? typical[f] / 3 : 0));
                        double duration = timeout ? 3000 : 20 + random.nextInt(400) + random.nextDouble();
                        StreamReport report = new StreamReport(base.plusMillis(i * 20_000L + f),
                                new java.util.UUID(random.nextLong(), random.nextLong()).toString(),
                                oom ? "error" : timeout ? "timeout" : "success", oom ? "Runtime.OutOfMemory" : null,
                                duration, (long) Math.ceil(duration), size, used, null, null);
                        byte[] data = CODEC.encode(StreamBatch.of(FunctionRef.of(String.format("service-%04d", f),
                                ACCOUNT, "us-east-1"), "$LATEST", List.of(report)));
                        batch.add(new StreamInput(Long.toString(++sequence), data, "arn:aws:kinesis:us-east-1:"
                                + ACCOUNT + ":stream/rightsizer", "us-east-1", base));
                    }
                }
                long readsBefore = counter.dayReads.get();
                IngestResult result = processor.process(batch, HOME);
                if (result.partial() || result.malformed() > 0) {
                    throw new IllegalStateException("unexpected result " + result);
                }
                if (cold) {
                    coldWrites += result.dynamoDbWrites();
                    coldReads += counter.dayReads.get() - readsBefore;
                } else {
                    warmWrites += result.dynamoDbWrites();
                }
            }
            client.close();
        }
        double perBatch = (double) functions;
        double overall = (coldWrites + warmWrites) / (perBatch * batches);
        double coldRate = coldWrites / (perBatch * coldBatches);
        double warmRate = warmWrites / (perBatch * (batches - coldBatches));
        double readRate = coldReads / (perBatch * coldBatches);
        System.out.printf("%n== realistic day, seed %d: %d functions x %d reports per 5-minute batch, 288 batches, a new"
                        + " instance every %d batches (%d cold) ==%n", seed, functions, reportsPerFunction, coldEvery,
                coldBatches);
        System.out.printf("day-item writes: %d on cold batches, %d on warm; per (function, day) per batch: %.4f"
                        + " overall, %.4f cold, %.4f warm; day-item reads per (function, day) per cold batch: %.4f%n",
                coldWrites, warmWrites, overall, coldRate, warmRate, readRate);
        return new double[] {overall, coldRate, warmRate, readRate};
    }

    private static double median(List<double[]> runs, int column) {
        double[] values = new double[runs.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = runs.get(i)[column];
        }
        return median(values);
    }

    // ---- DynamoDB requests ----

    private static void writes(int batches, int reportsPerBatch, int functions, int perRecord) {
        System.out.printf("%n== DynamoDB requests: %d batches x %d reports over %d functions, %d report(s) per"
                + " record, one UTC day ==%n", batches, reportsPerBatch, functions, perRecord);
        System.out.printf("%-34s %8s %10s %8s %8s %10s %12s %12s%n", "scenario", "reports", "UpdateItem", "PutItem",
                "GetItem", "day writes", "writes/1000", "x fewer");
        try (DynamoDbLocal dynamo = DynamoDbLocal.start()) {
            for (String scenario : List.of("cold instance per batch", "one warm instance")) {
                Counter counter = new Counter();
                DynamoDbClient client = DynamoDbClient.builder()
                        .endpointOverride(dynamo.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .httpClient(UrlConnectionHttpClient.create())
                        .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
                        .build();
                String table = dynamo.createTable();
                Random random = new Random(42);
                IngestProcessor processor = null;
                long reports = 0;
                long dayWrites = 0;
                for (int b = 0; b < batches; b++) {
                    if (processor == null || scenario.startsWith("cold")) {
                        processor = processor(client, table);
                    }
                    List<StreamInput> batch = batch(random, b, reportsPerBatch, functions, 0.0, perRecord);
                    IngestResult result = processor.process(batch, HOME);
                    if (result.partial() || result.malformed() > 0) {
                        throw new IllegalStateException("unexpected result " + result);
                    }
                    reports += result.reports();
                    dayWrites += result.dynamoDbWrites();
                }
                long update = counter.get("UpdateItem");
                long put = counter.get("PutItem");
                double perThousand = (update + put) * 1000.0 / reports;
                System.out.printf("%-34s %8d %10d %8d %8d %10d %12.1f %12.1f%n", scenario, reports, update, put,
                        counter.get("GetItem"), dayWrites, perThousand, 1000.0 / perThousand);
                System.out.printf("%-34s day items only: %.1f writes/1000 reports (%.1fx fewer than one per report);"
                                + " window items: %d writes%n", "", dayWrites * 1000.0 / reports,
                        reports / (double) dayWrites, update + put - dayWrites);
                client.close();
            }
        }
    }

    private static IngestProcessor processor(DynamoDbClient client, String table) {
        UsageStore store = new DynamoDbUsageStore(client, table, Duration.ofDays(60), CLOCK);
        WindowStarter starter = e -> StartResult.started(ExecutionNames.executionArn(STATE_MACHINE, e.name()));
        WindowCoordinator windows = new WindowCoordinator(new DynamoDbWindowStore(client, table), starter,
                WindowSettings.ofDays(14), CLOCK);
        return new IngestProcessor(store, windows, CLOCK);
    }

    /** Counts API calls by operation (each retry of a call is not counted again: none happen locally). */
    private static final class Counter implements ExecutionInterceptor {
        private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
        /** GetItem calls of day items (a cold instance meeting a function-day), apart from WINDOW reads. */
        final AtomicLong dayReads = new AtomicLong();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                    k -> new AtomicLong()).incrementAndGet();
            if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.GetItemRequest get
                    && get.key().get("sk").s().startsWith("DAY#")) {
                dayReads.incrementAndGet();
            }
        }

        long get(String operation) {
            AtomicLong n = calls.get(operation);
            return n == null ? 0 : n.get();
        }
    }

    // ---- decode + fold throughput ----

    private static double throughput(String label, int reportsPerBatch, int functions, double cloudWatchShare,
                                     int perRecord, int rounds, double seconds) {
        List<StreamInput> batch = batch(new Random(7), 0, reportsPerBatch, functions, cloudWatchShare, perRecord);
        UsageStore unused = new UsageStore() {
            @Override
            public int record(java.util.Collection<io.rightsizer.domain.usage.DailyUsage> days) {
                throw new UnsupportedOperationException("throughput excludes the store");
            }

            @Override
            public List<io.rightsizer.domain.usage.DailyUsage> readDays(String arn, java.time.LocalDate from,
                                                                     java.time.LocalDate to) {
                throw new UnsupportedOperationException();
            }
        };
        IngestProcessor processor = new IngestProcessor(unused,
                new WindowCoordinator(new io.rightsizer.testing.memory.InMemoryWindowStore(), e -> StartResult.refused("bench"), WindowSettings.ofDays(14),
                        CLOCK), CLOCK);
        long expected = processor.decodeAndFold(batch, HOME).reports();
        if (expected != reportsPerBatch) {
            throw new IllegalStateException("batch decodes to " + expected + " reports, expected " + reportsPerBatch);
        }
        run(processor, batch, (long) (2 * seconds * 1_000_000_000L)); // warm-up: let the JIT finish
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] wallRates = new double[rounds];
        double[] cpuRates = new double[rounds];
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long deadline = start + (long) (seconds * 1_000_000_000L);
            long reports = 0;
            while (System.nanoTime() < deadline) {
                IngestProcessor.Folded folded = processor.decodeAndFold(batch, HOME);
                reports += folded.reports();
                sink += folded.days().size();
            }
            wallRates[r] = reports / ((System.nanoTime() - start) / 1e9);
            cpuRates[r] = reports / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
        }
        System.out.printf("%n== decode + fold, %s: batches of %d reports, %d records, %d functions ==%n", label,
                reportsPerBatch, batch.size(), functions);
        System.out.printf("per CPU second  (reports/s):%s -> median %.0f (%.2f ms CPU per batch)%n", list(cpuRates),
                median(cpuRates), reportsPerBatch * 1000.0 / median(cpuRates));
        System.out.printf("per wall second (reports/s):%s -> median %.0f [%d]%n", list(wallRates),
                median(wallRates), sink % 10);
        return median(cpuRates);
    }

    private static String list(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(String.format(" %.0f", v));
        }
        return out.toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static long run(IngestProcessor processor, List<StreamInput> batch, long nanos) {
        long deadline = System.nanoTime() + nanos;
        long n = 0;
        while (System.nanoTime() < deadline) {
            n += processor.decodeAndFold(batch, HOME).reports();
        }
        return n;
    }

    // ---- realistic batches ----

    /**
     * One Kinesis batch: records of {@code perRecord} reports each (1 is what the extension usually ships: it flushes
     * on every INVOKE), functions round-robin, peaks around a per-function typical value with occasional spikes; part
     * of the records as CloudWatch Logs gzip payloads with START/END/REPORT lines.
     */
    static List<StreamInput> batch(Random random, int batchIndex, int reports, int functions, double cloudWatchShare,
                                   int perRecord) {
        List<StreamInput> out = new ArrayList<>();
        Instant base = DAY_START.plus(Duration.ofHours(8)).plusSeconds(batchIndex * 60L);
        long seq = batchIndex * 100_000L;
        for (int r = 0; r * perRecord < reports; r++) {
            int f = r % functions;
            String name = String.format("service-%02d-handler", f);
            int size = 128 << (f % 5);
            int typical = Math.max(60, (int) (size * (0.35 + 0.1 * (f % 4))));
            boolean cloudWatch = random.nextDouble() < cloudWatchShare;
            List<StreamReport> items = new ArrayList<>(perRecord);
            StringBuilder events = new StringBuilder();
            for (int i = 0; i < perRecord && r * perRecord + i < reports; i++) {
                Instant time = base.plusMillis(r * 250L + i * 20L);
                int used = Math.min(size, typical + random.nextInt(Math.max(1, typical / 5))
                        + (random.nextInt(200) == 0 ? typical / 2 : 0));
                double duration = 20 + random.nextInt(400) + random.nextDouble();
                Double init = random.nextInt(50) == 0 ? 300 + random.nextInt(500) + 0.25 : null;
                String requestId = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
                if (cloudWatch) {
                    long ms = time.toEpochMilli();
                    events.append(events.length() == 0 ? "" : ",")
                            .append(logEvent(ms - (long) duration, "START RequestId: " + requestId + " Version: $LATEST\\n"))
                            .append(',').append(logEvent(ms - 1, "END RequestId: " + requestId + "\\n"))
                            .append(',').append(logEvent(ms, "REPORT RequestId: " + requestId + "\\tDuration: "
                                    + String.format("%.2f", duration) + " ms\\tBilled Duration: "
                                    + (long) Math.ceil(duration) + " ms\\tMemory Size: " + size
                                    + " MB\\tMax Memory Used: " + used + " MB\\t"
                                    + (init == null ? "" : "Init Duration: " + init + " ms\\t") + "\\n"));
                } else {
                    items.add(new StreamReport(time, requestId, "success", null, duration,
                            (long) Math.ceil(duration), size, used, init, null));
                }
            }
            byte[] data;
            if (cloudWatch) {
                data = gzip("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"" + ACCOUNT + "\",\"logGroup\":\"/aws/lambda/"
                        + name + "\",\"logStream\":\"2026/11/02/[$LATEST]abcdef0123456789abcdef0123456789\","
                        + "\"subscriptionFilters\":[\"rightsizer\"],\"logEvents\":[" + events + "]}");
            } else {
                data = CODEC.encode(StreamBatch.of(FunctionRef.of(name, ACCOUNT, "us-east-1"), items));
            }
            out.add(new StreamInput(Long.toString(++seq), data, "arn:aws:kinesis:us-east-1:" + ACCOUNT
                    + ":stream/rightsizer", "us-east-1", base));
        }
        return out;
    }

    private static String logEvent(long timestamp, String message) {
        return "{\"id\":\"" + timestamp + "000000000000000000000000000000000000000\",\"timestamp\":" + timestamp
                + ",\"message\":\"" + message + "\"}";
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @SuppressWarnings("unused")
    private static Map<String, Long> sorted(Map<String, Long> map) {
        return new TreeMap<>(map);
    }
}
