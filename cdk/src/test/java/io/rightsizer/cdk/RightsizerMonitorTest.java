package io.rightsizer.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

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
 * A user's own stacks opt their functions in: each monitored function gets the extension layer, the stream variable
 * and {@code kinesis:PutRecords} on that stream, nothing is deployed to tell.
 */
class RightsizerMonitorTest {

    private static final SynthesisedApp APP = SynthesisedApp.get();

    @Test
    void aFunctionOptedInThroughParameterStoreGetsLayerStreamAndGrant() {
        JsonNode json = APP.userServicesJson;
        JsonNode orders = function(json, "Orders");
        String layerParameter = parameterWithDefault(json, "/rightsizer/Rightsizer/extension-layer-arn");
        String streamParameter = parameterWithDefault(json, "/rightsizer/Rightsizer/stream-arn");

        assertThat(layers(orders)).containsExactly("${" + layerParameter + "}");
        assertThat(streamVariable(orders)).isEqualTo("${" + streamParameter + "}");
        assertThat(putRecordsResources(json, orders)).containsExactly("${" + streamParameter + "}");
    }

    @Test
    void aFunctionOptedInWithFixedArnsGetsThoseArns() {
        JsonNode json = APP.userServicesJson;
        JsonNode invoices = function(json, "Invoices");
        assertThat(layers(invoices)).containsExactly(SynthesisedApp.FIXED_LAYER_ARN);
        assertThat(streamVariable(invoices)).isEqualTo(SynthesisedApp.FIXED_STREAM_ARN);
        assertThat(putRecordsResources(json, invoices)).containsExactly(SynthesisedApp.FIXED_STREAM_ARN);
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
    void everyFunctionOfAFleetStackIsOptedInByTheAspect() {
        JsonNode json = APP.userFleetJson;
        Map<String, JsonNode> functions = resources(json, "AWS::Lambda::Function");
        assertThat(functions).hasSize(4);
        for (String id : List.of("Thumbnails", "Search", "Reports")) {
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
    void anArm64FunctionOnAnotherRuntimeIsLeftOutWithAWarning() {
        JsonNode webhooks = function(APP.userFleetJson, "Webhooks");
        assertThat(webhooks.path("Properties").has("Layers")).isFalse();
        assertThat(webhooks.path("Properties").path("Environment").path("Variables")
                .has(RightsizerMonitor.STREAM_ENVIRONMENT_VARIABLE)).isFalse();
        List<SynthesisMessage> warnings = Annotations.fromStack(APP.userFleet)
                .findWarning("*", Match.stringLikeRegexp("Not monitored by Rightsizer.*arm64 on nodejs22.x.*"));
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getId()).contains("Webhooks");
    }

    @Test
    void monitoringAnArm64FunctionOnAnotherRuntimeExplicitlyIsRefused() {
        Stack stack = new Stack(new App(), "Elsewhere");
        Function python = Function.Builder.create(stack, "Etl")
                .runtime(Runtime.PYTHON_3_13)
                .architecture(Architecture.ARM_64)
                .handler("index.handler")
                .code(Code.fromInline("def handler(event, context):\n    return {}"))
                .build();
        RightsizerMonitor monitor = new RightsizerMonitor(stack, "Rightsizer",
                RightsizerEndpoints.of(SynthesisedApp.FIXED_STREAM_ARN, SynthesisedApp.FIXED_LAYER_ARN));

        assertThatThrownBy(() -> monitor.monitor(python))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Elsewhere/Etl")
                .hasMessageContaining("arm64 on python3.13");
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
