package io.rightsizer.cli.operate;

import io.rightsizer.cli.command.CliException;
import io.rightsizer.domain.window.WindowClaim;
import io.rightsizer.domain.window.WindowStore;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Finds functions' windows for the operator commands: all of them, or one by name or ARN. */
final class WindowLookup {

    private final WindowStore store;
    private final String table;

    WindowLookup(WindowStore store, String table) {
        this.store = store;
        this.table = table;
    }

    /** Every tracked function's window, by function name. */
    List<WindowClaim> all() {
        return call(store::all);
    }

    /**
     * The window of a function given by unqualified ARN or by name.
     *
     * @throws CliException when the name matches functions in several accounts or regions
     */
    Optional<WindowClaim> find(String function) {
        if (function.startsWith("arn:")) {
            return call(() -> store.read(function));
        }
        List<WindowClaim> matches = all().stream().filter(w -> w.function().functionName().equals(function)).toList();
        if (matches.size() > 1) {
            throw new CliException("'" + function + "' names " + matches.size() + " functions ("
                    + String.join(", ", matches.stream().map(w -> w.function().functionArn()).toList())
                    + "); pass the function ARN");
        }
        return matches.stream().findFirst();
    }

    private <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (ResourceNotFoundException e) {
            throw new CliException("table '" + table + "' not found: is the deployment (outputs file, --table,"
                    + " --region) right?");
        }
    }
}
