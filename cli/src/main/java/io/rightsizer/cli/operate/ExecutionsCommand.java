package io.rightsizer.cli.operate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.cli.command.CliException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** {@code rightsizer executions [FUNCTION]}: the state machine's executions, newest first, for one function or all. */
@Command(name = "executions", mixinStandardHelpOptions = true,
        description = "List the state machine's executions, newest first, for one function or for all.")
public final class ExecutionsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    DeploymentOptions options;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FUNCTION", description = "A function name or ARN.")
    String function;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Deployment deployment = options.resolve(true);
        PrintWriter out = spec.commandLine().getOut();
        try (OperatorClients clients = new OperatorClients(deployment)) {
            Predicate<ExecutionListItem> ofFunction = e -> true;
            if (function != null) {
                boolean byArn = function.startsWith("arn:");
                String name = byArn ? function.substring(function.lastIndexOf(':') + 1) : function;
                ExecutionNameMatch match = new ExecutionNameMatch(name);
                ofFunction = e -> switch (match.of(e.name())) {
                    case NO -> false;
                    // The name says whose it is, unless an ARN was asked for: a name can be in several Regions.
                    case YES -> !byArn || inputNames(clients, e, function);
                    case AMBIGUOUS -> inputNames(clients, e, function);
                };
            }
            List<ExecutionListItem> executions = list(clients, deployment.stateMachineArn(), ofFunction);
            if (function != null && executions.isEmpty()
                    && clients.windows().find(function).isEmpty()) {
                throw new CliException("unknown function '" + function + "': no window in table "
                        + deployment.tableName() + " and no executions (a function appears with its first usage report)");
            }
            out.printf(Locale.ROOT, "%-50s %-10s %-20s %-20s%n", "NAME", "STATUS", "STARTED", "STOPPED");
            for (ExecutionListItem e : executions) {
                out.printf(Locale.ROOT, "%-50s %-10s %-20s %-20s%n", e.name(), e.statusAsString(), time(e.startDate()),
                        time(e.stopDate()));
            }
            out.printf(Locale.ROOT, "%d execution%s%n", executions.size(), executions.size() == 1 ? "" : "s");
        }
        return 0;
    }

    /** Whether the execution's input is for {@code function} (its {@code functionArn} or {@code functionName}). */
    private static boolean inputNames(OperatorClients clients, ExecutionListItem e, String function) {
        String input = clients.sfn().describeExecution(b -> b.executionArn(e.executionArn())).input();
        try {
            JsonNode node = JSON.readTree(input == null ? "{}" : input);
            String field = function.startsWith("arn:") ? "functionArn" : "functionName";
            return function.equals(node.path(field).asText(null));
        } catch (com.fasterxml.jackson.core.JacksonException ex) {
            return false;
        }
    }

    private static List<ExecutionListItem> list(OperatorClients clients, String stateMachineArn,
                                                Predicate<ExecutionListItem> ofFunction) {
        List<ExecutionListItem> out = new ArrayList<>();
        String token = null;
        try {
            do {
                String t = token;
                ListExecutionsResponse page = clients.sfn().listExecutions(b -> b.stateMachineArn(stateMachineArn)
                        .maxResults(1000).nextToken(t));
                page.executions().stream().filter(ofFunction).forEach(out::add);
                token = page.nextToken();
            } while (token != null);
        } catch (StateMachineDoesNotExistException e) {
            throw new CliException("state machine not found: " + stateMachineArn);
        }
        out.sort(Comparator.comparing(ExecutionListItem::startDate, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    private static String time(Instant t) {
        return t == null ? "-" : t.toString().replaceFirst("\\.\\d+Z$", "Z");
    }
}
