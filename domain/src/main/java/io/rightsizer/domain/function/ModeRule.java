package io.rightsizer.domain.function;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which mode a function is sized in, by the way it was opted in. Running Rightsizer's extension layer is an explicit
 * opt-in of that function (the {@code RightsizerMonitor} construct, or a person adding the layer): it gets
 * {@code optedIn} (default apply). A function without the layer reaches Rightsizer only through the account-level log
 * subscription, which takes in every function of the Region: it gets {@code accountSubscription} (default recommend).
 * A valid {@code rightsizer:mode} tag on the function beats both.
 *
 * @param optedIn             the mode of functions that run the extension layer
 * @param accountSubscription the mode of the other functions
 * @param extensionLayerNames the names of the deployment's extension layers (one per architecture)
 */
public record ModeRule(ChangeMode optedIn, ChangeMode accountSubscription, Set<String> extensionLayerNames) {

    /** Every function in apply mode, whichever way it came (tests of the policy and the apply path). */
    public static final ModeRule APPLY_ALL = new ModeRule(ChangeMode.APPLY, ChangeMode.APPLY, Set.of());

    public ModeRule {
        Objects.requireNonNull(optedIn, "optedIn");
        Objects.requireNonNull(accountSubscription, "accountSubscription");
        extensionLayerNames = extensionLayerNames == null ? Set.of() : Set.copyOf(extensionLayerNames);
    }

    /**
     * Builds the rule from {@code MODE} (default apply), {@code ACCOUNT_SUBSCRIPTION_MODE} (default recommend) and
     * {@code EXTENSION_LAYERS} (comma-separated layer names).
     *
     * @throws IllegalArgumentException naming the variable when a mode is neither recommend nor apply
     */
    public static ModeRule of(String mode, String accountSubscriptionMode, String extensionLayers) {
        ChangeMode optedIn = blank(mode) ? ChangeMode.APPLY : ChangeMode.require("MODE", mode);
        ChangeMode subscription = blank(accountSubscriptionMode) ? ChangeMode.RECOMMEND
                : ChangeMode.require("ACCOUNT_SUBSCRIPTION_MODE", accountSubscriptionMode);
        Set<String> layers = extensionLayers == null ? Set.of() : Arrays.stream(extensionLayers.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return new ModeRule(optedIn, subscription, layers);
    }

    /** The mode a function is sized in and, for its reason, where that mode comes from. */
    public Resolved resolve(FunctionConfig config, FunctionOverrides overrides) {
        if (overrides.mode().isPresent()) {
            return new Resolved(overrides.mode().get(), "from tag " + FunctionOverrides.MODE_TAG);
        }
        if (optedIn == accountSubscription) {
            return new Resolved(optedIn, "the deployment's mode");
        }
        if (config.runsLayer(extensionLayerNames)) {
            return new Resolved(optedIn, "the mode of functions opted in with the extension (context key mode)");
        }
        return new Resolved(accountSubscription, "the mode of functions reached through the account-level log"
                + " subscription (context key accountSubscriptionMode)");
    }

    /**
     * A function's mode and where it comes from.
     *
     * @param mode  recommend or apply
     * @param where a phrase naming its source, e.g. "from tag rightsizer:mode"
     */
    public record Resolved(ChangeMode mode, String where) {
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
