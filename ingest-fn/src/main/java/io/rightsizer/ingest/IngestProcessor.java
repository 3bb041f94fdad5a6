package io.rightsizer.ingest;

import io.rightsizer.domain.fold.DailyFold;
import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.InvocationUsage;
import io.rightsizer.domain.usage.UsageStore;
import io.rightsizer.domain.window.WindowCoordinator;
import io.rightsizer.domain.window.WindowOutcome;
import io.rightsizer.logs.MalformedSample;
import io.rightsizer.logs.ParseStats;
import io.rightsizer.logs.envelope.KinesisRecordDecoder;
import io.rightsizer.logs.envelope.MalformedRecordException;
import io.rightsizer.logs.envelope.StreamInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Ingests one Kinesis batch: decode every record, fold the whole batch per (function, UTC day), then per function
 * (in the order of its first record) make sure its window is open and write its days. A report whose request id the
 * batch already holds for its function is a redelivered copy: it counts once (its peak still counts).
 *
 * <p>Failure handling: a malformed record is counted, logged once with its sequence number and skipped. A transient
 * failure (throttling, 5xx, network) while handling function F stops the batch: the result names the sequence number
 * of F's first record, so Kinesis delivers that record and every later one again. Functions handled before F were
 * written in full, including their reports in records at or after that sequence number: the maxima and versions of
 * those are the same on the retry, their out-of-memory and timeout counts are added again. F and later functions were
 * not written, so they count exactly once. The window is started before a function's days are written, so a failed
 * start never leaves written days behind. Any other failure is a fault and is thrown.
 */
public final class IngestProcessor {

    /** Reports dated further ahead than this are clock errors: skipped so they cannot create far-future items. */
    static final Duration MAX_FUTURE = Duration.ofHours(1);

    /** Skipped-kind of reports without any time. */
    static final String UNDATED = "undated";
    /** Skipped-kind of a second copy of a report (same function and request id) within one batch. */
    static final String DUPLICATE = "duplicateReport";
    /** Skipped-kind of reports dated more than {@link #MAX_FUTURE} ahead. */
    static final String FUTURE_DATED = "futureDated";
    /** Skipped-kind of reports of functions outside the deployment's account and Region ({@link HomeScope}). */
    static final String FOREIGN_FUNCTION = "foreignFunction";

