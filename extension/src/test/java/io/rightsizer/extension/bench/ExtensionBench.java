package io.rightsizer.extension.bench;

import io.rightsizer.extension.emulator.AwsRootsTrustStore;
import io.rightsizer.extension.emulator.CdsTraining;
import io.rightsizer.extension.emulator.FakeKinesis;
import io.rightsizer.extension.emulator.LambdaRuntimeEmulator;
import io.rightsizer.extension.emulator.LambdaRuntimeEmulator.TelemetryTiming;
import io.rightsizer.extension.emulator.Layer;
import io.rightsizer.extension.emulator.TestTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures the real launched extension through the emulator: start to "registered and subscribed", INVOKE to
 * /event/next latency, resident memory under steady telemetry, and the layer's size; for the shipped layer and
 * for the alternatives tried. Usage: {@code ExtensionBench <module build dir> <runs> <invocations>}.
 */
public final class ExtensionBench {

    private static final String SHIPPED_CDS = "-Xshare:auto -XX:SharedArchiveFile=\"$home/app.jsa\"";

    private record Variant(String name, Path launcher, String jvmOptions, Map<String, String> env) {
        Variant(String name, Path launcher, String jvmOptions) {
            this(name, launcher, jvmOptions, Map.of());
        }
    }

    private record Run(double startMs, List<Long> invokeToNextNanos, long rssKb, long hwmKb, long ownP50Us,
                       long ownP99Us) {
    }

    private ExtensionBench() {
    }

    public static void main(String[] args) throws Exception {
        Path build = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        int invocations = Integer.parseInt(args[2]);
        Path shippedLayer = Layer.unpack(build.resolve("rightsizer-extension-layer.zip"), build.resolve("bench/shipped"));
        Path shipped = shippedLayer.resolve("extensions/rightsizer-extension");
        String launcherText = Files.readString(shipped);
        int flagsStart = launcherText.indexOf("flags=\"");
        int flagsEnd = launcherText.indexOf('"', flagsStart + 7);
        if (flagsStart < 0 || flagsEnd < 0 || !launcherText.contains(SHIPPED_CDS)) {
            throw new IllegalStateException("the launcher changed: update the benchmark's variants");
        }
        String shippedFlagsBlock = launcherText.substring(flagsStart, flagsEnd + 1);
        String shippedFlags = shippedFlagsBlock.substring(7, shippedFlagsBlock.length() - 1).replaceAll("\\s+", " ");

        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("shipped: JDK 17 image, static CDS archive, small-memory flags", shipped, ""));
        variants.add(new Variant("no CDS archive (-Xshare:off)", shipped, "-Xshare:off"));
        variants.add(new Variant("archive relocated (ArchiveRelocationMode=1, the JDK's default)", shipped,
                "-XX:ArchiveRelocationMode=1"));
        variants.add(new Variant("interpreter only (-Xint)", shipped, "-Xint"));
        variants.add(new Variant("smaller heap (-Xms2m -Xmx8m)", shipped, "-Xms2m -Xmx8m"));

        variants.add(new Variant("JVM default flags (only the CDS archive)",
                variantLauncher(build, "default-flags", shippedLayer, launcherText.replace(shippedFlagsBlock, "flags=\"\"")), ""));
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        if (Files.isDirectory(jdk25) && (args.length <= 3 || args[3].contains("JDK 25"))) {
            Path layer25 = buildJdk25Layer(build, shippedLayer, jdk25, launcherText);
            variants.add(new Variant("JDK 25 image, static CDS archive, same flags",
                    layer25.resolve("extensions/rightsizer-extension"), ""));
            Path aot = buildJdk25AotLayer(build, layer25, launcherText);
            if (aot != null) {
                variants.add(new Variant("JDK 25 image, AOT cache (JEP 483/514), same flags", aot, ""));
            }
        }

        // The shipped trust store (the layer's AWS roots) plus the test certificate, via the launcher's override,
        // so TLS costs what it costs in Lambda; and the JDK's full CA store (+ the test certificate) to compare.
        TestTls tls = TestTls.create(build.resolve("bench/tls"),
                shippedLayer.resolve("rightsizer-extension/" + AwsRootsTrustStore.FILE_NAME));
        TestTls jdkTls = TestTls.create(build.resolve("bench/tls-jdk"));
        FakeKinesis httpsKinesis = new FakeKinesis(tls.serverContext());
        FakeKinesis httpsKinesisJdk = new FakeKinesis(jdkTls.serverContext());
        Map<String, String> tlsEnv = new LinkedHashMap<>(tls.trustStoreEnvironment());
        tlsEnv.put("RIGHTSIZER_KINESIS_ENDPOINT", httpsKinesis.endpoint());
        Map<String, String> jdkTlsEnv = new LinkedHashMap<>(jdkTls.trustStoreEnvironment());
        jdkTlsEnv.put("RIGHTSIZER_KINESIS_ENDPOINT", httpsKinesisJdk.endpoint());
        variants.add(1, new Variant("shipped, but TLS to Kinesis (layer's AWS-roots store + a test certificate)",
                shipped, "", tlsEnv));
        variants.add(2, new Variant("shipped, TLS, JDK's full CA store (+ a test certificate)", shipped, "",
                jdkTlsEnv));

