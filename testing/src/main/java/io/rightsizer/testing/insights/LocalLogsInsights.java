package io.rightsizer.testing.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local CloudWatch Logs endpoint that runs Logs Insights queries for real over seeded log events: the JSON 1.1
 * protocol of the service ({@code X-Amz-Target: Logs_20140328.StartQuery}, {@code GetQueryResults},
 * {@code StopQuery}, {@code DescribeLogGroups}), the query subset {@link InsightsQuery} executes, and the service's
 * limits, none of them kinder: at most 50 log groups per query, a missing log group fails the whole query, a limited
 * number of queries at once ({@code LimitExceededException}), queries that stay {@code Scheduled} and
 * {@code Running} a while and answer partial results meanwhile, at most 10,000 result rows, scanned-bytes statistics,
 * and injected faults (throttling, failed and timed-out queries, queries other users run).
 */
public final class LocalLogsInsights implements AutoCloseable {

    /** The account the stand-in answers for ({@code @log} is {@code <account>:<log group>}). */
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    private static final int MAX_LOG_GROUPS = 50;
    private static final int MAX_ROWS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One seeded log event. */
    public record Event(long timestamp, String message) {
    }

    /** A query as received, for tests to check what was sent. */
    public record ReceivedQuery(String queryId, List<String> logGroups, long startTime, long endTime, String queryString,
                                Integer limit) {
    }

    private record Group(String name, Integer retentionDays, long creationTime,
                         Map<String, List<Event>> streams) {
        long storedBytes() {
            long bytes = 0;
            for (List<Event> events : streams.values()) {
                for (Event e : events) {
                    bytes += e.message().getBytes(StandardCharsets.UTF_8).length;
                }
            }
            return bytes;
        }
    }

    /** A started query: its result is computed at once, revealed over time like the service's. */
    private static final class Query {
        final String id;
        final Instant started;
        final List<Map<String, String>> rows;
        final long recordsScanned;
        final long recordsMatched;
        final long bytesScanned;
        final int logGroups;
        final String finalStatus;
        volatile String stoppedAs;
        volatile double stoppedShare;

        Query(String id, Instant started, List<Map<String, String>> rows, long scanned, long matched, long bytes,
              int logGroups, String finalStatus) {
            this.id = id;
            this.started = started;
            this.rows = rows;
            this.recordsScanned = scanned;
            this.recordsMatched = matched;
            this.bytesScanned = bytes;
            this.logGroups = logGroups;
            this.finalStatus = finalStatus;
        }
    }

    private final HttpServer server;
    private final Clock clock;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Map<String, Query> queries = new ConcurrentHashMap<>();
    private final List<ReceivedQuery> received = new CopyOnWriteArrayList<>();
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> throttles = new ConcurrentHashMap<>();
    private final Set<String> failingGroups = ConcurrentHashMap.newKeySet();
    private final Set<String> timingOutGroups = ConcurrentHashMap.newKeySet();
    private final List<Instant> foreignQueriesUntil = new CopyOnWriteArrayList<>();
    private volatile int concurrencyLimit = 30;
    private volatile Duration scheduledFor = Duration.ofMillis(100);
    private volatile Duration runningFor = Duration.ofMillis(300);
    private volatile int describePageSize = 50;
    private final AtomicInteger maxRunningSeen = new AtomicInteger();

