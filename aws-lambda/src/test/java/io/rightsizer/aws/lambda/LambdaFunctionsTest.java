package io.rightsizer.aws.lambda;

import io.rightsizer.domain.function.FunctionConfigurator;
import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.testing.InterceptingProxy;
import io.rightsizer.testing.LambdaRevisionIds;
import io.rightsizer.testing.MotoFunctions;
import io.rightsizer.testing.MotoServer;
import io.rightsizer.testing.contract.FunctionConfiguratorContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The Lambda adapter keeps the port's contract on moto's Lambda API, with revision ids as Lambda keeps them. */
class LambdaFunctionsTest extends FunctionConfiguratorContract {

    private static MotoServer moto;
    private static InterceptingProxy proxy;
    private static MotoFunctions functions;
    private static LambdaClient lambda;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        functions = new MotoFunctions(moto.endpoint());
        // moto keeps no revision ids: the proxy adds them as Lambda keeps them, 412 on a stale one included.
        proxy = InterceptingProxy.start(moto.endpoint());
        LambdaRevisionIds.install(proxy, moto.endpoint());
        lambda = LambdaClient.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy
                        .doNotRetry()))
                .build();
    }

    @AfterAll
    static void stopMoto() {
        lambda.close();
        proxy.close();
        moto.close();
    }

    @Override
    protected FunctionConfigurator newConfigurator() {
        return new LambdaFunctions(lambda, new ControlPlaneRetry(new Backoff(Duration.ZERO, Duration.ZERO, 3),
                d -> { }));
    }

    @Override
    protected FunctionRef givenFunction(String name, int memoryMb, Map<String, String> tags) {
        // moto keeps functions for the server's life: a unique name per test.
        String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        return FunctionRef.fromArn(functions.create(unique, memoryMb, tags));
    }
}
