package io.rightsizer.extension.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rightsizer.testing.lambda.CredentialsIssuer;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * A Kinesis {@code PutRecords} endpoint over TLS (or plain HTTP) that is no kinder than the real one: it checks every
 * SigV4 signature with the AWS SDK's own signer against the credentials it knows (unknown keys, expired tokens and
 * stale dates are refused), validates the request as the service does, and can be told to fail the way networks and
 * the service fail: reset a kept-alive connection that idled too long (as a NAT that forgot it), never answer, answer
 * slowly, accept and store the records but drop the response, reject some entries (partial failure), answer 500 or
 * throttle. It records every call with its timing and every record it stored.
 */
public final class FakeKinesis implements AutoCloseable {

    /** A way a call fails; the records of the call are stored only where said. */
    public enum Fault {
        /** The connection is reset (RST) once the request is read; nothing stored. */
        RESET,
        /** The request is read and never answered; nothing stored. */
        NEVER_ANSWER,
        /** The answer comes only after the slow delay (stored when answered). */
        SLOW,
        /** The records are stored, then the connection is closed without an answer. */
        ACCEPT_AND_DROP,
        /** 500 InternalFailure; nothing stored. */
        INTERNAL_ERROR,
        /** 400 ProvisionedThroughputExceededException for the whole call; nothing stored. */
        THROTTLE,
        /** Some entries (see {@link #failEntries}) get ProvisionedThroughputExceededException; the others are stored. */
        PARTIAL
    }

    /** One request as the service saw it. */
    public record Call(int connection, boolean reusedConnection, long arrivedNanos, long answeredNanos, String outcome,
                       int records, String accessKeyId, String detail) {
    }

    /** A record the service stored. */
    public record StoredRecord(String partitionKey, byte[] data) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_BODY = 6 * 1024 * 1024;

    private final ServerSocket server;
    private final String scheme;
    private final CredentialsIssuer credentials;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<StoredRecord> stored = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Deque<Fault> scripted = new ArrayDeque<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Fault always;
    private volatile Duration slowBy = Duration.ofSeconds(1);
    private volatile Duration resetIdleAfter;
    private volatile boolean silentIdleDrop;
    private volatile Set<Integer> failedEntries = Set.of(0);
    private volatile Set<String> streams;

    /** Plain HTTP, knowing the emulator's default credentials. */
    public FakeKinesis() throws IOException {
        this(null, new CredentialsIssuer());
    }

    /** Over TLS with {@code tls}'s certificate, knowing the emulator's default credentials. */
    public FakeKinesis(SSLContext tls) throws IOException {
        this(tls, new CredentialsIssuer());
    }

