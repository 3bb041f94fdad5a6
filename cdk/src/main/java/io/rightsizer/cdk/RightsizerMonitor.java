package io.rightsizer.cdk;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudfront.experimental.EdgeFunction;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.DockerImageFunction;
import software.amazon.awscdk.services.lambda.EnvironmentOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.constructs.Construct;
import software.constructs.IConstruct;
import software.constructs.IValidation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Puts functions of a user's own CDK app under Rightsizer: each gets the extension layer of its architecture, the
 * {@code RIGHTSIZER_STREAM} environment variable and the right to {@code kinesis:PutRecords} on that stream. The
 * extension is a static binary, so every runtime on x86_64 and arm64 is supported (Amazon Linux 2 and 2023,
 * {@code provided.*}, Python, Node.js, Java, .NET, Ruby). Refused, because Lambda would refuse the result: container
 * image functions (layers do not apply), Lambda@Edge functions (no layers, no environment variables) and functions
 * that already have the 5 layers Lambda allows.
 *
 * <pre>{@code
 * RightsizerMonitor monitor = new RightsizerMonitor(this, "Rightsizer", RightsizerEndpoints.fromParameterStore());
 * monitor.monitor(ordersFunction, invoicesFunction);
 * // or every function of an app or stack at once (unsupported ones are skipped with a warning):
 * Aspects.of(app).add(RightsizerMonitor.everyFunction(RightsizerEndpoints.fromParameterStore()));
 * }</pre>
 */
public final class RightsizerMonitor extends Construct {

    /** The environment variable the extension reads the stream from. */
    public static final String STREAM_ENVIRONMENT_VARIABLE = "RIGHTSIZER_STREAM";
    /** The most layers Lambda allows on one function. */
    public static final int MAX_LAYERS = 5;

    private static final String ASPECT_CHILD_ID = "RightsizerMonitor";
    /** A resource-less child that marks a function as monitored, so no second monitor adds a second layer. */
    private static final String MARKER_ID = "RightsizerMonitored";
    /** The principal a role must trust to run as Lambda@Edge; CloudFront distributions add it to edge functions. */
    private static final String EDGE_PRINCIPAL = "edgelambda.amazonaws.com";

    private final RightsizerEndpoints endpoints;
    private final IStream stream;
    private final Map<String, ILayerVersion> layers = new HashMap<>();

    public RightsizerMonitor(Construct scope, String id, RightsizerEndpoints endpoints) {
        super(scope, id);
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.stream = Stream.fromStreamArn(this, "Stream", endpoints.streamArn(this));
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
            fn.addLayers(extensionLayer(fn.getArchitecture()));
            // Should the function still be put to use at the edge, CDK drops the variable instead of failing the
            // synth, and the validation below says why the layer cannot stay.
            fn.addEnvironment(STREAM_ENVIRONMENT_VARIABLE, stream.getStreamArn(),
                    EnvironmentOptions.builder().removeInEdge(true).build());
            stream.grant(fn, "kinesis:PutRecords");
            new Construct(fn, MARKER_ID);
            fn.getNode().addValidation(new IValidation() {
                @Override
                public List<String> validate() {
                    return edgeReason(fn).map(reason -> List.of("Monitored by Rightsizer, but " + reason
                            + ": remove it from the monitor (or from CloudFront)")).orElse(List.of());
                }
            });
        }
        return this;
    }

    /** Why the extension cannot be added to this function, if it cannot. */
    public static Optional<String> unsupportedReason(Function fn) {
        if (isContainerImage(fn)) {
            return Optional.of("it is a container-image function, and Lambda layers do not apply to container images"
                    + " (copy the extension binary into the image's /opt/extensions/ instead)");
        }
        Optional<String> edge = edgeReason(fn);
        if (edge.isPresent()) {
            return edge;
        }
        int layerCount = layerCount(fn);
        if (layerCount >= MAX_LAYERS) {
            return Optional.of("it already has " + layerCount + " layers, the most Lambda allows");
        }
        return Optional.empty();
    }

    private static boolean isContainerImage(Function fn) {
        return fn instanceof DockerImageFunction
                || (fn.getRuntime() != null && "FROM_IMAGE".equals(fn.getRuntime().getName()));
    }

    /** Lambda@Edge: an experimental EdgeFunction, or a function whose role trusts edgelambda.amazonaws.com. */
    private static Optional<String> edgeReason(Function fn) {
        boolean edge = fn.getNode().getScopes().stream().anyMatch(scope -> scope instanceof EdgeFunction);
        IRole role = fn.getRole();
        if (!edge && role instanceof Role r && r.getAssumeRolePolicy() != null) {
            edge = String.valueOf(Stack.of(fn).resolve(r.getAssumeRolePolicy())).contains(EDGE_PRINCIPAL);
        }
        return edge ? Optional.of("it is a Lambda@Edge function, and Lambda@Edge takes neither layers nor"
                + " environment variables") : Optional.empty();
    }

    private static int layerCount(Function fn) {
        if (!(fn.getNode().getDefaultChild() instanceof CfnFunction cfn)) {
            return 0;
        }
        Object resolved = Stack.of(fn).resolve(cfn.getLayers());
        return resolved instanceof List<?> list ? list.size() : 0;
    }

    /** Whether a monitor has already put the function under Rightsizer. */
    public static boolean isMonitored(Function fn) {
        return fn.getNode().tryFindChild(MARKER_ID) != null;
    }

    /** The stream monitored functions write to. */
    public IStream stream() {
        return stream;
    }

    /** The extension layer monitored functions of {@code architecture} run (x86_64 when none is given). */
    public ILayerVersion extensionLayer(Architecture architecture) {
        boolean arm64 = RightsizerEndpoints.isArm64(architecture);
        return layers.computeIfAbsent(arm64 ? "arm64" : "x86_64", key -> LayerVersion.fromLayerVersionArn(this,
                arm64 ? "ExtensionLayerArm64" : "ExtensionLayerX8664",
                endpoints.layerVersionArn(this, arm64 ? Architecture.ARM_64 : Architecture.X86_64)));
    }

    /**
     * An aspect that monitors every {@link Function} below the construct it is added to, except Rightsizer's own;
     * functions it cannot monitor are left as they are, with a synth warning saying why.
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
