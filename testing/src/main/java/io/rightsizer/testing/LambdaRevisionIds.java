package io.rightsizer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes moto's Lambda API keep {@code RevisionId}s as Lambda does, which moto does not (it returns none): a
 * function's revision is derived from its configuration (so a change made directly in moto, behind Rightsizer's
 * back, moves it on too), {@code GetFunction} and {@code UpdateFunctionConfiguration} answers carry it, and an
 * update naming another revision is refused with 412 {@code PreconditionFailedException}.
 */
public final class LambdaRevisionIds {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FUNCTION = Pattern.compile("/2015-03-31/functions/([^/?]+)(/configuration)?(\\?.*)?");

    private final InterceptingProxy proxy;
    private final URI moto;

    private LambdaRevisionIds(InterceptingProxy proxy, URI moto) {
        this.proxy = proxy;
        this.moto = moto;
    }

    /**
     * Adds the revision rules to a proxy in front of moto (after any rule already there) and returns them, so that a
     * fault rule placed before them can still answer like Lambda ({@link #answer}) and then spoil the answer.
     */
    public static LambdaRevisionIds install(InterceptingProxy proxy, URI moto) {
        LambdaRevisionIds revisions = new LambdaRevisionIds(proxy, moto);
        proxy.when(revisions::handles, -1, revisions::answer);
        return revisions;
    }

    /** Whether the request is a GetFunction, GetFunctionConfiguration or UpdateFunctionConfiguration. */
    public boolean handles(InterceptingProxy.Request r) {
        return FUNCTION.matcher(r.path()).matches()
                && (r.method().equals("GET") || r.method().equals("PUT") && r.path().contains("/configuration"));
    }

    /** Lambda's answer to a request {@link #handles} accepts, with the revision checked and reported. */
    public InterceptingProxy.Response answer(InterceptingProxy.Request request) {
        Matcher m = FUNCTION.matcher(request.path());
        if (!m.matches()) {
            return null;
        }
        boolean configurationOnly = m.group(2) != null;
        if (request.method().equals("PUT")) {
            InterceptingProxy.Request read = new InterceptingProxy.Request("GET",
                    "/2015-03-31/functions/" + m.group(1) + "/configuration", request.headers(), new byte[0]);
            InterceptingProxy.Response current = proxy.forward(read, moto);
            if (current.status() != 200) {
                return current;
            }
            String expected = json(request.body()).path("RevisionId").asText(null);
            if (expected != null && !expected.equals(revision(json(current.body())))) {
                return InterceptingProxy.Response.json(412, "{\"Type\":\"User\",\"message\":\"The Revision Id provided"
                        + " does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the"
                        + " latest Revision Id\"}", Map.of("x-amzn-ErrorType", "PreconditionFailedException"));
            }
        }
        InterceptingProxy.Response response = proxy.forward(request, moto);
        if (response.status() != 200) {
            return response;
        }
        JsonNode body = json(response.body());
        ObjectNode configuration = (ObjectNode) (configurationOnly || request.method().equals("PUT")
                ? body : body.path("Configuration"));
        if (configuration.isMissingNode() || !configuration.isObject()) {
            return response;
        }
        configuration.put("RevisionId", revision(configuration));
        return new InterceptingProxy.Response(200, response.headers(), write(body));
    }

    /** The revision of a configuration: a digest of what a change moves on (moto updates LastModified). */
    static String revision(JsonNode configuration) {
        String basis = configuration.path("LastModified").asText() + "|" + configuration.path("MemorySize").asText()
                + "|" + configuration.path("CodeSha256").asText() + "|" + configuration.path("Timeout").asText();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(digest);
            return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
