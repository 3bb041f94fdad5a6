package io.rightsizer.aws.logs;

import io.rightsizer.domain.scan.LogFormat;
import io.rightsizer.domain.scan.UsageRow;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the rows of a {@link UsageQueryText} query as {@link UsageRow}s: every value arrives as text, numbers
 * sometimes in e-notation ({@code 1.28e+08}), times as {@code yyyy-MM-dd HH:mm:ss.SSS} (UTC), and fields without a
 * value are left out of the row.
 */
final class UsageResultRows {

    private static final DateTimeFormatter INSIGHTS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final BigDecimal BYTES_PER_MB = BigDecimal.valueOf(1_000_000);

    private UsageResultRows() {
    }

    /** One row, or {@code null} when its reports carry no memory figures (Lambda Managed Instances). */
    static UsageRow read(List<ResultField> fields, LogFormat format) {
        Map<String, String> row = new HashMap<>();
        for (ResultField f : fields) {
            if (f.field() != null && f.value() != null) {
                row.put(f.field(), f.value());
            }
        }
        String memoryColumn = format == LogFormat.JSON ? UsageQueryText.JSON_MEMORY_SIZE : UsageQueryText.TEXT_MEMORY_SIZE;
        if (!row.containsKey(memoryColumn) || !row.containsKey(UsageQueryText.MAX_MEMORY_USED)) {
            return null;
        }
        String log = required(row, UsageQueryText.LOG);
        return new UsageRow(
                log.substring(log.indexOf(':') + 1),
                none(row.get(UsageQueryText.WRITER)),
                LocalDate.ofInstant(time(required(row, UsageQueryText.DAY)), ZoneOffset.UTC),
                megabytes(row.get(memoryColumn), format),
                none(row.get(UsageQueryText.OUTCOME)),
                none(row.get(UsageQueryText.FAILURE)),
                megabytes(row.get(UsageQueryText.MAX_MEMORY_USED), format),
                number(required(row, UsageQueryText.REPORTS)).longValueExact(),
                number(row.getOrDefault(UsageQueryText.BILLED_MS, "0")).setScale(0, RoundingMode.HALF_UP).longValueExact(),
                number(row.getOrDefault(UsageQueryText.DURATION_MS, "0")).doubleValue(),
                number(row.getOrDefault(UsageQueryText.COLD_STARTS, "0")).longValueExact(),
                time(required(row, UsageQueryText.LAST_SEEN)));
    }

    /** Reports in a row (for rows {@link #read} leaves out). */
    static long reports(List<ResultField> fields) {
        for (ResultField f : fields) {
            if (UsageQueryText.REPORTS.equals(f.field()) && f.value() != null) {
                return number(f.value()).longValueExact();
            }
        }
        return 0;
    }

    private static int megabytes(String value, LogFormat format) {
        BigDecimal n = number(value);
        // Text logs are discovered in bytes (1 MB = 10^6 bytes); the JSON record says MB.
        BigDecimal mb = format == LogFormat.JSON ? n : n.divide(BYTES_PER_MB);
        return mb.setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("not a number in a Logs Insights result: '" + text + "'", e);
        }
    }

    private static Instant time(String text) {
        String t = text.trim();
        try {
            return LocalDateTime.parse(t, INSIGHTS_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException again) {
                if (t.chars().allMatch(Character::isDigit)) {
                    return Instant.ofEpochMilli(Long.parseLong(t));
                }
                throw new IllegalStateException("not a time in a Logs Insights result: '" + text + "'", e);
            }
        }
    }

    private static String required(Map<String, String> row, String field) {
        String v = row.get(field);
        if (v == null) {
            throw new IllegalStateException("a Logs Insights result row has no '" + field + "': " + row);
        }
        return v;
    }

    private static String none(String value) {
        return value == null || value.equals(UsageQueryText.NONE) ? null : value;
    }
}
