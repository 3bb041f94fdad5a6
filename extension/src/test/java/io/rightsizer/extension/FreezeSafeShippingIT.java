package io.rightsizer.extension;

import static io.rightsizer.extension.Sandboxes.kinesisOverTls;
import static io.rightsizer.extension.Sandboxes.sandbox;
import static io.rightsizer.extension.Sandboxes.shippedRequestIds;
import static io.rightsizer.extension.Sandboxes.shippingTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.rightsizer.extension.emulator.FakeKinesis;
import io.rightsizer.extension.emulator.FakeKinesis.Call;
import io.rightsizer.extension.emulator.FakeKinesis.Fault;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator.NextWait;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator.ShutdownResult;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator.TelemetryTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lambda freezes the sandbox as soon as the function and every extension wait on {@code /event/next}: a request still
 * in flight then is cut, to finish (or time out) at some later thaw; and a kept-alive connection can die while the
 * sandbox sleeps. Shipping must survive both.
 */
class FreezeSafeShippingIT {

    @ParameterizedTest(name = "{0} MB")
    @ValueSource(ints = {128, 1024})
    void aFunctionThatReturnsAtOnceWhenTheExtensionShipsThenNoPutRecordsIsInFlightWhileItWaitsOnNext(
            int memoryMb) throws Exception {
        try (FakeKinesis kinesis = kinesisOverTls()) {
            // Kinesis answers in 60 ms: a request started after /next would still be open when the sandbox freezes.
            kinesis.slowBy(Duration.ofMillis(60)).failAlways(Fault.SLOW);
            Map<String, String> env = shippingTo(kinesis);
            // Ship on every INVOKE that has a report, so each invoke of this short test carries a PutRecords.
            env.put("RIGHTSIZER_BATCH_REPORTS", "1");
            int invocations = 8;
            List<String> requestIds = new ArrayList<>();
            try (LambdaRuntimeEmulator lambda = sandbox(memoryMb, env).launch()) {
                lambda.awaitInit();
                for (int i = 0; i < invocations; i++) {
                    requestIds.add(lambda.invoke(Duration.ZERO, 90 + i).requestId());
                }
                ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));
                List<NextWait> waits = lambda.nextWaits();

                assertThat(shippedRequestIds(kinesis)).as(() -> "reports in Kinesis; " + lambda.output())
                        .containsAll(requestIds);
                assertThat(shutdown.killedAtDeadline()).isFalse();
                // Calls up to SHUTDOWN (the last wait ends when SHUTDOWN is handed out); the final flush comes after.
                long shutdownHandedOut = waits.get(waits.size() - 1).handedOutNanos();
                List<Call> duringInvokes = kinesis.calls().stream()
                        .filter(c -> c.arrivedNanos() < shutdownHandedOut).toList();
                assertThat(duringInvokes).as("reports shipped while the invocations ran (work begun after /next is"
                        + " frozen with the sandbox and reaches Kinesis only at SHUTDOWN)").isNotEmpty();
                for (Call call : duringInvokes) {
                    assertThat(call.answeredNanos()).as("every call was answered").isPositive();
                    for (NextWait wait : waits) {
                        long waitEnd = wait.handedOutNanos() < 0 ? Long.MAX_VALUE : wait.handedOutNanos();
                        boolean overlaps = call.arrivedNanos() < waitEnd && wait.arrivedNanos() < call.answeredNanos();
                        assertThat(overlaps).as("PutRecords %s in flight while the extension waited on /event/next"
                                + " (the sandbox may be frozen then)", call).isFalse();
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} MB")
    @ValueSource(ints = {128, 1024})
    void aKeptAliveConnectionThatDiedWhileTheSandboxWasFrozenWhenShutdownFlushesThenAFreshConnectionDeliversAll(
            int memoryMb) throws Exception {
        try (FakeKinesis kinesis = kinesisOverTls()) {
            // A NAT that silently forgets connections idle for 300 ms: a request on one is never answered.
            kinesis.forgetConnectionsIdleLongerThan(Duration.ofMillis(300));
            Map<String, String> env = shippingTo(kinesis);
            env.put("RIGHTSIZER_BATCH_REPORTS", "1");
            List<String> requestIds = new ArrayList<>();
            try (LambdaRuntimeEmulator lambda = sandbox(memoryMb, env).timing(TelemetryTiming.NEXT_INVOKE).launch()) {
                lambda.awaitInit();
                for (int i = 0; i < 4; i++) {
                    requestIds.add(lambda.invoke(Duration.ofMillis(200), 80 + i).requestId());
                }
                // The last reports arrive only at SHUTDOWN, so the flush there is the only chance to send them...
                lambda.switchTiming(TelemetryTiming.AT_SHUTDOWN);
                requestIds.add(lambda.invoke(Duration.ofMillis(200), 84).requestId());
                requestIds.add(lambda.invoke(Duration.ofMillis(200), 85).requestId());
                // ...and meanwhile the sandbox sleeps and the connection the extension keeps alive dies.
                Thread.sleep(1000);
                ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

                assertThat(shippedRequestIds(kinesis)).as(() -> "reports in Kinesis; " + lambda.output() + " "
                        + kinesis.calls()).containsAll(requestIds);
                assertThat(shutdown.killedAtDeadline()).isFalse();
                assertThat(lambda.counters()).containsEntry("received", 6L).containsEntry("shipped", 6L);
            }
            assertThat(kinesis.calls()).as("the dead connection was used, then a fresh one")
                    .anyMatch(c -> c.outcome().equals("dropped after idle"));
            assertThat(kinesis.stored()).hasSizeGreaterThanOrEqualTo(1);
        }
    }
}
