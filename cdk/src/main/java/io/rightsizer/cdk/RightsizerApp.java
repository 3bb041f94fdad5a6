package io.rightsizer.cdk;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CDK app: {@code npx aws-cdk@2 deploy} runs this (see {@code cdk.json}) to synthesise the Rightsizer stack.
 *
 * <p>Context keys: {@code stackName} (default {@code Rightsizer}), every key of
 * {@link RightsizerSettings#fromContext(ContextSource)}, and {@code artifactsRoot}/{@code buildSuffix} to find the
 * build output (defaults: the parent folder of the working directory, no suffix; the system properties
 * {@code rightsizer.artifacts.root} and {@code rightsizer.build.suffix} take precedence).
 */
public final class RightsizerApp {

    private RightsizerApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            build(app);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A clear sentence beats a jsii stack trace: the CDK CLI shows this and stops.
            System.err.println("Rightsizer: " + e.getMessage());
            System.exit(1);
        }
        app.synth();
    }

    /** Adds the Rightsizer stack, configured from the app's context, to the app. */
    static RightsizerStack build(App app) {
        // Every key read is a key the app knows; any other key given is a typo to refuse, not to ignore.
        Set<String> known = new HashSet<>();
        ContextSource context = key -> {
            known.add(key);
            return app.getNode().tryGetContext(key);
        };
        ContextReader read = new ContextReader(context);
        String stackName = read.string("stackName", RightsizerStack.DEFAULT_STACK_NAME);
        if (!stackName.matches("[A-Za-z][A-Za-z0-9-]*")) {
            throw new IllegalArgumentException("context 'stackName' must start with a letter and contain only"
                    + " letters, digits and hyphens, got '" + stackName + "'");
        }
        String root = firstNonNull(System.getProperty("rightsizer.artifacts.root"),
                read.string("artifactsRoot", null), "..");
        String suffix = firstNonNull(System.getProperty("rightsizer.build.suffix"),
                read.string("buildSuffix", null), "");
        RightsizerSettings settings = RightsizerSettings.fromContext(context);
        UnknownContextKeys.check(suppliedKeys(app), known);
        RightsizerArtifacts artifacts = RightsizerArtifacts.locate(Path.of(root), suffix);
        return new RightsizerStack(app, stackName, StackProps.builder()
                .stackName(stackName)
                .description("Rightsizer: sets the memory of Lambda functions from the memory they really use")
                .build(), settings, artifacts);
    }

    /** The context keys given to the app (cdk.json, {@code -c}, and the CDK CLI's own). */
    private static Set<String> suppliedKeys(App app) {
        Object all = app.getNode().getAllContext();
        return all instanceof Map<?, ?> map ? map.keySet().stream().map(String::valueOf).collect(Collectors.toSet())
                : Set.of();
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