    private LocalLogsInsights(HttpServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    /** Starts the endpoint on a free loopback port. */
    public static LocalLogsInsights start() {
        return start(Clock.systemUTC());
    }

    /** Starts the endpoint on a free loopback port; {@code clock} says when queries finish. */
    public static LocalLogsInsights start(Clock clock) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            LocalLogsInsights local = new LocalLogsInsights(server, clock);
            server.createContext("/", local::handle);
            server.setExecutor(Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "local-logs-insights");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Logs Insights endpoint", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    // ---- seeding ----

    /** Creates a log group (kept forever, created a year ago) unless it exists. */
    public LocalLogsInsights createLogGroup(String name) {
        return createLogGroup(name, null, clock.instant().minus(Duration.ofDays(365)));
    }

    /** Creates a log group with a retention and a creation time unless it exists. */
    public LocalLogsInsights createLogGroup(String name, Integer retentionDays, Instant created) {
        groups.putIfAbsent(name, new Group(name, retentionDays, created.toEpochMilli(), new ConcurrentHashMap<>()));
        return this;
    }

    /** Deletes a log group and its events (as its owner might while a scan runs). */
    public void deleteLogGroup(String name) {
        groups.remove(name);
    }

    /** Appends events to a stream of a log group, creating both as needed. */
    public void putEvents(String group, String stream, List<Event> events) {
        createLogGroup(group);
        groups.get(group).streams().computeIfAbsent(stream, s -> new CopyOnWriteArrayList<>()).addAll(events);
    }

    // ---- behaviour ----

    /** How many queries may be scheduled or running at once in the account (the service's quota is 30 to 100). */
    public LocalLogsInsights concurrencyLimit(int limit) {
        this.concurrencyLimit = limit;
        return this;
    }

    /** How long a query stays {@code Scheduled}, then {@code Running} (answering partial results). */
    public LocalLogsInsights latency(Duration scheduled, Duration running) {
        this.scheduledFor = scheduled;
        this.runningFor = running;
        return this;
    }

    /** Pages of {@code DescribeLogGroups} hold at most this many groups (the service: 50). */
    public LocalLogsInsights describePageSize(int size) {
        this.describePageSize = size;
        return this;
    }

    /** The next {@code times} calls of an action (for example {@code GetQueryResults}) answer ThrottlingException. */
    public LocalLogsInsights throttle(String action, int times) {
        throttles.put(action, new AtomicInteger(times));
        return this;
    }

    /** Queries that read this log group end {@code Failed}. */
    public LocalLogsInsights failQueriesOf(String group) {
        failingGroups.add(group);
        return this;
    }

    /** Queries that read this log group end {@code Timeout}. */
    public LocalLogsInsights timeOutQueriesOf(String group) {
        timingOutGroups.add(group);
        return this;
    }

    /** Other users' queries that hold {@code count} of the account's query slots for {@code duration}. */
    public LocalLogsInsights foreignQueries(int count, Duration duration) {
        Instant until = clock.instant().plus(duration);
        for (int i = 0; i < count; i++) {
            foreignQueriesUntil.add(until);
        }
        return this;
    }

    // ---- observation ----

    /** Every query started, in order. */
    public List<ReceivedQuery> receivedQueries() {
        return new ArrayList<>(received);
    }

    /** Every action called, in order (for example {@code StartQuery}). */
    public List<String> actions() {
        return new ArrayList<>(actions);
    }

    /** The most queries that were scheduled or running at once (the account's own and others'). */
    public int maxConcurrentQueriesSeen() {
        return maxRunningSeen.get();
    }

    /** The bytes every started query scanned, summed. */
    public long bytesScanned() {
        long sum = 0;
        for (Query q : queries.values()) {
            sum += scannedSoFar(q);
        }
        return sum;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    // ---- protocol ----

    private void handle(HttpExchange exchange) throws IOException {
        // The exchange closes after the answer: an error is answered inside, not in a catch of the try-with-resources.
        try (exchange) {
            answer(exchange);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (target == null || !target.startsWith("Logs_20140328.")) {
                send(exchange, 400, error("UnknownOperationException", "no X-Amz-Target for CloudWatch Logs"));
                return;
            }
            String action = target.substring("Logs_20140328.".length());
            actions.add(action);
            AtomicInteger throttle = throttles.get(action);
            if (throttle != null && throttle.getAndDecrement() > 0) {
                send(exchange, 400, error("ThrottlingException", "Rate exceeded"));
                return;
            }
            JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            ObjectNode response = switch (action) {
                case "DescribeLogGroups" -> describeLogGroups(request);
                case "StartQuery" -> startQuery(request);
                case "GetQueryResults" -> getQueryResults(request);
                case "StopQuery" -> stopQuery(request);
                default -> throw new ServiceError("UnknownOperationException", "not served here: " + action);
            };
            send(exchange, 200, response);
        } catch (ServiceError e) {
            send(exchange, e.status, error(e.type, e.getMessage()));
        } catch (RuntimeException e) {
            send(exchange, 500, error("ServiceUnavailableException", "stand-in failure: " + e));
        }
    }

    private ObjectNode describeLogGroups(JsonNode request) {
        String prefix = text(request, "logGroupNamePrefix");
        int limit = request.has("limit") ? request.get("limit").asInt() : 50;
        if (limit < 1 || limit > 50) {
            throw new ServiceError("InvalidParameterException", "limit must be 1..50");
        }
        int pageSize = Math.min(limit, describePageSize);
        List<Group> matching = new TreeMap<>(groups).values().stream()
                .filter(g -> prefix == null || g.name().startsWith(prefix)).toList();
        int start = request.has("nextToken") ? Integer.parseInt(request.get("nextToken").asText()) : 0;
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("logGroups");
        for (Group g : matching.subList(Math.min(start, matching.size()), Math.min(start + pageSize, matching.size()))) {
            ObjectNode n = list.addObject();
            n.put("logGroupName", g.name());
            n.put("creationTime", g.creationTime());
            if (g.retentionDays() != null) {
                n.put("retentionInDays", g.retentionDays());
            }
            n.put("metricFilterCount", 0);
            n.put("arn", "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + g.name() + ":*");
            n.put("logGroupArn", "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + g.name());
            n.put("storedBytes", g.storedBytes());
            n.put("logGroupClass", "STANDARD");
        }
        if (start + pageSize < matching.size()) {
            out.put("nextToken", Integer.toString(start + pageSize));
        }
        return out;
    }

    private synchronized ObjectNode startQuery(JsonNode request) {
        List<String> names = new ArrayList<>();
        int given = 0;
        if (request.hasNonNull("logGroupName")) {
            names.add(request.get("logGroupName").asText());
            given++;
        }
        for (String field : List.of("logGroupNames", "logGroupIdentifiers")) {
            if (request.hasNonNull(field)) {
                request.get(field).forEach(n -> names.add(n.asText()));
                given++;
            }
        }
        if (given != 1) {
            throw new ServiceError("InvalidParameterException",
                    "exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be given");
        }
        if (names.isEmpty() || names.size() > MAX_LOG_GROUPS) {
            throw new ServiceError("InvalidParameterException", "1 to " + MAX_LOG_GROUPS + " log groups, not " + names.size());
        }
        if (!request.hasNonNull("startTime") || !request.hasNonNull("endTime") || !request.hasNonNull("queryString")) {
            throw new ServiceError("InvalidParameterException", "startTime, endTime and queryString are required");
        }
        long startTime = request.get("startTime").asLong();
        long endTime = request.get("endTime").asLong();
        if (endTime < startTime) {
            throw new ServiceError("InvalidParameterException", "endTime is before startTime");
        }
        Integer limit = request.hasNonNull("limit") ? request.get("limit").asInt() : null;
        if (limit != null && (limit < 1 || limit > MAX_ROWS)) {
            throw new ServiceError("InvalidParameterException", "limit must be 1.." + MAX_ROWS);
        }
        String queryString = request.get("queryString").asText();
        InsightsQuery query;
        try {
            query = InsightsQuery.parse(queryString);
        } catch (QueryCompileException e) {
            throw new ServiceError("MalformedQueryException", e.getMessage());
        }
        List<Group> selected = new ArrayList<>();
        for (String name : names) {
            Group g = groups.get(name);
            if (g == null) {
                throw new ServiceError("ResourceNotFoundException", "Log group '" + name + "' does not exist for account ID '"
                        + ACCOUNT + "'");
            }
            selected.add(g);
        }
        Instant now = clock.instant();
        foreignQueriesUntil.removeIf(until -> !until.isAfter(now));
        long active = foreignQueriesUntil.size() + queries.values().stream().filter(q -> !isFinal(q, now)).count();
        if (active >= concurrencyLimit) {
            throw new ServiceError("LimitExceededException", "Account maximum query concurrency limit of ["
                    + concurrencyLimit + "] reached.");
        }
        maxRunningSeen.accumulateAndGet((int) active + 1, Math::max);

        List<Map<String, Object>> events = new ArrayList<>();
        long bytes = 0;
        for (Group g : selected) {
            for (Map.Entry<String, List<Event>> stream : g.streams().entrySet()) {
                for (Event e : stream.getValue()) {
                    if (e.timestamp() < startTime * 1000 || e.timestamp() > endTime * 1000) {
                        continue;
                    }
                    bytes += e.message().getBytes(StandardCharsets.UTF_8).length;
                    events.add(EventFields.of(ACCOUNT, g.name(), stream.getKey(), e.timestamp(), e.timestamp(),
                            e.message()));
                }
            }
        }
        InsightsQuery.Counter matched = new InsightsQuery.Counter();
        List<Map<String, String>> rows = query.execute(events, matched);
        int cap = limit == null ? MAX_ROWS : limit;
        if (rows.size() > cap) {
            rows = new ArrayList<>(rows.subList(0, cap));
        }
        String finalStatus = selected.stream().anyMatch(g -> failingGroups.contains(g.name())) ? "Failed"
                : selected.stream().anyMatch(g -> timingOutGroups.contains(g.name())) ? "Timeout" : "Complete";
        String id = UUID.randomUUID().toString();
        queries.put(id, new Query(id, now, Collections.unmodifiableList(rows), events.size(), matched.value(), bytes,
                selected.size(), finalStatus));
        received.add(new ReceivedQuery(id, List.copyOf(names), startTime, endTime, queryString, limit));
        ObjectNode out = JSON.createObjectNode();
        out.put("queryId", id);
        return out;
    }

    private ObjectNode getQueryResults(JsonNode request) {
        Query q = query(request);
        Instant now = clock.instant();
        String status = status(q, now);
        double share = share(q, now);
        List<Map<String, String>> rows = switch (status) {
            case "Complete" -> q.rows;
            case "Running" -> q.rows.subList(0, (int) (q.rows.size() * share));
            default -> List.of();
        };
        ObjectNode out = JSON.createObjectNode();
        ArrayNode results = out.putArray("results");
        for (Map<String, String> row : rows) {
            ArrayNode fields = results.addArray();
            row.forEach((field, value) -> {
                ObjectNode f = fields.addObject();
                f.put("field", field);
                f.put("value", value);
            });
        }
        ObjectNode statistics = out.putObject("statistics");
        statistics.put("recordsMatched", (double) Math.round(q.recordsMatched * share));
        statistics.put("recordsScanned", (double) Math.round(q.recordsScanned * share));
        statistics.put("bytesScanned", (double) scannedSoFar(q));
        statistics.put("logGroupsScanned", (double) q.logGroups);
        out.put("status", status);
        return out;
    }

    private ObjectNode stopQuery(JsonNode request) {
        Query q = query(request);
        Instant now = clock.instant();
        ObjectNode out = JSON.createObjectNode();
        if (isFinal(q, now)) {
            throw new ServiceError("InvalidParameterException", "Query is already ended.");
        }
        q.stoppedShare = share(q, now);
        q.stoppedAs = "Cancelled";
        out.put("success", true);
        return out;
    }

    private Query query(JsonNode request) {
        String id = text(request, "queryId");
        Query q = id == null ? null : queries.get(id);
        if (q == null) {
            throw new ServiceError("ResourceNotFoundException", "Query does not exist: " + id);
        }
        return q;
    }

    private String status(Query q, Instant now) {
        if (q.stoppedAs != null) {
            return q.stoppedAs;
        }
        Duration age = Duration.between(q.started, now);
        if (age.compareTo(scheduledFor) < 0) {
            return "Scheduled";
        }
        if (age.compareTo(scheduledFor.plus(runningFor)) < 0) {
            return "Running";
        }
        return q.finalStatus;
    }

    private boolean isFinal(Query q, Instant now) {
        String s = status(q, now);
        return !s.equals("Scheduled") && !s.equals("Running");
    }

    /** How much of its work a query has done: 0 while scheduled, growing while running, 1 when finished. */
    private double share(Query q, Instant now) {
        if (q.stoppedAs != null) {
            return q.stoppedShare;
        }
        Duration age = Duration.between(q.started, now).minus(scheduledFor);
        if (age.isNegative()) {
            return 0;
        }
        if (runningFor.isZero() || age.compareTo(runningFor) >= 0) {
            return 1;
        }
        return (double) age.toMillis() / runningFor.toMillis();
    }

    private long scannedSoFar(Query q) {
        return Math.round(q.bytesScanned * share(q, clock.instant()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("__type", type);
        n.put("message", message);
        return n;
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** An error the service answers with. */
    private static final class ServiceError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String type;
        final int status;

        ServiceError(String type, String message) {
            super(message);
            this.type = type;
            this.status = type.equals("ServiceUnavailableException") ? 500 : 400;
        }
    }
}