    /** Over TLS when {@code tls} is not null; signatures are checked against {@code credentials}. */
    public FakeKinesis(SSLContext tls, CredentialsIssuer credentials) throws IOException {
        this.credentials = credentials;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = tls != null ? tls.getServerSocketFactory().createServerSocket(0, 50, loopback)
                : new ServerSocket(0, 50, loopback);
        scheme = tls != null ? "https" : "http";
        Thread acceptor = new Thread(this::acceptLoop, "fake-kinesis-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String endpoint() {
        return scheme + "://127.0.0.1:" + server.getLocalPort();
    }

    /** Only these streams exist (names or ARNs); others get ResourceNotFoundException. Default: any. */
    public FakeKinesis onlyStreams(String... names) {
        streams = Set.of(names);
        return this;
    }

    /**
     * Resets a kept-alive connection when a request arrives after it idled longer than {@code idle}, as a NAT that
     * timed the connection out answers with RST; nothing is stored.
     */
    public FakeKinesis resetConnectionsIdleLongerThan(Duration idle) {
        resetIdleAfter = idle;
        silentIdleDrop = false;
        return this;
    }

    /**
     * Never answers a request that arrives on a connection idle longer than {@code idle}, as a NAT or firewall that
     * silently forgot the connection drops its packets; nothing is stored.
     */
    public FakeKinesis forgetConnectionsIdleLongerThan(Duration idle) {
        resetIdleAfter = idle;
        silentIdleDrop = true;
        return this;
    }

    /** The next {@code times} calls fail with {@code fault}, after any faults already queued. */
    public synchronized FakeKinesis failNext(int times, Fault fault) {
        for (int i = 0; i < times; i++) {
            scripted.addLast(fault);
        }
        return this;
    }

    /** Every call fails with {@code fault} until {@link #heal()}. */
    public FakeKinesis failAlways(Fault fault) {
        always = fault;
        return this;
    }

    /** Ends {@link #failAlways} and drops queued faults. */
    public synchronized FakeKinesis heal() {
        always = null;
        scripted.clear();
        return this;
    }

    /** How long {@link Fault#SLOW} waits before answering. */
    public FakeKinesis slowBy(Duration delay) {
        slowBy = delay;
        return this;
    }

    /** The entry positions {@link Fault#PARTIAL} rejects. */
    public FakeKinesis failEntries(Integer... indexes) {
        failedEntries = Set.of(indexes);
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<StoredRecord> stored() {
        return List.copyOf(stored);
    }

    /** How many records were stored. */
    public int records() {
        return stored.size();
    }

    private synchronized Fault nextFault() {
        Fault f = scripted.pollFirst();
        return f != null ? f : always;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                int id = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(socket, id), "fake-kinesis-" + id);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket, int id) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            long lastAnswered = 0;
            int served = 0;
            while (true) {
                Request request = Request.read(in);
                if (request == null) {
                    return;
                }
                long arrived = System.nanoTime();
                Duration idleLimit = resetIdleAfter;
                if (served > 0 && idleLimit != null && arrived - lastAnswered > idleLimit.toNanos()) {
                    if (silentIdleDrop) {
                        calls.add(new Call(id, true, arrived, -1, "dropped after idle", 0, null, null));
                        closed.await();
                    } else {
                        calls.add(new Call(id, true, arrived, System.nanoTime(), "reset after idle", 0, null, null));
                        reset(socket);
                    }
                    return;
                }
                Fault fault = nextFault();
                boolean reused = served > 0;
                served++;
                if (fault == Fault.RESET) {
                    calls.add(new Call(id, reused, arrived, System.nanoTime(), "reset", 0, null, null));
                    reset(socket);
                    return;
                }
                if (fault == Fault.NEVER_ANSWER) {
                    calls.add(new Call(id, reused, arrived, -1, "never answered", 0, null, null));
                    closed.await();
                    return;
                }
                if (fault == Fault.SLOW) {
                    Thread.sleep(slowBy.toMillis());
                }
                Answer answer = handle(request, fault);
                if (fault == Fault.ACCEPT_AND_DROP && answer.status() == 200) {
                    calls.add(new Call(id, reused, arrived, -1, "stored, answer dropped", answer.records(),
                            answer.accessKeyId(), null));
                    return;
                }
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                String head = "HTTP/1.1 " + answer.status() + " " + (answer.status() == 200 ? "OK" : "Error")
                        + "\r\nx-amzn-RequestId: " + java.util.UUID.randomUUID()
                        + "\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: " + body.length + "\r\n\r\n";
                // Taken before the answer is written: the client cannot act on it any earlier.
                lastAnswered = System.nanoTime();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                calls.add(new Call(id, reused, arrived, lastAnswered, answer.outcome(), answer.records(),
                        answer.accessKeyId(), answer.detail()));
                if ("close".equalsIgnoreCase(request.headers().get("connection"))) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The client went away; nothing to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sockets.remove(socket);
        }
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** What the service answers a call, and how the call is recorded. */
    private record Answer(int status, String body, String outcome, int records, String accessKeyId, String detail) {
        static Answer error(int status, String type, String message) {
            ObjectNode body = JSON.createObjectNode().put("__type", type).put("message", message);
            return new Answer(status, body.toString(), status + " " + type, 0, null, message);
        }
    }

    private Answer handle(Request request, Fault fault) {
        if (!request.method().equals("POST")) {
            return Answer.error(405, "UnknownOperationException", "POST only");
        }
        if (!"Kinesis_20131202.PutRecords".equals(request.headers().get("x-amz-target"))) {
            return Answer.error(400, "UnknownOperationException", "only PutRecords is served here");
        }
        if (!"application/x-amz-json-1.1".equals(request.headers().get("content-type"))) {
            return Answer.error(400, "SerializationException", "Content-Type must be application/x-amz-json-1.1");
        }
        String authError = checkSignature(request);
        if (authError != null) {
            String[] parts = authError.split(": ", 2);
            return Answer.error(400, parts[0], parts[1]);
        }
        String accessKeyId = accessKeyId(request.headers().get("authorization"));
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return Answer.error(400, "SerializationException", "body is not JSON");
        }
        String stream = body.hasNonNull("StreamName") ? body.get("StreamName").asText()
                : body.hasNonNull("StreamARN") ? body.get("StreamARN").asText() : null;
        if (stream == null) {
            return Answer.error(400, "ValidationException", "StreamName or StreamARN is required");
        }
        if (streams != null && !streams.contains(stream)) {
            return Answer.error(400, "ResourceNotFoundException", "Stream " + stream + " under account "
                    + LambdaRuntimeEmulator.ACCOUNT_ID + " not found.");
        }
        JsonNode records = body.path("Records");
        if (!records.isArray() || records.isEmpty() || records.size() > 500) {
            return Answer.error(400, "ValidationException", "Records must hold 1 to 500 entries");
        }
        List<StoredRecord> decoded = new ArrayList<>();
        long total = 0;
        for (JsonNode r : records) {
            String key = r.path("PartitionKey").asText("");
            if (key.isEmpty() || key.length() > 256) {
                return Answer.error(400, "ValidationException", "PartitionKey must be 1 to 256 characters");
            }
            byte[] data;
            try {
                data = Base64.getDecoder().decode(r.path("Data").asText(""));
            } catch (IllegalArgumentException e) {
                return Answer.error(400, "SerializationException", "Data is not base64");
            }
            if (data.length > 1024 * 1024) {
                return Answer.error(400, "ValidationException", "a record's Data is over 1 MiB");
            }
            total += data.length + key.getBytes(StandardCharsets.UTF_8).length;
            decoded.add(new StoredRecord(key, data));
        }
        if (total > 5L * 1024 * 1024) {
            return Answer.error(400, "InvalidArgumentException", "the call is over 5 MiB");
        }
        if (fault == Fault.INTERNAL_ERROR) {
            return Answer.error(500, "InternalFailure", "We encountered an internal error. Please try again.");
        }
        if (fault == Fault.THROTTLE) {
            return Answer.error(400, "ProvisionedThroughputExceededException",
                    "Rate exceeded for shard shardId-000000000000 in stream " + stream + ".");
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode results = JSON.createArrayNode();
        int failed = 0;
        for (int i = 0; i < decoded.size(); i++) {
            if (fault == Fault.PARTIAL && failedEntries.contains(i)) {
                failed++;
                results.addObject().put("ErrorCode", "ProvisionedThroughputExceededException")
                        .put("ErrorMessage", "Rate exceeded for shard shardId-000000000000 in stream " + stream + ".");
            } else {
                stored.add(decoded.get(i));
                results.addObject().put("SequenceNumber", "4959" + String.format("%051d", stored.size()))
                        .put("ShardId", "shardId-000000000000");
            }
        }
        out.put("FailedRecordCount", failed);
        out.set("Records", results);
        out.put("EncryptionType", "KMS");
        return new Answer(200, out.toString(), failed == 0 ? "stored" : "partial (" + failed + " rejected)",
                decoded.size() - failed, accessKeyId, null);
    }

    /** Null when the request is signed correctly with known, current credentials; else "ErrorType: message". */
    private String checkSignature(Request request) {
        String authorization = request.headers().get("authorization");
        String amzDate = request.headers().get("x-amz-date");
        if (authorization == null || amzDate == null) {
            return "MissingAuthenticationTokenException: Missing Authentication Token";
        }
        String accessKeyId = accessKeyId(authorization);
        CredentialsIssuer.Issued known = accessKeyId == null ? null : credentials.find(accessKeyId);
        if (known == null) {
            return "UnrecognizedClientException: The security token included in the request is invalid.";
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            return "IncompleteSignatureException: X-Amz-Date is not in the basic ISO 8601 format";
        }
        Instant now = Instant.now();
        if (Duration.between(signedAt, now).abs().compareTo(Duration.ofMinutes(5)) > 0) {
            return "InvalidSignatureException: Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(Duration.ofMinutes(5)));
        }
        if (known.expiredAt(now)) {
            return "ExpiredTokenException: The security token included in the request is expired";
        }
        String token = request.headers().get("x-amz-security-token");
        if (known.sessionToken() != null && !known.sessionToken().equals(token)) {
            return "UnrecognizedClientException: The security token included in the request is invalid.";
        }
        int signed = authorization.indexOf("SignedHeaders=");
        if (signed < 0) {
            return "IncompleteSignatureException: Authorization header requires 'SignedHeaders' parameter.";
        }
        String signedList = authorization.substring(signed + 14, authorization.indexOf(',', signed));
        String host = request.headers().get("host");
        SdkHttpFullRequest.Builder sdkRequest = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create(scheme + "://" + host + request.path()))
                .contentStreamProvider(ContentStreamProvider.fromByteArray(request.body()));
        for (String name : signedList.split(";")) {
            if (!Set.of("host", "x-amz-date", "x-amz-security-token").contains(name)) {
                String value = request.headers().get(name);
                if (value == null) {
                    return "IncompleteSignatureException: signed header " + name + " is missing";
                }
                sdkRequest.putHeader(name, value);
            }
        }
        AwsCredentials identity = known.sessionToken() == null
                ? AwsBasicCredentials.create(known.accessKeyId(), known.secretAccessKey())
                : AwsSessionCredentials.create(known.accessKeyId(), known.secretAccessKey(), known.sessionToken());
        // The SDK's classic SigV4 signer: it signs exactly the headers given (the newer one adds
        // x-amz-content-sha256, which Kinesis does not ask for).
        SdkHttpFullRequest expected = Aws4Signer.create().sign(sdkRequest.build(), Aws4SignerParams.builder()
                .awsCredentials(identity)
                .signingName("kinesis")
                .signingRegion(Region.of(scopeRegion(authorization)))
                .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC))
                .build());
        String expectedAuthorization = expected.firstMatchingHeader("Authorization").orElse("");
        if (!expectedAuthorization.equals(authorization)) {
            return "InvalidSignatureException: The request signature we calculated does not match the signature you"
                    + " provided. Expected " + expectedAuthorization + ", got " + authorization;
        }
        return null;
    }

    /** The Region of the credential scope ({@code Credential=<key>/<date>/<region>/kinesis/aws4_request}). */
    private static String scopeRegion(String authorization) {
        int at = authorization.indexOf("Credential=");
        String[] scope = authorization.substring(at + 11, authorization.indexOf(',', at)).split("/");
        return scope.length == 5 ? scope[2] : LambdaRuntimeEmulator.REGION;
    }

    private static String accessKeyId(String authorization) {
        if (authorization == null) {
            return null;
        }
        int at = authorization.indexOf("Credential=");
        int slash = at < 0 ? -1 : authorization.indexOf('/', at);
        return slash < 0 ? null : authorization.substring(at + 11, slash);
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            server.close();
        } catch (IOException e) {
            // Already closed.
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // Already closed.
            }
        }
    }

    /** One HTTP/1.1 request; header names lower case. */
    private record Request(String method, String path, Map<String, String> headers, byte[] body) {

        /** Reads the next request, or null at the end of the connection. */
        static Request read(InputStream in) throws IOException {
            String requestLine;
            try {
                requestLine = line(in, true);
            } catch (SocketException e) {
                return null;
            }
            if (requestLine == null) {
                return null;
            }
            String[] parts = requestLine.split(" ");
            if (parts.length != 3) {
                throw new IOException("bad request line: " + requestLine);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(in, false); !l.isEmpty(); l = line(in, false)) {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    headers.merge(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(),
                            (a, b) -> a + "," + b);
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            if (headers.containsKey("transfer-encoding") || length > MAX_BODY) {
                throw new IOException("only Content-Length bodies up to " + MAX_BODY + " bytes are served");
            }
            byte[] body = in.readNBytes(length);
            if (body.length != length) {
                throw new EOFException("connection closed inside a body");
            }
            return new Request(parts[0], parts[1], headers, body);
        }

        private static String line(InputStream in, boolean first) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
            while (true) {
                int c = in.read();
                if (c < 0) {
                    if (first && buf.size() == 0) {
                        return null;
                    }
                    throw new EOFException("connection closed inside a request head");
                }
                if (c == '\n') {
                    String s = buf.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                buf.write(c);
                if (buf.size() > 64 * 1024) {
                    throw new IOException("request head too long");
                }
            }
        }
    }
}
