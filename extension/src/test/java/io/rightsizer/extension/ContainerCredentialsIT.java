package io.rightsizer.extension;

import static io.rightsizer.extension.Sandboxes.kinesisOverTls;
import static io.rightsizer.extension.Sandboxes.sandbox;
import static io.rightsizer.extension.Sandboxes.shippedRequestIds;
import static io.rightsizer.extension.Sandboxes.shippingTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.rightsizer.testing.lambda.CredentialsIssuer;
import io.rightsizer.extension.emulator.FakeKinesis;
import io.rightsizer.extension.emulator.FakeKinesis.Call;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator.ShutdownResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SnapStart functions get their credentials from the container credentials endpoint
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} + {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}), not from
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SESSION_TOKEN}; they are short-lived and must be renewed.
 */
class ContainerCredentialsIT {

    @ParameterizedTest(name = "{0} MB")
    @ValueSource(ints = {128, 1024})
    void aSnapStartFunctionWhenItIsInvokedThenTheReportsAreSignedWithContainerCredentialsAndShipped(
            int memoryMb) throws Exception {
        CredentialsIssuer issuer = new CredentialsIssuer();
        try (FakeKinesis kinesis = kinesisOverTls(issuer)) {
            List<String> requestIds = new ArrayList<>();
            try (LambdaRuntimeEmulator lambda = sandbox(memoryMb, shippingTo(kinesis))
                    .containerCredentials(issuer, Duration.ofMinutes(30)).launch()) {
                lambda.awaitInit();
                for (int i = 0; i < 3; i++) {
                    requestIds.add(lambda.invoke(Duration.ofMillis(20), 70 + i).requestId());
                }
                ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

                assertThat(shippedRequestIds(kinesis)).as(() -> "reports in Kinesis; " + lambda.output() + " "
                        + kinesis.calls()).containsExactlyElementsOf(requestIds);
                assertThat(shutdown.exitCode()).isZero();
                assertThat(lambda.counters()).containsEntry("shipped", 3L);
                assertThat(lambda.apiErrors()).isEmpty();
            }
            assertThat(kinesis.calls()).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.accessKeyId()).startsWith("ASIATEMPORARY"));
            assertThat(issuer.temporaryIssued()).as("fetched once, then reused while valid").isEqualTo(1);
        }
    }

    @Test
    void containerCredentialsThatExpireWhenTheExtensionShipsAfterwardsThenItSignsWithRenewedOnes()
            throws Exception {
        CredentialsIssuer issuer = new CredentialsIssuer();
        try (FakeKinesis kinesis = kinesisOverTls(issuer)) {
            Map<String, String> env = shippingTo(kinesis);
            env.put("RIGHTSIZER_BATCH_REPORTS", "1");
            List<String> requestIds = new ArrayList<>();
            try (LambdaRuntimeEmulator lambda = sandbox(256, env)
                    .containerCredentials(issuer, Duration.ofSeconds(2)).launch()) {
                lambda.awaitInit();
                requestIds.add(lambda.invoke(Duration.ofMillis(20), 70).requestId());
                requestIds.add(lambda.invoke(Duration.ofMillis(20), 71).requestId());
                // Frozen past the credentials' expiry; Kinesis refuses expired tokens.
                Thread.sleep(2500);
                requestIds.add(lambda.invoke(Duration.ofMillis(20), 72).requestId());
                ShutdownResult shutdown = lambda.shutdown(Duration.ofMillis(2000));

                assertThat(shippedRequestIds(kinesis)).as(() -> "reports in Kinesis; " + lambda.output() + " "
                        + kinesis.calls()).containsAll(requestIds);
                assertThat(shutdown.exitCode()).isZero();
                assertThat(lambda.counters()).containsEntry("shipped", 3L);
            }
            assertThat(issuer.temporaryIssued()).isGreaterThanOrEqualTo(2);
            assertThat(kinesis.calls()).extracting(Call::outcome).doesNotContain("400 ExpiredTokenException");
        }
    }
}
