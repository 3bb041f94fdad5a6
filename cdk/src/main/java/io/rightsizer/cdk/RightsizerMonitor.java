package io.rightsizer.cdk;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts functions of a user's own CDK app under Rightsizer: each gets the extension layer, the
 * {@code RIGHTSIZER_STREAM} environment variable and the right to {@code kinesis:PutRecords} on that stream.
 *
 * <pre>{@code
 * RightsizerMonitor monitor = new RightsizerMonitor(this, "Rightsizer", RightsizerEndpoints.fromParameterStore());
 * monitor.monitor(ordersFunction, invoicesFunction);
 * // or every function of an app or stack at once:
 * Aspects.of(app).add(RightsizerMonitor.everyFunction(RightsizerEndpoints.fromParameterStore()));
 * }</pre>
 */
public final class RightsizerMonitor extends Construct {

    /** The environment variable the extension reads the stream from. */
    public static final String STREAM_ENVIRONMENT_VARIABLE = "RIGHTSIZER_STREAM";

    private static final String ASPECT_CHILD_ID = "RightsizerMonitor";
    private static final Pattern JAVA_RUNTIME = Pattern.compile("java(\\d+)(\\.al2)?");
    /** A resource-less child that marks a function as monitored, so no second monitor adds a second layer. */
    private static final String MARKER_ID = "RightsizerMonitored";

    private final IStream stream;
    private final ILayerVersion layer;

    public RightsizerMonitor(Construct scope, String id, RightsizerEndpoints endpoints) {
        super(scope, id);
        Objects.requireNonNull(endpoints, "endpoints");
        this.stream = Stream.fromStreamArn(this, "Stream", endpoints.streamArn(this));
        this.layer = LayerVersion.fromLayerVersionArn(this, "ExtensionLayer", endpoints.layerVersionArn(this));
    }

    /** Adds the layer, the stream variable and the write grant to each function; repeating it changes nothing. */
    public RightsizerMonitor monitor(Function... functions) {
        for (Function fn : functions) {
            Objects.requireNonNull(fn, "function");
            if (isMonitored(fn)) {
                continue;
            }
            unsupportedReason(fn).ifPresent(reason -> {
                throw new IllegalArgumentException("Cannot monitor " + fn.getNode().getPath() + ": " + reason);
            });
            if (fn.getRole() == null) {
                throw new IllegalArgumentException("Function " + fn.getNode().getPath() + " has no role this app"
                        + " can add to; it cannot be granted kinesis:PutRecords");
            }
            fn.addLayers(layer);
            fn.addEnvironment(STREAM_ENVIRONMENT_VARIABLE, stream.getStreamArn());
            stream.grant(fn, "kinesis:PutRecords");
            new Construct(fn, MARKER_ID);
        }
        return this;
    }

    /**
     * Why the extension cannot run in this function, if it cannot. The layer's own runtime image is x86_64; on arm64
     * the extension falls back to the function's Java (17 or newer), and any other arm64 runtime would fail the
     * function's init.
     */
    public static Optional<String> unsupportedReason(Function fn) {
        String architecture = fn.getArchitecture() == null ? "x86_64" : fn.getArchitecture().getName();
        if (!architecture.equals("arm64")) {
            return Optional.empty();
        }
        String runtime = fn.getRuntime() == null ? "" : fn.getRuntime().getName();
        Matcher java = JAVA_RUNTIME.matcher(runtime);
        if (java.matches() && Integer.parseInt(java.group(1)) >= 17) {
            return Optional.empty();
        }
        return Optional.of("the Rightsizer extension runs on arm64 only inside Java 17+ runtimes, and this function"
                + " is arm64 on " + (runtime.isEmpty() ? "a container image" : runtime)
                + "; use the account-level log subscription for it, or deploy it on x86_64");
    }

    /** Whether a monitor has already put the function under Rightsizer. */
    public static boolean isMonitored(Function fn) {
        return fn.getNode().tryFindChild(MARKER_ID) != null;
    }

    /** The stream monitored functions write to. */
    public IStream stream() {
        return stream;
    }

    /** The extension layer monitored functions run. */
    public ILayerVersion extensionLayer() {
        return layer;
    }

    /**
     * An aspect that monitors every {@link Function} below the construct it is added to, except Rightsizer's own.
     */
    public static IAspect everyFunction(RightsizerEndpoints endpoints) {
        return everyFunction(endpoints, fn -> true);
    }

    /** Like {@link #everyFunction(RightsizerEndpoints)}, for the functions the filter accepts. */
    public static IAspect everyFunction(RightsizerEndpoints endpoints, Predicate<Function> filter) {
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(filter, "filter");
        return new IAspect() {
            @Override
            public void visit(IConstruct node) {
                if (!(node instanceof Function fn)) {
                    return;
                }
                Stack stack = Stack.of(fn);
                if (stack instanceof RightsizerStack || isMonitored(fn) || !filter.test(fn)) {
                    return;
                }
                Optional<String> unsupported = unsupportedReason(fn);
                if (unsupported.isPresent()) {
                    Annotations.of(fn).addWarningV2("rightsizer:unsupported-function",
                            "Not monitored by Rightsizer: " + unsupported.get());
                    return;
                }
                IConstruct existing = stack.getNode().tryFindChild(ASPECT_CHILD_ID);
                RightsizerMonitor monitor = existing instanceof RightsizerMonitor m ? m
                        : new RightsizerMonitor(stack, ASPECT_CHILD_ID, endpoints);
                monitor.monitor(fn);
            }
        };
    }
}
