package io.rightsizer.cdk;

/** Where settings come from: CDK context ({@code app.getNode()::tryGetContext}) or, in tests, a plain map. */
@FunctionalInterface
public interface ContextSource {

    /** The raw value of a context key (string, number, boolean or list), or null when absent. */
    Object get(String key);
}
