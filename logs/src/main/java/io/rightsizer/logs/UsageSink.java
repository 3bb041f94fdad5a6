package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;

/** Receives parsed usage records, one at a time, in input order. */
@FunctionalInterface
public interface UsageSink {

    /** Takes one invocation's usage. */
    void accept(InvocationUsage usage);
}
