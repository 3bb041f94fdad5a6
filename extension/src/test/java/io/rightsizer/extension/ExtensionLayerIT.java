package io.rightsizer.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.logs.envelope.StreamBatch;
import io.rightsizer.logs.envelope.StreamRecordCodec;
import io.rightsizer.extension.emulator.AwsRootsTrustStore;
import io.rightsizer.extension.emulator.FailingKinesisProxy;
import io.rightsizer.extension.emulator.FakeKinesis;
import io.rightsizer.extension.emulator.LambdaRuntimeEmulator;
import io.rightsizer.extension.emulator.LambdaRuntimeEmulator.InvokeResult;
import io.rightsizer.extension.emulator.LambdaRuntimeEmulator.ShutdownResult;
import io.rightsizer.extension.emulator.LambdaRuntimeEmulator.TelemetryTiming;
import io.rightsizer.extension.emulator.Layer;
import io.rightsizer.extension.emulator.MotoKinesis;
import io.rightsizer.extension.emulator.MotoKinesis.StoredRecord;
import io.rightsizer.extension.emulator.TestTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real layer (unpacked from the built zip, launcher and all) run by the Lambda emulator against a real moto
 * Kinesis: what reaches the stream, what the function notices, what the counters say.
 */
class ExtensionLayerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FUNCTION_TIME = Duration.ofMillis(30);
    private static final AtomicInteger STREAMS = new AtomicInteger();
    private static MotoKinesis kinesis;

    @BeforeAll
    static void startKinesis() throws Exception {
        kinesis = MotoKinesis.start();
    }

    @AfterAll
    static void stopKinesis() throws Exception {
        if (kinesis != null) {
            kinesis.close();
        }
    }

    @Test
    void normalFlowReportsOfEveryInvocationReachTheStreamAsOneFunctionsBatches() throws Exception {
        String stream = newStream();
        Map<String, String> env = shippingTo(stream, kinesis.endpoint());
        // The function's own Java options must not reach the extension's JVM.
        env.put("JAVA_TOOL_OPTIONS", "-Xmx2g -XX:+PrintCommandLineFlags");
        List<String> requestIds = new ArrayList<>();
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.launch(Layer.launcher(), env,
                TelemetryTiming.NEXT_INVOKE)) {
            lambda.awaitInit(Duration.ofSeconds(15));
            for (int i = 0; i < 5; i++) {
                requestIds.add(lambda.invoke(FUNCTION_TIME, 512, 100 + i).requestId());
            }
            ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

            assertThat(shutdown.exitCode()).isZero();
            assertThat(shutdown.killedAtDeadline()).isFalse();
            assertThat(lambda.apiErrors()).isEmpty();
            assertThat(lambda.errorReports()).isEmpty();
            assertThat(lambda.sawAcceptAccountId()).isTrue();
            assertThat(lambda.listenerUri()).startsWith("http://sandbox.localdomain:");
            assertThat(lambda.output()).noneMatch(l -> l.contains("JAVA_TOOL_OPTIONS") || l.contains("-Xmx2g"));
            Map<String, Long> counters = lambda.counters();
            assertThat(counters).containsEntry("received", 5L).containsEntry("shipped", 5L)
                    .containsEntry("dropped", 0L).containsEntry("malformed", 0L)
                    .containsEntry("skipped.platform.start", 5L).containsEntry("skipped.platform.runtimeDone", 5L);
            // Reports of invocation N arrive during N+1: most are shipped on later INVOKEs, the last at SHUTDOWN.
            assertThat(counters.get("putCalls")).isGreaterThanOrEqualTo(2L);
        }

        List<StoredRecord> records = kinesis.readAll(stream);
        assertThat(records).isNotEmpty().allMatch(r -> r.partitionKey().equals(LambdaRuntimeEmulator.FUNCTION_NAME));
        List<JsonNode> reports = new ArrayList<>();
        for (StoredRecord record : records) {
            // What ingest reads: the very bytes that reached the stream decode with core's reader.
            StreamBatch decoded = new StreamRecordCodec().decode(record.data().getBytes(StandardCharsets.UTF_8));
            assertThat(decoded.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:orders-api");
            assertThat(decoded.partitionKey()).isEqualTo(record.partitionKey());
            decoded.reports().forEach(r -> assertThat(r.memorySizeMb()).isEqualTo(512));
            JsonNode batch = JSON.readTree(record.data());
            assertThat(batch.get("v").asInt()).isEqualTo(1);
            assertThat(batch.get("functionArn").asText()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:orders-api");
            assertThat(batch.get("functionName").asText()).isEqualTo("orders-api");
            assertThat(batch.get("accountId").asText()).isEqualTo("123456789012");
            assertThat(batch.get("region").asText()).isEqualTo("us-east-1");
            batch.get("reports").forEach(reports::add);
        }
        assertThat(reports).extracting(r -> r.get("requestId").asText()).containsExactlyElementsOf(requestIds);
        assertThat(reports).extracting(r -> r.get("maxMemoryUsedMb").asInt()).containsExactly(100, 101, 102, 103, 104);
        JsonNode first = reports.get(0);
        assertThat(first.get("memorySizeMb").asInt()).isEqualTo(512);
        assertThat(first.get("status").asText()).isEqualTo("success");
        assertThat(first.get("errorType").isNull()).isTrue();
        assertThat(first.get("durationMs").asDouble()).isGreaterThanOrEqualTo(FUNCTION_TIME.toMillis());
        assertThat(first.get("billedDurationMs").asLong()).isGreaterThanOrEqualTo(FUNCTION_TIME.toMillis());
        assertThat(first.get("initDurationMs").asDouble()).isEqualTo(231.57);
        assertThat(reports.get(1).get("initDurationMs").isNull()).isTrue();
        assertThat(Instant.parse(first.get("time").asText())).isBefore(Instant.now());
    }

    @Test
    void telemetryArrivingOnlyAtShutdownIsShippedBeforeTheProcessExits() throws Exception {
        String stream = newStream();
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.launch(Layer.launcher(),
                shippingTo(stream, kinesis.endpoint()), TelemetryTiming.AT_SHUTDOWN)) {
            lambda.awaitInit(Duration.ofSeconds(15));
            for (int i = 0; i < 3; i++) {
                lambda.invoke(FUNCTION_TIME, 256, 80);
            }
            ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

            assertThat(shutdown.killedAtDeadline()).isFalse();
            assertThat(lambda.counters()).containsEntry("received", 3L).containsEntry("shipped", 3L);
            // Nothing was buffered during the invocations, so nothing was sent before SHUTDOWN.
            assertThat(lambda.counters()).containsEntry("putCalls", 1L);
        }
        assertThat(reportCount(kinesis.readAll(stream))).isEqualTo(3);
    }

    @Test
    void kinesisDownBufferStaysBoundedTheFunctionRunsOnAndTheFaultIsLoggedOnce() throws Exception {
        int closedPort = MotoKinesis.freePort();
        Map<String, String> env = shippingTo("telemetry", "http://127.0.0.1:" + closedPort);
        env.put("RIGHTSIZER_BUFFER_MAX", "4");
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.launch(Layer.launcher(), env,
                TelemetryTiming.NEXT_INVOKE)) {
            lambda.awaitInit(Duration.ofSeconds(15));
            List<InvokeResult> invocations = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                invocations.add(lambda.invoke(FUNCTION_TIME, 256, 90));
            }
            ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

            assertThat(invocations).hasSize(10);
            assertThat(shutdown.exitCode()).isZero();
            assertThat(shutdown.killedAtDeadline()).isFalse();
            Map<String, Long> counters = lambda.counters();
            assertThat(counters).containsEntry("received", 10L).containsEntry("shipped", 0L)
                    .containsEntry("dropped", 6L);
            assertThat(counters.get("putErrors")).isPositive();
            assertThat(lambda.output()).filteredOn(l -> l.contains("Kinesis unreachable")).hasSize(1);
            assertThat(lambda.output()).anyMatch(l -> l.contains("4 reports unsent"));
        }
    }

    @Test
    void partialPutRecordsFailureRetriesOnlyTheRejectedRecord() throws Exception {
        String stream = newStream();
        try (FailingKinesisProxy proxy = new FailingKinesisProxy(kinesis.endpoint(), 1)) {
            Map<String, String> env = shippingTo(stream, proxy.endpoint());
            // Small records: one report each, so one call carries several records.
            env.put("RIGHTSIZER_MAX_RECORD_BYTES", "600");
            try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.launch(Layer.launcher(), env,
                    TelemetryTiming.AT_SHUTDOWN)) {
                lambda.awaitInit(Duration.ofSeconds(15));
                for (int i = 0; i < 3; i++) {
                    lambda.invoke(FUNCTION_TIME, 256, 70 + i);
                }
                ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

                assertThat(shutdown.killedAtDeadline()).isFalse();
                assertThat(lambda.counters()).containsEntry("putFailures", 1L).containsEntry("shipped", 3L)
                        .containsEntry("putCalls", 2L);
            }
            List<List<String>> calls = proxy.putRecordsCalls();
            assertThat(calls).hasSize(2);
            assertThat(calls.get(0)).hasSize(3);
            assertThat(calls.get(1)).containsExactly(calls.get(0).get(1));
        }
        List<StoredRecord> stored = kinesis.readAll(stream);
        assertThat(stored).hasSize(3);
        List<Integer> used = new ArrayList<>();
        for (StoredRecord r : stored) {
            JSON.readTree(r.data()).get("reports").forEach(rep -> used.add(rep.get("maxMemoryUsedMb").asInt()));
        }
        assertThat(used).containsExactlyInAnyOrder(70, 71, 72);
    }

    @Test
    void noStreamConfiguredRegistersAndAnswersEventsAsANoOp() throws Exception {
        Map<String, String> env = new HashMap<>();
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.launch(Layer.launcher(), env,
                TelemetryTiming.NEXT_INVOKE)) {
            lambda.awaitInit(Duration.ofSeconds(15));
            for (int i = 0; i < 3; i++) {
                lambda.invoke(FUNCTION_TIME, 256, 90);
            }
            ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

            assertThat(shutdown.exitCode()).isZero();
            assertThat(shutdown.killedAtDeadline()).isFalse();
            assertThat(lambda.apiErrors()).isEmpty();
            assertThat(lambda.listenerUri()).as("no subscription, no telemetry buffer").isNull();
            assertThat(lambda.output()).filteredOn(l -> l.contains("RIGHTSIZER_STREAM is not set")).hasSize(1);
            assertThat(lambda.counters()).containsEntry("received", 0L);
        }
    }

    @Test
    void malformedTelemetryIsCountedAndSkippedWhileGoodReportsShip() throws Exception {
        String stream = newStream();
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.launch(Layer.launcher(),
                shippingTo(stream, kinesis.endpoint()), TelemetryTiming.NEXT_INVOKE)) {
            lambda.awaitInit(Duration.ofSeconds(15));
            assertThat(lambda.postRawTelemetry("this is not json")).isEqualTo(200);
            assertThat(lambda.postRawTelemetry("{\"time\":\"2026-11-23T10:00:00Z\",\"type\":\"platform.report\"}"))
                    .isEqualTo(200);
            assertThat(lambda.postRawTelemetry(resource("telemetry/odd-batch.json"))).isEqualTo(200);
            lambda.invoke(FUNCTION_TIME, 256, 91);
            lambda.invoke(FUNCTION_TIME, 256, 92);
            lambda.shutdown(Duration.ofMillis(2000));

            Map<String, Long> counters = lambda.counters();
            // Not JSON, not an array, a report without metrics, an event without a type.
            assertThat(counters).containsEntry("malformed", 4L).containsEntry("skippedNoMemory", 1L)
                    .containsEntry("skipped.platform.futureEvent", 1L).containsEntry("shipped", 3L);
        }
        assertThat(reportCount(kinesis.readAll(stream))).isEqualTo(3);
    }

    @Test
    void shutdownWithOnly500msLeftShipsTheHeldReportsAndExitsBeforeTheDeadline() throws Exception {
        String stream = newStream();
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.launch(Layer.launcher(),
                shippingTo(stream, kinesis.endpoint()), TelemetryTiming.AT_SHUTDOWN)) {
            lambda.awaitInit(Duration.ofSeconds(15));
            for (int i = 0; i < 3; i++) {
                lambda.invoke(FUNCTION_TIME, 1024, 300);
            }
            ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(500));

            assertThat(shutdown.killedAtDeadline()).as(() -> shutdown + " " + lambda.output()).isFalse();
            assertThat(shutdown.exitCode()).isZero();
            assertThat(lambda.counters()).containsEntry("shipped", 3L);
        }
        assertThat(reportCount(kinesis.readAll(stream))).isEqualTo(3);
    }

    @Test
    void overTlsTheExtensionVerifiesKinesisAndShipsAndAnUntrustedEndpointOnlyCostsALogLine() throws Exception {
        // The layer's own trust store plus the test certificate, through the launcher's path override.
        TestTls tls = TestTls.create(Path.of(System.getProperty("java.io.tmpdir"),
                "rightsizer-it-tls-" + ProcessHandle.current().pid()), layerTrustStore());
        try (FakeKinesis https = new FakeKinesis(tls.serverContext())) {
            Map<String, String> env = shippingTo("telemetry", https.endpoint());
            env.putAll(tls.trustStoreEnvironment());
            try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.launch(Layer.launcher(), env,
                    TelemetryTiming.NEXT_INVOKE)) {
                lambda.awaitInit(Duration.ofSeconds(15));
                lambda.invoke(FUNCTION_TIME, 256, 77);
                lambda.invoke(FUNCTION_TIME, 256, 78);
                lambda.shutdown(Duration.ofMillis(2000));

                assertThat(lambda.counters()).containsEntry("shipped", 2L).containsEntry("putErrors", 0L);
            }
            int recordsOverTls = https.records();
            assertThat(recordsOverTls).isPositive();

            // The layer's default trust store does not know the test certificate: nothing is sent, nothing fails.
            env.remove("RIGHTSIZER_TRUSTSTORE");
            try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.launch(Layer.launcher(), env,
                    TelemetryTiming.NEXT_INVOKE)) {
                lambda.awaitInit(Duration.ofSeconds(15));
                lambda.invoke(FUNCTION_TIME, 256, 77);
                lambda.invoke(FUNCTION_TIME, 256, 78);
                ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

                assertThat(shutdown.exitCode()).isZero();
                assertThat(lambda.counters()).containsEntry("shipped", 0L);
                assertThat(lambda.output()).filteredOn(l -> l.contains("SSLHandshakeException")).hasSize(1);
            }
            assertThat(https.records()).isEqualTo(recordsOverTls);
        }
    }

    @Test
    void theLayerShipsATrustStoreWithExactlyTheRootsKinesisChainsTo() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(layerTrustStore())) {
            store.load(in, AwsRootsTrustStore.PASSWORD.toCharArray());
        }

        assertThat(Collections.list(store.aliases())).containsExactlyInAnyOrder("amazonrootca1", "amazonrootca2",
                "amazonrootca3", "amazonrootca4", "starfieldservicesrootg2ca");
        for (Map.Entry<String, String> root : AwsRootsTrustStore.ROOTS.entrySet()) {
            assertThat(store.isCertificateEntry(root.getKey())).isTrue();
            assertThat(((X509Certificate) store.getCertificate(root.getKey())).getSubjectX500Principal().getName())
                    .isEqualTo(root.getValue());
        }
    }

    @Test
    void byDefaultTheLauncherPassesTheLayersTrustStoreAndRightsizerTruststoreOptsOut() throws Exception {
        String store = layerTrustStore().toString();

        assertThat(launcherSystemProperties(Map.of())).contains("javax.net.ssl.trustStore = " + store,
                "javax.net.ssl.trustStoreType = PKCS12");
        assertThat(launcherSystemProperties(Map.of("RIGHTSIZER_TRUSTSTORE", "jdk")))
                .noneMatch(l -> l.contains("javax.net.ssl.trustStore"));
        assertThat(launcherSystemProperties(Map.of("RIGHTSIZER_TRUSTSTORE", "/etc/cn-roots.p12",
                "RIGHTSIZER_TRUSTSTORE_PASSWORD", "secret")))
                .contains("javax.net.ssl.trustStore = /etc/cn-roots.p12", "javax.net.ssl.trustStorePassword = secret");
    }

    /** The system properties the launcher's JVM starts with (it prints them and exits before the extension runs). */
    private static List<String> launcherSystemProperties(Map<String, String> extraEnv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Layer.launcher().toString()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("RIGHTSIZER_"));
        pb.environment().putAll(extraEnv);
        pb.environment().put("RIGHTSIZER_EXTENSION_JVM_OPTS", "-XshowSettings:properties -version");
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().map(String::strip).toList();
    }

    private static Path layerTrustStore() {
        return Layer.launcher().getParent().getParent().resolve("rightsizer-extension/" + AwsRootsTrustStore.FILE_NAME);
    }

    @Test
    void onArm64WithAJavaRuntimeTheLauncherRunsTheShippedJarOnTheFunctionsOwnJava() throws Exception {
        String stream = newStream();
        Map<String, String> env = shippingTo(stream, kinesis.endpoint());
        env.put("RIGHTSIZER_ARCH", "aarch64");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        // Stands in for the runtime's /var/lang/bin/java.
        env.put("RIGHTSIZER_FALLBACK_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.launch(Layer.launcher(), env,
                TelemetryTiming.NEXT_INVOKE)) {
            lambda.awaitInit(Duration.ofSeconds(15));
            lambda.invoke(FUNCTION_TIME, 256, 88);
            lambda.invoke(FUNCTION_TIME, 256, 89);
            ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

            assertThat(shutdown.exitCode()).isZero();
            assertThat(lambda.output())
                    .anyMatch(l -> l.contains("aarch64 glibc") && l.contains("using the function's Java runtime"));
            assertThat(lambda.counters()).containsEntry("shipped", 2L);
        }
    }

    @Test
    void onAnOlderGlibcWithAJavaRuntimeTheLauncherFallsBackInsteadOfFailingTheInit() throws Exception {
        Map<String, String> env = new HashMap<>();
        // Amazon Linux 2 (glibc 2.26) with the java17 runtime.
        env.put("RIGHTSIZER_GLIBC", "glibc 2.26");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        env.put("RIGHTSIZER_FALLBACK_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.launch(Layer.launcher(), env,
                TelemetryTiming.NEXT_INVOKE)) {
            lambda.awaitInit(Duration.ofSeconds(15));
            lambda.invoke(FUNCTION_TIME, 256, 88);
            ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

            assertThat(shutdown.exitCode()).isZero();
            assertThat(lambda.output()).anyMatch(l -> l.contains("glibc 2.26: using the function's Java runtime"));
        }
    }

    @Test
    void onArm64WithoutAJavaRuntimeTheLauncherRunsTheShellNoOpSoTheFunctionsInitSucceeds() throws Exception {
        Map<String, String> env = shippingTo("telemetry", kinesis.endpoint());
        env.put("RIGHTSIZER_ARCH", "aarch64");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_python3.12");

        List<String> output = runNoOp(env);

        assertThat(output).filteredOn(l -> l.contains("inactive")).singleElement().asString()
                .contains("[rightsizer-extension] inactive (no-op, no reports are sent)",
                        "needs x86_64 with glibc", "not aarch64", "AWS_Lambda_python3.12");
    }

    @Test
    void onAmazonLinux2WithoutAJavaRuntimeTheLauncherRunsTheShellNoOp() throws Exception {
        Map<String, String> env = shippingTo("telemetry", kinesis.endpoint());
        // python3.9 / nodejs18.x / provided.al2: Amazon Linux 2, glibc 2.26.
        env.put("RIGHTSIZER_GLIBC", "glibc 2.26");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs18.x");

        List<String> output = runNoOp(env);

        assertThat(output).anyMatch(l -> l.contains("inactive") && l.contains("glibc 2.26 AWS_Lambda_nodejs18.x"));
    }

    @Test
    void forcedNoOpRegistersAnswersEveryInvokePromptlyAndExitsAtShutdownWithoutAJvm() throws Exception {
        Map<String, String> env = shippingTo("telemetry", kinesis.endpoint());
        env.put("RIGHTSIZER_EXTENSION_FORCE_NOOP", "1");

        List<String> output = runNoOp(env);

        assertThat(output).containsExactly(
                "[rightsizer-extension] inactive (no-op, no reports are sent): RIGHTSIZER_EXTENSION_FORCE_NOOP=1");
    }

    @Test
    void aJavaRuntimeThatCannotBeExecutedFallsBackToTheShellNoOp() throws Exception {
        Map<String, String> env = shippingTo("telemetry", kinesis.endpoint());
        env.put("RIGHTSIZER_ARCH", "aarch64");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("RIGHTSIZER_FALLBACK_JAVA", "/nonexistent/bin/java");

        List<String> output = runNoOp(env);

        assertThat(output).anyMatch(l -> l.contains("inactive") && l.contains("cannot start the function's Java runtime"));
    }

    /** Drives the launcher through a whole life cycle and checks what marks the shell no-op; returns its output. */
    private static List<String> runNoOp(Map<String, String> env) throws Exception {
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.launch(Layer.launcher(), env,
                TelemetryTiming.NEXT_INVOKE)) {
            lambda.awaitInit(Duration.ofSeconds(15));
            assertThat(ProcessHandle.of(lambda.pid()).map(ProcessHandle::info).flatMap(ProcessHandle.Info::command))
                    .as("no JVM").hasValueSatisfying(c -> assertThat(c).doesNotContain("java"));
            List<InvokeResult> invocations = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                invocations.add(lambda.invoke(FUNCTION_TIME, 256, 60));
            }
            ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

            assertThat(shutdown.exitCode()).as(lambda.output()::toString).isZero();
            assertThat(shutdown.killedAtDeadline()).isFalse();
            assertThat(shutdown.elapsedMs()).isLessThan(1000);
            assertThat(lambda.apiErrors()).isEmpty();
            assertThat(lambda.errorReports()).isEmpty();
            assertThat(lambda.listenerUri()).as("the no-op subscribes to nothing").isNull();
            // Back on /event/next well within the function's own time: the function is never held up.
            assertThat(invocations).allSatisfy(inv -> assertThat(inv.invokeToNextNanos())
                    .isLessThan(Duration.ofMillis(500).toNanos()));
            return lambda.output();
        }
    }

    private static Map<String, String> shippingTo(String stream, String endpoint) {
        Map<String, String> env = new HashMap<>();
        env.put("RIGHTSIZER_STREAM", stream);
        env.put("RIGHTSIZER_KINESIS_ENDPOINT", endpoint);
        return env;
    }

    private static String newStream() throws InterruptedException {
        String name = "telemetry-" + STREAMS.incrementAndGet();
        kinesis.createStream(name, 1);
        return name;
    }

    private static int reportCount(List<StoredRecord> records) throws IOException {
        int n = 0;
        for (StoredRecord r : records) {
            n += JSON.readTree(r.data()).get("reports").size();
        }
        return n;
    }

    static String resource(String name) throws IOException {
        try (var in = ExtensionLayerIT.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
