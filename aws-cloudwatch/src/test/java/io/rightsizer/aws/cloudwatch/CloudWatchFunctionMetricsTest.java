package io.rightsizer.aws.cloudwatch;

import io.rightsizer.domain.usage.FunctionMetrics;
import io.rightsizer.testing.InterceptingProxy;
import io.rightsizer.testing.MotoServer;
import io.rightsizer.testing.RpcV2CborBridge;
import io.rightsizer.testing.contract.FunctionMetricsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CloudWatch adapter on moto's CloudWatch ({@code GetMetricData} with one-day periods answers as CloudWatch does),
 * the data put where Lambda publishes it. The SDK speaks Smithy RPC v2 CBOR to CloudWatch, which moto 5.2 does not
 * route: {@link RpcV2CborBridge} re-encodes each call to the AWS JSON 1.0 moto serves, and adds the server errors moto
 * never makes.
 */
class CloudWatchFunctionMetricsTest extends FunctionMetricsContract {

    private static MotoServer moto;
    private static RpcV2CborBridge bridge;
    private static CloudWatchClient direct;
    private static CloudWatchClient proxied;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        bridge = RpcV2CborBridge.start(moto.endpoint());
        direct = client(bridge.endpoint());
        proxied = client(bridge.endpoint());
    }

    @AfterAll
    static void stopMoto() {
        proxied.close();
        direct.close();
        bridge.close();
        moto.close();
    }

    private static CloudWatchClient client(URI endpoint) {
        return CloudWatchClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @BeforeEach
    void freshMoto() {
        moto.reset();
        bridge.clear();
    }

    @Override
    protected FunctionMetrics metrics() {
        return new CloudWatchFunctionMetrics(proxied);
    }

    /** What Lambda publishes: Invocations and Errors as counts, Duration as statistics over the invocations. */
    @Override
    protected void publish(String functionName, Instant time, long invocations, long errors, double durationMsSum) {
        List<Dimension> dimensions = List.of(Dimension.builder().name("FunctionName").value(functionName).build());
        List<MetricDatum> data = new ArrayList<>();
        data.add(MetricDatum.builder().metricName("Invocations").dimensions(dimensions).timestamp(time)
                .value((double) invocations).unit(StandardUnit.COUNT).build());
        if (errors > 0) {
            data.add(MetricDatum.builder().metricName("Errors").dimensions(dimensions).timestamp(time)
                    .value((double) errors).unit(StandardUnit.COUNT).build());
        }
        data.add(MetricDatum.builder().metricName("Duration").dimensions(dimensions).timestamp(time)
                .statisticValues(s -> s.sampleCount((double) invocations).sum(durationMsSum).minimum(0.0)
                        .maximum(durationMsSum))
                .unit(StandardUnit.MILLISECONDS).build());
        direct.putMetricData(b -> b.namespace("AWS/Lambda").metricData(data));
    }

    @Test
    void aServerErrorIsRetriedByTheClientInsteadOfFailingTheEvaluation() {
        publish("orders", Instant.parse("2026-11-02T08:00:00Z"), 12, 1, 120);
        bridge.proxy().whenFirst(r -> r.path().endsWith("/GetMetricData"), 1,
                r -> new InterceptingProxy.Response(503, Map.of(), new byte[0]));

        assertThat(metrics().daily(ORDERS, day("2026-11-02"), day("2026-11-02"))).hasSize(1);
        assertThat(bridge.proxy().seen().stream().filter(r -> r.path().endsWith("/GetMetricData"))).hasSize(2);
    }
}
