package io.rightsizer.cdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state machine's ASL as the stack deploys it, with the service integrations its Task states use, so the
 * state machine's role grants exactly those and nothing else.
 *
 * <p>Only the integrations Rightsizer needs are understood: invoking its own two functions and item-level DynamoDB
 * calls on its own table. Anything else fails the synth with the state and resource named, so a new integration is
 * a deliberate change to the stack's permissions rather than a silent wildcard.
 */
final class StateMachineDefinition {

    static final String EVALUATE_FUNCTION_ARN = "EvaluateFunctionArn";
    static final String APPLY_FUNCTION_ARN = "ApplyFunctionArn";
    static final String TABLE_NAME = "TableName";
    static final Set<String> PLACEHOLDERS = Set.of(EVALUATE_FUNCTION_ARN, APPLY_FUNCTION_ARN, TABLE_NAME);

    /** DynamoDB item actions the state machine may perform on the table. */
    private static final Set<String> DYNAMODB_ACTIONS = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    private static final String OPTIMISED_DYNAMODB = "arn:aws:states:::dynamodb:";
    private static final String SDK_DYNAMODB = "arn:aws:states:::aws-sdk:dynamodb:";

    private final String text;
    private final Set<String> invokedFunctions = new LinkedHashSet<>();
    private final Set<String> dynamoDbActions = new LinkedHashSet<>();

    private StateMachineDefinition(String text, JsonNode root, String source) {
        this.text = text;
        JsonNode states = root.path("States");
        if (!states.isObject() || states.isEmpty() || !root.path("StartAt").isTextual()) {
            throw new IllegalArgumentException(source + " is not a state machine: it needs StartAt and States");
        }
        collect(states, source);
    }

    /** Reads and checks the ASL file. */
    static StateMachineDefinition read(Path asl) {
        try {
            return parse(Files.readString(asl), asl.toString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the state machine definition " + asl + ": " + e.getMessage(), e);
        }
    }

    /** Parses and checks ASL text; {@code source} names it in errors. */
    static StateMachineDefinition parse(String text, String source) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw new IllegalArgumentException(source + " uses the placeholder ${" + m.group(1)
                        + "}, which the stack does not substitute (known: " + PLACEHOLDERS + ")");
            }
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return new StateMachineDefinition(text, root, source);
    }

    /** The definition as written, placeholders included. */
    String text() {
        return text;
    }

    /** Which of the placeholders {@link #EVALUATE_FUNCTION_ARN} and {@link #APPLY_FUNCTION_ARN} Task states invoke. */
    Set<String> invokedFunctions() {
        return Set.copyOf(invokedFunctions);
    }

    /** The IAM actions ({@code dynamodb:UpdateItem}, ...) Task states perform on the table. */
    List<String> dynamoDbActions() {
        return dynamoDbActions.stream().map(a -> "dynamodb:" + a).sorted().toList();
    }

    private void collect(JsonNode states, String source) {
        for (Iterator<Map.Entry<String, JsonNode>> it = states.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode state = entry.getValue();
            switch (state.path("Type").asText()) {
                case "Task" -> task(entry.getKey(), state, source);
                case "Parallel" -> {
                    for (JsonNode branch : state.path("Branches")) {
                        collect(branch.path("States"), source);
                    }
                }
                case "Map" -> {
                    JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator");
                    collect(processor.path("States"), source);
                }
                default -> {
                    // Pass, Wait, Choice, Succeed and Fail call nothing.
                }
            }
        }
    }

    private void task(String name, JsonNode state, String source) {
        String resource = state.path("Resource").asText("");
        JsonNode parameters = state.has("Parameters") ? state.get("Parameters") : state.path("Arguments");
        if (resource.equals(LAMBDA_INVOKE)) {
            invokedFunctions.add(placeholderIn(name, parameters.path("FunctionName"), source,
                    EVALUATE_FUNCTION_ARN, APPLY_FUNCTION_ARN));
        } else if (resource.equals("${" + EVALUATE_FUNCTION_ARN + "}") || resource.equals("${" + APPLY_FUNCTION_ARN + "}")) {
            invokedFunctions.add(resource.substring(2, resource.length() - 1));
        } else if (resource.startsWith(OPTIMISED_DYNAMODB) || resource.startsWith(SDK_DYNAMODB)) {
            String action = resource.substring(resource.lastIndexOf(':') + 1);
            String iamAction = action.substring(0, 1).toUpperCase(Locale.ROOT) + action.substring(1);
            if (!DYNAMODB_ACTIONS.contains(iamAction)) {
                throw unsupported(name, resource, source);
            }
            placeholderIn(name, parameters.path("TableName"), source, TABLE_NAME);
            dynamoDbActions.add(iamAction);
        } else {
            throw unsupported(name, resource, source);
        }
    }

    private static String placeholderIn(String state, JsonNode value, String source, String... allowed) {
        for (String p : allowed) {
            if (value.asText("").equals("${" + p + "}")) {
                return p;
            }
        }
        throw new IllegalArgumentException("State '" + state + "' in " + source + " must name its target with one of "
                + List.of(allowed).stream().map(p -> "${" + p + "}").toList() + ", got " + value);
    }

    private static IllegalArgumentException unsupported(String state, String resource, String source) {
        return new IllegalArgumentException("State '" + state + "' in " + source + " uses the integration '" + resource
                + "', which the stack does not grant. Rightsizer's state machine may invoke its two functions"
                + " (arn:aws:states:::lambda:invoke) and read or write items of its table (dynamodb "
                + DYNAMODB_ACTIONS + "); widen StateMachineDefinition deliberately if it needs more.");
    }
}
