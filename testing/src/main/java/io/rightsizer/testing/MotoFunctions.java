package io.rightsizer.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Creates the functions Rightsizer sizes in moto's Lambda API (with the IAM role moto requires), over moto's plain
 * HTTP API so that no module needs an SDK client it does not otherwise use.
 */
public final class MotoFunctions {

    /** moto's default account. */
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String roleArn;

    public MotoFunctions(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** The unqualified ARN of a function of this name in moto's account and region. */
    public static String arn(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
    }

    /** Creates a Java function with the given memory and tags and returns its ARN. */
    public String create(String name, int memoryMb, Map<String, String> tags) {
        return create(name, memoryMb, tags, java.util.List.of());
    }

    /**
     * Publishes a version of a layer (as a deployment's extension layer) and returns the version's ARN. moto 5.2.1 with
     * {@code "lambda":{"use_docker":false}} keeps layers where function creation does not look: there, answer
     * GetFunction with the layer through a proxy instead.
     */
    public String publishLayer(String layerName) {
        String answer = send("POST", "/2018-10-31/layers/" + layerName + "/versions", "lambda", "application/json",
                "{\"Content\":{\"ZipFile\":" + quote(zip()) + "},\"CompatibleRuntimes\":[\"java21\"]}", 201);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"LayerVersionArn\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(answer);
        if (!m.find()) {
            throw new IllegalStateException("PublishLayerVersion answered without an ARN: " + answer);
        }
        return m.group(1);
    }

    /** Creates a Java function with the given memory, tags and layers (version ARNs) and returns its ARN. */
    public String create(String name, int memoryMb, Map<String, String> tags, java.util.List<String> layers) {
        String tagJson = tags.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        String body = "{\"FunctionName\":" + quote(name) + ",\"Runtime\":\"java21\",\"Role\":" + quote(role())
                + ",\"Handler\":\"example.Handler::handleRequest\",\"MemorySize\":" + memoryMb
                + ",\"Architectures\":[\"arm64\"],\"Code\":{\"ZipFile\":" + quote(zip()) + "},\"Tags\":" + tagJson
                + ",\"Layers\":" + layers.stream().map(MotoFunctions::quote).collect(Collectors.joining(",", "[", "]"))
                + "}";
        send("POST", "/2015-03-31/functions", "lambda", "application/json", body, 201);
        return arn(name);
    }

    /** Deletes a function (as its owner might, between two steps). */
    public void delete(String name) {
        send("DELETE", "/2015-03-31/functions/" + name, "lambda", "application/json", "", 204);
    }

    /** Sets a function's memory behind Rightsizer's back (as the owner's own deploy would). */
    public void setMemory(String name, int memoryMb) {
        send("PUT", "/2015-03-31/functions/" + name + "/configuration", "lambda", "application/json",
                "{\"MemorySize\":" + memoryMb + "}", 200);
    }

    /** Publishes a version of the function's current code and configuration and returns its number. */
    public String publishVersion(String name) {
        String answer = send("POST", "/2015-03-31/functions/" + name + "/versions", "lambda", "application/json", "{}",
                201);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"Version\"\\s*:\\s*\"([^\"]+)\"").matcher(answer);
        if (!m.find()) {
            throw new IllegalStateException("PublishVersion answered without a version: " + answer);
        }
        return m.group(1);
    }

    /** Points the alias at a version, creating the alias the first time (as a deployment that shifts traffic). */
    public void pointAlias(String name, String alias, String version) {
        String body = "{\"FunctionVersion\":" + quote(version) + "}";
        String update = send("PUT", "/2015-03-31/functions/" + name + "/aliases/" + alias, "lambda",
                "application/json", body, 0);
        if (update.contains("ResourceNotFoundException") || update.contains("not found")) {
            send("POST", "/2015-03-31/functions/" + name + "/aliases", "lambda", "application/json",
                    "{\"Name\":" + quote(alias) + ",\"FunctionVersion\":" + quote(version) + "}", 201);
        }
    }

    private synchronized String role() {
        if (roleArn == null) {
            String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                    + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
            String role = "rightsizer-test-role";
            String form = "Action=CreateRole&Version=2010-05-08&RoleName=" + role + "&AssumeRolePolicyDocument="
                    + URLEncoder.encode(policy, StandardCharsets.UTF_8);
            String answer = send("POST", "/", "iam", "application/x-www-form-urlencoded", form, 0);
            roleArn = answer.contains("EntityAlreadyExists") || !answer.contains("<Arn>")
                    ? "arn:aws:iam::" + ACCOUNT + ":role/" + role
                    : answer.substring(answer.indexOf("<Arn>") + 5, answer.indexOf("</Arn>"));
        }
        return roleArn;
    }

    private String send(String method, String path, String service, String contentType, String body, int expect) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", contentType)
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/" + REGION + "/" + service
                            + "/aws4_request, SignedHeaders=host, Signature=0")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (expect != 0 && r.statusCode() != expect) {
                throw new IllegalStateException(service + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("example/Handler.class"));
            zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
