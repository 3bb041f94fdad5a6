package io.rightsizer.cdk;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses context keys the app does not read: a typo in a safety setting ({@code -c dryrun=true} for
 * {@code dryRun}) would otherwise deploy with the default, silently. Keys of the CDK itself (feature flags
 * {@code @aws-cdk/...}, {@code aws:cdk:...}, {@code cdk-...}) are not the app's and pass.
 */
final class UnknownContextKeys {

    private UnknownContextKeys() {
    }

    /**
     * @param supplied every context key given (cdk.json, {@code -c}, the CDK CLI's own)
     * @param known    the keys the app reads
     * @throws IllegalArgumentException naming the first unknown key and the closest known one
     */
    static void check(Collection<String> supplied, Set<String> known) {
        List<String> unknown = supplied.stream().filter(k -> !known.contains(k) && !cdkOwn(k)).sorted().toList();
        if (unknown.isEmpty()) {
            return;
        }
        String key = unknown.get(0);
        String hint = closest(key, known).map(k -> " (did you mean " + k + "?)").orElse("");
        throw new IllegalArgumentException("unknown context key '" + key + "'" + hint + "; the keys Rightsizer reads: "
                + String.join(", ", new TreeSet<>(known))
                + (unknown.size() > 1 ? "; also unknown: " + String.join(", ", unknown.subList(1, unknown.size()))
                : ""));
    }

    /** Whether a key belongs to the CDK (its CLI and feature flags) rather than to this app. */
    static boolean cdkOwn(String key) {
        return key.startsWith("@") || key.contains(":") || key.startsWith("cdk-") || key.startsWith("aws-cdk")
                || key.equals("acknowledged-issue-numbers") || key.equals("cli-telemetry");
    }

    /** The known key a person most likely meant: the same letters in another case or spelling, or a near typo. */
    static Optional<String> closest(String typed, Collection<String> known) {
        String t = normalised(typed);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            int d = distance(t, normalised(candidate));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, t.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static String normalised(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
