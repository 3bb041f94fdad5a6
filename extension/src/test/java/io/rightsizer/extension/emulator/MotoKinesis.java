package io.rightsizer.extension.emulator;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** A real {@code moto_server} on a free loopback port serving Kinesis; fails loudly when moto is not installed. */
public final class MotoKinesis implements AutoCloseable {

    private final Process process;
    private final int port;
    private final KinesisClient client;
    private final Path log;

    private MotoKinesis(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        // Neither moto nor kinesalite speaks the CBOR the SDK would send by default.
        System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
        this.client = KinesisClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public static MotoKinesis start() throws IOException, InterruptedException {
        int port = freePort();
        Path log = Files.createTempFile("moto-kinesis", ".log");
        Process process;
        try {
            process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("moto_server is required for these tests (pip install 'moto[server]')", e);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited: " + Files.readString(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/moto-api/")
                        .toURL().openConnection();
                c.setConnectTimeout(200);
                if (c.getResponseCode() > 0) {
                    return new MotoKinesis(process, port, log);
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("moto_server did not start within 30 s: " + Files.readString(log));
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Creates a stream and waits until it is ACTIVE; returns its ARN. */
    public String createStream(String name, int shards) throws InterruptedException {
        client.createStream(b -> b.streamName(name).shardCount(shards));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            var description = client.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
            if (description.streamStatus() == StreamStatus.ACTIVE) {
                return description.streamARN();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("stream " + name + " did not become ACTIVE");
    }

    /** Every record in the stream, oldest first per shard, as UTF-8 text, with its partition key. */
    public List<StoredRecord> readAll(String name) {
        List<StoredRecord> out = new ArrayList<>();
        for (Shard shard : client.listShards(b -> b.streamName(name)).shards()) {
            String iterator = client.getShardIterator(b -> b.streamName(name).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                final String it = iterator;
                GetRecordsResponse page = client.getRecords(b -> b.shardIterator(it).limit(1000));
                for (Record r : page.records()) {
                    out.add(new StoredRecord(r.partitionKey(), r.data().asString(StandardCharsets.UTF_8)));
                }
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        return out;
    }

    /** A record as a consumer sees it. */
    public record StoredRecord(String partitionKey, String data) {
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // A temp file left behind is harmless.
        }
    }

    /** Waits up to {@code timeout} until the stream holds at least {@code count} records. */
    public List<StoredRecord> awaitRecords(String name, int count, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        List<StoredRecord> records = readAll(name);
        while (records.size() < count && System.nanoTime() < until) {
            Thread.sleep(50);
            records = readAll(name);
        }
        return records;
    }
}
