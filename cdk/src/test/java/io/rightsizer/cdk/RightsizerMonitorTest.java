package io.rightsizer.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.rightsizer.domain.function.ChangeMode;
import io.rightsizer.domain.function.FunctionConfig;
import io.rightsizer.domain.function.FunctionOverrides;
import io.rightsizer.domain.function.ModeRule;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
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
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

import static io.rightsizer.cdk.TemplateJson.actions;
import static io.rightsizer.cdk.TemplateJson.allowing;
import static io.rightsizer.cdk.TemplateJson.render;
import static io.rightsizer.cdk.TemplateJson.renderedResources;
import static io.rightsizer.cdk.TemplateJson.resources;
import static io.rightsizer.cdk.TemplateJson.statementsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A user's own stacks opt their functions in: each monitored function gets the extension layer of its architecture,
 * the stream variable and {@code kinesis:PutRecords} on that stream; what Lambda would refuse (container images,
 * Lambda@Edge, a sixth layer) is refused here instead, or skipped with a warning by the fleet aspect.
 */
class RightsizerMonitorTest {

    private static final SynthesisedApp APP = SynthesisedApp.get();

    @Test
    void aFunctionOptedInThroughParameterStoreGetsLayerStreamAndGrant() {
        JsonNode json = APP.userServicesJson;
        JsonNode orders = function(json, "Orders");
        String layerParameter = parameterWithDefault(json, "/rightsizer/Rightsizer/extension-layer-arn-x86_64");
        String streamParameter = parameterWithDefault(json, "/rightsizer/Rightsizer/stream-arn");

        assertThat(layers(orders)).containsExactly("${" + layerParameter + "}");
        assertThat(streamVariable(orders)).isEqualTo("${" + streamParameter + "}");
        assertThat(putRecordsResources(json, orders)).containsExactly("${" + streamParameter + "}");
    }

    @Test
    void aFunctionOptedInWithTheConstructIsAppliedAndOneOnlyTheSubscriptionReachesIsRecommended() {
        // The deployment's evaluate-fn, as synthesised, and the domain rule it runs.
        JsonNode evaluateEnv = resources(APP.defaultsJson, "AWS::Lambda::Function").values().stream()
                .filter(f -> f.path("Properties").path("FunctionName").asText().equals("Rightsizer-evaluate"))
                .findFirst().orElseThrow().path("Properties").path("Environment").path("Variables");
        ModeRule rule = ModeRule.of(evaluateEnv.path("MODE").asText(),
                evaluateEnv.path("ACCOUNT_SUBSCRIPTION_MODE").asText(), evaluateEnv.path("EXTENSION_LAYERS").asText());
        String monitoredLayer = layers(function(APP.userServicesJson, "Invoices")).get(0);
        String functionArn = "arn:aws:lambda:eu-west-1:111122223333:function:invoices";

        FunctionConfig optedIn = new FunctionConfig(functionArn, "invoices", 1024, null, null, null,
                io.rightsizer.domain.cost.Architecture.X86_64, Map.of(), List.of(monitoredLayer));
        FunctionConfig subscribed = new FunctionConfig(functionArn, "invoices", 1024, null, null, null,
                io.rightsizer.domain.cost.Architecture.X86_64, Map.of(), List.of());

        assertThat(rule.resolve(optedIn, FunctionOverrides.NONE).mode()).isEqualTo(ChangeMode.APPLY);
        assertThat(rule.resolve(subscribed, FunctionOverrides.NONE).mode()).isEqualTo(ChangeMode.RECOMMEND);
    }

    @Test
    void aFunctionOptedInWithFixedArnsGetsThoseArns() {
        JsonNode json = APP.userServicesJson;
        JsonNode invoices = function(json, "Invoices");
        assertThat(layers(invoices)).containsExactly(SynthesisedApp.FIXED_LAYER_ARN_X86_64);
        assertThat(streamVariable(invoices)).isEqualTo(SynthesisedApp.FIXED_STREAM_ARN);
        assertThat(putRecordsResources(json, invoices)).containsExactly(SynthesisedApp.FIXED_STREAM_ARN);
    }

    @Test
    void anArm64FunctionGetsTheArm64LayerAnX86FunctionTheX86Layer() {
        JsonNode json = APP.userServicesJson;
        assertThat(layers(function(json, "Uploads"))).containsExactly(SynthesisedApp.FIXED_LAYER_ARN_ARM64);
        assertThat(layers(function(json, "Invoices"))).containsExactly(SynthesisedApp.FIXED_LAYER_ARN_X86_64);
    }

