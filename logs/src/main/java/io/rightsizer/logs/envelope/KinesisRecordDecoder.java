package io.rightsizer.logs.envelope;

import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.usage.InvocationUsage;
import io.rightsizer.logs.ParseStats;
import io.rightsizer.logs.SubscriptionMessage;
import io.rightsizer.logs.SubscriptionPayloadParser;
import io.rightsizer.logs.UsageParseException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Turns one Kinesis record into usage keyed by function: an extension record ({@link StreamBatch}) or a CloudWatch Logs
 * subscription payload (gzip), whose function comes from the log group, its account from the payload's owner and its
 * Region from the stream. Thread-safe.
 */
public final class KinesisRecordDecoder {

    private static final byte[] LOG_EVENTS = "\"logEvents\"".getBytes(StandardCharsets.US_ASCII);

    private final StreamRecordCodec codec = new StreamRecordCodec();
    private final SubscriptionPayloadParser cloudWatch = new SubscriptionPayloadParser();

    /**
     * Hands each report of the record to {@code sink} with the function it belongs to.
     *
     * @return the number of reports handed over
     */
    public int decode(StreamInput record, ParseStats stats, BiConsumer<FunctionRef, InvocationUsage> sink)
            throws MalformedRecordException {
        byte[] data = record.data();
        if (isGzip(data)) {
            return decodeCloudWatch(record, stats, sink);
        }
        StreamBatch batch;
        try {
            batch = codec.decode(data);
        } catch (StreamRecordException e) {
            if (contains(data, LOG_EVENTS)) {
                return decodeCloudWatch(record, stats, sink);
            }
            throw new MalformedRecordException(e.getMessage(), e);
        }
        FunctionRef function = batch.function();
        List<InvocationUsage> usages = batch.usages(record.arrival());
        for (InvocationUsage usage : usages) {
            sink.accept(function, usage);
            stats.countReport();
        }
        return usages.size();
    }

    private int decodeCloudWatch(StreamInput record, ParseStats stats,
                                 BiConsumer<FunctionRef, InvocationUsage> sink) throws MalformedRecordException {
        List<InvocationUsage> usages = new ArrayList<>();
        ParseStats local = new ParseStats();
        SubscriptionMessage message;
        try {
            message = cloudWatch.parse(record.data(), usages::add, local);
        } catch (UsageParseException e) {
            throw new MalformedRecordException(e.getMessage(), e);
        }
        if (message.control() || usages.isEmpty()) {
            stats.merge(local);
            return 0;
        }
        String region = record.region();
        Map<String, FunctionRef> functions = new HashMap<>();
        try {
            for (InvocationUsage usage : usages) {
                functions.computeIfAbsent(usage.function(), name -> FunctionRef.of(name, message.owner(), region));
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("CloudWatch Logs payload of " + message.logGroup() + ": "
                    + e.getMessage(), e);
        }
        Instant fallbackTime = record.arrival();
        String version = message.functionVersion();
        for (InvocationUsage usage : usages) {
            FunctionRef function = functions.get(usage.function());
            InvocationUsage keyed = usage.withFunction(function.functionArn()).withVersion(version);
            if (keyed.time() == null) {
                keyed = withTime(keyed, fallbackTime);
            }
            sink.accept(function, keyed);
        }
        stats.merge(local);
        return usages.size();
    }

    private static InvocationUsage withTime(InvocationUsage u, Instant time) {
        if (time == null) {
            return u;
        }
        return new InvocationUsage(u.function(), time, u.requestId(), u.status(), u.errorType(), u.durationMs(),
                u.billedDurationMs(), u.memorySizeMb(), u.maxMemoryUsedMb(), u.initDurationMs(),
                u.restoreDurationMs(), u.version());
    }

    private static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    private static boolean contains(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
