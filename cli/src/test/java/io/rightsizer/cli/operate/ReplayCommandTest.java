package io.rightsizer.cli.operate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rightsizer.cli.CliRun;
import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.usage.InvocationUsage;
import io.rightsizer.logs.ParseStats;
import io.rightsizer.logs.envelope.KinesisRecordDecoder;
import io.rightsizer.logs.envelope.StreamInput;
import io.rightsizer.testing.InterceptingProxy;
import io.rightsizer.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rightsizer replay} on moto's S3 and Kinesis: the dead-letter bucket holds what the ingest event source
 * mapping's S3 on-failure destination writes (fixture {@code dead-letters/kinesis-batch.json}: Lambda's documented
 * invocation record for a Kinesis source, with the {@code payload} an S3 destination adds, its records taken from the
 * ingest fixtures), and the records must reach the stream exactly as they were first delivered.
 */
class ReplayCommandTest {

    private static final String ACCOUNT = "123456789012";
    private static final String KEY = "aws/lambda/3f6e2c1a-7b8d-4e9f-a0b1-c2d3e4f5a6b7/shardId-000000000000/2026/11/02/"
            + "2026-11-02T08.47.06-9c8d7e6f-5a4b-3c2d-1e0f-a9b8c7d6e5f4";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MotoServer moto;
    private static InterceptingProxy proxy;
    private static S3Client s3;
    private static KinesisClient kinesis;

    private String bucket;
    private String stream;
    private Path outputs;

    @TempDir
    Path dir;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        proxy = InterceptingProxy.start(moto.endpoint());
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        kinesis = KinesisClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopMoto() {
        kinesis.close();
        s3.close();
        proxy.close();
        moto.close();
    }

    @BeforeEach
    void bucketStreamAndOutputs() throws IOException {
        proxy.clear();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        bucket = "rightsizer-dead-letters-" + suffix;
        stream = "rightsizer-" + suffix;
        s3.createBucket(b -> b.bucket(bucket));
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        outputs = dir.resolve("cdk-outputs.json");
        Files.writeString(outputs, "{\"Rightsizer\":{\"DeadLetterBucketName\":\"" + bucket + "\",\"StreamName\":\""
                + stream + "\",\"Region\":\"us-east-1\",\"TableName\":\"unused\"}}");
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in = ReplayCommandTest.class.getResourceAsStream("/dead-letters/kinesis-batch.json")) {
            return in.readAllBytes();
        }
    }

    private void putObject(String key, byte[] body) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
    }

    private CliRun replay(String... more) {
        List<String> args = new ArrayList<>(List.of("replay", "--outputs-file", outputs.toString(),
                "--endpoint-url", proxy.endpoint().toString()));
        args.addAll(List.of(more));
        return CliRun.run(args.toArray(String[]::new));
    }

    private List<Record> streamRecords() {
        String shard = kinesis.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return kinesis.getRecords(b -> b.shardIterator(iterator)).records();
    }

    private List<String> keys() {
        return s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void aBatchTheOnFailureDestinationWroteGoesBackOnTheStreamRecordForRecordAndTheObjectIsDeleted()
            throws Exception {
        putObject(KEY, fixture());

        CliRun run = replay();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Replayed s3://" + bucket + "/" + KEY + ": 4 records (RetryAttemptsExhausted)"
                + " onto " + stream + "; object deleted").contains("Replayed 1 of 1 object(s), 4 record(s).");
        assertThat(keys()).isEmpty();
        List<Record> onStream = streamRecords();
        var original = JSON.readTree(fixture()).path("payload").path("Records");
        assertThat(onStream).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(onStream.get(i).partitionKey()).isEqualTo(original.get(i).path("kinesis").path("partitionKey")
                    .asText());
            assertThat(onStream.get(i).data().asByteArray()).isEqualTo(Base64.getDecoder().decode(
                    original.get(i).path("kinesis").path("data").asText()));
        }
        // ...and ingest reads them as it first would have: the same reports, the same peaks.
        List<InvocationUsage> usages = new ArrayList<>();
        for (Record r : onStream) {
            new KinesisRecordDecoder().decode(new StreamInput(r.sequenceNumber(), r.data().asByteArray(),
                    "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/" + stream, "us-east-1",
                    r.approximateArrivalTimestamp()), new ParseStats(), (f, u) -> usages.add(u));
        }
        assertThat(usages).hasSize(6);
        assertThat(usages.stream().filter(u -> u.function().equals(
                FunctionRef.of("checkout-api", ACCOUNT, "us-east-1").functionArn()))
                .mapToInt(InvocationUsage::maxMemoryUsedMb).max().orElseThrow()).isEqualTo(230);
    }

    @Test
    void runningItAgainFindsNothingToReplay() throws Exception {
        putObject(KEY, fixture());
        replay();

        CliRun again = replay();

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("Nothing to replay: s3://" + bucket + " is empty.");
        assertThat(streamRecords()).hasSize(4);
    }

    @Test
    void aPayloadStoredAsAJsonStringIsReadTheSame() throws Exception {
        ObjectNode record = (ObjectNode) JSON.readTree(fixture());
        record.put("payload", record.get("payload").toString());
        putObject(KEY, JSON.writeValueAsBytes(record));

        CliRun run = replay();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(streamRecords()).hasSize(4);
    }

    @Test
    void aDryRunListsTheBatchAndChangesNothing() throws Exception {
        putObject(KEY, fixture());

        CliRun run = replay("--dry-run");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Would replay s3://" + bucket + "/" + KEY + ": 4 records");
        assertThat(keys()).containsExactly(KEY);
        assertThat(streamRecords()).isEmpty();
    }

    @Test
    void anInvocationRecordWithoutItsRecordsIsLeftInPlaceAndTheRunFails() throws Exception {
        ObjectNode metadataOnly = (ObjectNode) JSON.readTree(fixture());
        metadataOnly.remove("payload");
        putObject("metadata-only", JSON.writeValueAsBytes(metadataOnly));
        putObject(KEY, fixture());

        CliRun run = replay();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("s3://" + bucket + "/metadata-only left in place: no payload.Records");
        assertThat(keys()).containsExactly("metadata-only");
        assertThat(streamRecords()).hasSize(4);
    }

    @Test
    void recordsAThrottledShardRefusesArePutAgainUntilTheStreamTakesThem() throws Exception {
        putObject(KEY, fixture());
        AtomicInteger refusals = new AtomicInteger();
        // Kinesis answers 200 with every entry refused when a shard is over its limit: no SDK retry covers that.
        proxy.when(r -> "Kinesis_20131202.PutRecords".equals(r.header("X-Amz-Target")), 2, r -> {
            refusals.incrementAndGet();
            String refused = "{\"ErrorCode\":\"ProvisionedThroughputExceededException\","
                    + "\"ErrorMessage\":\"Rate exceeded for shard shardId-000000000000\"}";
            return InterceptingProxy.Response.json(200, "{\"FailedRecordCount\":4,\"Records\":["
                    + String.join(",", refused, refused, refused, refused) + "]}", Map.of());
        });

        CliRun run = replay();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(refusals.get()).isEqualTo(2);
        assertThat(streamRecords()).hasSize(4);
        assertThat(keys()).isEmpty();
    }

    @Test
    void withoutADeploymentTheCommandSaysWhatToPass() {
        CliRun run = CliRun.run("replay");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("pass --outputs-file cdk-outputs.json");
    }
}
