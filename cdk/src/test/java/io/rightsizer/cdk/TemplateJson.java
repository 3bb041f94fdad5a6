package io.rightsizer.cdk;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small readers over a synthesised CloudFormation template, for assertions the matchers cannot say. */
final class TemplateJson {

    private TemplateJson() {
    }

    /** The resources of a type, by logical id. */
    static Map<String, JsonNode> resources(JsonNode template, String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().path("Type").asText().equals(type)) {
                found.put(e.getKey(), e.getValue());
            }
        }
        return found;
    }

    /** The only resource of a type. */
    static Map.Entry<String, JsonNode> single(JsonNode template, String type) {
        Map<String, JsonNode> all = resources(template, type);
        if (all.size() != 1) {
            throw new AssertionError("expected one " + type + ", found " + all.keySet());
        }
        return all.entrySet().iterator().next();
    }

    /** The logical id of the function with this physical name. */
    static String functionId(JsonNode template, String functionName) {
        for (Map.Entry<String, JsonNode> e : resources(template, "AWS::Lambda::Function").entrySet()) {
            if (e.getValue().path("Properties").path("FunctionName").asText().equals(functionName)) {
                return e.getKey();
            }
        }
        throw new AssertionError("no function named " + functionName);
    }

    /** The logical id of the role a function runs with. */
    static String roleOf(JsonNode template, String functionId) {
        return template.path("Resources").path(functionId).path("Properties").path("Role")
                .path("Fn::GetAtt").path(0).asText();
    }

    /** Every statement of every IAM policy attached to the role (separate policies and inline ones). */
    static List<JsonNode> statementsOf(JsonNode template, String roleId) {
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode policy : resources(template, "AWS::IAM::Policy").values()) {
            for (JsonNode role : policy.path("Properties").path("Roles")) {
                if (role.path("Ref").asText().equals(roleId)) {
                    policy.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add);
                }
            }
        }
        for (JsonNode inline : template.path("Resources").path(roleId).path("Properties").path("Policies")) {
            inline.path("PolicyDocument").path("Statement").forEach(statements::add);
        }
        return statements;
    }

    /** A statement's actions as a list, whether written as one string or many. */
    static List<String> actions(JsonNode statement) {
        return strings(statement.path("Action"));
    }

    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else {
            node.forEach(n -> values.add(n.asText()));
        }
        return values;
    }

    /** All statements that allow the action. */
    static List<JsonNode> allowing(List<JsonNode> statements, String action) {
        return statements.stream()
                .filter(s -> s.path("Effect").asText().equals("Allow") && actions(s).contains(action))
                .toList();
    }

    /** A string with the template's intrinsic functions written out, for comparing ARNs and joins. */
    static String render(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.has("Ref")) {
            return "${" + node.get("Ref").asText() + "}";
        }
        if (node.has("Fn::GetAtt")) {
            return "${" + node.get("Fn::GetAtt").get(0).asText() + "." + node.get("Fn::GetAtt").get(1).asText() + "}";
        }
        if (node.has("Fn::Join")) {
            StringBuilder b = new StringBuilder();
            String separator = node.get("Fn::Join").get(0).asText();
            JsonNode parts = node.get("Fn::Join").get(1);
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    b.append(separator);
                }
                b.append(render(parts.get(i)));
            }
            return b.toString();
        }
        return node.toString();
    }

    /** Every resource of a statement, rendered. */
    static List<String> renderedResources(JsonNode statement) {
        JsonNode resource = statement.path("Resource");
        List<String> values = new ArrayList<>();
        if (resource.isArray()) {
            resource.forEach(r -> values.add(render(r)));
        } else {
            values.add(render(resource));
        }
        return values;
    }
}
