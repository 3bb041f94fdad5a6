package io.rightsizer.cli.operate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.cli.aws.AwsSession;
import io.rightsizer.cli.command.CliException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options every operator command shares: a deployment from {@code cdk deploy --outputs-file} or from flags
 * (flags win), and endpoint overrides so the commands also run against local stand-ins.
 */
public final class DeploymentOptions {

    @Option(names = "--outputs-file", paramLabel = "FILE",
            description = "The file 'cdk deploy --outputs-file' wrote (cdk-outputs.json).")
    Path outputsFile;

    @Option(names = "--stack", paramLabel = "NAME", defaultValue = "Rightsizer",
            description = "The stack's name in the outputs file (default: ${DEFAULT-VALUE}).")
    String stack;

    @Option(names = "--table", paramLabel = "NAME", description = "The Rightsizer DynamoDB table.")
    String table;

    @Option(names = "--state-machine-arn", paramLabel = "ARN", description = "The Rightsizer state machine.")
    String stateMachineArn;

    @Option(names = "--region", paramLabel = "REGION",
            description = "The deployment's region (default: the outputs file, the state machine ARN, AWS_REGION,"
                    + " AWS_DEFAULT_REGION, the profile's region).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "The AWS profile for credentials and region (default: AWS_PROFILE, then the default chain).")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send every AWS call here (a local stand-in).")
    URI endpoint;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL", description = "Send DynamoDB calls here.")
    URI dynamoDbEndpoint;

    @Option(names = "--stepfunctions-endpoint", paramLabel = "URL", description = "Send Step Functions calls here.")
    URI stepFunctionsEndpoint;

    /** The deployment the options name; the table is required. */
    public Deployment resolve(boolean needsStateMachine) {
        return resolve(true, needsStateMachine, null);
    }

    /**
     * The deployment the options name.
     *
     * @param needsTable        whether the command reads the table
     * @param needsStateMachine whether the command needs the state machine's ARN
     * @param regionHint        the region to use when no option names one (for example from an execution ARN)
     * @throws CliException naming what is missing or wrong
     */
    public Deployment resolve(boolean needsTable, boolean needsStateMachine, String regionHint) {
        String t = table;
        String sm = stateMachineArn;
        String r = region;
        if (outputsFile != null) {
            JsonNode outputs = stackOutputs();
            t = t != null ? t : text(outputs, "TableName");
            sm = sm != null ? sm : text(outputs, "StateMachineArn");
            r = r != null ? r : text(outputs, "Region");
        }
        if (needsTable && (t == null || t.isBlank())) {
            throw new CliException("no deployment: pass --outputs-file cdk-outputs.json (from 'cdk deploy"
                    + " --outputs-file') or --table" + (needsStateMachine ? " and --state-machine-arn" : ""));
        }
        if (needsStateMachine && (sm == null || sm.isBlank())) {
            throw new CliException("no state machine: pass --state-machine-arn or an outputs file with StateMachineArn");
        }
        if (sm != null && !sm.startsWith("arn:") ) {
            throw CliException.usage("--state-machine-arn must be an ARN (arn:aws:states:...), got '" + sm + "'");
        }
        if (r == null && sm != null && sm.split(":").length > 3) {
            r = sm.split(":")[3];
        }
        if (r == null) {
            r = regionHint;
        }
        return new Deployment(t, sm, AwsSession.resolve(profile, r),
                dynamoDbEndpoint != null ? dynamoDbEndpoint : endpoint,
                stepFunctionsEndpoint != null ? stepFunctionsEndpoint : endpoint);
    }

    /** The stack output {@code name} of the outputs file, or {@code null} when there is no file or no such output. */
    public String output(String name) {
        return outputsFile == null ? null : text(stackOutputs(), name);
    }

    /** The endpoint every AWS call goes to instead of AWS ({@code --endpoint-url}), or {@code null}. */
    public URI endpoint() {
        return endpoint;
    }

    private JsonNode stackOutputs() {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(outputsFile));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException("outputs file not found: " + outputsFile);
        } catch (IOException e) {
            throw new CliException("cannot read outputs file " + outputsFile + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CliException("outputs file " + outputsFile + " is not the JSON object 'cdk deploy --outputs-file'"
                    + " writes");
        }
        JsonNode outputs = root.get(stack);
        if (outputs == null || !outputs.isObject()) {
            List<String> stacks = new ArrayList<>();
            root.fieldNames().forEachRemaining(stacks::add);
            throw new CliException("stack '" + stack + "' not found in " + outputsFile + " (stacks there: "
                    + (stacks.isEmpty() ? "none" : String.join(", ", stacks)) + "); deploy it or pass --stack");
        }
        return outputs;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
