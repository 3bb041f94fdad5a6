package io.rightsizer.domain.function;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a function is left alone: a tag set to {@code true} on the function, or its name or ARN on a
 * configured deny list.
 *
 * @param tagKey   the exclusion tag, {@code rightsizer:exclude} by default
 * @param denyList function names or unqualified ARNs
 */
public record ExclusionRule(String tagKey, Set<String> denyList) {

    /** The exclusion tag when none is configured. */
    public static final String DEFAULT_TAG = "rightsizer:exclude";

    public ExclusionRule {
        Objects.requireNonNull(tagKey, "tagKey");
        if (tagKey.isBlank()) {
            throw new IllegalArgumentException("the exclusion tag key must not be blank");
        }
        denyList = denyList == null ? Set.of() : Set.copyOf(denyList);
    }

    /** Builds the rule from {@code EXCLUDE_TAG} (blank means the default) and {@code DENY_LIST} (comma-separated). */
    public static ExclusionRule of(String tagKey, String denyList) {
        Set<String> entries = denyList == null ? Set.of() : Arrays.stream(denyList.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return new ExclusionRule(tagKey == null || tagKey.isBlank() ? DEFAULT_TAG : tagKey.trim(), entries);
    }

    /** Why the function is excluded, or empty when it is not. */
    public Optional<String> reason(FunctionConfig config) {
        String tag = config.tags().get(tagKey);
        if (tag != null && tag.trim().toLowerCase(Locale.ROOT).equals("true")) {
            return Optional.of("the function is tagged " + tagKey + "=true");
        }
        if (denyList.contains(config.functionName()) || denyList.contains(config.functionArn())) {
            return Optional.of("the function is on the deny list");
        }
        return Optional.empty();
    }
}