    /** How many foreign functions an instance remembers having logged (each is logged once per instance). */
    static final int FOREIGN_LOG_MEMORY = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);

    private final KinesisRecordDecoder decoder = new KinesisRecordDecoder();
    private final UsageStore store;
    private final WindowCoordinator windows;
    private final Clock clock;
    private final Set<String> foreignLogged = Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > FOREIGN_LOG_MEMORY;
        }
    });

    public IngestProcessor(UsageStore store, WindowCoordinator windows, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.windows = Objects.requireNonNull(windows, "windows");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Ingests a batch, in Kinesis order; only functions of {@code home} are written and get windows. */
    public IngestResult process(List<StreamInput> records, HomeScope home) {
        Folded folded = decodeAndFold(records, home);
        logForeign(folded, home);
        int windowsStarted = 0;
        int writes = 0;
        int written = 0;
        String failedSequenceNumber = null;
        for (FunctionBatch function : folded.functions.values()) {
            try {
                WindowOutcome outcome = windows.ensureWindow(function.ref, function.earliest);
                if (outcome == WindowOutcome.STARTED || outcome == WindowOutcome.RESUMED) {
                    windowsStarted++;
                    LOG.info("Window started", entry("functionArn", function.ref.functionArn()),
                            entry("outcome", outcome.name()));
                } else if (outcome == WindowOutcome.ALREADY_EXISTS || outcome == WindowOutcome.REFUSED) {
                    LOG.warn("Window execution not started", entry("functionArn", function.ref.functionArn()),
                            entry("outcome", outcome.name()));
                }
                writes += store.record(forStore(function.fold.days()));
                written++;
            } catch (RuntimeException e) {
                if (!TransientFailures.isTransient(e)) {
                    throw e;
                }
                failedSequenceNumber = records.get(function.firstIndex).sequenceNumber();
                LOG.warn("Transient failure; the batch resumes from this record",
                        entry("sequenceNumber", failedSequenceNumber),
                        entry("functionArn", function.ref.functionArn()),
                        entry("cause", e.getClass().getSimpleName() + ": " + e.getMessage()));
                break;
            }
        }
        return new IngestResult(records.size(), folded.stats.reports(), folded.malformed,
                folded.functions.size(), written, windowsStarted, writes, folded.stats.skipped(),
                failedSequenceNumber);
    }

    /**
     * Decodes and folds without touching the store (also what the throughput benchmark measures); reports of
     * functions outside {@code home} are counted as {@link #FOREIGN_FUNCTION} and dropped.
     */
    Folded decodeAndFold(List<StreamInput> records, HomeScope home) {
        Objects.requireNonNull(home, "home");
        Folded folded = new Folded();
        Instant latestAllowed = clock.instant().plus(MAX_FUTURE);
        for (int i = 0; i < records.size(); i++) {
            StreamInput record = records.get(i);
            int index = i;
            // Per record, so a bad report inside a readable CloudWatch payload is logged with its sequence number.
            ParseStats recordStats = new ParseStats();
            try {
                decoder.decode(record, recordStats, (function, usage) -> {
                    if (!home.includes(function)) {
                        // Evaluate and apply can only reach this account and Region: a window would always fail.
                        folded.stats.count(FOREIGN_FUNCTION);
                        folded.foreign.putIfAbsent(function.functionArn(), function);
                        return;
                    }
                    if (usage.time() == null) {
                        // Neither the report nor the record carries a time: the day is unknown.
                        folded.stats.count(UNDATED);
                        return;
                    }
                    if (usage.time().isAfter(latestAllowed)) {
                        folded.stats.count(FUTURE_DATED);
                        return;
                    }
                    folded.add(function, index, usage);
                });
            } catch (MalformedRecordException e) {
                folded.malformed++;
                LOG.warn("Malformed record skipped", entry("sequenceNumber", record.sequenceNumber()),
                        entry("reason", e.getMessage()));
            }
            long badReports = recordStats.skipped(ParseStats.MALFORMED);
            if (badReports > 0) {
                folded.malformed += badReports;
                List<MalformedSample> samples = recordStats.malformedSamples();
                LOG.warn("Malformed reports skipped", entry("sequenceNumber", record.sequenceNumber()),
                        entry("count", badReports),
                        entry("reason", samples.isEmpty() ? "unreadable report" : samples.get(0).reason()));
            }
            folded.stats.merge(recordStats);
        }
        return folded;
    }

    /**
     * The days as the store keeps them: invocations, errors and durations are left to the metrics Lambda publishes
     * for every function (read once at evaluation), so a batch that raises no maximum and brings no version, size,
     * out-of-memory or timeout writes nothing.
     */
    private static List<DailyUsage> forStore(List<DailyUsage> days) {
        List<DailyUsage> out = new ArrayList<>(days.size());
        for (DailyUsage d : days) {
            out.add(d.withoutPlatformMetrics());
        }
        return out;
    }

    /** Logs each foreign function once per instance (a bounded memory: a long tail is logged again, rarely). */
    private void logForeign(Folded folded, HomeScope home) {
        for (FunctionRef function : folded.foreign.values()) {
            boolean first;
            synchronized (foreignLogged) {
                first = foreignLogged.add(function.functionArn());
            }
            if (first) {
                LOG.warn("Reports of a function outside this deployment's account and Region skipped; deploy"
                                + " Rightsizer in that account and Region to size it",
                        entry("functionArn", function.functionArn()), entry("homeAccountId", home.accountId()),
                        entry("homeRegion", home.region()));
            }
        }
    }

    /** The batch folded per function, functions in the order of their first record. */
    static final class Folded {
        final Map<String, FunctionBatch> functions = new LinkedHashMap<>();
        final Map<String, FunctionRef> foreign = new LinkedHashMap<>();
        final ParseStats stats = new ParseStats();
        /** Records that could not be read, plus reports inside readable records that could not be. */
        long malformed;

        void add(FunctionRef function, int index, InvocationUsage usage) {
            FunctionBatch batch = functions.get(function.functionArn());
            if (batch == null) {
                batch = new FunctionBatch(function, index);
                functions.put(function.functionArn(), batch);
            }
            if (!batch.add(usage)) {
                stats.count(DUPLICATE);
            }
        }

        long reports() {
            long n = 0;
            for (FunctionBatch f : functions.values()) {
                n += f.fold.reports();
            }
            return n;
        }

        List<DailyUsage> days() {
            List<DailyUsage> out = new ArrayList<>();
            for (FunctionBatch f : functions.values()) {
                out.addAll(f.fold.days());
            }
            return out;
        }
    }

    /** One function's part of the batch. */
    static final class FunctionBatch {
        final FunctionRef ref;
        final int firstIndex;
        final DailyFold fold = new DailyFold();
        /** The request ids of this batch's reports: bounded by the batch, not by the day. */
        final Set<String> requestIds = new HashSet<>();
        Instant earliest;

        FunctionBatch(FunctionRef ref, int firstIndex) {
            this.ref = ref;
            this.firstIndex = firstIndex;
        }

        /**
         * Folds one report; returns false when it is a copy of a report of this batch (same request id): at-least-once
         * delivery must not count an invocation twice where one batch sees both copies, and the copy's peak still
         * counts, so the maximum stays exact whichever copy is true.
         */
        boolean add(InvocationUsage usage) {
            if (usage.requestId() != null && !requestIds.add(usage.requestId())) {
                fold.addRepeat(usage);
                return false;
            }
            fold.add(usage);
            if (earliest == null || usage.time().isBefore(earliest)) {
                earliest = usage.time();
            }
            return true;
        }
    }
}
