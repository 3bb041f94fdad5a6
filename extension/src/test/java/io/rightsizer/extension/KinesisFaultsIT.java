package io.rightsizer.extension;

import static io.rightsizer.extension.Sandboxes.kinesisOverTls;
import static io.rightsizer.extension.Sandboxes.sandbox;
import static io.rightsizer.extension.Sandboxes.shippedRequestIds;
import static io.rightsizer.extension.Sandboxes.shippingTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.rightsizer.extension.emulator.FakeKinesis;
import io.rightsizer.extension.emulator.FakeKinesis.Fault;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator.InvokeResult;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator.ShutdownResult;
import io.rightsizer.extension.emulator.MotoKinesis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kinesis and the network fail in the ways they do; the function never notices, the buffer stays bounded, and no
 * report that could be sent before the SHUTDOWN deadline is lost. All at the 128 MB share, over TLS.
 */
class KinesisFaultsIT {

    private static final Duration FUNCTION_TIME = Duration.ofMillis(20);

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void aKinesisFaultDuringTheInvocationsWhenItPassesThenEveryReportIsDeliveredBySHUTDOWN(Fault fault)
            throws Exception {
        try (FakeKinesis kinesis = kinesisOverTls()) {
            // Two calls in a row fail: the first try and its retry within the same INVOKE.
            kinesis.slowBy(Duration.ofMillis(1500)).failEntries(0, 2).failNext(2, fault);
            Map<String, String> env = shippingTo(kinesis);
            env.put("RIGHTSIZER_BATCH_REPORTS", "3");
            env.put("RIGHTSIZER_MAX_RECORD_BYTES", "1024");
            List<String> requestIds = new ArrayList<>();
            try (LambdaRuntimeEmulator lambda = sandbox(128, env).launch()) {
                lambda.awaitInit();
                for (int i = 0; i < 12; i++) {
                    requestIds.add(lambda.invoke(FUNCTION_TIME, 60 + i).requestId());
                }
                ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

                List<String> shipped = shippedRequestIds(kinesis);
                assertThat(new HashSet<>(shipped)).as(() -> lambda.output() + "\n" + kinesis.calls())
                        .containsExactlyInAnyOrderElementsOf(requestIds);
                if (fault != Fault.ACCEPT_AND_DROP && fault != Fault.SLOW) {
                    assertThat(shipped).as("no duplicates where Kinesis stored nothing").hasSameSizeAs(requestIds);
                }
                assertThat(shutdown.killedAtDeadline()).isFalse();
                assertThat(shutdown.exitCode()).isZero();
            }
        }
    }

    @Test
    void kinesisUnreachableThenTheBufferStaysBoundedTheFunctionRunsOnAndTheFaultIsLoggedOnce() throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("RIGHTSIZER_STREAM", "telemetry");
        env.put("RIGHTSIZER_KINESIS_ENDPOINT", "https://127.0.0.1:" + MotoKinesis.freePort());
        env.put("RIGHTSIZER_BUFFER_MAX", "4");
        env.put("RIGHTSIZER_BATCH_REPORTS", "1");
        try (LambdaRuntimeEmulator lambda = sandbox(128, env).launch()) {
            lambda.awaitInit();
            List<InvokeResult> invokes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                invokes.add(lambda.invoke(FUNCTION_TIME, 90));
            }
            ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

