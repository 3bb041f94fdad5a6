package io.rightsizer.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.EdgeLambda;
import software.amazon.awscdk.services.cloudfront.LambdaEdgeEventType;
import software.amazon.awscdk.services.cloudfront.experimental.EdgeFunction;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.DockerImageCode;
import software.amazon.awscdk.services.lambda.DockerImageFunction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One CDK app, synthesised once per test run (synthesis goes through Node and takes seconds): the Rightsizer stack
 * as {@code cdk deploy} builds it, a second one tuned through context values, and two stacks of a user's own app
 * that opt their functions in, with the AWS Solutions rule pack applied to all of it.
 */
final class SynthesisedApp {

    static final String TUNED_STACK = "RightsizerTuned";
    static final String FIXED_STREAM_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/rightsizer-telemetry";
    static final String FIXED_LAYER_ARN_X86_64 =
            "arn:aws:lambda:eu-west-1:111122223333:layer:Rightsizer-extension-x86_64:7";
    static final String FIXED_LAYER_ARN_ARM64 =
            "arn:aws:lambda:eu-west-1:111122223333:layer:Rightsizer-extension-arm64:7";
    static final RightsizerEndpoints FIXED = RightsizerEndpoints.of(FIXED_STREAM_ARN, FIXED_LAYER_ARN_X86_64,
            FIXED_LAYER_ARN_ARM64);

    /** What `-c key=value` flags hand the app: every value a string. */
    static final Map<String, Object> TUNED_CONTEXT = Map.ofEntries(
            Map.entry("windowDays", "21"),
            Map.entry("dayTtlDays", "90"),
            Map.entry("seedHeadroomMb", "128"),
            Map.entry("maxMemoryMb", "3008"),
            Map.entry("minDays", "5"),
            Map.entry("guardPeriodSeconds", "172800"),
            Map.entry("dryRun", "true"),
            Map.entry("excludeTag", "team:no-resize"),
            Map.entry("denyList", "legacy-billing, arn:aws:lambda:eu-west-1:111122223333:function:payroll"),
            Map.entry("ingestBatchSize", "500"),
            Map.entry("ingestBatchingWindowSeconds", "60"),
            Map.entry("ingestRetryAttempts", "3"),
            Map.entry("streamShards", "1"),
            Map.entry("logRetentionDays", "90"),
            Map.entry("accountLogSubscription", "true"),
            Map.entry("alarmTopicArn", "arn:aws:sns:eu-west-1:111122223333:ops-alerts"),
            Map.entry("retainData", "false"),
            Map.entry("notifyEmail", "platform-team@example.com"));

    static final String ANNOTATIONS_IN_VALIDATION_REPORT = "@aws-cdk/core:annotationsInValidationReport";

    private static SynthesisedApp instance;

    final RightsizerStack defaults;
    final RightsizerStack tuned;
    final Stack userServices;
    final Stack userFleet;
    final Stack userEdge;
    final Function orders;
    final Function invoices;
    final Template defaultsTemplate;
    final Template tunedTemplate;
    final Template userServicesTemplate;
    final Template userFleetTemplate;
    final Template userEdgeTemplate;
    final JsonNode defaultsJson;
    final JsonNode tunedJson;
    final JsonNode userServicesJson;
    final JsonNode userFleetJson;
    final JsonNode userEdgeJson;

    private SynthesisedApp() {
        Map<String, Object> flags = cdkJsonContext();
        // The one difference from cdk.json: the user's stacks below are left untuned on purpose, so that the rule
        // pack's error findings on them prove it ran (AwsSolutionsChecksTest); with this flag on, those findings
        // would stop the synthesis instead. Rightsizer's own stacks carry no error annotation (synth.sh runs the
        // real app with every flag of cdk.json on).
        flags.put(ANNOTATIONS_IN_VALIDATION_REPORT, false);
        App app = App.Builder.create().outdir(requiredProperty("rightsizer.cdk.outdir"))
                .context(flags).build();
        defaults = RightsizerApp.build(app);

        Map<String, Object> context = new HashMap<>(TUNED_CONTEXT);
        tuned = new RightsizerStack(app, TUNED_STACK, null, RightsizerSettings.fromContext(context::get),
                artifacts());

        // A user's app, opting functions in one by one: by Parameter Store and by fixed ARNs.
        userServices = new Stack(app, "UserServices");
        orders = userFunction(userServices, "Orders");
        invoices = userFunction(userServices, "Invoices");
        new RightsizerMonitor(userServices, "Rightsizer", RightsizerEndpoints.fromParameterStore())
                .monitor(orders)
                .monitor(orders);
        Function uploads = Function.Builder.create(userServices, "Uploads")
                .runtime(Runtime.PYTHON_3_13)
                .architecture(Architecture.ARM_64)
                .handler("index.handler")
                .code(Code.fromInline("def handler(event, context):\n    return {}"))
                .build();
        new RightsizerMonitor(userServices, "RightsizerFixed", FIXED).monitor(invoices, uploads);

        // ...and a fleet opted in wholesale by an aspect, pointing at the Rightsizer stack of the same app.
        userFleet = new Stack(app, "UserFleet");
        userFunction(userFleet, "Thumbnails");
        userFunction(userFleet, "Search");
        // arm64 functions of any runtime get the arm64 layer.
        Function.Builder.create(userFleet, "Reports")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler("com.example.ReportsHandler::handleRequest")
                .code(Code.fromAsset(testResource("user-function")))
                .build();
        Function.Builder.create(userFleet, "Webhooks")
                .runtime(Runtime.NODEJS_22_X)
                .architecture(Architecture.ARM_64)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async () => ({ ok: true });"))
                .build();
        // What Lambda would refuse, left out with a warning each: a container image, a function with 5 layers, and
        // a function a CloudFront distribution runs at the edge.
        DockerImageFunction.Builder.create(userFleet, "Images")
                .code(DockerImageCode.fromEcr(Repository.fromRepositoryName(userFleet, "ImagesRepo", "images")))
                .build();
        Function.Builder.create(userFleet, "Crowded")
                .runtime(Runtime.PYTHON_3_13)
                .handler("index.handler")
                .code(Code.fromInline("def handler(event, context):\n    return {}"))
                .layers(fiveLayers(userFleet))
                .build();
        Function edgeRouter = Function.Builder.create(userFleet, "EdgeRouter")
                .runtime(Runtime.NODEJS_22_X)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async (e) => e.Records[0].cf.request;"))
                .build();
        Distribution.Builder.create(userFleet, "Cdn")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(new HttpOrigin("origin.example.com"))
                        .edgeLambdas(List.of(EdgeLambda.builder()
                                .functionVersion(edgeRouter.getCurrentVersion())
                                .eventType(LambdaEdgeEventType.VIEWER_REQUEST)
                                .build()))
                        .build())
                .build();
        Aspects.of(userFleet).add(RightsizerMonitor.everyFunction(defaults.endpoints()));

