package io.rightsizer.aws.dynamodb;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The single table's key layout and the names of every item's attributes: the one owner of the schema. Every writer
 * (the stores here, the state machine's {@code RecordOutcome}, checked by the statemachine module's tests) spells
 * attributes through these names.
 */
public final class TableSchema {

    /** Partition key attribute. */
    public static final String PK = "pk";
    /** Sort key attribute. */
    public static final String SK = "sk";
    /** TTL attribute (epoch seconds). */
    public static final String EXPIRES_AT = "expiresAt";

    /** Sort key of the window claim item. */
    public static final String WINDOW_SK = "WINDOW";
    /** Sort key prefix of day items. */
    public static final String DAY_PREFIX = "DAY#";
    /** Sort key prefix of decision (audit) items. */
    public static final String DECISION_PREFIX = "DECISION#";
    /** Partition key prefix of every item of one function. */
    public static final String FUNCTION_PREFIX = "FN#";

    /** Day item attributes. */
    /** The day's maximum of items written before maxima were kept per memory size (read, never written now). */
    public static final String MAX_MEMORY_USED_MB = "maxMemoryUsedMb";
    /** Prefix of the per-size maxima: {@code maxUsedMbAt512} is the day's highest peak at 512 MB. */
    public static final String MAX_USED_AT_PREFIX = "maxUsedMbAt";
    /** String set of the function versions that ran that day. */
    public static final String VERSIONS = "versions";
    public static final String MEMORY_SIZE_MB = "memorySizeMb";
    public static final String INVOCATIONS = "invocations";
    public static final String ERRORS = "errors";
    public static final String TIMEOUTS = "timeouts";
    public static final String OUT_OF_MEMORY = "outOfMemory";
    public static final String BILLED_MS_SUM = "billedMsSum";
    public static final String DURATION_MS_SUM = "durationMsSum";
    public static final String COLD_STARTS = "coldStarts";
    /** ISO-8601 time of the latest report counted into a day item (informational). */
    public static final String LAST_SEEN = "lastSeen";

    /** Window item attributes. */
    public static final String WINDOW_START = "windowStart";
    public static final String WINDOW_END = "windowEnd";
    public static final String EXECUTION_ARN = "executionArn";
    public static final String EXECUTION_NAME = "executionName";
    public static final String STATE = "state";
    public static final String CYCLE = "cycle";
    public static final String FUNCTION_ARN = "functionArn";
    public static final String FUNCTION_NAME = "functionName";
    public static final String ACCOUNT_ID = "accountId";
    public static final String REGION = "region";
    public static final String CLAIMED_AT = "claimedAt";
    public static final String STARTED_AT = "startedAt";
    public static final String START_ERROR = "startError";
    /** Written by the state machine when it closes the window. */
    public static final String OUTCOME = "outcome";
    public static final String OUTCOME_DETAIL = "outcomeDetail";
    public static final String CLOSED_AT = "closedAt";
    /** Written by {@code rightsizer restart}. */
    public static final String RESTARTED_AT = "restartedAt";

    /** Decision (audit) item attributes, besides {@link #EXECUTION_ARN}, {@link #WINDOW_START}, {@link #WINDOW_END}. */
    public static final String STEP = "step";
    public static final String STATUS = "status";
    public static final String FROM_MEMORY_MB = "fromMemoryMb";
    public static final String TO_MEMORY_MB = "toMemoryMb";
    public static final String REASON = "reason";
    public static final String KIND = "kind";
    public static final String FIGURES = "figures";
    public static final String WATCH_UNTIL = "watchUntil";
    public static final String MONTHLY_SAVINGS_USD = "monthlySavingsUsd";
    public static final String DRY_RUN = "dryRun";
    /** The configuration revision an intent was recorded against. */
    public static final String REVISION_ID = "revisionId";
    /** Sort key suffix of an intent ({@code DECISION#<time>#<step>#INTENT}), written before the change is made. */
    public static final String INTENT_SUFFIX = "#INTENT";

    /** The attributes of a {@code WINDOW} item, every writer's included. */
    public static final java.util.Set<String> WINDOW_ATTRIBUTES = java.util.Set.of(PK, SK, WINDOW_START, WINDOW_END,
            EXECUTION_ARN, EXECUTION_NAME, STATE, CYCLE, FUNCTION_ARN, FUNCTION_NAME, ACCOUNT_ID, REGION, CLAIMED_AT,
            STARTED_AT, START_ERROR, OUTCOME, OUTCOME_DETAIL, CLOSED_AT, RESTARTED_AT);

    private TableSchema() {
    }

    /** {@code FN#<unqualified function ARN>}. */
    public static String functionPk(String functionArn) {
        Objects.requireNonNull(functionArn, "functionArn");
        if (functionArn.isBlank()) {
            throw new IllegalArgumentException("functionArn must not be blank");
        }
        return FUNCTION_PREFIX + functionArn;
    }

    /** The attribute holding the day's maximum at {@code memoryMb}. */
    public static String maxUsedAt(int memoryMb) {
        if (memoryMb <= 0) {
            throw new IllegalArgumentException("memory size must be positive: " + memoryMb);
        }
        return MAX_USED_AT_PREFIX + memoryMb;
    }

    /** The memory size of a {@code maxUsedMbAt<size>} attribute, or -1 for any other attribute. */
    public static int sizeOfMaxAttribute(String attribute) {
        if (attribute == null || !attribute.startsWith(MAX_USED_AT_PREFIX)
                || attribute.length() == MAX_USED_AT_PREFIX.length()) {
            return -1;
        }
        String digits = attribute.substring(MAX_USED_AT_PREFIX.length());
        if (digits.length() > 6 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    /** {@code DAY#yyyy-MM-dd}. */
    public static String daySk(LocalDate day) {
        return DAY_PREFIX + Objects.requireNonNull(day, "day");
    }

    /** The day of a {@code DAY#yyyy-MM-dd} sort key. */
    public static LocalDate dayOf(String sk) {
        if (sk == null || !sk.startsWith(DAY_PREFIX)) {
            throw new IllegalArgumentException("not a day sort key: " + sk);
        }
        return LocalDate.parse(sk.substring(DAY_PREFIX.length()));
    }

    /** The function ARN of a {@code FN#...} partition key. */
    public static String functionArnOf(String pk) {
        if (pk == null || !pk.startsWith(FUNCTION_PREFIX)) {
            throw new IllegalArgumentException("not a function partition key: " + pk);
        }
        return pk.substring(FUNCTION_PREFIX.length());
    }
}
