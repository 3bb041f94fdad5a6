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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link UsageStore} on the single DynamoDB table: per (function, day) one conditional {@code UpdateItem} for the
 * maximum at each memory size the batch saw that day (one size almost always) and one {@code UpdateItem} with
 * {@code ADD} for the counters and the versions seen.
 *
 * <p>The maximum is exact under redelivery (a max is idempotent); the counters are added again when a batch is
 * delivered again. A small in-memory record of the maxima already stored lets a warm instance skip the max write
 * when the batch cannot raise it; the stored maximum only grows, so a stale entry can only cost one extra write.
 * Thread-safe.
 */
public final class DynamoDbUsageStore implements UsageStore {

    /** The day item TTL when none is configured. */
    public static final Duration DEFAULT_DAY_TTL = Duration.ofDays(60);

    private static final int KNOWN_MAXIMA = 20_000;

    private static final String MAX_UPDATE = "SET #max = :max, #exp = if_not_exists(#exp, :exp)";
    private static final String MAX_CONDITION = "attribute_not_exists(#max) OR #max < :max";
    private static final String COUNTER_UPDATE = "ADD #inv :inv, #err :err, #to :to, #oom :oom, #billed :billed,"
            + " #dur :dur, #cold :cold SET #size = :size, #seen = :seen, #exp = :exp";
    private static final String COUNTER_AND_VERSIONS_UPDATE = "ADD #inv :inv, #err :err, #to :to, #oom :oom,"
            + " #billed :billed, #dur :dur, #cold :cold, #ver :ver SET #size = :size, #seen = :seen, #exp = :exp";

    private static final Map<String, String> COUNTER_NAMES = Map.ofEntries(
            Map.entry("#inv", TableSchema.INVOCATIONS), Map.entry("#err", TableSchema.ERRORS),
            Map.entry("#to", TableSchema.TIMEOUTS), Map.entry("#oom", TableSchema.OUT_OF_MEMORY),
            Map.entry("#billed", TableSchema.BILLED_MS_SUM), Map.entry("#dur", TableSchema.DURATION_MS_SUM),
            Map.entry("#cold", TableSchema.COLD_STARTS), Map.entry("#size", TableSchema.MEMORY_SIZE_MB),
            Map.entry("#seen", TableSchema.LAST_SEEN), Map.entry("#exp", TableSchema.EXPIRES_AT));
    private static final Map<String, String> COUNTER_AND_VERSION_NAMES;

    static {
        Map<String, String> names = new HashMap<>(COUNTER_NAMES);
        names.put("#ver", TableSchema.VERSIONS);
        COUNTER_AND_VERSION_NAMES = Map.copyOf(names);
    }

    private final DynamoDbClient client;
    private final String tableName;
    private final Duration dayTtl;
    private final Clock clock;
    private final Map<String, Integer> knownMaxima = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > KNOWN_MAXIMA;
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
            writes += writeMax(day);
            writeCounters(day);
            writes++;
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

    private int writeMax(DailyUsage day) {
        int writes = 0;
        for (Map.Entry<Integer, Integer> atSize : day.maxUsedBySize().entrySet()) {
            writes += writeMax(day, atSize.getKey(), atSize.getValue());
        }
        return writes;
    }

    private int writeMax(DailyUsage day, int memoryMb, int max) {
        String key = day.function() + '\n' + day.day() + '\n' + memoryMb;
        synchronized (knownMaxima) {
            Integer known = knownMaxima.get(key);
            if (known != null && known >= max) {
                return 0;
            }
        }
        String attribute = TableSchema.maxUsedAt(memoryMb);
        Map<String, AttributeValue> values = new HashMap<>(4);
        values.put(":max", n(max));
        values.put(":exp", n(expiresAt(day.day())));
        try {
            client.updateItem(b -> b.tableName(tableName)
                    .key(key(day))
                    .updateExpression(MAX_UPDATE)
                    .conditionExpression(MAX_CONDITION)
                    .expressionAttributeNames(Map.of("#max", attribute, "#exp", TableSchema.EXPIRES_AT))
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            remember(key, max);
        } catch (ConditionalCheckFailedException higher) {
            // Already at least as high: the write lost, as intended, and still costs a write unit.
            AttributeValue stored = higher.hasItem() ? higher.item().get(attribute) : null;
            if (stored != null && stored.n() != null) {
                remember(key, Integer.parseInt(stored.n()));
            }
        }
        return 1;
    }

    private void writeCounters(DailyUsage day) {
        Map<String, AttributeValue> values = new HashMap<>(16);
        values.put(":inv", n(day.invocations()));
        values.put(":err", n(day.errors()));
        values.put(":to", n(day.timeouts()));
        values.put(":oom", n(day.outOfMemory()));
        values.put(":billed", n(day.billedMsSum()));
        values.put(":dur", AttributeValue.fromN(milliseconds(day.durationMsSum())));
        values.put(":cold", n(day.coldStarts()));
        values.put(":size", n(day.memorySizeMb()));
        Instant seen = day.lastSeen() == null ? day.day().atStartOfDay(ZoneOffset.UTC).toInstant() : day.lastSeen();
        values.put(":seen", s(seen.toString()));
        values.put(":exp", n(expiresAt(day.day())));
        boolean withVersions = !day.versions().isEmpty();
        if (withVersions) {
            values.put(":ver", AttributeValue.fromSs(List.copyOf(day.versions())));
        }
        client.updateItem(b -> b.tableName(tableName)
                .key(key(day))
                .updateExpression(withVersions ? COUNTER_AND_VERSIONS_UPDATE : COUNTER_UPDATE)
                .expressionAttributeNames(withVersions ? COUNTER_AND_VERSION_NAMES : COUNTER_NAMES)
                .expressionAttributeValues(values));
    }

    private void remember(String key, int max) {
        synchronized (knownMaxima) {
            knownMaxima.merge(key, max, Math::max);
        }
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
