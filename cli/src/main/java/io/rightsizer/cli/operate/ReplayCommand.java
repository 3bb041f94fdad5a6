package io.rightsizer.cli.operate;

import io.rightsizer.cli.command.CliException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code rightsizer replay}: puts the batches ingest gave up on (the dead-letter bucket's objects, each a Lambda
 * invocation record with its records) back on the stream, where the deployed ingest function reads them with the code
 * that first failed on them, then deletes each object whose every record the stream accepted. Safe to repeat: an
 * object is deleted only after its records are on the stream again, and a replayed record that fails again lands in
 * the bucket again.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Put the batches ingest gave up on (the dead-letter bucket) back on the stream.",
            "Maxima are exact however often a batch is replayed; the out-of-memory and timeout counts of a batch"
                    + " that was partly written before it failed can count twice (docs/ingest.md)."})
public final class ReplayCommand implements Callable<Integer> {

    /** Kinesis takes at most 500 records and 5 MiB per PutRecords call. */
    static final int MAX_RECORDS_PER_CALL = 500;
    static final int MAX_BYTES_PER_CALL = 5 * 1024 * 1024;
    /** Attempts for the entries Kinesis refuses (throttled shards) before the object is left for the next run. */
    static final int PUT_ATTEMPTS = 6;

    @Mixin
    DeploymentOptions options;

    @Option(names = "--bucket", paramLabel = "NAME",
            description = "The dead-letter bucket (default: DeadLetterBucketName of the outputs file).")
    String bucket;

    @Option(names = "--stream", paramLabel = "NAME",
            description = "The Rightsizer stream (default: StreamName of the outputs file).")
    String stream;

    @Option(names = "--dry-run", description = "List what would be replayed; put and delete nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String b = bucket != null ? bucket : options.output("DeadLetterBucketName");
        String s = stream != null ? stream : options.output("StreamName");
        if (b == null || b.isBlank() || s == null || s.isBlank()) {
            throw new CliException("no dead-letter bucket or stream: pass --outputs-file cdk-outputs.json (from 'cdk"
                    + " deploy --outputs-file') or --bucket and --stream");
        }
        Deployment deployment = options.resolve(false, false, null);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int objects = 0;
        int replayed = 0;
        long records = 0;
        List<String> left = new ArrayList<>();
        try (S3Client s3 = s3(deployment); KinesisClient kinesis = kinesis(deployment)) {
            for (S3Object object : list(s3, b)) {
                objects++;
                DeadLetterBatch batch;
                try {
                    batch = DeadLetterBatch.parse(s3.getObjectAsBytes(r -> r.bucket(b).key(object.key()))
                            .asByteArray());
                } catch (IllegalArgumentException e) {
                    err.println("rightsizer: s3://" + b + "/" + object.key() + " left in place: " + e.getMessage());
                    left.add(object.key());
                    continue;
                }
                String what = batch.records().size() + " record" + (batch.records().size() == 1 ? "" : "s")
                        + (batch.condition() == null ? "" : " (" + batch.condition() + ")");
                if (dryRun) {
                    out.println("Would replay s3://" + b + "/" + object.key() + ": " + what + " onto " + s);
                    continue;
                }
                String failure = put(kinesis, s, batch.records());
                if (failure != null) {
                    err.println("rightsizer: s3://" + b + "/" + object.key() + " left in place: " + failure);
                    left.add(object.key());
                    continue;
                }
                s3.deleteObject(r -> r.bucket(b).key(object.key()));
                replayed++;
                records += batch.records().size();
                out.println("Replayed s3://" + b + "/" + object.key() + ": " + what + " onto " + s
                        + "; object deleted");
            }
        } catch (NoSuchBucketException e) {
            throw new CliException("no such bucket: " + b);
        }
        if (dryRun) {
            out.println(objects == 0 ? "Nothing to replay: s3://" + b + " is empty." : "Dry run: " + objects
                    + " object(s) would be replayed; nothing was put or deleted.");
            return left.isEmpty() ? 0 : 1;
        }
        out.println(objects == 0 ? "Nothing to replay: s3://" + b + " is empty."
                : "Replayed " + replayed + " of " + objects + " object(s), " + records + " record(s)"
                        + (left.isEmpty() ? "." : "; " + left.size() + " left in the bucket (see above)."));
        return left.isEmpty() ? 0 : 1;
    }

    private static List<S3Object> list(S3Client s3, String bucket) {
        List<S3Object> all = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().forEach(all::add);
        return all;
    }

    /**
     * Puts the records on the stream in calls of at most 500 records and 5 MiB, with their own partition keys (so a
     * function's records go to its shard as before); entries Kinesis refuses are put again, alone.
     *
     * @return why some record could not be put, or {@code null} when all were
     */
    private static String put(KinesisClient kinesis, String stream, List<DeadLetterBatch.Record> records)
            throws InterruptedException {
        List<PutRecordsRequestEntry> call = new ArrayList<>();
        int bytes = 0;
        for (DeadLetterBatch.Record r : records) {
            int size = r.data().length + r.partitionKey().length();
            if (!call.isEmpty() && (call.size() == MAX_RECORDS_PER_CALL || bytes + size > MAX_BYTES_PER_CALL)) {
                String failure = putAll(kinesis, stream, call);
                if (failure != null) {
                    return failure;
                }
                call = new ArrayList<>();
                bytes = 0;
            }
            call.add(PutRecordsRequestEntry.builder().partitionKey(r.partitionKey())
                    .data(SdkBytes.fromByteArray(r.data())).build());
            bytes += size;
        }
        return call.isEmpty() ? null : putAll(kinesis, stream, call);
    }

    private static String putAll(KinesisClient kinesis, String stream, List<PutRecordsRequestEntry> entries)
            throws InterruptedException {
        List<PutRecordsRequestEntry> pending = entries;
        String lastError = null;
        for (int attempt = 1; attempt <= PUT_ATTEMPTS && !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                Thread.sleep(100L << Math.min(attempt - 2, 5));
            }
            List<PutRecordsRequestEntry> call = pending;
            PutRecordsResponse response;
            try {
                response = kinesis.putRecords(r -> r.streamName(stream).records(call));
            } catch (SdkException e) {
                lastError = e.getMessage();
                continue;
            }
            List<PutRecordsRequestEntry> refused = new ArrayList<>();
            List<PutRecordsResultEntry> results = response.records();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).errorCode() != null) {
                    refused.add(call.get(i));
                    lastError = results.get(i).errorCode() + ": " + results.get(i).errorMessage();
                }
            }
            pending = refused;
        }
        return pending.isEmpty() ? null : pending.size() + " record(s) not accepted by stream " + stream + " after "
                + PUT_ATTEMPTS + " attempts (" + lastError + ")";
    }

    private S3Client s3(Deployment deployment) {
        S3ClientBuilder b = S3Client.builder().region(Region.of(deployment.region()))
                .httpClient(UrlConnectionHttpClient.create());
        if (options.endpoint() != null) {
            b.endpointOverride(options.endpoint()).forcePathStyle(true);
        }
        return b.build();
    }

    private KinesisClient kinesis(Deployment deployment) {
        KinesisClientBuilder b = KinesisClient.builder().region(Region.of(deployment.region()))
                .httpClient(UrlConnectionHttpClient.create());
        if (options.endpoint() != null) {
            b.endpointOverride(options.endpoint());
        }
        return b.build();
    }
}
