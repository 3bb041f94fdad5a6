package io.rightsizer.testing;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The event source mapping stand-in on moto's Kinesis delivers batches as Lambda does, failures included. */
class KinesisEventSourcePollerTest {

    private static final KinesisEventSourcePoller.Settings SETTINGS = new KinesisEventSourcePoller.Settings(3,
            Duration.ofMillis(200), 2, Duration.ofMillis(20));

    private static MotoServer moto;
    private static KinesisClient kinesis;

    @BeforeAll
    static void startMoto() {
        System.setProperty("aws.cborEnabled", "false");
        moto = MotoServer.start();
        kinesis = KinesisClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopMoto() {
        kinesis.close();
        moto.close();
    }

    @Test
    void recordsArriveInOrderInBatchesOfAtMostTheBatchSize() throws Exception {
        String stream = stream(List.of("a", "b", "c", "d", "e"));
        List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());

        try (KinesisEventSourcePoller poller = KinesisEventSourcePoller.start(kinesis, stream, "us-east-1",
                recording(batches, e -> StreamsEventResponse.builder().build()), SETTINGS)) {
            poller.awaitIdle(Duration.ofSeconds(10));
        }

        assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(3));
        assertThat(batches.stream().flatMap(List::stream).toList()).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void aPartialBatchResponseResumesFromTheFailedRecord() throws Exception {
        String stream = stream(List.of("a", "b", "c"));
        List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger calls = new AtomicInteger();

        List<String> failed = new ArrayList<>();
        try (KinesisEventSourcePoller poller = KinesisEventSourcePoller.start(kinesis, stream, "us-east-1",
                recording(batches, e -> {
                    if (calls.incrementAndGet() > 1) {
                        return StreamsEventResponse.builder().build();
                    }
                    failed.add(e.getRecords().get(1).getKinesis().getSequenceNumber());
                    return StreamsEventResponse.builder().withBatchItemFailures(List.of(
                            StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(failed.get(0)).build()))
                            .build();
                }), SETTINGS)) {
            poller.awaitIdle(Duration.ofSeconds(10));

            assertThat(poller.resumedFrom()).isEqualTo(failed);
        }

        assertThat(batches).containsExactly(List.of("a", "b", "c"), List.of("b", "c"));
    }

    @Test
    void aBatchThatKeepsFailingIsRetriedThenGivenUpAndTheShardMovesOn() throws Exception {
        String stream = stream(List.of("poison", "x", "y", "after"));
        List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        KinesisEventSourcePoller.Settings settings = new KinesisEventSourcePoller.Settings(3, Duration.ZERO, 2,
                Duration.ofMillis(20));
        KinesisEventSourcePoller poller = KinesisEventSourcePoller.start(kinesis, stream, "us-east-1",
                recording(batches, e -> {
                    if (data(e).contains("poison")) {
                        throw new IllegalStateException("cannot read this batch");
                    }
                    return StreamsEventResponse.builder().build();
                }), settings);
        try {
            poller.awaitIdle(Duration.ofSeconds(10));

            assertThat(batches).containsExactly(List.of("poison", "x", "y"), List.of("poison", "x", "y"),
                    List.of("poison", "x", "y"), List.of("after"));
            assertThat(poller.discarded()).singleElement().satisfies(d -> assertThat(d.records()).isEqualTo(3));
            assertThat(poller.handlerFailures()).hasSize(3);
        } finally {
            poller.close();
        }
    }

    private static Function<KinesisEvent, StreamsEventResponse> recording(List<List<String>> batches,
                                                                          Function<KinesisEvent, StreamsEventResponse> answer) {
        return e -> {
            batches.add(data(e));
            return answer.apply(e);
        };
    }

    private static List<String> data(KinesisEvent e) {
        return e.getRecords().stream().map(r -> StandardCharsets.UTF_8.decode(r.getKinesis().getData().duplicate())
                .toString()).toList();
    }

    /** A one-shard stream holding {@code records}, in order. */
    private static String stream(List<String> records) throws InterruptedException {
        String name = "s-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(name).shardCount(1));
        while (kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamStatus()
                != StreamStatus.ACTIVE) {
            Thread.sleep(20);
        }
        for (String r : records) {
            kinesis.putRecord(b -> b.streamName(name).partitionKey("p").data(SdkBytes.fromUtf8String(r)));
        }
        return name;
    }
}
