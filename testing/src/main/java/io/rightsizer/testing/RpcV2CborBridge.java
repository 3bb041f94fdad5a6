package io.rightsizer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts moto in front of a client that speaks the Smithy RPC v2 CBOR protocol (the AWS SDK's CloudWatch client since
 * 2025), which moto 5.2 does not route: each request's CBOR body becomes the same operation in AWS JSON 1.0, which moto
 * serves, and moto's JSON answer goes back as CBOR. Nothing is interpreted or changed on the way, so what the client
 * sees is moto's behaviour; faults are added in front with {@link #proxy()}'s {@code whenFirst}.
 */
public final class RpcV2CborBridge implements AutoCloseable {

    private static final Pattern OPERATION = Pattern.compile("/service/([^/]+)/operation/([^/?]+)");
    private static final ObjectMapper CBOR = new CBORMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InterceptingProxy proxy;
    private final URI target;

    private RpcV2CborBridge(InterceptingProxy proxy, URI target) {
        this.proxy = proxy;
        this.target = target;
    }

    /** A bridge on a free loopback port to the moto endpoint {@code target}. */
    public static RpcV2CborBridge start(URI target) {
        RpcV2CborBridge bridge = new RpcV2CborBridge(InterceptingProxy.start(target), target);
        bridge.route();
        return bridge;
    }

    private void route() {
        proxy.when(r -> OPERATION.matcher(r.path()).matches(), -1, this::translate);
    }

    /** Where clients send their requests. */
    public URI endpoint() {
        return proxy.endpoint();
    }

    /** The proxy underneath: for faults in front of the bridge and for the requests seen. */
    public InterceptingProxy proxy() {
        return proxy;
    }

    /** Forgets faults and requests seen, keeps the bridge. */
    public void clear() {
        proxy.clear();
        route();
    }

    private InterceptingProxy.Response translate(InterceptingProxy.Request request) {
        Matcher m = OPERATION.matcher(request.path());
        if (!m.matches()) {
            throw new IllegalStateException("not an RPC v2 request: " + request.path());
        }
        try {
            JsonNode body = request.body().length == 0 ? JSON.createObjectNode() : CBOR.readTree(request.body());
            Map<String, List<String>> headers = new HashMap<>();
            request.headers().forEach((name, values) -> {
                String lower = name.toLowerCase(java.util.Locale.ROOT);
                if (!lower.equals("content-type") && !lower.equals("smithy-protocol") && !lower.equals("accept")) {
                    headers.put(name, values);
                }
            });
            headers.put("Content-Type", List.of("application/x-amz-json-1.0"));
            headers.put("X-Amz-Target", List.of(m.group(1) + "." + m.group(2)));
            InterceptingProxy.Response answer = proxy.forward(new InterceptingProxy.Request("POST", "/", headers,
                    JSON.writeValueAsBytes(body)), target);
            byte[] cbor = answer.body().length == 0 ? CBOR.writeValueAsBytes(CBOR.createObjectNode())
                    : CBOR.writeValueAsBytes(JSON.readTree(answer.body()));
            Map<String, String> out = new HashMap<>();
            out.put("Content-Type", "application/cbor");
            out.put("smithy-protocol", "rpc-v2-cbor");
            return new InterceptingProxy.Response(answer.status(), out, cbor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-encode " + request.path(), e);
        }
    }

    @Override
    public void close() {
        proxy.close();
    }
}