        // A Lambda@Edge function made with CDK's EdgeFunction (its stack must be in us-east-1).
        userEdge = new Stack(app, "UserEdge", StackProps.builder()
                .env(Environment.builder().account("111122223333").region("us-east-1").build()).build());
        EdgeFunction.Builder.create(userEdge, "Rewrite")
                .runtime(Runtime.NODEJS_22_X)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async (e) => e.Records[0].cf.request;"))
                .build();
        Aspects.of(userEdge).add(RightsizerMonitor.everyFunction(FIXED));
        // Had it been added to the whole app, the aspect would still leave Rightsizer's own functions alone.
        Aspects.of(defaults).add(RightsizerMonitor.everyFunction(defaults.endpoints()));

        Aspects.of(app).add(new AwsSolutionsChecks());

        defaultsTemplate = Template.fromStack(defaults);
        tunedTemplate = Template.fromStack(tuned);
        userServicesTemplate = Template.fromStack(userServices);
        userFleetTemplate = Template.fromStack(userFleet);
        userEdgeTemplate = Template.fromStack(userEdge);
        ObjectMapper mapper = new ObjectMapper();
        defaultsJson = mapper.valueToTree(defaultsTemplate.toJSON());
        tunedJson = mapper.valueToTree(tunedTemplate.toJSON());
        userServicesJson = mapper.valueToTree(userServicesTemplate.toJSON());
        userFleetJson = mapper.valueToTree(userFleetTemplate.toJSON());
        userEdgeJson = mapper.valueToTree(userEdgeTemplate.toJSON());
    }

    /** The context of cdk/cdk.json (the feature flags `cdk deploy` synthesises with). */
    static Map<String, Object> cdkJsonContext() {
        Path file = Path.of(requiredProperty("rightsizer.cdk.json"));
        try {
            JsonNode context = new ObjectMapper().readTree(file.toFile()).path("context");
            if (!context.isObject()) {
                throw new IllegalStateException(file + " has no \"context\" object");
            }
            Map<String, Object> values = new HashMap<>();
            context.properties().forEach(e -> values.put(e.getKey(),
                    new ObjectMapper().convertValue(e.getValue(), Object.class)));
            return values;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    static synchronized SynthesisedApp get() {
        if (instance == null) {
            instance = new SynthesisedApp();
        }
        return instance;
    }

    /** The real build output below the checkout (or wherever -Drightsizer.artifacts.root points). */
    static RightsizerArtifacts artifacts() {
        return RightsizerArtifacts.locate(Path.of(requiredProperty("rightsizer.artifacts.root")),
                System.getProperty("rightsizer.build.suffix", ""));
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set; run the tests through Maven");
        }
        return value;
    }

    static String testResource(String name) {
        try {
            return Path.of(SynthesisedApp.class.getResource("/" + name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ILayerVersion> fiveLayers(Construct scope) {
        List<ILayerVersion> layers = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            layers.add(LayerVersion.fromLayerVersionArn(scope, "Layer" + i,
                    "arn:aws:lambda:us-east-1:111122223333:layer:shared-" + i + ":1"));
        }
        return layers;
    }

    private static Function userFunction(Construct scope, String id) {
        return Function.Builder.create(scope, id)
                .runtime(Runtime.NODEJS_22_X)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async () => ({ ok: true });"))
                .build();
    }
}
