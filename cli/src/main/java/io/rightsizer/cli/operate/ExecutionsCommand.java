package io.rightsizer.cli.operate;

import io.rightsizer.cli.CliException;
import io.rightsizer.core.window.ExecutionNames;
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

/** {@code rightsizer executions [FUNCTION]}: the state machine's executions, newest first, for one function or all. */
@Command(name = "executions", mixinStandardHelpOptions = true,
        description = "List the state machine's executions, newest first, for one function or for all.")
public final class ExecutionsCommand implements Callable<Integer> {

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
            String prefix = null;
            if (function != null) {
                String name = function.startsWith("arn:") ? function.substring(function.lastIndexOf(':') + 1) : function;
                String sample = ExecutionNames.of(name, Instant.EPOCH);
                prefix = sample.substring(0, sample.length() - "19700101T0000".length());
            }
            List<ExecutionListItem> executions = list(clients, deployment.stateMachineArn(), prefix);
            if (function != null && executions.isEmpty()
                    && new WindowItems(clients.dynamo(), deployment.tableName()).find(function).isEmpty()) {
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

    private static List<ExecutionListItem> list(OperatorClients clients, String stateMachineArn, String prefix) {
        List<ExecutionListItem> out = new ArrayList<>();
        String token = null;
        try {
            do {
                String t = token;
                ListExecutionsResponse page = clients.sfn().listExecutions(b -> b.stateMachineArn(stateMachineArn)
                        .maxResults(1000).nextToken(t));
                page.executions().stream().filter(e -> prefix == null || e.name().startsWith(prefix)).forEach(out::add);
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
