package io.rightsizer.testing.fleet;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The fleet simulator on a seeded mini-fleet of two functions per kind, whose outcomes are known. */
class FleetTest {

    private static final int WINDOW = 14;
    private static final Map<DemandKind, Integer> TWO_OF_EACH = Arrays.stream(DemandKind.values())
            .collect(Collectors.toMap(k -> k, k -> 2));
    private final Fleet fleet = Fleet.generate(7, TWO_OF_EACH, WINDOW);

    private List<FleetFunction> of(DemandKind kind) {
        return fleet.functions().stream().filter(f -> f.kind() == kind).toList();
    }

    @Test
    void theSameSeedGivesTheSameFleetTheSameDemandAndTheSameLogs() {
        Fleet again = Fleet.generate(7, TWO_OF_EACH, WINDOW);

        assertThat(again).isEqualTo(fleet);
        FleetFunction f = fleet.functions().get(3);
        assertThat(f.day(5).needMb()).isEqualTo(again.functions().get(3).day(5).needMb());
        assertThat(logs(f, 0, 2)).isEqualTo(logs(again.functions().get(3), 0, 2));
        assertThat(Fleet.generate(8, TWO_OF_EACH, WINDOW)).isNotEqualTo(fleet);
    }

    @Test
    void theDefaultMixIsMostlyOrdinaryFunctionsWithSixPercentOfEachHardKind() {
        Map<DemandKind, Long> perKind = Fleet.generate(1, 200, WINDOW).functions().stream()
                .collect(Collectors.groupingBy(FleetFunction::kind, Collectors.counting()));

        assertThat(perKind).containsEntry(DemandKind.STEADY, 50L).containsEntry(DemandKind.DIURNAL, 50L)
                .containsEntry(DemandKind.LOW_TRAFFIC, 40L).containsEntry(DemandKind.GROWTH, 12L)
                .containsEntry(DemandKind.RARE_SPIKES, 12L).containsEntry(DemandKind.UNDER_PROVISIONED, 12L);
        assertThat(Fleet.defaultCounts(37).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(37);
    }

    @Test
    void aGivenMixHasExactlyItsCounts() {
        Map<DemandKind, Long> perKind = fleet.functions().stream()
                .collect(Collectors.groupingBy(FleetFunction::kind, Collectors.counting()));

        assertThat(perKind).hasSize(8).allSatisfy((kind, n) -> assertThat(n).isEqualTo(2));
    }

    @Test
    void underProvisionedFunctionsRunOutOfMemoryInTheFirstWindowAndNoOtherDoes() {
        for (FleetFunction f : fleet.functions()) {
            int oom = WindowReplay.of(f, 0, WINDOW).outOfMemory(f.configuredMb());

            if (f.kind() == DemandKind.UNDER_PROVISIONED) {
                assertThat(oom).as(f.name()).isPositive();
            } else {
                assertThat(oom).as(f.name()).isZero();
            }
        }
    }

    @Test
    void growingFunctionsNeedMoreInTheNextWindowByTheirGrowthRate() {
        for (FleetFunction f : of(DemandKind.GROWTH)) {
            double ratio = (double) WindowReplay.of(f, WINDOW, 2 * WINDOW).peakMb() / WindowReplay.of(f, 0, WINDOW).peakMb();

            assertThat(ratio).as(f.name()).isGreaterThan(Math.pow(1 + f.growthPerDay(), WINDOW) * 0.9);
        }
    }

    @Test
    void aRareSpikeNeedsItsFactorOfTheUsualDayOnItsDaysOnly() {
        for (FleetFunction f : of(DemandKind.RARE_SPIKES)) {
            List<Integer> spikeDays = new ArrayList<>();
            for (int day = 0; day < 3 * WINDOW; day++) {
                double ratio = (double) f.day(day).peakMb() / f.baseMb();
                if (f.spikeDay(day)) {
                    spikeDays.add(day);
                    assertThat(ratio).as(f.name() + " day " + day).isGreaterThan(f.eventFactor() * 0.8);
                } else {
                    assertThat(ratio).as(f.name() + " day " + day).isLessThan(1.3);
                }
            }
            assertThat(spikeDays).as(f.name()).isNotEmpty();
            assertThat(spikeDays.get(0)).isEqualTo(f.spikePhaseDays());
            assertThat(f.foreseeable(WINDOW)).isEqualTo(f.spikePhaseDays() < WINDOW);
        }
    }

    @Test
    void theWeeklyBatchRunsOnItsWeekdayEveryWeek() {
        for (FleetFunction f : of(DemandKind.WEEKLY_BATCH)) {
            for (int day = 0; day < WINDOW; day++) {
                boolean high = f.day(day).peakMb() > f.baseMb() * 1.4;
                assertThat(high).as(f.name() + " day " + day).isEqualTo(day % 7 == f.batchWeekday());
            }
        }
    }

    @Test
    void lowTrafficFunctionsSeeAtMostThirtyInvocationsADay() {
        for (FleetFunction f : of(DemandKind.LOW_TRAFFIC)) {
            for (int day = 0; day < WINDOW; day++) {
                assertThat(f.day(day).invocations()).isBetween(1, 30);
            }
        }
    }

    @Test
    void mostFunctionsAreConfiguredWellAboveTheirFirstWindowsPeak() {
        long oversized = fleet.functions().stream()
                .filter(f -> f.configuredMb() > 1.3 * WindowReplay.of(f, 0, WINDOW).peakMb()).count();

        assertThat(oversized).isGreaterThanOrEqualTo(fleet.functions().size() / 2);
    }

    @Test
    void aReplayCountsTheInvocationsThatNeedMoreThanTheSize() {
        FleetFunction f = fleet.functions().get(0);
        WindowReplay replay = WindowReplay.of(f, 0, 2);
        int[] needs = new int[replay.invocations()];
        int at = 0;
        for (int day = 0; day < 2; day++) {
            int[] dayNeeds = f.day(day).needMb();
            System.arraycopy(dayNeeds, 0, needs, at, dayNeeds.length);
            at += dayNeeds.length;
        }
        int median = Arrays.stream(needs).sorted().toArray()[needs.length / 2];

        assertThat(replay.outOfMemory(replay.peakMb())).isZero();
        assertThat(replay.outOfMemory(replay.peakMb() - 1)).isPositive();
        assertThat(replay.outOfMemory(median)).isEqualTo((int) Arrays.stream(needs).filter(n -> n > median).count());
        assertThat(replay.gbSeconds(2048)).isEqualTo(2 * replay.gbSeconds(1024));
    }

    @Test
    void theLogsCarryOneReportPerInvocationAndMarkEveryOneThatRanOutOfMemory() {
        FleetFunction f = of(DemandKind.UNDER_PROVISIONED).get(0);

        String text = logs(f, 0, WINDOW);

        String[] lines = text.split("\n");
        assertThat(lines).hasSize(WindowReplay.of(f, 0, WINDOW).invocations());
        assertThat(lines[0]).matches("2026-11-02T\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00 2026/11/02/\\[\\$LATEST\\]\\p{XDigit}{32} "
                + "REPORT RequestId: [-0-9a-f]{36}\tDuration: \\d+\\.\\d\\d ms\tBilled Duration: \\d+ ms\t"
                + "Memory Size: " + f.configuredMb() + " MB\tMax Memory Used: \\d+ MB\t.*");
        assertThat(Arrays.stream(lines).filter(l -> l.contains("Error Type: Runtime.OutOfMemory")).count())
                .isEqualTo(WindowReplay.of(f, 0, WINDOW).outOfMemory(f.configuredMb()))
                .isPositive();
    }

    private String logs(FleetFunction f, int from, int to) {
        StringWriter out = new StringWriter();
        ReportLogWriter.write(f, Fleet.FIRST_DAY, from, to, f.configuredMb(), out);
        return out.toString();
    }
}
