package io.rightsizer.cdk;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

import java.nio.file.Path;

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
        ContextSource context = app.getNode()::tryGetContext;
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
        RightsizerArtifacts artifacts = RightsizerArtifacts.locate(Path.of(root), suffix);
        return new RightsizerStack(app, stackName, StackProps.builder()
                .stackName(stackName)
                .description("Rightsizer: sets the memory of Lambda functions from the memory they really use")
                .build(), settings, artifacts);
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
