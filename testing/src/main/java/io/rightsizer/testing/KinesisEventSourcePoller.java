package io.rightsizer.testing;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What a Lambda event source mapping does for a Kinesis stream, for a local stream (moto): one poller per shard reads
 * from the trim horizon and invokes the handler with real {@link KinesisEvent} batches, one batch in flight per shard
 * (parallelization factor 1), as Lambda does:
 * <ul>
 * <li>a batch is handed over when it holds {@code batchSize} records or when the batching window has passed since its
 * first record;</li>
 * <li>a partial batch response ({@code ReportBatchItemFailures}) checkpoints the records before the lowest failed
 * sequence number and retries from there; an item failure without an identifier, or a handler that throws, fails the
 * whole batch;</li>
 * <li>a failing batch is retried up to {@code retryAttempts} times, then discarded (Lambda would send it to the
 * on-failure destination) and the shard moves on.</li>
 * </ul>
 * Lambda's bisection of failing batches is left out: the retries above are what the ingest handler's contract rests on.
 */
public final class KinesisEventSourcePoller implements AutoCloseable {

    /** The mapping's settings (the CDK app's defaults are the model). */
    public record Settings(int batchSize, Duration batchingWindow, int retryAttempts, Duration pollInterval) {
        public Settings {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("batchSize is 1..10000: " + batchSize);
            }
            Objects.requireNonNull(batchingWindow, "batchingWindow");
            Objects.requireNonNull(pollInterval, "pollInterval");
        }
    }

    /** A batch given up after its retries, as the on-failure destination would receive it. */
    public record DiscardedBatch(String shardId, String firstSequenceNumber, String lastSequenceNumber, int records) {
    }

    private final KinesisClient kinesis;
    private final String streamName;
    private final String streamArn;
    private final String region;
    private final Function<KinesisEvent, StreamsEventResponse> handler;
    private final Settings settings;
    private final List<Thread> threads = new ArrayList<>();
    private final List<DiscardedBatch> discarded = new CopyOnWriteArrayList<>();
    private final AtomicLong idlePolls = new AtomicLong();
    private final AtomicLong invocations = new AtomicLong();
    private final List<Throwable> handlerFailures = new CopyOnWriteArrayList<>();
    private final List<String> resumedFrom = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    private KinesisEventSourcePoller(KinesisClient kinesis, String streamName, String streamArn, String region,
                                     Function<KinesisEvent, StreamsEventResponse> handler, Settings settings) {
        this.kinesis = kinesis;
        this.streamName = streamName;
        this.streamArn = streamArn;
        this.region = region;
        this.handler = handler;
        this.settings = settings;
    }

    /** Starts polling every shard of the stream (the shards it has now). */
    public static KinesisEventSourcePoller start(KinesisClient kinesis, String streamName, String region,
                                                 Function<KinesisEvent, StreamsEventResponse> handler,
                                                 Settings settings) {
        String arn = kinesis.describeStreamSummary(b -> b.streamName(streamName)).streamDescriptionSummary()
                .streamARN();
        KinesisEventSourcePoller poller = new KinesisEventSourcePoller(kinesis, streamName, arn, region, handler,
                settings);
        List<Shard> shards = kinesis.listShards(b -> b.streamName(streamName)).shards();
        for (Shard shard : shards) {
            Thread t = new Thread(() -> poller.poll(shard.shardId()), "esm-" + shard.shardId());
            t.setDaemon(true);
            poller.threads.add(t);
        }
        poller.threads.forEach(Thread::start);
        return poller;
    }

    /**
     * Waits until every record put before this call was handed over: each shard polled at least twice since, finding
     * nothing new and holding nothing back.
     */
    public void awaitIdle(Duration timeout) throws InterruptedException {
        long target = idlePolls.get() + 2L * threads.size();
        long until = System.nanoTime() + timeout.toNanos();
        while (idlePolls.get() < target) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the stream was not drained within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Batches given up after their retries. */
    public List<DiscardedBatch> discarded() {
        return List.copyOf(discarded);
    }

    /** The sequence numbers batches were delivered again from, after a partial batch response named them. */
    public List<String> resumedFrom() {
        return List.copyOf(resumedFrom);
    }

    /** How many times the handler was invoked. */
    public long invocations() {
        return invocations.get();
    }

    /** What the handler threw, in order (each failed its batch). */
    public List<Throwable> handlerFailures() {
        return List.copyOf(handlerFailures);
    }

    private void poll(String shardId) {
        String iterator = kinesis.getShardIterator(b -> b.streamName(streamName).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> pending = new ArrayList<>();
        long firstPendingNanos = 0;
        int attempts = 0;
        while (running) {
            try {
                int room = settings.batchSize() - pending.size();
                GetRecordsResponse page = null;
                if (room > 0 && iterator != null) {
                    String it = iterator;
                    page = kinesis.getRecords(b -> b.shardIterator(it).limit(Math.min(room, 10_000)));
                    iterator = page.nextShardIterator();
                    if (!page.records().isEmpty() && pending.isEmpty()) {
                        firstPendingNanos = System.nanoTime();
                    }
                    pending.addAll(page.records());
                }
                boolean full = pending.size() >= settings.batchSize();
                boolean windowPassed = !pending.isEmpty()
                        && System.nanoTime() - firstPendingNanos >= settings.batchingWindow().toNanos();
                if (full || windowPassed) {
                    List<Record> batch = List.copyOf(pending.subList(0, Math.min(pending.size(),
                            settings.batchSize())));
                    int done = deliver(shardId, batch);
                    if (done == batch.size()) {
                        pending.subList(0, batch.size()).clear();
                        attempts = 0;
                        firstPendingNanos = System.nanoTime();
                    } else if (++attempts > settings.retryAttempts()) {
                        discarded.add(new DiscardedBatch(shardId, batch.get(done).sequenceNumber(),
                                batch.get(batch.size() - 1).sequenceNumber(), batch.size() - done));
                        pending.subList(0, batch.size()).clear();
                        attempts = 0;
                    } else {
                        // Checkpoint what succeeded; the rest is delivered again, from the first failed record, after a
                        // pause (Lambda backs off between retries).
                        pending.subList(0, done).clear();
                        Thread.sleep(settings.pollInterval().toMillis());
                    }
                    continue;
                }
                if (pending.isEmpty() && page != null && page.records().isEmpty()) {
                    idlePolls.incrementAndGet();
                }
                Thread.sleep(settings.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                handlerFailures.add(e);
                sleepQuietly(settings.pollInterval());
            }
        }
    }

    /** Invokes the handler; returns how many records from the start of the batch are done (all, or up to a failure). */
    private int deliver(String shardId, List<Record> batch) {
        invocations.incrementAndGet();
        StreamsEventResponse response;
        try {
            response = handler.apply(event(shardId, batch));
        } catch (RuntimeException e) {
            handlerFailures.add(e);
            return 0;
        }
        if (response == null || response.getBatchItemFailures() == null
                || response.getBatchItemFailures().isEmpty()) {
            return batch.size();
        }
        BigInteger lowest = null;
        for (StreamsEventResponse.BatchItemFailure f : response.getBatchItemFailures()) {
            String id = f.getItemIdentifier();
            if (id == null || id.isBlank()) {
                return 0;
            }
            BigInteger n = new BigInteger(id);
            lowest = lowest == null || n.compareTo(lowest) < 0 ? n : lowest;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (new BigInteger(batch.get(i).sequenceNumber()).compareTo(lowest) >= 0) {
                resumedFrom.add(batch.get(i).sequenceNumber());
                return i;
            }
        }
        // An identifier past the batch names no record of it: Lambda fails the whole batch.
        return 0;
    }

    private KinesisEvent event(String shardId, List<Record> batch) {
        List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>(batch.size());
        for (Record r : batch) {
            KinesisEvent.Record kinesis = new KinesisEvent.Record();
            kinesis.setKinesisSchemaVersion("1.0");
            kinesis.setPartitionKey(r.partitionKey());
            kinesis.setSequenceNumber(r.sequenceNumber());
            kinesis.setData(ByteBuffer.wrap(r.data().asByteArray()));
            kinesis.setApproximateArrivalTimestamp(r.approximateArrivalTimestamp() == null ? null
                    : Date.from(r.approximateArrivalTimestamp()));
            KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
            record.setKinesis(kinesis);
            record.setEventSource("aws:kinesis");
            record.setEventVersion("1.0");
            record.setEventID(shardId + ":" + r.sequenceNumber());
            record.setEventName("aws:kinesis:record");
            record.setEventSourceARN(streamArn);
            record.setAwsRegion(region);
            records.add(record);
        }
        KinesisEvent event = new KinesisEvent();
        event.setRecords(records);
        return event;
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
