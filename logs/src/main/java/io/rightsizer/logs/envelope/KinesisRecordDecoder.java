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
     * Hands each report of the record to {@code sink} with the function it belongs to. The whole record is read before
     * the first report is handed over, so a record that turns out unreadable halfway books nothing; a report inside a
     * readable CloudWatch Logs payload that cannot be read is counted in {@code stats} as malformed and skipped.
     *
     * @return the number of reports handed over
     * @throws MalformedRecordException when the record cannot be read; no other exception caused by its data leaves
     *                                  this method
     */
    public int decode(StreamInput record, ParseStats stats, BiConsumer<FunctionRef, InvocationUsage> sink)
            throws MalformedRecordException {
        Decoded decoded;
        try {
            decoded = read(record);
        } catch (MalformedRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            // Whatever the parsers did not foresee is still this record's data: it must not fail the batch.
            throw new MalformedRecordException("unreadable record (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
        for (int i = 0; i < decoded.usages.size(); i++) {
            sink.accept(decoded.functions.get(i), decoded.usages.get(i));
            stats.countReport();
        }
        stats.merge(decoded.stats);
        return decoded.usages.size();
    }

    /** A record read in full: its reports in order with their functions, and what was skipped inside it. */
    private static final class Decoded {
        final List<FunctionRef> functions = new ArrayList<>();
        final List<InvocationUsage> usages = new ArrayList<>();
        final ParseStats stats = new ParseStats();

        void add(FunctionRef function, InvocationUsage usage) {
            functions.add(function);
            usages.add(usage);
        }
    }

    private Decoded read(StreamInput record) throws MalformedRecordException {
        byte[] data = record.data();
        if (isGzip(data)) {
            return readCloudWatch(record);
        }
        StreamBatch batch;
        try {
            batch = codec.decode(data);
        } catch (StreamRecordException e) {
            if (contains(data, LOG_EVENTS)) {
                return readCloudWatch(record);
            }
            throw new MalformedRecordException(e.getMessage(), e);
        }
        Decoded decoded = new Decoded();
        FunctionRef function = batch.function();
        for (InvocationUsage usage : batch.usages(record.arrival())) {
            decoded.add(function, usage);
        }
        return decoded;
    }

    private Decoded readCloudWatch(StreamInput record) throws MalformedRecordException {
        Decoded decoded = new Decoded();
        List<InvocationUsage> usages = new ArrayList<>();
        SubscriptionMessage message;
        try {
            message = cloudWatch.parse(record.data(), usages::add, decoded.stats);
        } catch (UsageParseException e) {
            throw new MalformedRecordException(e.getMessage(), e);
        }
        if (message.control() || usages.isEmpty()) {
            return decoded;
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
            decoded.add(function, keyed);
        }
        return decoded;
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
