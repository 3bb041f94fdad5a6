package io.rightsizer.logs.envelope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Reads and writes the extension's Kinesis records ({@link StreamBatch}, JSON, UTF-8). Thread-safe.
 */
public final class StreamRecordCodec {

    /** A record's data must stay below Kinesis's 1 MiB record limit. */
    public static final int MAX_RECORD_BYTES = 1_048_576;

    /**
     * Strict about numbers: the extension writes figures as JSON numbers, so a string ({@code "NaN"}, {@code "512"}),
     * a fraction where a whole number belongs or a number too large for its field is a malformed record, never a
     * value Jackson coerces into one. The range of a figure is {@link StreamReport}'s to check.
     */
    private static final ObjectMapper MAPPER = strictNumbers(JsonMapper.builder()
            .addModule(new SimpleModule("instants")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addDeserializer(Instant.class, new InstantDeserializer()))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build());
    private static final ObjectReader READER = MAPPER.readerFor(StreamBatch.class);
    private static final ObjectWriter WRITER = MAPPER.writerFor(StreamBatch.class);

    private static ObjectMapper strictNumbers(ObjectMapper mapper) {
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        return mapper;
    }

    /** The record's bytes. */
    public byte[] encode(StreamBatch batch) {
        Objects.requireNonNull(batch, "batch");
        try {
            return WRITER.writeValueAsBytes(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a stream record", e);
        }
    }

    /** The batch in a record's bytes. */
    public StreamBatch decode(byte[] data) throws StreamRecordException {
        if (data == null || data.length == 0) {
            throw new StreamRecordException("empty record");
        }
        try {
            StreamBatch batch = READER.readValue(data);
            if (batch == null) {
                throw new StreamRecordException("record is JSON null");
            }
            return batch;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new StreamRecordException("invalid stream record: " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new StreamRecordException("unreadable stream record: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new StreamRecordException("unreadable stream record: " + e.getMessage(), e);
        }
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, the form the extension writes, without the general ISO
     * parser (several times slower on the hot path); {@code null} for any other form.
     */
    static Instant utcInstant(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (t.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
                return null;
            }
            int fraction = digits(t, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = n - 21; i < 9; i++) {
                nanos *= 10;
            }
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** ISO-8601 instants ({@code 2026-11-02T08:00:00.123Z}); offsets other than Z are accepted and normalised. */
    private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getText().trim();
            Instant fast = utcInstant(text);
            if (fast != null) {
                return fast;
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 time");
            }
        }
    }
}
