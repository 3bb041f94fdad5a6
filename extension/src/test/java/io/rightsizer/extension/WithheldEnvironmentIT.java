package io.rightsizer.extension;

import static io.rightsizer.extension.Sandboxes.kinesisOverTls;
import static io.rightsizer.extension.Sandboxes.sandbox;
import static io.rightsizer.extension.Sandboxes.shippedRequestIds;
import static io.rightsizer.extension.Sandboxes.shippingTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.rightsizer.extension.emulator.FakeKinesis;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator.ShutdownResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lambda withholds {@code AWS_EXECUTION_ENV}, {@code LAMBDA_TASK_ROOT} and {@code _HANDLER} from extensions, so an
 * extension must not choose how to run by them. The binary needs nothing of the function's runtime: every function
 * is monitored, whatever runtime it names (LayerPackagingIT checks both architectures' binaries are static).
 */
class WithheldEnvironmentIT {

    private static final Duration FUNCTION_TIME = Duration.ofMillis(20);

    @ParameterizedTest(name = "{0} at {1} MB")
    @CsvSource({
        // java21 on arm64 and java17 on Amazon Linux 2 are what the JVM extension of earlier versions silently
        // turned into a no-op: its launcher looked for a Java runtime in AWS_EXECUTION_ENV (commit 8bee977 has the
        // test that showed it). The others were never monitored by it at all.
        "AWS_Lambda_java21, 128",
        "AWS_Lambda_java17, 1024",
        "AWS_Lambda_python3.9, 128",
        "AWS_Lambda_nodejs22.x, 256",
        "AWS_Lambda_provided.al2, 128",
        "AWS_Lambda_dotnet8, 256",
        "AWS_Lambda_ruby3.3, 128",
    })
    void aFunctionOfAnyRuntimeWhoseNameLambdaWithholdsGetsItsReportsShipped(
            String executionEnv, int memoryMb) throws Exception {
        try (FakeKinesis kinesis = kinesisOverTls()) {
            Map<String, String> env = shippingTo(kinesis);
            // What the function itself sees; the sandbox does not pass it on to extensions.
            env.put("AWS_EXECUTION_ENV", executionEnv);
            env.put("LAMBDA_TASK_ROOT", "/var/task");
            env.put("_HANDLER", "app.handler");
            List<String> requestIds = new ArrayList<>();
            try (LambdaRuntimeEmulator lambda = sandbox(memoryMb, env).launch()) {
                lambda.awaitInit();
                for (int i = 0; i < 3; i++) {
                    requestIds.add(lambda.invoke(FUNCTION_TIME, 100 + i).requestId());
                }
                ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

                assertThat(shippedRequestIds(kinesis)).as(() -> "reports in Kinesis; " + lambda.output())
                        .containsExactlyElementsOf(requestIds);
                assertThat(shutdown.exitCode()).isZero();
                assertThat(lambda.output()).noneMatch(l -> l.contains("inactive"));
            }
        }
    }
}
