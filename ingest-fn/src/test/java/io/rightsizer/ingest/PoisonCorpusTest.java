package io.rightsizer.ingest;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.aws.dynamodb.DynamoDbUsageStore;
import io.rightsizer.aws.dynamodb.DynamoDbWindowStore;
import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.window.WindowCoordinator;
import io.rightsizer.domain.window.WindowSettings;
import io.rightsizer.ingest.testing.PoisonCorpus;
import io.rightsizer.testing.DynamoDbLocal;
import io.rightsizer.testing.LambdaTestContext;
import io.rightsizer.testing.memory.InMemoryWindowStarter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The poison corpus ({@code events/poison-corpus.json}): for every bad value a batch holds it between two good records;
 * the good records are written, the bad one is counted (malformed, or a control message), and the response reports no
 * batch item failure. Real handler, DynamoDB Local; windows start in memory (not what this checks).
 */
class PoisonCorpusTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T12:00:00Z"), ZoneOffset.UTC);
    private static final HomeScope HOME = new HomeScope("123456789012", "us-east-1");
    private static final LocalDate DAY = LocalDate.parse("2026-11-02");
    private static final String GOOD = FunctionRef.of(PoisonCorpus.GOOD_FUNCTION, "123456789012", "us-east-1")
            .functionArn();

    private static DynamoDbLocal dynamo;

    @BeforeAll
    static void start() {
        dynamo = DynamoDbLocal.start();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    private static JsonNode corpus() throws IOException {
        try (InputStream in = PoisonCorpusTest.class.getResourceAsStream("/events/poison-corpus.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static KinesisEvent event(JsonNode json) {
        return LambdaEventSerializers.serializerFor(KinesisEvent.class, PoisonCorpusTest.class.getClassLoader())
                .fromJson(json.toString());
    }

    @TestFactory
    List<DynamicTest> everyBadValueBetweenGoodRecordsIsCountedAndSkippedAndTheGoodRecordsAreWritten()
            throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : corpus()) {
            tests.add(DynamicTest.dynamicTest(entry.get("case").asText(), () -> ingestsAroundThePoison(entry)));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(20);
        return tests;
    }

    private void ingestsAroundThePoison(JsonNode entry) {
        String table = dynamo.createTable();
        DynamoDbUsageStore store = new DynamoDbUsageStore(dynamo.client(), table, Duration.ofDays(60), CLOCK);
        WindowCoordinator windows = new WindowCoordinator(new DynamoDbWindowStore(dynamo.client(), table),
                new InMemoryWindowStarter("arn:aws:states:us-east-1:123456789012:stateMachine:Rightsizer"),
                WindowSettings.ofDays(14), CLOCK);
        IngestProcessor processor = new IngestProcessor(store, windows, CLOCK);
        KinesisEvent event = event(entry.get("event"));

        IngestResult result = processor.process(IngestHandler.inputs(event), HOME);
        StreamsEventResponse response = new IngestHandler(processor, MetricsFactory.getMetricsInstance(), HOME)
                .handleRequest(event, new LambdaTestContext("rightsizer-ingest"));

        assertThat(response.getBatchItemFailures()).as("no batch item failure").isEmpty();
        assertThat(result.partial()).isFalse();
        String countedAs = entry.get("countedAs").asText();
        long count = entry.get("count").asLong();
        if (countedAs.equals("malformed")) {
            assertThat(result.malformed()).as("counted malformed").isEqualTo(count);
        } else {
            assertThat(result.malformed()).isZero();
            assertThat(result.skipped()).containsEntry(countedAs, count);
        }
        assertThat(result.reports()).as("only the two good reports are usage").isEqualTo(2);
        List<DailyUsage> days = store.readDays(GOOD, DAY, DAY);
        assertThat(days).singleElement().satisfies(d ->
                assertThat(d.maxMemoryUsedMb()).isEqualTo(PoisonCorpus.GOOD_MAX));
        assertThat(store.readDays(FunctionRef.of("orders-worker", "123456789012", "us-east-1").functionArn(), DAY,
                DAY)).as("nothing of the bad record is stored").isEmpty();
    }
}
