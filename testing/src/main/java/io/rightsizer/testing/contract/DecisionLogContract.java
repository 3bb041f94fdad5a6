package io.rightsizer.testing.contract;

import io.rightsizer.domain.decision.DecisionLog;
import io.rightsizer.domain.decision.DecisionRecord;
import io.rightsizer.domain.decision.DecisionStatus;
import io.rightsizer.domain.decision.DecisionStep;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link DecisionLog} does, run against each implementation. */
public abstract class DecisionLogContract {

    protected static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:orders";

    private DecisionLog log;

    /** A log on fresh, empty data. */
    protected abstract DecisionLog newLog();

    @BeforeEach
    void freshLog() {
        log = newLog();
    }

    protected static DecisionRecord entry(String at, DecisionStep step, DecisionStatus status, String execution) {
        return new DecisionRecord(FN, Instant.parse(at), step, status, 1024, 512, "why", "DECREASE", execution,
                "2026-11-01T00:00:00Z", "2026-11-15T00:00:00Z", "{\"figures\":{\"days\":14}}",
                step == DecisionStep.APPLY ? Instant.parse(at).plusSeconds(86_400) : null, 4.5);
    }

    @Test
    void anEntryIsReadBackWithEveryField() {
        DecisionRecord applied = entry("2026-11-15T00:05:00.123Z", DecisionStep.APPLY, DecisionStatus.APPLIED, "exec-1");

        log.record(applied);

        assertThat(log.find(FN, "exec-1", DecisionStep.APPLY)).contains(applied);
        assertThat(log.find(FN, "exec-1", DecisionStep.ROLLBACK)).isEmpty();
        assertThat(log.find(FN, "exec-2", DecisionStep.APPLY)).isEmpty();
    }

    @Test
    void recordingTheSameStepOfAnExecutionAgainKeepsTheFirstEntry() {
        log.record(entry("2026-11-15T00:05:00Z", DecisionStep.APPLY, DecisionStatus.APPLIED, "exec-1"));
        log.record(entry("2026-11-15T00:06:00Z", DecisionStep.APPLY, DecisionStatus.SKIPPED, "exec-1"));

        assertThat(log.recent(FN, 10)).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(DecisionStatus.APPLIED));
    }

    @Test
    void anApplyAndARollbackInTheSameMillisecondAreBothKept() {
        log.record(entry("2026-11-15T00:05:00.123Z", DecisionStep.APPLY, DecisionStatus.APPLIED, "exec-1"));
        log.record(entry("2026-11-15T00:05:00.123Z", DecisionStep.ROLLBACK, DecisionStatus.ROLLED_BACK, "exec-1"));

        assertThat(log.recent(FN, 10)).extracting(DecisionRecord::step)
                .containsExactlyInAnyOrder(DecisionStep.APPLY, DecisionStep.ROLLBACK);
        assertThat(log.find(FN, "exec-1", DecisionStep.ROLLBACK)).get()
                .extracting(DecisionRecord::at).isEqualTo(Instant.parse("2026-11-15T00:05:00.123Z"));
    }

    @Test
    void anIntentIsKeptBesideTheOutcomeThatFollowsItAndWrittenOnlyOnce() {
        DecisionRecord intent = new DecisionRecord(FN, Instant.parse("2026-11-15T00:05:00.100Z"), DecisionStep.APPLY,
                DecisionStatus.INTENDED, 1024, 512, "about to change", "DECREASE", "exec-1", null, null, null, null, 0,
                "rev-7");
        log.record(intent);
        log.record(new DecisionRecord(FN, Instant.parse("2026-11-15T00:06:00Z"), DecisionStep.APPLY,
                DecisionStatus.INTENDED, 1024, 512, "again", "DECREASE", "exec-1", null, null, null, null, 0, "rev-8"));

        assertThat(log.find(FN, "exec-1", DecisionStep.APPLY)).contains(intent);

        DecisionRecord applied = entry("2026-11-15T00:05:00.100Z", DecisionStep.APPLY, DecisionStatus.APPLIED, "exec-1");
        log.record(applied);

        assertThat(log.ofExecution(FN, "exec-1")).extracting(DecisionRecord::status)
                .containsExactlyInAnyOrder(DecisionStatus.INTENDED, DecisionStatus.APPLIED);
        assertThat(log.find(FN, "exec-1", DecisionStep.APPLY)).contains(applied);
        assertThat(log.ofExecution(FN, "exec-1")).filteredOn(r -> r.status() == DecisionStatus.INTENDED)
                .singleElement().extracting(DecisionRecord::revisionId).isEqualTo("rev-7");
    }

    @Test
    void aFurtherIncreaseInTheSameExecutionIsAChangeOfItsOwn() {
        log.record(new DecisionRecord(FN, Instant.parse("2026-11-15T00:05:00Z"), DecisionStep.APPLY,
                DecisionStatus.APPLIED, 512, 768, "raise", "INCREASE", "exec-1", null, null, null, null, 0));
        log.record(new DecisionRecord(FN, Instant.parse("2026-11-17T00:15:00Z"), DecisionStep.APPLY,
                DecisionStatus.APPLIED, 768, 1152, "raise again", "INCREASE", "exec-1", null, null, null, null, 0));

        assertThat(log.ofExecution(FN, "exec-1")).extracting(DecisionRecord::toMemoryMb).containsExactly(768, 1152);
    }

    @Test
    void recentIsNewestFirstAndLimited() {
        log.record(entry("2026-11-15T00:05:00Z", DecisionStep.APPLY, DecisionStatus.APPLIED, "exec-1"));
        log.record(entry("2026-11-16T00:05:00Z", DecisionStep.ROLLBACK, DecisionStatus.ROLLED_BACK, "exec-1"));
        log.record(entry("2026-11-30T00:05:00Z", DecisionStep.APPLY, DecisionStatus.DRY_RUN, "exec-2"));

        assertThat(log.recent(FN, 2)).extracting(DecisionRecord::status)
                .containsExactly(DecisionStatus.DRY_RUN, DecisionStatus.ROLLED_BACK);
        assertThat(log.recent("arn:aws:lambda:us-east-1:123456789012:function:other", 5)).isEmpty();
    }
}
