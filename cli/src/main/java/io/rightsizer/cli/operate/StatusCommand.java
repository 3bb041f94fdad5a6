package io.rightsizer.cli.operate;

import io.rightsizer.aws.dynamodb.DynamoDbDecisionLog;
import io.rightsizer.domain.decision.DecisionRecord;
import io.rightsizer.domain.decision.DecisionStatus;
import io.rightsizer.domain.window.WindowClaim;
import io.rightsizer.domain.window.WindowState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code rightsizer status}: the functions tracked, how far their windows are, the last decision and the savings. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the functions tracked, their window's progress, the last decision and the savings.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    DeploymentOptions options;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    public StatusCommand() {
        this(Clock.systemUTC());
    }

    /** Reads "now" (for a window's progress) from {@code clock}. */
    public StatusCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        Deployment deployment = options.resolve(false);
        PrintWriter out = spec.commandLine().getOut();
        try (OperatorClients clients = new OperatorClients(deployment)) {
            List<WindowClaim> windows = clients.windows().all();
            DynamoDbDecisionLog log = new DynamoDbDecisionLog(clients.dynamo(), deployment.tableName());
            Instant now = clock.instant();
            out.printf(Locale.ROOT, "Table %s (%s)%n", deployment.tableName(), deployment.region());
            if (windows.isEmpty()) {
                out.println("No functions tracked yet: a function appears with its first usage report.");
                return 0;
            }
            out.printf(Locale.ROOT, "%-32s %-23s %-10s %-9s %-17s %-26s %10s%n", "FUNCTION", "WINDOW", "PROGRESS",
                    "STATE", "OUTCOME", "LAST CHANGE", "SAVED/MO");
            double saved = 0;
            double recommended = 0;
            int open = 0;
            for (WindowClaim w : windows) {
                // An intent is not a change yet: the last change is the last entry that ended a step.
                Optional<DecisionRecord> last = log.recent(w.function().functionArn(), 5).stream()
                        .filter(d -> d.status().isFinal()).findFirst();
                double savings = last.filter(d -> d.status() == DecisionStatus.APPLIED)
                        .map(DecisionRecord::monthlySavingsUsd).orElse(0.0);
                saved += savings;
                recommended += last.filter(d -> d.status() == DecisionStatus.RECOMMENDED)
                        .map(DecisionRecord::monthlySavingsUsd).filter(v -> v > 0).orElse(0.0);
                open += w.state() == WindowState.CLOSED ? 0 : 1;
                out.printf(Locale.ROOT, "%-32s %-23s %-10s %-9s %-17s %-26s %10s%n", w.function().functionName(), window(w),
                        progress(w, now), w.state(), w.outcome() == null ? "-" : w.outcome(),
                        last.map(StatusCommand::change).orElse("-"),
                        savings == 0 ? "-" : dollars(savings));
            }
            out.printf(Locale.ROOT, "%d function%s tracked, %d window%s open; applied changes save an estimated"
                            + " %s per month%s%n", windows.size(), windows.size() == 1 ? "" : "s", open,
                    open == 1 ? "" : "s", dollars(saved), recommended == 0 ? "" : String.format(Locale.ROOT,
                            "; recommendations not applied (recommend mode, published versions) would save %s more",
                            dollars(recommended)));
        }
        return 0;
    }

    /** Dollars to the cent with the sign before the symbol; less than a cent either way is $0.00, never $-0.00. */
    private static String dollars(double usd) {
        String amount = String.format(Locale.ROOT, "$%.2f", Math.abs(usd));
        return usd < 0 && !"$0.00".equals(amount) ? "-" + amount : amount;
    }

    private static String window(WindowClaim w) {
        if (w.windowStart() == null || w.windowEnd() == null) {
            return "-";
        }
        return w.windowStart().toString().substring(0, 10) + ".." + w.windowEnd().toString().substring(0, 10);
    }

    /** {@code day d/n} while the window runs, {@code done} after it. */
    static String progress(WindowClaim w, Instant now) {
        if (w.windowStart() == null || w.windowEnd() == null) {
            return "-";
        }
        long total = Math.max(1, Duration.between(w.windowStart(), w.windowEnd()).toDays());
        if (w.state() == WindowState.CLOSED || !now.isBefore(w.windowEnd())) {
            return "done";
        }
        long day = Math.min(total, Duration.between(w.windowStart(), now).toDays() + 1);
        return "day " + Math.max(1, day) + "/" + total;
    }

    private static String change(DecisionRecord d) {
        return d.fromMemoryMb() + "->" + d.toMemoryMb() + " MB " + d.status().name();
    }
}