            assertThat(shutdown.exitCode()).isZero();
            assertThat(shutdown.killedAtDeadline()).isFalse();
            Map<String, Long> counters = lambda.counters();
            assertThat(counters).containsEntry("received", 10L).containsEntry("shipped", 0L)
                    .containsEntry("dropped", 6L);
            assertThat(counters.get("putErrors")).isPositive();
            assertThat(lambda.output()).filteredOn(l -> l.contains("connection refused")).hasSize(1);
            assertThat(lambda.output()).filteredOn(l -> l.contains("report buffer full")).hasSize(1);
            assertThat(lambda.output()).anyMatch(l -> l.contains("4 reports unsent"));
            // Backing off: after the first failure the next INVOKEs do not try again at once.
            assertThat(counters.get("shipInvokes")).isLessThan(5L);
        }
    }

    @Test
    void kinesisThatNeverAnswersThenAnInvokeWaitsAtMostTheShipBudgetAndLaterOnesBackOff() throws Exception {
        try (FakeKinesis kinesis = kinesisOverTls()) {
            kinesis.failAlways(Fault.NEVER_ANSWER);
            Map<String, String> env = shippingTo(kinesis);
            env.put("RIGHTSIZER_BATCH_REPORTS", "1");
            try (LambdaRuntimeEmulator lambda = sandbox(128, env).launch()) {
                lambda.awaitInit();
                List<InvokeResult> invokes = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    invokes.add(lambda.invoke(Duration.ofMillis(5), 90));
                }
                ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(500));

                assertThat(invokes).allSatisfy(inv -> assertThat(inv.invokeToNextNanos())
                        .isLessThan(Duration.ofMillis(650).toNanos()));
                assertThat(invokes.stream().filter(inv -> inv.invokeToNextNanos() > Duration.ofMillis(100).toNanos()))
                        .as("invokes that waited on Kinesis").hasSizeLessThanOrEqualTo(2);
                assertThat(shutdown.killedAtDeadline()).isFalse();
                assertThat(lambda.output()).filteredOn(l -> l.contains("timeout")).hasSize(1);
            }
        }
    }

    @Test
    void aKeptAliveConnectionANATResetWhileTheSandboxSleptThenTheReportsGoOnAFreshConnection() throws Exception {
        try (FakeKinesis kinesis = kinesisOverTls()) {
            kinesis.resetConnectionsIdleLongerThan(Duration.ofMillis(300));
            Map<String, String> env = shippingTo(kinesis);
            env.put("RIGHTSIZER_BATCH_REPORTS", "1");
            List<String> requestIds = new ArrayList<>();
            try (LambdaRuntimeEmulator lambda = sandbox(128, env).launch()) {
                lambda.awaitInit();
                for (int i = 0; i < 3; i++) {
                    requestIds.add(lambda.invoke(FUNCTION_TIME, 60 + i).requestId());
                }
                Thread.sleep(600);
                for (int i = 0; i < 3; i++) {
                    requestIds.add(lambda.invoke(FUNCTION_TIME, 70 + i).requestId());
                }
                lambda.shutdown(Duration.ofMillis(2000));

                assertThat(lambda.counters().get("retries")).isPositive();
            }
            assertThat(shippedRequestIds(kinesis)).containsExactlyElementsOf(requestIds);
            assertThat(kinesis.calls()).anyMatch(c -> c.outcome().equals("reset after idle"));
        }
    }

    @Test
    void aConnectionIdleForLongerThanTheLimitThenTheExtensionDropsItBeforeTheNetworkDoes() throws Exception {
        try (FakeKinesis kinesis = kinesisOverTls()) {
            kinesis.forgetConnectionsIdleLongerThan(Duration.ofMillis(800));
            Map<String, String> env = shippingTo(kinesis);
            env.put("RIGHTSIZER_BATCH_REPORTS", "1");
            env.put("RIGHTSIZER_IDLE_CONNECTION_MS", "400");
            try (LambdaRuntimeEmulator lambda = sandbox(128, env).launch()) {
                lambda.awaitInit();
                for (int i = 0; i < 3; i++) {
                    lambda.invoke(FUNCTION_TIME, 60 + i);
                }
                Thread.sleep(1000);
                lambda.invoke(FUNCTION_TIME, 63);
                lambda.shutdown(Duration.ofMillis(2000));

                assertThat(lambda.counters()).containsEntry("idleDrops", 1L).containsEntry("retries", 0L)
                        .containsEntry("shipped", 4L);
            }
            assertThat(kinesis.calls()).noneMatch(c -> c.outcome().equals("dropped after idle"));
        }
    }

    @Test
    void anEndpointWhoseCertificateIsNotTrustedThenNothingIsSentAndTheExtensionSaysSoOnce() throws Exception {
        try (FakeKinesis kinesis = kinesisOverTls()) {
            Map<String, String> env = shippingTo(kinesis);
            env.remove("SSL_CERT_FILE");
            env.put("RIGHTSIZER_BATCH_REPORTS", "1");
            try (LambdaRuntimeEmulator lambda = sandbox(128, env).launch()) {
                lambda.awaitInit();
                for (int i = 0; i < 4; i++) {
                    lambda.invoke(FUNCTION_TIME, 60);
                }
                ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

                assertThat(shutdown.exitCode()).isZero();
                assertThat(lambda.counters()).containsEntry("shipped", 0L);
                assertThat(lambda.output()).filteredOn(l -> l.contains("certificate")).hasSize(1);
            }
            assertThat(kinesis.calls()).as("the TLS handshake failed before any request").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"AWS_ENDPOINT_URL_KINESIS", "AWS_ENDPOINT_URL"})
    void theStandardEndpointOverrideThenTheExtensionShipsThere(String variable) throws Exception {
        try (FakeKinesis kinesis = kinesisOverTls()) {
            Map<String, String> env = shippingTo(kinesis);
            env.remove("RIGHTSIZER_KINESIS_ENDPOINT");
            env.put(variable, kinesis.endpoint());
            try (LambdaRuntimeEmulator lambda = sandbox(256, env).launch()) {
                lambda.awaitInit();
                lambda.invoke(FUNCTION_TIME, 60);
                lambda.shutdown(Duration.ofMillis(2000));

                assertThat(lambda.output()).anyMatch(l -> l.contains("(" + variable + ")"));
                assertThat(lambda.counters()).containsEntry("shipped", 1L);
            }
        }
    }

    @Test
    void aStreamThatDoesNotExistThenTheExtensionLogsItOnceAndTheFunctionRunsOn() throws Exception {
        try (FakeKinesis kinesis = kinesisOverTls()) {
            kinesis.onlyStreams("another-stream");
            Map<String, String> env = shippingTo(kinesis);
            env.put("RIGHTSIZER_BATCH_REPORTS", "1");
            try (LambdaRuntimeEmulator lambda = sandbox(128, env).launch()) {
                lambda.awaitInit();
                for (int i = 0; i < 5; i++) {
                    lambda.invoke(FUNCTION_TIME, 60);
                }
                ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(1000));

                assertThat(shutdown.exitCode()).isZero();
                assertThat(lambda.output()).filteredOn(l -> l.contains("ResourceNotFoundException")).hasSize(1);
            }
        }
    }
}
