package io.rightsizer.cli.operate;

import io.rightsizer.cli.command.CliException;
import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.window.ExecutionNames;
import io.rightsizer.domain.window.WindowClaim;
import io.rightsizer.domain.window.WindowExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code rightsizer restart FUNCTION}: evaluates the function's current window now, in a fresh execution that
 * replaces the running one.
 *
 * <p>Semantics: the window keeps its start and ends now; the execution is named after the window plus
 * {@code -r<now yyyyMMdd'T'HHmm>} so it never collides with the window's own execution; a running execution of the
 * window is stopped first (a stopped execution records nothing, and one that still finishes cannot close the window:
 * the WINDOW item names the new execution). An execution that may have changed the memory (from Apply to the end of
 * the watch, Verify and a rollback) is not stopped unless {@code --force}: its change would go unwatched. The WINDOW
 * write is conditioned on the window's cycle and on the execution read. Repeating the command within the same minute
 * returns the same execution.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Start a fresh execution for the function's current window that evaluates now.")
public final class RestartCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm")
            .withZone(ZoneOffset.UTC);

    /**
     * The states (rightsizer.asl.json) of an execution that may have changed the memory and not judged it yet: stopping
     * it would leave the change unwatched, never rolled back.
     */
    static final Set<String> CHANGE_IN_FLIGHT = Set.of("PlanChange", "Apply", "RouteApplied", "WaitForUpdate",
            "WatchAfterApply", "Verify", "RouteVerdict", "PlanRaise", "Rollback", "RouteRolledBack", "WaitForRollback");

    @Mixin
    DeploymentOptions options;

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "A function name or ARN.")
    String function;

    @Option(names = "--force", description = "Stop the running execution even while it applies, watches or rolls"
            + " back a change (that change is then never verified).")
    boolean force;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    public RestartCommand() {
        this(Clock.systemUTC());
    }

    /** Reads "now" from {@code clock}. */
    public RestartCommand(Clock clock) {
        this.clock = clock;
    }

    /**
     * The restart's execution name: the window's own name (function name, window stamp, hash of the function ARN,
     * so two functions of one name in two Regions never share it) plus {@code -r<now>}; at most 80 characters.
     */
    static String executionName(FunctionRef function, Instant windowStart, Instant now) {
        return ExecutionNames.of(function, windowStart, "-r" + STAMP.format(now));
    }

    @Override
    public Integer call() {
        Deployment deployment = options.resolve(true);
        PrintWriter out = spec.commandLine().getOut();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        try (OperatorClients clients = new OperatorClients(deployment)) {
            WindowClaim window = clients.windows().find(function)
                    .orElseThrow(() -> new CliException("unknown function '" + function + "': no window in table "
                            + deployment.tableName() + " (a function appears with its first usage report)"));
            if (!window.windowStart().isBefore(now)) {
                throw new CliException("the window of " + window.function().functionName() + " started less than a"
                        + " minute ago; nothing to evaluate yet");
            }
            FunctionRef ref = window.function();
            String name = executionName(ref, window.windowStart(), now);
            String newArn = ExecutionNames.executionArn(deployment.stateMachineArn(), name);
            String previous = window.executionArn();
            if (previous != null && !previous.equals(newArn)) {
                Optional<String> state = runningState(clients, previous);
                if (state.isPresent()) {
                    boolean inFlight = CHANGE_IN_FLIGHT.contains(state.get());
                    if (inFlight && !force) {
                        throw new CliException("not restarting " + ref.functionName() + ": its execution " + previous
                                + " is in " + state.get() + ", between a memory change and its verdict; stopping it"
                                + " would leave the change unwatched and never rolled back. Wait until it ends, or"
                                + " pass --force");
                    }
                    stop(clients, previous, name);
                    out.println("Stopped " + previous + " (it was in " + state.get() + ")");
                    if (inFlight) {
                        out.println("  warning: --force: the change it was making or watching is not verified;"
                                + " check the function's memory (rightsizer status)");
                    }
                }
            }
            // The same input ingest starts a window with, ending now.
            String input = new WindowExecution(ref, window.cycle(), window.windowStart(), now).inputJson();
            String started;
            try {
                started = clients.sfn().startExecution(b -> b.stateMachineArn(deployment.stateMachineArn())
                        .name(name).input(input)).executionArn();
            } catch (ExecutionAlreadyExistsException e) {
                throw new CliException("execution " + name + " already ran this minute and has finished; restart"
                        + " again in a minute if it should run once more");
            } catch (StateMachineDoesNotExistException e) {
                throw new CliException("state machine not found: " + deployment.stateMachineArn());
            }
            if (!clients.windowStore().restart(ref.functionArn(), window.cycle(), previous, started, name, now,
                    clock.instant())) {
                if (!started.equals(previous)) {
                    stop(clients, started, "a newer window");
                }
                throw new CliException("the window of " + ref.functionName() + " moved on while restarting (a new"
                        + " window was claimed, or another restart won); the restarted execution was stopped, run"
                        + " 'rightsizer status'");
            }
            out.println("Started " + started);
            out.println("  window " + window.windowStart() + " .. " + now + " (cycle " + window.cycle()
                    + ", evaluates now)");
        }
        return 0;
    }

    /** The state a running execution is in (the last state it entered), or empty when it is not running. */
    private static Optional<String> runningState(OperatorClients clients, String executionArn) {
        try {
            ExecutionStatus status = clients.sfn().describeExecution(b -> b.executionArn(executionArn)).status();
            if (status != ExecutionStatus.RUNNING) {
                return Optional.empty();
            }
        } catch (ExecutionDoesNotExistException e) {
            // Expired from the history or never started: nothing to stop.
            return Optional.empty();
        }
        return Optional.of(lastStateEntered(clients, executionArn).orElse("(starting)"));
    }

    /**
     * The state an execution entered last: the newest page of its history, newest event by id (so the answer holds
     * whatever order the service returns the page in).
     */
    static Optional<String> lastStateEntered(OperatorClients clients, String executionArn) {
        return clients.sfn().getExecutionHistory(b -> b.executionArn(executionArn).reverseOrder(true).maxResults(100))
                .events().stream()
                .filter(e -> e.stateEnteredEventDetails() != null)
                .max(java.util.Comparator.comparingLong(e -> e.id()))
                .map(e -> e.stateEnteredEventDetails().name());
    }

    private static void stop(OperatorClients clients, String executionArn, String replacement) {
        try {
            clients.sfn().stopExecution(b -> b.executionArn(executionArn).error("Rightsizer.Restarted")
                    .cause("replaced by 'rightsizer restart' (" + replacement + ")"));
        } catch (ExecutionDoesNotExistException e) {
            // Gone meanwhile: nothing to stop.
        }
    }
}
