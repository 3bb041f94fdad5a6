package io.rightsizer.cli.operate;

import io.rightsizer.cli.command.CliException;
import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.window.ExecutionNames;
import io.rightsizer.domain.window.WindowClaim;
import io.rightsizer.domain.window.WindowExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
import java.util.concurrent.Callable;

/**
 * {@code rightsizer restart FUNCTION}: evaluates the function's current window now, in a fresh execution that
 * replaces the running one.
 *
 * <p>Semantics: the window keeps its start and ends now; the execution is named after the window plus
 * {@code -r<now yyyyMMdd'T'HHmm>} so it never collides with the window's own execution; a running execution of the
 * window is stopped first (a stopped execution records nothing, and one that still finishes cannot close the window:
 * the WINDOW item names the new execution). Repeating the command within the same minute returns the same execution.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Start a fresh execution for the function's current window that evaluates now.")
public final class RestartCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm")
            .withZone(ZoneOffset.UTC);

    @Mixin
    DeploymentOptions options;

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "A function name or ARN.")
    String function;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    public RestartCommand() {
        this(Clock.systemUTC());
    }

    RestartCommand(Clock clock) {
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
            if (window.executionArn() != null && !window.executionArn().equals(newArn)) {
                stopIfRunning(clients, window.executionArn(), name, out);
            }
            // The same input ingest starts a window with, ending now.
            String input = new WindowExecution(ref, window.windowStart(), now).inputJson();
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
            if (!clients.windowStore().restart(ref.functionArn(), window.cycle(), started, name, now,
                    clock.instant())) {
                stopIfRunning(clients, started, "a newer window", out);
                throw new CliException("the window of " + ref.functionName() + " moved on while restarting (a new"
                        + " window was claimed); the restarted execution was stopped, run 'rightsizer status'");
            }
            out.println("Started " + started);
            out.println("  window " + window.windowStart() + " .. " + now + " (evaluates now)");
        }
        return 0;
    }

    private static void stopIfRunning(OperatorClients clients, String executionArn, String replacement,
                                      PrintWriter out) {
        try {
            ExecutionStatus status = clients.sfn().describeExecution(b -> b.executionArn(executionArn)).status();
            if (status == ExecutionStatus.RUNNING) {
                clients.sfn().stopExecution(b -> b.executionArn(executionArn).error("Rightsizer.Restarted")
                        .cause("replaced by 'rightsizer restart' (" + replacement + ")"));
                out.println("Stopped " + executionArn);
            }
        } catch (ExecutionDoesNotExistException e) {
            // Expired from the history or never started: nothing to stop.
        }
    }
}