        String heapLoose = "-Xms8m -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70";
        variants.add(3, new Variant("shipped, TLS, smaller heap (-Xms2m -Xmx8m)", shipped, "-Xms2m -Xmx8m", tlsEnv));
        variants.add(4, new Variant("shipped, TLS, earlier heap flags (" + heapLoose + ", JVM defaults)", shipped,
                heapLoose, tlsEnv));
        if (System.getProperty("bench.extraLayer") != null) {
            Path extra = Path.of(System.getProperty("bench.extraLayer")).resolve("extensions/rightsizer-extension");
            variants.add(new Variant("archive trained without TLS", extra, ""));
            variants.add(new Variant("archive trained without TLS, TLS to Kinesis", extra, "", tlsEnv));
        }
        if (args.length > 3) {
            List<String> keep = List.of(args[3].split(","));
            variants.removeIf(v -> keep.stream().noneMatch(k -> v.name().startsWith(k)));
        }

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "runs per variant: %d, invocations per run: %d, telemetry: one "
                + "platform.start/runtimeDone/report per invocation, delivered during the next one%n%n", runs, invocations));
        report.append("| variant | start → registered+subscribed, median ms | INVOKE → /next in the extension, "
                + "p50 / p99 ms | INVOKE handed out → next /next request arrives, seen by the emulator, p50 / p99 ms "
                + "| VmRSS after steady telemetry, median MB | VmHWM median MB |\n|---|---|---|---|---|---|\n");
        try (FakeKinesis kinesis = new FakeKinesis()) {
            // Warms the emulator's own JVM so the first measured run is not slowed by it.
            run(variants.get(0), kinesis, invocations);
            for (Variant variant : variants) {
                List<Run> results = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    results.add(run(variant, kinesis, invocations));
                }
                report.append(String.format(Locale.ROOT, "| %s | %.0f | %.3f / %.3f | %.3f / %.3f | %.1f | %.1f |%n",
                        variant.name(),
                        median(results.stream().map(Run::startMs).toList()),
                        median(results.stream().map(r -> r.ownP50Us() / 1000.0).toList()),
                        median(results.stream().map(r -> r.ownP99Us() / 1000.0).toList()),
                        median(results.stream().map(r -> percentile(r.invokeToNextNanos(), 50) / 1e6).toList()),
                        median(results.stream().map(r -> percentile(r.invokeToNextNanos(), 99) / 1e6).toList()),
                        median(results.stream().map(r -> r.rssKb() / 1024.0).toList()),
                        median(results.stream().map(r -> r.hwmKb() / 1024.0).toList())));
                System.out.println(variant.name() + " done");
            }
            report.append('\n');
            Path image = shippedLayer.resolve("rightsizer-extension/runtime/bin/java");
            String floorFlags = shippedFlags + " -Xshare:auto -XX:SharedArchiveFile="
                    + shippedLayer.resolve("rightsizer-extension/app.jsa");
            String testClasses = build.resolve("test-classes").toString();
            report.append(probe("idle JVM floor (same image and flags, a main that sleeps)", runs,
                    image + " " + floorFlags + " -cp " + testClasses + " " + IdleMain.class.getName()));
            report.append(probe("idle JVM floor, full JDK 17 (same flags, no archive)", runs,
                    Path.of(System.getProperty("java.home"), "bin/java") + " " + shippedFlags
                            + " -cp " + testClasses + " " + IdleMain.class.getName()));
            report.append(probe("AWS SDK KinesisClient + one PutRecords (full JDK 17, same flags)", runs,
                    Path.of(System.getProperty("java.home"), "bin/java") + " " + shippedFlags
                            + " -cp " + System.getProperty("java.class.path") + " " + SdkKinesisProbe.class.getName()
                            + " " + kinesis.endpoint()));
        }
        httpsKinesis.close();
        httpsKinesisJdk.close();
        report.append('\n').append(sizes("shipped layer (JDK 17)", shippedLayer, build.resolve("rightsizer-extension-layer.zip")));
        if (Files.isDirectory(build.resolve("bench/jdk25"))) {
            report.append(sizes("JDK 25 variant", build.resolve("bench/jdk25"), null));
        }
        System.out.println();
        System.out.println(report);
        Files.writeString(build.resolve("bench/extension-bench.md"), report.toString());
    }

    private static Run run(Variant variant, FakeKinesis kinesis, int invocations) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RIGHTSIZER_STREAM", "rightsizer-telemetry");
        env.put("RIGHTSIZER_KINESIS_ENDPOINT", kinesis.endpoint());
        env.putAll(variant.env());
        if (!variant.jvmOptions().isEmpty()) {
            env.put("RIGHTSIZER_EXTENSION_JVM_OPTS", variant.jvmOptions());
        }
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.launch(variant.launcher(), env,
                TelemetryTiming.NEXT_INVOKE)) {
            lambda.awaitInit(Duration.ofSeconds(30));
            double startMs = lambda.startToSubscribedNanos() / 1e6;
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < invocations; i++) {
                latencies.add(lambda.invoke(Duration.ofMillis(5), 512, 120 + (i % 7)).invokeToNextNanos());
            }
            lambda.thaw();
            long[] memory = memory(lambda.pid());
            lambda.shutdown(Duration.ofSeconds(2));
            Map<String, Long> counters = lambda.counters();
            if (counters.get("shipped") < invocations - 1) {
                throw new IllegalStateException(variant.name() + " did not ship: " + lambda.output());
            }
            return new Run(startMs, latencies, memory[0], memory[1], counters.get("invokeToNextP50Us"),
                    counters.get("invokeToNextP99Us"));
        }
    }

    private static String probe(String name, int runs, String commandLine) throws Exception {
        List<Double> rss = new ArrayList<>();
        List<Double> ready = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(List.of(commandLine.trim().split("\\s+"))).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null && !line.equals("ready")) {
                    // Skip whatever the probe prints before it is ready.
                }
                if (line == null) {
                    throw new IllegalStateException(name + " probe ended early");
                }
                ready.add((System.nanoTime() - start) / 1e6);
                // Let the JVM settle (lazy threads, first GC) before reading its memory.
                Thread.sleep(500);
                rss.add(memory(p.pid())[0] / 1024.0);
            } finally {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        return String.format(Locale.ROOT, "- %s: VmRSS median %.1f MB, process start to ready median %.0f ms%n", name,
                median(rss), median(ready));
    }

    private static long[] memory(long pid) throws IOException {
        long rss = -1;
        long hwm = -1;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return new long[] {rss, hwm};
    }

    private static Path variantLauncher(Path build, String name, Path runtimeLayer, String text) throws IOException {
        Path dir = build.resolve("bench/" + name);
        Files.createDirectories(dir.resolve("extensions"));
        Path home = dir.resolve("rightsizer-extension");
        if (!Files.exists(home)) {
            Files.createSymbolicLink(home, runtimeLayer.resolve("rightsizer-extension").toAbsolutePath());
        }
        Path launcher = dir.resolve("extensions/rightsizer-extension");
        Files.writeString(launcher, text);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    private static Path buildJdk25Layer(Path build, Path shippedLayer, Path jdk, String launcherText)
            throws Exception {
        Path dir = build.resolve("bench/jdk25");
        deleteTree(dir);
        Files.createDirectories(dir.resolve("extensions"));
        exec(jdk.resolve("bin/jlink").toString(), "--module-path",
                build.resolve("rightsizer-extension-module.jar").toString(), "--add-modules",
                "io.rightsizer.extension,jdk.crypto.ec", "--strip-debug", "--no-header-files", "--no-man-pages",
                "--compress=zip-6", "--output", dir.resolve("rightsizer-extension/runtime").toString());
        // The same trust store as the shipped layer: the launcher and the TLS training run expect it beside the image.
        Files.copy(shippedLayer.resolve("rightsizer-extension/" + AwsRootsTrustStore.FILE_NAME),
                dir.resolve("rightsizer-extension/" + AwsRootsTrustStore.FILE_NAME));
        Path launcher = dir.resolve("extensions/rightsizer-extension");
        Files.writeString(launcher, launcherText);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        CdsTraining.main(new String[] {dir.toString()});
        return dir;
    }

    private static Path buildJdk25AotLayer(Path build, Path layer25, String launcherText) {
        try {
            Path dir = build.resolve("bench/jdk25-aot");
            deleteTree(dir);
            Path cache = dir.resolve("app.aot");
            String recording = launcherText.replace(SHIPPED_CDS, "");
            Path recorder = variantLauncher(build, "jdk25-aot", layer25, recording);
            CdsTraining.runWorkload(recorder, "-XX:AOTCacheOutput=" + cache);
            if (!Files.exists(cache)) {
                throw new IllegalStateException("no AOT cache written");
            }
            return variantLauncher(build, "jdk25-aot", layer25,
                    launcherText.replace(SHIPPED_CDS, "-XX:AOTCache=" + cache));
        } catch (Exception e) {
            System.out.println("JDK 25 AOT cache variant skipped in this run: " + e);
            return null;
        }
    }

    private static String sizes(String name, Path layer, Path zip) throws IOException {
        long total;
        try (Stream<Path> files = Files.walk(layer)) {
            total = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        return String.format(Locale.ROOT, "- %s: %.1f MB unzipped%s%n", name, total / 1e6,
                zip == null ? "" : String.format(Locale.ROOT, ", %.1f MB zipped", zip.toFile().length() / 1e6));
    }

    private static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double percentile(List<Long> values, int pct) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(pct / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
