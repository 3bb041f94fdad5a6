package io.rightsizer.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.domain.window.ExecutionNames;
import io.rightsizer.domain.window.StartResult;
import io.rightsizer.domain.window.WindowExecution;
import io.rightsizer.domain.window.WindowStarter;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

import java.util.Objects;

/**
 * Starts window executions with Step Functions {@code StartExecution}. Throttling is retried by the client's retry
 * strategy (see {@link IngestClients}); what is still failing then is thrown as transient. Requests Step Functions
 * rejects for this execution alone (name, input) are reported as refused, and so is a name already taken by another
 * function's execution (checked with {@code DescribeExecution}); other errors (a missing state machine,
 * denied access) are configuration faults and thrown so the batch stops and is retried once fixed.
 */
public final class StepFunctionsWindowStarter implements WindowStarter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SfnClient client;
    private final String stateMachineArn;

    public StepFunctionsWindowStarter(SfnClient client, String stateMachineArn) {
        this.client = Objects.requireNonNull(client, "client");
        this.stateMachineArn = Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    }

    @Override
    public StartResult start(WindowExecution execution) {
        String name = execution.name();
        try {
            StartExecutionResponse response = client.startExecution(b -> b.stateMachineArn(stateMachineArn)
                    .name(name)
                    .input(execution.inputJson()));
            return StartResult.started(response.executionArn());
        } catch (ExecutionAlreadyExistsException e) {
            return existing(execution, ExecutionNames.executionArn(stateMachineArn, name), message(e));
        } catch (InvalidNameException | InvalidExecutionInputException e) {
            return StartResult.refused(message(e));
        } catch (AwsServiceException e) {
            if ("ValidationException".equals(code(e))) {
                return StartResult.refused(message(e));
            }
            throw e;
        }
    }

    /**
     * The name is taken: it is this window's execution only if its input names the same function. Another function's
     * execution is never recorded as this one's (its window would then never be evaluated): that is refused.
     */
    private StartResult existing(WindowExecution execution, String executionArn, String detail) {
        String input = client.describeExecution(b -> b.executionArn(executionArn)).input();
        String owner = functionArnOf(input);
        String expected = execution.function().functionArn();
        if (expected.equals(owner)) {
            return StartResult.alreadyExists(executionArn, detail);
        }
        return StartResult.refused("ExecutionAlreadyExists: execution " + executionArn + " belongs to "
                + (owner == null ? "an input without a functionArn" : owner) + ", not " + expected);
    }

    private static String functionArnOf(String input) {
        if (input == null) {
            return null;
        }
        try {
            JsonNode arn = JSON.readTree(input).path("functionArn");
            return arn.isTextual() ? arn.asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String message(AwsServiceException e) {
        String code = code(e);
        String text = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return (code == null ? "" : code + ": ") + text;
    }
}
