package io.rightsizer.aws.dynamodb;

import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.UsageStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link UsageStore} on the single DynamoDB table, writing only what can change a stored figure.
 *
 * <p>Per (function, day) of a batch: one conditional {@code UpdateItem} per memory size whose maximum the batch raises
 * (it also carries a new version or size, so a day's first batch costs one write), and one {@code UpdateItem} that
 * adds whatever else is new: counters that are not zero (out-of-memory and timeouts from ingest; every counter from
 * other writers), versions, a changed size. A batch that can change nothing stored writes nothing.
 *
 * <p>An instance remembers what it knows is stored per function-day (up to 20,000): learnt from its own writes, from
 * the old item a lost conditional write returns, or, the first time it meets a function-day, from one strongly
 * consistent {@code GetItem} (a read unit costs a fifth of a write unit). Stored maxima and versions only grow, so a
 * stale memory can only cost a write, never a wrong value: every maximum write stays conditional. The stored size is
 * the last writer's, as before. Thread-safe.
 */
public final class DynamoDbUsageStore implements UsageStore {

    /** The day item TTL when none is configured. */
    public static final Duration DEFAULT_DAY_TTL = Duration.ofDays(60);

    private static final int KNOWN_DAYS = 20_000;

    private static final String MAX_CONDITION = "attribute_not_exists(#max) OR #max < :max";

    /** A counter attribute and the day's value for it. */
    private record Counter(String attribute, long value) {
    }

    private final DynamoDbClient client;
    private final String tableName;
    private final Duration dayTtl;
    private final Clock clock;
    private final Map<String, Known> knownDays = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > KNOWN_DAYS;
        }
    };

    /**
     * @param client    the DynamoDB client (built once per Lambda instance)
     * @param tableName the single table
     * @param dayTtl    how long a day item lives after the end of its day
     * @param clock     today's date, to skip days whose item would already have expired
     */
    public DynamoDbUsageStore(DynamoDbClient client, String tableName, Duration dayTtl, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        if (tableName.isBlank()) {
            throw new IllegalArgumentException("tableName must not be blank");
        }
        this.dayTtl = Objects.requireNonNull(dayTtl, "dayTtl");
        if (dayTtl.isNegative() || dayTtl.isZero()) {
            throw new IllegalArgumentException("dayTtl must be positive: " + dayTtl);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A store with the default TTL and the system clock. */
    public DynamoDbUsageStore(DynamoDbClient client, String tableName) {
        this(client, tableName, DEFAULT_DAY_TTL, Clock.systemUTC());
    }

    @Override
    public int record(Collection<DailyUsage> days) {
        for (DailyUsage day : days) {
            if (day.undated()) {
                throw new IllegalArgumentException("undated usage cannot be stored: " + day.function());
            }
        }
        int writes = 0;
        for (DailyUsage day : mergeDuplicates(days)) {
            if (expiresAt(day.day()) <= clock.instant().getEpochSecond()) {
                continue;
            }
            Known known = known(day);
            synchronized (known) {
                writes += write(day, known);
            }
        }
        return writes;
    }

    @Override
    public List<DailyUsage> readDays(String functionArn, LocalDate fromInclusive, LocalDate toInclusive) {
        Objects.requireNonNull(fromInclusive, "fromInclusive");
        Objects.requireNonNull(toInclusive, "toInclusive");
        List<DailyUsage> out = new ArrayList<>();
        if (toInclusive.isBefore(fromInclusive)) {
            return out;
        }
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(tableName)
                    .consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#pk", TableSchema.PK, "#sk", TableSchema.SK))
                    .expressionAttributeValues(Map.of(
                            ":pk", s(TableSchema.functionPk(functionArn)),
                            ":from", s(TableSchema.daySk(fromInclusive)),
                            ":to", s(TableSchema.daySk(toInclusive))));
            if (startKey != null) {
                query.exclusiveStartKey(startKey);
            }
            QueryResponse page = client.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                out.add(DayItems.toDailyUsage(functionArn, item));
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return out;
    }

    /** The epoch second a day item expires: the end of its day plus the TTL (the same for every write). */
    long expiresAt(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(dayTtl).getEpochSecond();
    }

    /**
     * What this instance knows is stored for one function-day: maxima per size, versions, the size. Never more than
     * what is stored (everything stored only grows but the size, which is the last writer's anyway).
     */
    private static final class Known {
        final Map<Integer, Integer> maxBySize = new HashMap<>();
        final Set<String> versions = new HashSet<>();
        int memorySizeMb;

        void learn(DailyUsage stored) {
            stored.maxUsedBySize().forEach((size, max) -> maxBySize.merge(size, max, Math::max));
            versions.addAll(stored.versions());
            if (stored.memorySizeMb() > 0) {
                memorySizeMb = stored.memorySizeMb();
            }
        }
    }

    /** What is known of the day, reading its item the first time this instance meets it. */
    private Known known(DailyUsage day) {
        String key = day.function() + '\n' + day.day();
        synchronized (knownDays) {
            Known known = knownDays.get(key);
            if (known != null) {
                return known;
            }
        }
        Known read = new Known();
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(tableName).key(key(day))
                .consistentRead(true)).item();
        if (item != null && !item.isEmpty()) {
            read.learn(DayItems.toDailyUsage(day.function(), item));
        }
        synchronized (knownDays) {
            return knownDays.computeIfAbsent(key, k -> read);
        }
    }

    private int write(DailyUsage day, Known known) {
        int writes = 0;
        Instant seen = day.lastSeen() == null ? day.day().atStartOfDay(ZoneOffset.UTC).toInstant() : day.lastSeen();
        for (Map.Entry<Integer, Integer> atSize : day.maxUsedBySize().entrySet()) {
            Integer stored = known.maxBySize.get(atSize.getKey());
            if (stored != null && stored >= atSize.getValue()) {
                continue;
            }
            writeMax(day, atSize.getKey(), atSize.getValue(), seen, known);
            writes++;
        }
        List<Counter> counters = counters(day);
        List<String> newVersions = newVersions(day, known);
        boolean sizeChanged = sizeChanged(day, known);
        if (!counters.isEmpty() || !newVersions.isEmpty() || sizeChanged) {
            writeRest(day, counters, newVersions, sizeChanged, seen, known);
            writes++;
        }
        return writes;
    }

    /**
     * The conditional maximum at one size. It carries the batch's new versions and changed size too, so the day's
     * first batch costs one write; when the condition fails, nothing of it is applied and the old item says why.
     */
    private void writeMax(DailyUsage day, int memoryMb, int max, Instant seen, Known known) {
        String attribute = TableSchema.maxUsedAt(memoryMb);
        List<String> versions = newVersions(day, known);
        boolean sizeChanged = sizeChanged(day, known);
        StringBuilder set = new StringBuilder("SET #max = :max, #exp = if_not_exists(#exp, :exp), #seen = :seen");
        Map<String, String> names = new HashMap<>(Map.of("#max", attribute, "#exp", TableSchema.EXPIRES_AT,
                "#seen", TableSchema.LAST_SEEN));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":max", n(max), ":exp", n(expiresAt(day.day())),
                ":seen", s(seen.toString())));
        if (sizeChanged) {
            set.append(", #size = :size");
            names.put("#size", TableSchema.MEMORY_SIZE_MB);
            values.put(":size", n(day.memorySizeMb()));
        }
        if (!versions.isEmpty()) {
            set.append(" ADD #ver :ver");
            names.put("#ver", TableSchema.VERSIONS);
            values.put(":ver", AttributeValue.fromSs(versions));
        }
        try {
            client.updateItem(b -> b.tableName(tableName)
                    .key(key(day))
                    .updateExpression(set.toString())
                    .conditionExpression(MAX_CONDITION)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            known.maxBySize.merge(memoryMb, max, Math::max);
            known.versions.addAll(versions);
            if (sizeChanged) {
                known.memorySizeMb = day.memorySizeMb();
            }
        } catch (ConditionalCheckFailedException higher) {
            // Already at least as high: the write lost, as intended, still cost a write unit, and tells what is stored.
            if (higher.hasItem() && higher.item() != null && !higher.item().isEmpty()) {
                known.learn(DayItems.toDailyUsage(day.function(), higher.item()));
            }
            known.maxBySize.merge(memoryMb, max, Math::max);
        }
    }

    /** The unconditional rest: non-zero counters added, new versions added, a changed size set. */
    private void writeRest(DailyUsage day, List<Counter> counters, List<String> versions, boolean sizeChanged,
                           Instant seen, Known known) {
        Map<String, String> names = new HashMap<>(Map.of("#exp", TableSchema.EXPIRES_AT, "#seen",
                TableSchema.LAST_SEEN));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":exp", n(expiresAt(day.day())),
                ":seen", s(seen.toString())));
        List<String> adds = new ArrayList<>();
        for (int i = 0; i < counters.size(); i++) {
            Counter c = counters.get(i);
            names.put("#c" + i, c.attribute());
            values.put(":c" + i, c.attribute().equals(TableSchema.DURATION_MS_SUM)
                    ? AttributeValue.fromN(milliseconds(day.durationMsSum())) : n(c.value()));
            adds.add("#c" + i + " :c" + i);
        }
        if (!versions.isEmpty()) {
            names.put("#ver", TableSchema.VERSIONS);
            values.put(":ver", AttributeValue.fromSs(versions));
            adds.add("#ver :ver");
        }
        StringBuilder expression = new StringBuilder("SET #exp = if_not_exists(#exp, :exp), #seen = :seen");
        if (sizeChanged) {
            expression.append(", #size = :size");
            names.put("#size", TableSchema.MEMORY_SIZE_MB);
            values.put(":size", n(day.memorySizeMb()));
        }
        if (!adds.isEmpty()) {
            expression.append(" ADD ").append(String.join(", ", adds));
        }
        client.updateItem(b -> b.tableName(tableName)
                .key(key(day))
                .updateExpression(expression.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
        known.versions.addAll(versions);
        if (sizeChanged) {
            known.memorySizeMb = day.memorySizeMb();
        }
    }

    /** The counters of the day that are not zero; a zero would cost a write and change nothing. */
    private static List<Counter> counters(DailyUsage day) {
        List<Counter> counters = new ArrayList<>(7);
        addIfAny(counters, TableSchema.INVOCATIONS, day.invocations());
        addIfAny(counters, TableSchema.ERRORS, day.errors());
        addIfAny(counters, TableSchema.TIMEOUTS, day.timeouts());
        addIfAny(counters, TableSchema.OUT_OF_MEMORY, day.outOfMemory());
        addIfAny(counters, TableSchema.BILLED_MS_SUM, day.billedMsSum());
        if (day.durationMsSum() > 0) {
            counters.add(new Counter(TableSchema.DURATION_MS_SUM, 0));
        }
        addIfAny(counters, TableSchema.COLD_STARTS, day.coldStarts());
        return counters;
    }

    private static void addIfAny(List<Counter> counters, String attribute, long value) {
        if (value > 0) {
            counters.add(new Counter(attribute, value));
        }
    }

    private static List<String> newVersions(DailyUsage day, Known known) {
        List<String> fresh = new ArrayList<>();
        for (String v : day.versions()) {
            if (!known.versions.contains(v)) {
                fresh.add(v);
            }
        }
        return fresh;
    }

    private static boolean sizeChanged(DailyUsage day, Known known) {
        return day.memorySizeMb() > 0 && day.memorySizeMb() != known.memorySizeMb;
    }

    /** Two entries for the same (function, day) would cost two extra writes: merge them first. */
    private static Collection<DailyUsage> mergeDuplicates(Collection<DailyUsage> days) {
        Map<String, DailyUsage> merged = new LinkedHashMap<>();
        for (DailyUsage day : days) {
            merged.merge(day.function() + '\n' + day.day(), day, DailyUsage::merge);
        }
        return merged.values();
    }

    private static Map<String, AttributeValue> key(DailyUsage day) {
        return Map.of(TableSchema.PK, s(TableSchema.functionPk(day.function())), TableSchema.SK, s(TableSchema.daySk(day.day())));
    }

    /**
     * A duration sum as a DynamoDB number: to the microsecond (Lambda reports hundredths of a millisecond), because a
     * double's full expansion can have more than the 38 digits, or a smaller magnitude than the 1E-130, DynamoDB holds.
     */
    static String milliseconds(double ms) {
        return BigDecimal.valueOf(ms).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
