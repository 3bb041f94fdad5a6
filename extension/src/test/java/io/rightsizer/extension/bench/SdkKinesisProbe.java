package io.rightsizer.extension.bench;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * What the AWS SDK route would cost: builds the SDK's KinesisClient (lightest HTTP client, CBOR off) and sends one
 * PutRecords, then waits so the benchmark can read its memory.
 */
public final class SdkKinesisProbe {

    private SdkKinesisProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("aws.cborEnabled", "false");
        try (KinesisClient client = KinesisClient.builder()
                .endpointOverride(URI.create(args[0]))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            client.putRecords(b -> b.streamName("rightsizer-telemetry").records(PutRecordsRequestEntry.builder()
                    .partitionKey("orders-api").data(SdkBytes.fromUtf8String("{\"v\":1,\"reports\":[]}")).build()));
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
