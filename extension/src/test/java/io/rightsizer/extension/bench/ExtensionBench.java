package io.rightsizer.extension.bench;

import io.rightsizer.extension.emulator.FakeKinesis;
import io.rightsizer.extension.emulator.FakeKinesis.Call;
import io.rightsizer.extension.emulator.FakeKinesis.Fault;
import io.rightsizer.testing.lambda.FunctionCgroup;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator.InvokeResult;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator.NextWait;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator.ShutdownResult;
import io.rightsizer.extension.emulator.Layer;
import io.rightsizer.extension.emulator.TestTls;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Measures extension layers as Lambda runs them, all in the same run: the layer's extension started by the Lambda
 * emulator inside a cgroup with a function size's CPU share and memory limit, its files evicted from the page cache
 * first (a new sandbox), shipping over TLS to a Kinesis stand-in that checks every signature.
 *
 * <p>Usage: {@code ExtensionBench <module build dir> <runs> <name=layer zip>...}; writes
 * {@code <build dir>/bench/extension-bench.md}.
 */
public final class ExtensionBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STEADY_INVOKES = 300;
    private static final int DELIVERY_INVOKES = 1000;
    /** A whole vCPU: what "full CPU" means in Lambda (1,769 MB). */
    private static final int FULL_CPU_MB = FunctionCgroup.MB_PER_VCPU;
    private static final int[] FAULT_SIZES = {128, 1024};

    /** A layer under test (zip null: a bare executable, measured in the steady runs only). */
    private record Variant(String name, Path launcher, Path zip, Map<String, String> env) {
        boolean layer() {
            return zip != null;
        }
    }

    /** One steady run: many invocations with a report each, delivered during the next one. */
    private record Steady(double startMs, double warmStartMs, long peakBytes, List<Long> quietInvokeNanos,
                          List<Long> shippingInvokeNanos, int shipInvokes, int invokes, double cpuMsPer1000,
                          long ownP50Us, long ownP99Us, long ownShipP50Us, boolean killed) {
    }

    private ExtensionBench() {
    }

    public static void main(String[] args) throws Exception {
        Path build = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path tlsDir = build.resolve("bench/tls");
        List<Variant> variants = new ArrayList<>();
        TestTls tls = null;
        for (int i = 2; i < args.length; i++) {
            String[] nameZip = args[i].split("=", 2);
            Path given = Path.of(nameZip[1]);
            Path zip = given.toString().endsWith(".zip") ? given : null;
            Path launcher = given;
            if (zip != null) {
                Path layer = Layer.unpack(zip, build.resolve("bench/layer-" + (i - 1)));
                launcher = layer.resolve("extensions/rightsizer-extension");
            }
            if (tls == null) {
                tls = TestTls.create(tlsDir);
            }
            variants.add(new Variant(nameZip[0], launcher, zip, new LinkedHashMap<>(tls.certFileEnvironment())));
        }
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("usage: ExtensionBench <build dir> <runs> <name=layer zip>...");
        }

        StringBuilder out = new StringBuilder();
        out.append("# Extension benchmark, ").append(Instant.now()).append("\n\n");
        out.append(String.format(Locale.ROOT, "Runs per variant: %d (medians). Load average at start: %s. Each run: "
                + "layer files evicted from the page cache, the extension started in a cgroup with the function "
                + "size's CPU quota (size/1769 of a vCPU) and memory limit, TLS to a Kinesis stand-in (test CA).%n%n",
                runs, Files.readString(Path.of("/proc/loadavg")).trim()));
        Map<String, Map<String, String>> table = new LinkedHashMap<>();
        Map<String, Map<String, Double>> numbers = new LinkedHashMap<>();
        for (Variant v : variants) {
            if (v.layer()) {
                warmUp(v, tls);
            }
        }
        Map<String, List<Steady>> steady128 = new LinkedHashMap<>();
        Map<String, List<Steady>> steadyFull = new LinkedHashMap<>();
        Map<String, List<Double>> delivered = new LinkedHashMap<>();
        for (Variant v : variants) {
            steady128.put(v.name(), new ArrayList<>());
            steadyFull.put(v.name(), new ArrayList<>());
            delivered.put(v.name(), new ArrayList<>());
        }
        // Interleaved, so a change of the machine's load hits every variant alike.
        for (int run = 0; run < runs; run++) {
            for (Variant v : variants) {
                steady128.get(v.name()).add(steady(v, tls, 128));
                steadyFull.get(v.name()).add(steady(v, tls, FULL_CPU_MB));
                if (v.layer()) {
                    delivered.get(v.name()).add(delivery(v, tls));
                }
                System.out.println("run " + (run + 1) + " " + v.name() + " done");
            }
        }
        for (Variant v : variants) {
            List<Steady> s128 = steady128.get(v.name());
            List<Steady> sFull = steadyFull.get(v.name());
            Map<String, Double> n = new LinkedHashMap<>();
            n.put("peakMb", median(s128, s -> s.peakBytes() / 1048576.0));
            n.put("peakFullMb", median(sFull, s -> s.peakBytes() / 1048576.0));
            n.put("startFullMs", median(sFull, Steady::startMs));
            n.put("start128Ms", median(s128, Steady::startMs));
            n.put("warmStartFullMs", median(sFull, Steady::warmStartMs));
            n.put("warmStart128Ms", median(s128, Steady::warmStartMs));
            n.put("quietP99FullMs", median(sFull, s -> percentile(s.quietInvokeNanos(), 99) / 1e6));
            n.put("quietP50FullMs", median(sFull, s -> percentile(s.quietInvokeNanos(), 50) / 1e6));
            n.put("p50At128Ms", median(s128, s -> percentile(all(s), 50) / 1e6));
            n.put("p99At128Ms", median(s128, s -> percentile(all(s), 99) / 1e6));
            n.put("ownP50Us", median(s128, s -> known(s.ownP50Us())));
            n.put("ownP99Us", median(s128, s -> known(s.ownP99Us())));
            n.put("ownFullP50Us", median(sFull, s -> known(s.ownP50Us())));
            n.put("ownFullP99Us", median(sFull, s -> known(s.ownP99Us())));
            n.put("ownShipP50Us", median(s128, s -> known(s.ownShipP50Us())));
            n.put("shipShare", median(s128, s -> s.shipInvokes() / (double) s.invokes()));
            n.put("shipP50At128Ms", median(s128, s -> percentile(s.shippingInvokeNanos(), 50) / 1e6));
            n.put("shipP50FullMs", median(sFull, s -> percentile(s.shippingInvokeNanos(), 50) / 1e6));
            n.put("cpuMsPer1000At128", median(s128, Steady::cpuMsPer1000));
            n.put("cpuMsPer1000Full", median(sFull, Steady::cpuMsPer1000));
            List<Double> d = delivered.get(v.name());
            n.put("delivered", medianOf(d));
            n.put("deliveredMin", d.isEmpty() ? Double.NaN : Collections.min(d));
            n.put("killed", (double) s128.stream().filter(Steady::killed).count()
                    + sFull.stream().filter(Steady::killed).count());
            n.put("layerMb", v.layer() ? unzippedMb(v.zip()) : Double.NaN);
            numbers.put(v.name(), n);
        }

        out.append(comparison(variants, numbers));
        out.append("\n## Kinesis faults: reports lost that could have been sent before the SHUTDOWN deadline\n\n");
        out.append("A short-lived sandbox: 12 invocations (20 ms each), the first two PutRecords calls of the run hit "
                + "by the fault, SHUTDOWN with 2,000 ms; Kinesis works again afterwards, so every report can be "
                + "delivered. One run per cell; \"none\" is the same sandbox without a fault.\n\n");
        List<Variant> layers = variants.stream().filter(Variant::layer).toList();
        out.append("| fault |");
        for (int size : FAULT_SIZES) {
            layers.forEach(v -> out.append(' ').append(v.name()).append(", ").append(size).append(" MB |"));
        }
        out.append("\n|---|");
        for (int size : FAULT_SIZES) {
            layers.forEach(v -> out.append("---|"));
        }
        out.append('\n');
        List<Fault> faults = new ArrayList<>();
        faults.add(null);
        faults.addAll(List.of(Fault.values()));
        for (Fault fault : faults) {
            out.append("| ").append(fault == null ? "none" : fault).append(" |");
            for (int size : FAULT_SIZES) {
                for (Variant v : layers) {
                    out.append(' ').append(faultRun(v, tls, fault, size)).append(" |");
                }
            }
            out.append('\n');
        }
        System.out.println(out);
        Path result = build.resolve("bench/extension-bench.md");
        Files.createDirectories(result.getParent());
        Files.writeString(result, out.toString());
        System.out.println("written: " + result);
    }

    /** A counter the extension printed, or NaN when it prints none (-1). */
    private static double known(long value) {
        return value < 0 ? Double.NaN : value;
    }

    private static List<Long> all(Steady s) {
        List<Long> out = new ArrayList<>(s.quietInvokeNanos());
        out.addAll(s.shippingInvokeNanos());
        return out;
    }

    private static String comparison(List<Variant> variants, Map<String, Map<String, Double>> n) {
        StringBuilder b = new StringBuilder("## Figures (medians)\n\n| figure | target |");
        variants.forEach(v -> b.append(' ').append(v.name()).append(" |"));
        b.append("\n|---|---|");
        variants.forEach(v -> b.append("---|"));
        b.append('\n');
        row(b, variants, n, "memory cgroup peak, 128 MB, page cache cold, MB", "<= 16", "peakMb", "%.1f");
        row(b, variants, n, "memory cgroup peak, 1,769 MB, page cache cold, MB", "", "peakFullMb", "%.1f");
        row(b, variants, n, "start -> registered and subscribed, full CPU (1,769 MB), ms", "<= 10", "startFullMs", "%.1f");
        row(b, variants, n, "start -> registered and subscribed, 128 MB share, ms", "<= 50", "start128Ms", "%.1f");
        row(b, variants, n, "  same, page cache warm (a second start of the same files), full CPU, ms", "", "warmStartFullMs", "%.1f");
        row(b, variants, n, "  same, page cache warm, 128 MB share, ms", "", "warmStart128Ms", "%.1f");
        row(b, variants, n, "INVOKE -> /next, full CPU, invokes without PutRecords, p99 ms", "<= 1", "quietP99FullMs", "%.3f");
        row(b, variants, n, "INVOKE -> /next, full CPU, invokes without PutRecords, p50 ms", "", "quietP50FullMs", "%.3f");
        row(b, variants, n, "INVOKE -> /next, 128 MB share, all invokes, p50 ms", "<= 2", "p50At128Ms", "%.3f");
        row(b, variants, n, "INVOKE -> /next, 128 MB share, all invokes, p99 ms", "", "p99At128Ms", "%.3f");
        row(b, variants, n, "INVOKE -> /next inside the extension, full CPU, p50 us (Go: invokes without PutRecords)", "", "ownFullP50Us", "%.0f");
        row(b, variants, n, "INVOKE -> /next inside the extension, full CPU, p99 us (Go: invokes without PutRecords)", "", "ownFullP99Us", "%.0f");
        row(b, variants, n, "INVOKE -> /next inside the extension, 128 MB, p50 us (Go: invokes without PutRecords)", "", "ownP50Us", "%.0f");
        row(b, variants, n, "INVOKE -> /next inside the extension, 128 MB, p99 us (Go: invokes without PutRecords)", "", "ownP99Us", "%.0f");
        row(b, variants, n, "INVOKE -> /next inside the extension, 128 MB, invokes that ship, p50 us", "", "ownShipP50Us", "%.0f");
        row(b, variants, n, "share of invokes carrying a PutRecords round trip", "<= 1/20 = 0.05", "shipShare", "%.3f");
        row(b, variants, n, "INVOKE -> /next of an invoke that ships, 128 MB, p50 ms", "", "shipP50At128Ms", "%.1f");
        row(b, variants, n, "INVOKE -> /next of an invoke that ships, full CPU, p50 ms", "", "shipP50FullMs", "%.1f");
        row(b, variants, n, "CPU per 1,000 invokes (ms), 128 MB", "", "cpuMsPer1000At128", "%.0f");
        row(b, variants, n, "CPU per 1,000 invokes (ms), full CPU", "", "cpuMsPer1000Full", "%.0f");
        row(b, variants, n, "reports delivered, 1,000 invokes + SHUTDOWN at 128 MB, %", ">= 99.9", "delivered", "%.1f");
        row(b, variants, n, "  (lowest of the runs, %)", "", "deliveredMin", "%.1f");
        row(b, variants, n, "runs killed at the SHUTDOWN deadline (of the steady runs)", "0", "killed", "%.0f");
        row(b, variants, n, "layer size unzipped (x86_64), MB", "<= 8", "layerMb", "%.1f");
        b.append(String.format(Locale.ROOT, "%nSteady runs: %d invocations (5 ms of function each) with one "
                + "platform.start/runtimeDone/report per invocation, delivered during the next one, SHUTDOWN with "
                + "2,000 ms. INVOKE -> /next is seen by the emulator: from handing INVOKE out to the extension's next "
                + "/event/next request (both HTTP hops and the emulator's own scheduling included); an invoke "
                + "\"carries a PutRecords\" when Kinesis got a call between the two.%n", STEADY_INVOKES));
        return b.toString();
    }

    private static void row(StringBuilder b, List<Variant> variants, Map<String, Map<String, Double>> n, String label,
                            String target, String key, String format) {
        b.append("| ").append(label).append(" | ").append(target).append(" |");
        for (Variant v : variants) {
            Double value = n.get(v.name()).get(key);
            b.append(' ').append(value == null || value.isNaN() ? "n/a" : String.format(Locale.ROOT, format, value))
                    .append(" |");
        }
        b.append('\n');
    }

    private static void warmUp(Variant v, TestTls tls) throws Exception {
        try (FakeKinesis kinesis = new FakeKinesis(tls.serverContext())) {
            try (LambdaRuntimeEmulator lambda = sandbox(v, kinesis, 1024).launch()) {
                lambda.awaitInit();
                for (int i = 0; i < 30; i++) {
                    lambda.invoke(Duration.ofMillis(2), 80);
                }
                lambda.shutdown(Duration.ofSeconds(2));
            }
        }
    }

    private static LambdaRuntimeEmulator.Builder sandbox(Variant v, FakeKinesis kinesis, int memoryMb) {
        Map<String, String> env = new LinkedHashMap<>(v.env());
        env.put("RIGHTSIZER_STREAM", "rightsizer-telemetry");
        env.put("RIGHTSIZER_KINESIS_ENDPOINT", kinesis.endpoint());
        return LambdaRuntimeEmulator.sandbox(v.launcher()).memoryMb(memoryMb).env(env).coldPageCache(true);
    }

    private static Steady steady(Variant v, TestTls tls, int memoryMb) throws Exception {
        Steady cold = steadyRun(v, tls, memoryMb);
        double warmStartMs;
        try (FakeKinesis kinesis = new FakeKinesis(tls.serverContext());
             LambdaRuntimeEmulator lambda = sandbox(v, kinesis, memoryMb).coldPageCache(false).launch()) {
            lambda.awaitInit();
            warmStartMs = lambda.startToSubscribedNanos() / 1e6;
            lambda.shutdown(Duration.ofSeconds(2));
        }
        return new Steady(cold.startMs(), warmStartMs, cold.peakBytes(), cold.quietInvokeNanos(),
                cold.shippingInvokeNanos(), cold.shipInvokes(), cold.invokes(), cold.cpuMsPer1000(), cold.ownP50Us(),
                cold.ownP99Us(), cold.ownShipP50Us(), cold.killed());
    }

    private static Steady steadyRun(Variant v, TestTls tls, int memoryMb) throws Exception {
        try (FakeKinesis kinesis = new FakeKinesis(tls.serverContext())) {
            try (LambdaRuntimeEmulator lambda = sandbox(v, kinesis, memoryMb).launch()) {
                lambda.awaitInit();
                double startMs = lambda.startToSubscribedNanos() / 1e6;
                List<InvokeResult> invokes = new ArrayList<>();
                for (int i = 0; i < STEADY_INVOKES; i++) {
                    invokes.add(lambda.invoke(Duration.ofMillis(5), 100 + i % 7));
                }
                ShutdownResult shutdown = lambda.shutdown(Duration.ofSeconds(2));
                List<NextWait> waits = lambda.nextWaits();
                List<Call> calls = kinesis.calls();
                List<Long> quiet = new ArrayList<>();
                List<Long> shipping = new ArrayList<>();
                // Invoke i runs from the hand-out of wait i to the arrival of wait i + 1 (wait 0 ends init).
                for (int i = 0; i < invokes.size(); i++) {
                    long from = waits.get(i).handedOutNanos();
                    long to = waits.get(i + 1).arrivedNanos();
                    boolean shipped = calls.stream().anyMatch(c -> c.arrivedNanos() >= from && c.arrivedNanos() < to);
                    (shipped ? shipping : quiet).add(invokes.get(i).invokeToNextNanos());
                }
                // A process killed at the deadline prints no counters.
                Map<String, Long> counters;
                try {
                    counters = lambda.counters();
                } catch (AssertionError e) {
                    counters = Map.of();
                }
                Set<String> arrived = new HashSet<>(requestIds(kinesis));
                if (v.layer() && arrived.size() < STEADY_INVOKES / 2) {
                    System.out.println(v.name() + " at " + memoryMb + " MB shipped only " + arrived.size() + ": "
                            + lambda.output());
                }
                double cpuMs = lambda.cpuNanosBeforeShutdown() / 1e6;
                return new Steady(startMs, Double.NaN, lambda.memoryPeakBytes(), quiet, shipping, shipping.size(),
                        invokes.size(),
                        cpuMs * 1000 / STEADY_INVOKES, counters.getOrDefault("invokeToNextP50Us", -1L),
                        counters.getOrDefault("invokeToNextP99Us", -1L),
                        counters.getOrDefault("shipInvokeToNextP50Us", -1L), shutdown.killedAtDeadline());
            }
        }
    }

    /** The share (%) of 1,000 invocations at 128 MB whose report reached Kinesis. */
    private static double delivery(Variant v, TestTls tls) throws Exception {
        try (FakeKinesis kinesis = new FakeKinesis(tls.serverContext())) {
            Set<String> sent = new HashSet<>();
            try (LambdaRuntimeEmulator lambda = sandbox(v, kinesis, 128).launch()) {
                lambda.awaitInit();
                for (int i = 0; i < DELIVERY_INVOKES; i++) {
                    sent.add(lambda.invoke(Duration.ofMillis(2), 70).requestId());
                }
                lambda.shutdown(Duration.ofSeconds(2));
            }
            Set<String> arrived = new HashSet<>(requestIds(kinesis));
            arrived.retainAll(sent);
            return 100.0 * arrived.size() / sent.size();
        }
    }

    private static String faultRun(Variant v, TestTls tls, Fault fault, int memoryMb) throws Exception {
        try (FakeKinesis kinesis = new FakeKinesis(tls.serverContext())) {
            if (fault != null) {
                kinesis.slowBy(Duration.ofMillis(1500)).failEntries(0, 2).failNext(2, fault);
            }
            Set<String> sent = new HashSet<>();
            boolean killed;
            Map<String, String> extra = Map.of("RIGHTSIZER_BATCH_REPORTS", "3", "RIGHTSIZER_MAX_RECORD_BYTES", "1024");
            try (LambdaRuntimeEmulator lambda = sandbox(v, kinesis, memoryMb).env(extra).launch()) {
                lambda.awaitInit();
                for (int i = 0; i < 12; i++) {
                    sent.add(lambda.invoke(Duration.ofMillis(20), 60 + i).requestId());
                }
                killed = lambda.shutdown(Duration.ofSeconds(2)).killedAtDeadline();
            }
            Set<String> arrived = new HashSet<>(requestIds(kinesis));
            arrived.retainAll(sent);
            return (sent.size() - arrived.size()) + " of " + sent.size() + " lost" + (killed ? ", killed at the deadline" : "");
        }
    }

    private static List<String> requestIds(FakeKinesis kinesis) throws IOException {
        List<String> ids = new ArrayList<>();
        for (FakeKinesis.StoredRecord r : kinesis.stored()) {
            JSON.readTree(r.data()).path("reports").forEach(rep -> ids.add(rep.path("requestId").asText()));
        }
        return ids;
    }

    private static double unzippedMb(Path zip) throws IOException {
        long total = 0;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            total = z.stream().mapToLong(java.util.zip.ZipEntry::getSize).sum();
        }
        return total / 1048576.0;
    }

    private static <T> double median(List<T> items, Function<T, Double> f) {
        List<Double> values = new ArrayList<>();
        for (T item : items) {
            values.add(f.apply(item));
        }
        return medianOf(values);
    }

    private static double medianOf(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.removeIf(d -> d == null || d.isNaN());
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double percentile(List<Long> values, int pct) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(pct / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
