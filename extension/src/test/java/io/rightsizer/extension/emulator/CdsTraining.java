package io.rightsizer.extension.emulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Build step: runs the layer's launcher through the emulator (register, subscribe, invokes with telemetry, PutRecords,
 * SHUTDOWN) recording the classes it loads, then dumps a static class-data archive of exactly those classes with
 * the launcher's own flags. The archive lands at {@code rightsizer-extension/app.jsa}, where the launcher looks.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path layer = Path.of(args[0]);
        Path launcher = layer.resolve("extensions/rightsizer-extension");
        Path home = layer.resolve("rightsizer-extension");
        Path archive = home.resolve("app.jsa");
        Path classList = layer.getParent().resolve("rightsizer-extension.classlist");
        Files.deleteIfExists(archive);
        Files.deleteIfExists(classList);
        if (Boolean.parseBoolean(System.getProperty("training.tls", "true"))) {
            // Over TLS, as against the real endpoint, so the TLS and certificate classes are archived too; with the
            // layer's own small trust store (plus the test certificate), the kind of store the launcher passes.
            TestTls tls = TestTls.create(layer.getParent().resolve("training-tls"), home.resolve("aws-roots.p12"));
            try (FakeKinesis kinesis = new FakeKinesis(tls.serverContext())) {
                runWorkload(launcher, "-Xshare:off -XX:DumpLoadedClassList=" + classList, kinesis,
                        tls.trustStoreEnvironment());
            }
        } else {
            runWorkload(launcher, "-Xshare:off -XX:DumpLoadedClassList=" + classList);
        }
        if (!Files.exists(classList)) {
            throw new IllegalStateException("the training run wrote no class list");
        }
        ProcessBuilder dump = new ProcessBuilder(launcher.toString()).inheritIO();
        dump.environment().remove("JAVA_TOOL_OPTIONS");
        dump.environment().put("RIGHTSIZER_EXTENSION_JVM_OPTS",
                "-Xshare:dump -XX:SharedClassListFile=" + classList + " --add-modules io.rightsizer.extension");
        Process process = dump.start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(archive)) {
            process.destroyForcibly();
            throw new IllegalStateException("class-data archive dump failed");
        }
        System.out.println("class-data archive written: " + archive + " (" + Files.size(archive) + " bytes)");
    }

    /** Drives the launcher through a short, complete life (with extra JVM options) against an accepting Kinesis. */
    public static void runWorkload(Path launcher, String jvmOptions) throws Exception {
        try (FakeKinesis kinesis = new FakeKinesis()) {
            runWorkload(launcher, jvmOptions, kinesis, Map.of());
        }
    }

    private static void runWorkload(Path launcher, String jvmOptions, FakeKinesis kinesis, Map<String, String> env)
            throws Exception {
        Map<String, String> environment = new HashMap<>(env);
        environment.put("RIGHTSIZER_STREAM", "rightsizer-telemetry");
        environment.put("RIGHTSIZER_KINESIS_ENDPOINT", kinesis.endpoint());
        environment.put("RIGHTSIZER_EXTENSION_JVM_OPTS", jvmOptions);
        try (LambdaRuntimeEmulator emulator = LambdaRuntimeEmulator.launch(launcher, environment,
                LambdaRuntimeEmulator.TelemetryTiming.NEXT_INVOKE, false)) {
            emulator.awaitInit(Duration.ofSeconds(30));
            for (int i = 0; i < 6; i++) {
                emulator.invoke(Duration.ofMillis(5), 256, 90 + i);
            }
            emulator.postRawTelemetry("[{\"time\":\"2026-11-23T10:00:00Z\",\"type\":\"platform.report\"}]");
            LambdaRuntimeEmulator.ShutdownResult result = emulator.shutdown(Duration.ofSeconds(60));
            if (result.exitCode() != 0 || kinesis.records() == 0) {
                throw new IllegalStateException("training run failed (exit " + result.exitCode() + ", records "
                        + kinesis.records() + "): " + emulator.output());
            }
        }
    }
}
