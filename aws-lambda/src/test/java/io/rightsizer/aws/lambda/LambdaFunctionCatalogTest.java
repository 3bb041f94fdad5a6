package io.rightsizer.aws.lambda;

import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.function.ControlPlaneBusyException;
import io.rightsizer.domain.scan.ListedFunction;
import io.rightsizer.domain.scan.LogFormat;
import io.rightsizer.testing.LocalLambdaListing;
import io.rightsizer.testing.LocalLambdaListing.Function;
import io.rightsizer.testing.MotoFunctions;
import io.rightsizer.testing.MotoServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Listing an account's functions with ListFunctions: paging, logging configuration, throttling. */
class LambdaFunctionCatalogTest {

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();

    private static LambdaClient client(URI endpoint) {
        return LambdaClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private LambdaFunctionCatalog catalog(LambdaClient lambda, int attempts) {
        return new LambdaFunctionCatalog(lambda, new ControlPlaneRetry(new Backoff(Duration.ofMillis(10),
                Duration.ofSeconds(8), attempts), pauses::add));
    }

    @Test
    void everyPageIsReadAndEachFunctionsLoggingConfigurationMapped() {
        try (LocalLambdaListing local = LocalLambdaListing.start().pageSize(2);
             LambdaClient lambda = client(local.endpoint())) {
            local.add(new Function("orders", 1024, "x86_64", "Text", null))
                    .add(new Function("payments", 768, "arm64", "JSON", null))
                    .add(new Function("billing", 256, "x86_64", "JSON", "/teams/shared"))
                    .add(new Function("invoices", 256, "arm64", "Text", "/teams/shared"))
                    .add(new Function("legacy", 3008, "x86_64", null, null));

            List<ListedFunction> functions = catalog(lambda, 3).functions();

            assertThat(functions).containsExactly(
                    new ListedFunction("billing", LocalLambdaListing.arn("billing"), 256, Architecture.X86_64,
                            "/teams/shared", LogFormat.JSON),
                    new ListedFunction("invoices", LocalLambdaListing.arn("invoices"), 256, Architecture.ARM64,
                            "/teams/shared", LogFormat.TEXT),
                    new ListedFunction("legacy", LocalLambdaListing.arn("legacy"), 3008, Architecture.X86_64,
                            "/aws/lambda/legacy", LogFormat.TEXT),
                    new ListedFunction("orders", LocalLambdaListing.arn("orders"), 1024, Architecture.X86_64,
                            "/aws/lambda/orders", LogFormat.TEXT),
                    new ListedFunction("payments", LocalLambdaListing.arn("payments"), 768, Architecture.ARM64,
                            "/aws/lambda/payments", LogFormat.JSON));
            assertThat(local.requests()).hasSize(3);
            assertThat(local.requests().get(1)).contains("Marker=invoices");
        }
    }

    @Test
    void aThrottledPageIsAskedForAgainAfterTheServersRetryAfter() {
        try (LocalLambdaListing local = LocalLambdaListing.start();
             LambdaClient lambda = client(local.endpoint())) {
            local.add(new Function("orders", 1024, "x86_64", "Text", null)).throttle(2);

            assertThat(catalog(lambda, 4).functions()).extracting(ListedFunction::name).containsExactly("orders");
            assertThat(pauses).hasSize(2).allSatisfy(p -> assertThat(p).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
        }
    }

    @Test
    void aListingThrottledOnEveryAttemptFailsWithTheControlPlaneBusy() {
        try (LocalLambdaListing local = LocalLambdaListing.start();
             LambdaClient lambda = client(local.endpoint())) {
            local.add(new Function("orders", 1024, "x86_64", "Text", null)).throttle(10);

            assertThatThrownBy(() -> catalog(lambda, 2).functions()).isInstanceOf(ControlPlaneBusyException.class)
                    .hasMessageContaining("ListFunctions");
        }
    }

    @Test
    void functionsCreatedInMotoAreListedWithTheirMemoryAndArchitecture() {
        try (MotoServer moto = MotoServer.start(); LambdaClient lambda = client(moto.endpoint())) {
            String name = "listed-" + UUID.randomUUID().toString().substring(0, 8);
            new MotoFunctions(moto.endpoint()).create(name, 1536, Map.of());

            List<ListedFunction> functions = catalog(lambda, 3).functions();

            // moto 5.2.1 keeps no logging configuration: the Lambda defaults apply.
            assertThat(functions).contains(new ListedFunction(name, MotoFunctions.arn(name), 1536, Architecture.ARM64,
                    "/aws/lambda/" + name, LogFormat.TEXT));
        }
    }
}
