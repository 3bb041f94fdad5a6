package io.rightsizer.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.rightsizer.aws.dynamodb.DynamoDbUsageStore;
import io.rightsizer.aws.dynamodb.DynamoDbWindowStore;
import io.rightsizer.domain.window.WindowCoordinator;
import io.rightsizer.domain.window.WindowSettings;
import io.rightsizer.logs.envelope.StreamInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * The Kinesis-triggered ingest function: a thin composition root around {@link IngestProcessor}, answering with a
 * partial batch response ({@code ReportBatchItemFailures}).
 */
public final class IngestHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

    private final IngestProcessor processor;
    private final Metrics metrics;
    private final Map<String, String> env;
    /** The deployment's own account and Region; learned from the first invocation's context when not given. */
    private volatile HomeScope home;

    /**
     * The constructor Lambda calls: configuration from the environment, clients built once per instance; the
     * account and Region it sizes come from the first invocation's context.
     */
    public IngestHandler() {
        this(processor(IngestConfig.fromEnvironment(System.getenv()), IngestClients.dynamoDb(),
                IngestClients.stepFunctions(), Clock.systemUTC()), MetricsFactory.getMetricsInstance(), null);
    }

    /**
     * Wires the function from its configuration and clients (tests pass clients of local stand-ins); the account and
     * Region it sizes come from the invocation's context ({@link HomeScope#of}).
     */
    public IngestHandler(IngestConfig config, DynamoDbClient dynamoDb, SfnClient stepFunctions, Clock clock) {
        this(processor(config, dynamoDb, stepFunctions, clock), MetricsFactory.getMetricsInstance(), null);
    }

    /** Wires the function to size the functions of {@code home} only. */
    public IngestHandler(IngestConfig config, DynamoDbClient dynamoDb, SfnClient stepFunctions, Clock clock,
                         HomeScope home) {
        this(processor(config, dynamoDb, stepFunctions, clock), MetricsFactory.getMetricsInstance(),
                Objects.requireNonNull(home, "home"));
    }

    /**
     * Takes its collaborators as they are.
     *
     * @param home the account and Region to size, or {@code null} to learn them from the first invocation's context
     */
    public IngestHandler(IngestProcessor processor, Metrics metrics, HomeScope home) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.env = System.getenv();
        this.home = home;
    }

    /** The processor the environment describes. */
    public static IngestProcessor processor(IngestConfig config, DynamoDbClient dynamoDb, SfnClient stepFunctions,
                                            Clock clock) {
        DynamoDbUsageStore store = new DynamoDbUsageStore(dynamoDb, config.tableName(), config.dayTtl(), clock);
        WindowSettings settings = new WindowSettings(config.windowLength(), config.closeGrace(),
                Duration.ofMinutes(5), 10_000);
        WindowCoordinator windows = new WindowCoordinator(new DynamoDbWindowStore(dynamoDb, config.tableName()),
                new StepFunctionsWindowStarter(stepFunctions, config.stateMachineArn()), settings, clock);
        return new IngestProcessor(store, windows, clock);
    }

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event, home(context)));
    }

    private HomeScope home(Context context) {
        HomeScope known = home;
        if (known == null) {
            known = HomeScope.of(context == null ? null : context.getInvokedFunctionArn(), env);
            home = known;
        }
        return known;
    }

    private StreamsEventResponse handle(KinesisEvent event, HomeScope scope) {
        List<StreamInput> records = inputs(event);
        try {
            IngestResult result = processor.process(records, scope);
            publish(result);
            LOG.info("Batch ingested", entry("records", result.records()), entry("reports", result.reports()),
                    entry("malformed", result.malformed()), entry("functions", result.functions()),
                    entry("functionsWritten", result.functionsWritten()),
                    entry("windowsStarted", result.windowsStarted()), entry("dynamoDbWrites", result.dynamoDbWrites()),
                    entry("foreignReports", result.foreignReports()), entry("skipped", result.skipped()),
                    entry("retryFrom", result.failedSequenceNumber()));
            List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>(1);
            if (result.partial()) {
                failures.add(StreamsEventResponse.BatchItemFailure.builder()
                        .withItemIdentifier(result.failedSequenceNumber()).build());
            }
            return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
        } finally {
            flushMetrics();
        }
    }

    /**
     * Metrics are observability, never the batch's outcome: by the time they flush, the batch is stored, and a failed
     * flush that failed the batch would make Lambda deliver it again and count its reports twice.
     */
    private void flushMetrics() {
        try {
            metrics.flush();
        } catch (RuntimeException e) {
            LOG.warn("Metrics not published; the batch is stored", entry("error", String.valueOf(e.getMessage())));
        }
    }

    private void publish(IngestResult result) {
        metrics.addMetric("RecordsReceived", result.records(), MetricUnit.COUNT);
        metrics.addMetric("ReportsIngested", result.reports(), MetricUnit.COUNT);
        metrics.addMetric("MalformedRecords", result.malformed(), MetricUnit.COUNT);
        metrics.addMetric("FunctionsSeen", result.functions(), MetricUnit.COUNT);
        metrics.addMetric("ForeignReports", result.foreignReports(), MetricUnit.COUNT);
        metrics.addMetric("WindowsStarted", result.windowsStarted(), MetricUnit.COUNT);
        metrics.addMetric("DynamoDbWrites", result.dynamoDbWrites(), MetricUnit.COUNT);
        metrics.addMetric("PartialBatchFailures", result.partial() ? 1 : 0, MetricUnit.COUNT);
    }

    /** Maps the Lambda event to ingestion's records; the event class already decoded the base64 data. */
    static List<StreamInput> inputs(KinesisEvent event) {
        List<StreamInput> out = new ArrayList<>();
        if (event == null || event.getRecords() == null) {
            return out;
        }
        for (KinesisEvent.KinesisEventRecord r : event.getRecords()) {
            KinesisEvent.Record kinesis = r.getKinesis();
            ByteBuffer data = kinesis.getData();
            byte[] bytes = new byte[0];
            if (data != null) {
                ByteBuffer copy = data.duplicate();
                bytes = new byte[copy.remaining()];
                copy.get(bytes);
            }
            Instant arrival = kinesis.getApproximateArrivalTimestamp() == null ? null
                    : kinesis.getApproximateArrivalTimestamp().toInstant();
            out.add(new StreamInput(kinesis.getSequenceNumber(), bytes, r.getEventSourceARN(), r.getAwsRegion(),
                    arrival));
        }
        return out;
    }
}
