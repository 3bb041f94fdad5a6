package io.rightsizer.core.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.rightsizer.core.usage.InvocationUsage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns Telemetry API events ({@code {"time","type","record"}}) into usage when they are {@code platform.report}
 * events with memory figures; every other event type, and reports without memory (Lambda Managed Instances), are
 * counted and skipped. Stateless: one instance may serve many threads.
 */
public final class TelemetryEventParser {

    /**
     * Parses one event.
     *
     * @param event    a Telemetry API event object
     * @param function the function the event belongs to (the Telemetry API does not say); {@code null} counts the
     *                 report as {@value ParseStats#NO_FUNCTION}
     * @param stats    where skipped events are counted (and the report, when there is one)
     * @return the usage, or {@code null} when the event is not a usable {@code platform.report}
     */
    public InvocationUsage parse(JsonNode event, String function, ParseStats stats) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(stats, "stats");
        if (!event.isObject()) {
            stats.count(ParseStats.OTHER_JSON);
            return null;
        }
        List<InvocationUsage> out = new ArrayList<>(1);
        UsageDecoder decoder = new UsageDecoder(new ParseOptions(function), out::add, stats);
        try (JsonParser p = event.traverse()) {
            p.nextToken();
            decoder.readObject(p, null, null, 0);
        } catch (IOException e) {
            // A tree is already parsed JSON: reading it back cannot fail short of a bug.
            throw new IllegalStateException("could not read a Telemetry event tree", e);
        }
        return out.isEmpty() ? null : out.get(0);
    }

    /**
     * Parses a Telemetry API batch as Lambda POSTs it (a JSON array of events; a single event object is accepted
     * too). All or nothing: records reach the sink and counts the stats only when the whole batch is valid JSON.
     *
     * @throws UsageParseException when the batch is not valid JSON or not an array or object
     */
    public void parseBatch(byte[] json, String function, UsageSink sink, ParseStats stats) throws UsageParseException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(stats, "stats");
        List<InvocationUsage> records = new ArrayList<>();
        ParseStats local = new ParseStats();
        UsageDecoder decoder = new UsageDecoder(new ParseOptions(function), records::add, local);
        try (JsonParser p = UsageDecoder.JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_ARRAY && first != JsonToken.START_OBJECT) {
                throw new UsageParseException("not a Telemetry API batch: expected a JSON array, found "
                        + (first == null ? "nothing" : first.asString()));
            }
            if (first == JsonToken.START_OBJECT) {
                decoder.readObject(p, null, null, 0);
            } else {
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == JsonToken.START_OBJECT) {
                        decoder.readObject(p, null, null, 1);
                    } else {
                        p.skipChildren();
                        local.count(ParseStats.OTHER_JSON);
                    }
                }
            }
            if (p.nextToken() != null) {
                throw new UsageParseException("Telemetry API batch has data after its JSON value");
            }
        } catch (JsonProcessingException e) {
            throw new UsageParseException("Telemetry API batch is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UsageParseException("Telemetry API batch unreadable: " + e.getMessage(), e);
        }
        for (InvocationUsage usage : records) {
            sink.accept(usage);
        }
        stats.merge(local);
    }
}
