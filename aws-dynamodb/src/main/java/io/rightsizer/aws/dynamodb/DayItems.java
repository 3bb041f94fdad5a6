package io.rightsizer.aws.dynamodb;

import io.rightsizer.domain.usage.DailyUsage;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Maps a stored day item back to the domain's {@link DailyUsage}. */
final class DayItems {

    private DayItems() {
    }

    static DailyUsage toDailyUsage(String functionArn, Map<String, AttributeValue> item) {
        String seen = string(item, TableSchema.LAST_SEEN);
        TreeMap<Integer, Integer> bySize = new TreeMap<>();
        item.forEach((name, value) -> {
            int size = TableSchema.sizeOfMaxAttribute(name);
            if (size > 0 && value.n() != null) {
                bySize.put(size, (int) number(item, name));
            }
        });
        long legacyMax = number(item, TableSchema.MAX_MEMORY_USED_MB);
        int lastSize = (int) number(item, TableSchema.MEMORY_SIZE_MB);
        if (bySize.isEmpty() && lastSize > 0 && item.containsKey(TableSchema.MAX_MEMORY_USED_MB)) {
            // Written before maxima were kept per size: its one maximum stands for the day's last size.
            bySize.put(lastSize, (int) legacyMax);
        }
        AttributeValue versions = item.get(TableSchema.VERSIONS);
        TreeSet<String> versionSet = versions == null || !versions.hasSs() ? new TreeSet<>()
                : new TreeSet<>(versions.ss());
        return new DailyUsage(functionArn,
                TableSchema.dayOf(item.get(TableSchema.SK).s()),
                (int) legacyMax,
                (int) number(item, TableSchema.MEMORY_SIZE_MB),
                number(item, TableSchema.INVOCATIONS),
                number(item, TableSchema.ERRORS),
                number(item, TableSchema.TIMEOUTS),
                number(item, TableSchema.OUT_OF_MEMORY),
                number(item, TableSchema.BILLED_MS_SUM),
                decimal(item, TableSchema.DURATION_MS_SUM),
                number(item, TableSchema.COLD_STARTS),
                seen == null ? null : Instant.parse(seen),
                bySize,
                versionSet);
    }

    /** A missing attribute reads as 0: the max write may have landed before the counter write. */
    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            return 0;
        }
        String n = value.n();
        return n.indexOf('.') >= 0 || n.indexOf('E') >= 0 || n.indexOf('e') >= 0
                ? (long) Double.parseDouble(n) : Long.parseLong(n);
    }

    private static double decimal(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Double.parseDouble(value.n());
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
