package io.rightsizer.logs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.rightsizer.domain.usage.InvocationUsage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipException;

/**
 * Parses one CloudWatch Logs subscription payload (the gzip bytes of a Kinesis record, or the decoded JSON), as the
 * ingest function receives it: each log event's REPORT line or JSON {@code platform.report} becomes usage booked to
 * the function of the log group ({@code /aws/lambda/<name>} gives {@code <name>}).
 *
 * <p>All or nothing: records reach the sink (and counts the stats) only when the whole payload was readable, so a
 * caller that retries a failed payload never books part of it twice. Junk inside single events is counted, not
 * thrown. Stateless: one instance may serve many threads.
 */
public final class SubscriptionPayloadParser {

    /** Parses a payload whose records carry their identity in the log group (no default function). */
    public SubscriptionMessage parse(byte[] data, UsageSink sink, ParseStats stats) throws UsageParseException {
        return parse(data, ParseOptions.withoutDefaultFunction(), sink, stats);
    }

    /**
     * Parses a payload; records from a log group that names no function (a custom or shared group) go to the
     * options' default function, or are counted as {@value ParseStats#NO_FUNCTION}.
     *
     * @throws UsageParseException when the payload as a whole is unreadable: neither gzip nor JSON, corrupt gzip,
     *                             invalid JSON, or not a subscription payload object
     */
    public SubscriptionMessage parse(byte[] data, ParseOptions options, UsageSink sink, ParseStats stats)
            throws UsageParseException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(stats, "stats");
        if (data.length == 0) {
            throw new UsageParseException("empty subscription payload");
        }
        List<InvocationUsage> records = new ArrayList<>();
        ParseStats local = new ParseStats();
        UsageDecoder decoder = new UsageDecoder(options, records::add, local);
        UsageDecoder.ObjectInfo info;
        try (InputStream in = UsageDecoder.open(data); JsonParser p = UsageDecoder.JSON.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new UsageParseException("not a CloudWatch Logs subscription payload: expected a JSON object"
                        + (UsageDecoder.isGzip(data) ? " inside the gzip data" : " or gzip data")
                        + ", found " + (first == null ? "nothing" : first.asString()));
            }
            info = decoder.readObject(p, null, null, 0);
            if (info.messageType == null && info.nested != null) {
                info = info.nested; // a {"awslogs":{"data":…}} event
            }
            if (info.messageType == null) {
                throw new UsageParseException("not a CloudWatch Logs subscription payload: no messageType");
            }
            if (!info.hadLogEvents && !SubscriptionMessage.CONTROL_MESSAGE.equals(info.messageType)) {
                throw new UsageParseException("subscription payload " + info.messageType + " without logEvents");
            }
            if (p.nextToken() != null) {
                throw new UsageParseException("subscription payload has data after its JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new UsageParseException("subscription payload is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (ZipException | EOFException e) {
            throw new UsageParseException("subscription payload is corrupt or truncated gzip: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UsageParseException("subscription payload unreadable: " + e.getMessage(), e);
        }
        for (InvocationUsage usage : records) {
            sink.accept(usage);
        }
        stats.merge(local);
        return info.toMessage();
    }
}
