package io.rightsizer.logs.envelope;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.usage.InvocationUsage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One Kinesis record from the extension: a batch of reports of one function (version {@value #VERSION} of the format).
 *
 * @param version      the format version, {@code "v"} on the wire
 * @param functionArn  the function's ARN (a qualifier is dropped)
 * @param functionName the function's name; derived from the ARN when absent
 * @param accountId    the account id; derived from the ARN when absent
 * @param region       the Region; derived from the ARN when absent
 * @param reports      the reports, at least one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StreamBatch(
        @JsonProperty("v") Integer version,
        String functionArn,
        String functionName,
        String accountId,
        String region,
        List<StreamReport> reports) {

    /** The only format version this code reads and writes. */
    public static final int VERSION = 1;

    public StreamBatch {
        if (version == null) {
            throw new IllegalArgumentException("missing format version \"v\"");
        }
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported stream record version " + version + " (this reads "
                    + VERSION + ")");
        }
        FunctionRef ref = FunctionRef.fromArn(Objects.requireNonNull(functionArn, "functionArn"));
        check("functionName", functionName, ref.functionName());
        check("accountId", accountId, ref.accountId());
        check("region", region, ref.region());
        functionArn = ref.functionArn();
        functionName = ref.functionName();
        accountId = ref.accountId();
        region = ref.region();
        Objects.requireNonNull(reports, "reports");
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("a stream record carries at least one report");
        }
        for (StreamReport r : reports) {
            Objects.requireNonNull(r, "reports must not contain null");
        }
        reports = List.copyOf(reports);
    }

    /** A version-{@value #VERSION} batch of one function's reports. */
    public static StreamBatch of(FunctionRef function, List<StreamReport> reports) {
        return new StreamBatch(VERSION, function.functionArn(), function.functionName(), function.accountId(),
                function.region(), reports);
    }

    /** The function the reports belong to. */
    @JsonIgnore
    public FunctionRef function() {
        return new FunctionRef(functionArn, functionName, accountId, region);
    }

    /** The Kinesis partition key of this record: the function name, so one function's records stay in order. */
    @JsonIgnore
    public String partitionKey() {
        return functionName;
    }

    /** The reports as usage keyed by the function's unqualified ARN (a report without time stays undated). */
    public List<InvocationUsage> usages() {
        return usages(null);
    }

    /** The reports as usage keyed by the function's unqualified ARN, undated reports dated {@code fallbackTime}. */
    public List<InvocationUsage> usages(Instant fallbackTime) {
        List<InvocationUsage> out = new ArrayList<>(reports.size());
        for (StreamReport r : reports) {
            out.add(new InvocationUsage(functionArn, r.time() == null ? fallbackTime : r.time(), r.requestId(),
                    r.status(), r.errorType(),
                    r.durationMs(), r.billedDurationMs(), r.memorySizeMb(), r.maxMemoryUsedMb(), r.initDurationMs(),
                    r.restoreDurationMs(), r.functionVersion()));
        }
        return out;
    }

    private static void check(String field, String given, String fromArn) {
        if (given != null && !given.equals(fromArn)) {
            throw new IllegalArgumentException(field + " " + given + " does not match the function ARN (" + fromArn
                    + ")");
        }
    }
}
