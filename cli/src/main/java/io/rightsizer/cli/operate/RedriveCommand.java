package io.rightsizer.cli.operate;

import io.rightsizer.cli.command.CliException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code rightsizer redrive EXECUTION_ARN}: resumes a failed, aborted or timed-out execution at the state that failed,
 * with the same input and ARN. Safe to repeat: a running execution is left alone.
 */
@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = "Resume a FAILED, ABORTED or TIMED_OUT execution from the state that failed.")
public final class RedriveCommand implements Callable<Integer> {

    /** The state machine's Fail state (rightsizer.asl.json), where a caught failure ends after it was recorded. */
    static final String FAILED_STATE = "Failed";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    @Mixin
    DeploymentOptions options;

    @Parameters(index = "0", paramLabel = "EXECUTION_ARN", description = "The execution to resume.")
    String executionArn;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!executionArn.startsWith("arn:") || !executionArn.contains(":execution:")) {
            throw CliException.usage("EXECUTION_ARN must be an execution ARN"
                    + " (arn:aws:states:<region>:<account>:execution:<state machine>:<name>), got '" + executionArn + "'");
        }
        Deployment deployment = options.resolve(false, false, executionArn.split(":")[3]);
        PrintWriter out = spec.commandLine().getOut();
        try (OperatorClients clients = new OperatorClients(deployment)) {
            DescribeExecutionResponse d;
            try {
                d = clients.sfn().describeExecution(b -> b.executionArn(executionArn));
            } catch (ExecutionDoesNotExistException | InvalidArnException e) {
                throw new CliException("no such execution: " + executionArn);
            }
            if (d.status() == ExecutionStatus.RUNNING) {
                out.println("Already running, nothing to redrive: " + executionArn);
                return 0;
            }
            if (d.status() != ExecutionStatus.FAILED && d.status() != ExecutionStatus.ABORTED
                    && d.status() != ExecutionStatus.TIMED_OUT) {
                throw new CliException("execution " + d.name() + " is " + d.statusAsString() + " and cannot be"
                        + " redriven (only FAILED, ABORTED or TIMED_OUT ones can); to evaluate the window again use"
                        + " 'rightsizer restart FUNCTION'");
            }
            if (d.status() == ExecutionStatus.FAILED && endedInFailedState(clients, d)) {
                throw new CliException("execution " + d.name() + " ended in its Failed state: a step failed and the"
                        + " outcome FAILED is recorded (see outcomeDetail), so a redrive would only fail again; fix the"
                        + " cause, then run 'rightsizer restart " + functionOf(d) + "'");
            }
            if (d.redriveStatus() == ExecutionRedriveStatus.NOT_REDRIVABLE) {
                throw new CliException("execution " + d.name() + " cannot be redriven: "
                        + (d.redriveStatusReason() == null ? "Step Functions says so" : d.redriveStatusReason()));
            }
            try {
                var r = clients.sfn().redriveExecution(b -> b.executionArn(executionArn)
                        .clientToken(d.name() + "-" + (d.redriveCount() == null ? 0 : d.redriveCount())));
                out.println("Redriven " + executionArn + " at " + r.redriveDate());
            } catch (ExecutionNotRedrivableException e) {
                throw new CliException("execution " + d.name() + " cannot be redriven: "
                        + e.awsErrorDetails().errorMessage());
            }
        }
        return 0;
    }

    /**
     * Whether the execution failed on purpose in the state machine's {@code Failed} state (a caught failure whose
     * outcome RecordOutcome wrote) rather than at a step, such as RecordOutcome itself, that a redrive resumes. The
     * {@code Failed} state reports the failed step's own error (ErrorPath), so the state entered last tells, not the
     * error's name.
     */
    private static boolean endedInFailedState(OperatorClients clients, DescribeExecutionResponse d) {
        return RestartCommand.lastStateEntered(clients, d.executionArn()).map(FAILED_STATE::equals).orElse(false);
    }

    /** The function the execution is for, from its input, for the restart hint. */
    private static String functionOf(DescribeExecutionResponse d) {
        try {
            String name = JSON.readTree(d.input() == null ? "{}" : d.input()).path("functionName").asText("");
            return name.isEmpty() ? "FUNCTION" : name;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return "FUNCTION";
        }
    }
}