    @Test
    void throughParameterStoreEachArchitectureReadsItsOwnParameter() {
        Stack stack = new Stack(new App(), "Mixed");
        Function x86 = pythonFunction(stack, "X86", Architecture.X86_64);
        Function arm = pythonFunction(stack, "Arm", Architecture.ARM_64);
        new RightsizerMonitor(stack, "Rightsizer", RightsizerEndpoints.fromParameterStore()).monitor(x86, arm);

        JsonNode json = synthesise(stack);

        assertThat(layers(function(json, "X86"))).containsExactly(
                "${" + parameterWithDefault(json, "/rightsizer/Rightsizer/extension-layer-arn-x86_64") + "}");
        assertThat(layers(function(json, "Arm"))).containsExactly(
                "${" + parameterWithDefault(json, "/rightsizer/Rightsizer/extension-layer-arn-arm64") + "}");
    }

    @Test
    void monitoringTwiceAddsTheLayerOnce() {
        assertThat(layers(function(APP.userServicesJson, "Orders"))).hasSize(1);
    }

    @Test
    void theGrantIsPutRecordsAloneNoReadNoWildcard() {
        JsonNode json = APP.userServicesJson;
        JsonNode orders = function(json, "Orders");
        List<JsonNode> kinesis = statementsOf(json, role(orders)).stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("kinesis:")))
                .toList();
        assertThat(kinesis).hasSize(1);
        assertThat(actions(kinesis.get(0))).containsExactly("kinesis:PutRecords");
    }

    @Test
    void everyFunctionOfAFleetStackIsOptedInByTheAspectOnEitherArchitectureAndAnyRuntime() {
        JsonNode json = APP.userFleetJson;
        for (String id : List.of("Thumbnails", "Search", "Reports", "Webhooks")) {
            JsonNode fn = function(json, id);
            assertThat(layers(fn)).hasSize(1);
            // A weak cross-stack reference (cdk.json's @aws-cdk/core:defaultCrossStackReferences): an output of the
            // Rightsizer stack read at deploy time, with no export that would pin the Rightsizer stack.
            assertThat(layers(fn).get(0)).startsWith("{\"Fn::GetStackOutput\"")
                    .contains("\"StackName\":\"Rightsizer\"");
            assertThat(streamVariable(fn)).startsWith("{\"Fn::GetStackOutput\"")
                    .contains("\"StackName\":\"Rightsizer\"");
            assertThat(putRecordsResources(json, fn)).containsExactly(streamVariable(fn));
        }
    }

    @Test
    void theFleetsArm64FunctionsGetTheArm64LayerOfTheRightsizerStack() {
        for (String id : List.of("Reports", "Webhooks")) {
            assertThat(layers(function(APP.userFleetJson, id)).get(0)).contains("ExtensionLayerArm64");
        }
        assertThat(layers(function(APP.userFleetJson, "Thumbnails")).get(0)).contains("ExtensionLayerX8664");
    }

    @Test
    void whatLambdaWouldRefuseIsLeftOutOfTheFleetWithAWarningInsteadOfFailingTheSynthOrDeploy() {
        Map<String, String> expected = Map.of(
                "Images", "container-image function",
                "Crowded", "already has 5 layers",
                "EdgeRouter", "Lambda@Edge function");
        expected.forEach((id, reason) -> {
            JsonNode fn = function(APP.userFleetJson, id);
            assertThat(layers(fn)).as(id).noneMatch(l -> l.contains("ExtensionLayer"));
            assertThat(fn.path("Properties").path("Environment").path("Variables")
                    .has(RightsizerMonitor.STREAM_ENVIRONMENT_VARIABLE)).as(id).isFalse();
            List<SynthesisMessage> warnings = Annotations.fromStack(APP.userFleet)
                    .findWarning("*", Match.stringLikeRegexp("Not monitored by Rightsizer: .*" + reason + ".*"));
            assertThat(warnings).as(id).anyMatch(w -> w.getId().contains(id));
        });
    }

    @Test
    void anEdgeFunctionMadeWithCdksEdgeFunctionIsLeftOutWithAWarning() {
        JsonNode fn = resources(APP.userEdgeJson, "AWS::Lambda::Function").values().iterator().next();
        assertThat(fn.path("Properties").has("Layers")).isFalse();
        assertThat(Annotations.fromStack(APP.userEdge)
                .findWarning("*", Match.stringLikeRegexp("Not monitored by Rightsizer: .*Lambda@Edge.*"))).hasSize(1);
    }

    @Test
    void monitoringAContainerImageFunctionExplicitlyIsRefused() {
        Stack stack = new Stack(new App(), "Elsewhere");
        DockerImageFunction images = DockerImageFunction.Builder.create(stack, "Images")
                .code(DockerImageCode.fromEcr(Repository.fromRepositoryName(stack, "Repo", "images")))
                .build();

        assertThatThrownBy(() -> monitor(stack).monitor(images))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Elsewhere/Images")
                .hasMessageContaining("container-image function");
    }

    @Test
    void monitoringAFunctionWithFiveLayersExplicitlyIsRefused() {
        Stack stack = new Stack(new App(), "Elsewhere");
        Function crowded = pythonFunction(stack, "Crowded", Architecture.X86_64);
        crowded.addLayers(SynthesisedApp.fiveLayers(stack).toArray(ILayerVersion[]::new));

        assertThatThrownBy(() -> monitor(stack).monitor(crowded))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already has 5 layers");
    }

    @Test
    void aFunctionWithFourLayersGetsTheFifth() {
        Stack stack = new Stack(new App(), "Elsewhere");
        Function fn = pythonFunction(stack, "Four", Architecture.X86_64);
        fn.addLayers(SynthesisedApp.fiveLayers(stack).subList(0, 4).toArray(ILayerVersion[]::new));

        monitor(stack).monitor(fn);

        assertThat(layers(function(synthesise(stack), "Four"))).hasSize(5)
                .endsWith(SynthesisedApp.FIXED_LAYER_ARN_X86_64);
    }

    @Test
    void monitoringALambdaAtEdgeFunctionExplicitlyIsRefused() {
        Stack stack = new Stack(new App(), "Edge", StackProps.builder()
                .env(Environment.builder().account("111122223333").region("us-east-1").build()).build());
        EdgeFunction edge = EdgeFunction.Builder.create(stack, "Rewrite")
                .runtime(Runtime.NODEJS_22_X)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async (e) => e;"))
                .build();
        Function inner = (Function) edge.getLambda();

        assertThatThrownBy(() -> monitor(stack).monitor(inner))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Lambda@Edge");
    }

    @Test
    void aMonitoredFunctionPutToUseAtTheEdgeLaterFailsTheSynthWithAReasonNotTheDeploy() {
        App app = new App();
        Stack stack = new Stack(app, "Later");
        Function fn = Function.Builder.create(stack, "Router")
                .runtime(Runtime.NODEJS_22_X)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async (e) => e;"))
                .build();
        monitor(stack).monitor(fn);
        Distribution.Builder.create(stack, "Cdn")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(new HttpOrigin("origin.example.com"))
                        .edgeLambdas(List.of(EdgeLambda.builder().functionVersion(fn.getCurrentVersion())
                                .eventType(LambdaEdgeEventType.ORIGIN_REQUEST).build()))
                        .build())
                .build();

        assertThatThrownBy(app::synth)
                .hasMessageContaining("Monitored by Rightsizer, but it is a Lambda@Edge function");
    }

    private static RightsizerMonitor monitor(Stack stack) {
        return new RightsizerMonitor(stack, "Rightsizer", SynthesisedApp.FIXED);
    }

    private static Function pythonFunction(Construct scope, String id, Architecture architecture) {
        return Function.Builder.create(scope, id)
                .runtime(Runtime.PYTHON_3_13)
                .architecture(architecture)
                .handler("index.handler")
                .code(Code.fromInline("def handler(event, context):\n    return {}"))
                .build();
    }

    private static JsonNode synthesise(Stack stack) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(
                software.amazon.awscdk.assertions.Template.fromStack(stack).toJSON());
    }

    @Test
    void rightsizersOwnFunctionsAreNeverMonitored() {
        for (JsonNode fn : resources(APP.defaultsJson, "AWS::Lambda::Function").values()) {
            assertThat(fn.path("Properties").has("Layers")).isFalse();
            assertThat(fn.path("Properties").path("Environment").path("Variables")
                    .has(RightsizerMonitor.STREAM_ENVIRONMENT_VARIABLE)).isFalse();
        }
    }

    private static JsonNode function(JsonNode json, String idPrefix) {
        return resources(json, "AWS::Lambda::Function").entrySet().stream()
                .filter(e -> e.getKey().startsWith(idPrefix))
                .findFirst().orElseThrow(() -> new AssertionError("no function " + idPrefix)).getValue();
    }

    private static List<String> layers(JsonNode fn) {
        return fn.path("Properties").path("Layers").valueStream().map(TemplateJson::render).toList();
    }

    private static String streamVariable(JsonNode fn) {
        return render(fn.path("Properties").path("Environment").path("Variables")
                .path(RightsizerMonitor.STREAM_ENVIRONMENT_VARIABLE));
    }

    private static String role(JsonNode fn) {
        return fn.path("Properties").path("Role").path("Fn::GetAtt").path(0).asText();
    }

    private static List<String> putRecordsResources(JsonNode json, JsonNode fn) {
        return allowing(statementsOf(json, role(fn)), "kinesis:PutRecords").stream()
                .flatMap(s -> renderedResources(s).stream()).toList();
    }

    private static String parameterWithDefault(JsonNode json, String name) {
        return json.path("Parameters").properties().stream()
                .filter(e -> e.getValue().path("Default").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no parameter for " + name)).getKey();
    }
}
