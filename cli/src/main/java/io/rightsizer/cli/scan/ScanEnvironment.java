package io.rightsizer.cli.scan;

import io.rightsizer.domain.scan.FleetScan;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code scan} takes from its surroundings: the time, the pauses it makes, and whether standard error is a
 * terminal (progress is shown only there). Tests pass short pauses and a fixed clock.
 *
 * @param clock             what "today" is
 * @param pollInterval      pause between two looks at a running query
 * @param capacityWaitFirst first pause after the account refused a query for its concurrency limit
 * @param capacityWaitMax   longest such pause
 * @param capacityWaitBudget give a query up after waiting this long for capacity
 * @param sleeper           pauses the scan's threads
 * @param terminal          whether standard error is a terminal
 */
public record ScanEnvironment(Clock clock, Duration pollInterval, Duration capacityWaitFirst, Duration capacityWaitMax,
                              Duration capacityWaitBudget, FleetScan.Sleeper sleeper, boolean terminal) {

    /** Set to {@code 1} by the {@code rightsizer} launcher when standard error is a terminal. */
    static final String TTY_VARIABLE = "RIGHTSIZER_STDERR_TTY";

    public ScanEnvironment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(capacityWaitFirst, "capacityWaitFirst");
        Objects.requireNonNull(capacityWaitMax, "capacityWaitMax");
        Objects.requireNonNull(capacityWaitBudget, "capacityWaitBudget");
        Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The real clock and pauses; a terminal when the launcher says so or the JVM has a console. */
    public static ScanEnvironment system() {
        boolean terminal = "1".equals(System.getenv(TTY_VARIABLE)) || System.console() != null;
        return new ScanEnvironment(Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofMinutes(15), d -> Thread.sleep(d.toMillis()), terminal);
    }
}
