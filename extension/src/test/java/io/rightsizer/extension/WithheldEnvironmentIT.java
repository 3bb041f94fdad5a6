package io.rightsizer.extension;

import static io.rightsizer.extension.Sandboxes.kinesisOverTls;
import static io.rightsizer.extension.Sandboxes.sandbox;
import static io.rightsizer.extension.Sandboxes.shippedRequestIds;
import static io.rightsizer.extension.Sandboxes.shippingTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.rightsizer.extension.emulator.FakeKinesis;
import io.rightsizer.extension.emulator.LambdaRuntimeEmulator;
import io.rightsizer.extension.emulator.LambdaRuntimeEmulator.ShutdownResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lambda withholds {@code AWS_EXECUTION_ENV}, {@code LAMBDA_TASK_ROOT} and {@code _HANDLER} from extensions, so an
 * extension must not choose how to run by them: every function whose runtime they would have named is monitored.
 */
class WithheldEnvironmentIT {

    private static final Duration FUNCTION_TIME = Duration.ofMillis(20);

    @ParameterizedTest(name = "{0} MB")
    @ValueSource(ints = {128, 1024})
    void givenAnArm64JavaFunction_whoseRuntimeNameLambdaWithholds_whenInvoked_thenItsReportsAreShipped(int memoryMb)
            throws Exception {
        try (FakeKinesis kinesis = kinesisOverTls()) {
            Map<String, String> env = shippingTo(kinesis);
            // What the function itself sees; the sandbox does not pass it on to extensions.
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
            // Where the extension of earlier versions looked for the machine and the function's java: an arm64
            // machine with the runtime's /var/lang/bin/java (the JDK running these tests stands in for it).
            env.put("RIGHTSIZER_ARCH", "aarch64");
            env.put("RIGHTSIZER_FALLBACK_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());

            assertEveryReportShipped(memoryMb, env, kinesis);
        }
    }

    @ParameterizedTest(name = "{0} MB")
    @ValueSource(ints = {128, 1024})
    void givenAJavaFunctionOnAmazonLinux2_whoseRuntimeNameLambdaWithholds_whenInvoked_thenItsReportsAreShipped(
            int memoryMb) throws Exception {
        try (FakeKinesis kinesis = kinesisOverTls()) {
            Map<String, String> env = shippingTo(kinesis);
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
            // Amazon Linux 2's glibc, where the earlier extension's own Java image could not run.
            env.put("RIGHTSIZER_GLIBC", "glibc 2.26");
            env.put("RIGHTSIZER_FALLBACK_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());

            assertEveryReportShipped(memoryMb, env, kinesis);
        }
    }

    private static void assertEveryReportShipped(int memoryMb, Map<String, String> env, FakeKinesis kinesis)
            throws Exception {
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
            assertThat(lambda.counters()).containsEntry("received", 3L).containsEntry("shipped", 3L);
        }
    }
}
