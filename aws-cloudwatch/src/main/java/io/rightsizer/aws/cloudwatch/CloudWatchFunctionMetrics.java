package io.rightsizer.aws.cloudwatch;

import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.usage.FunctionMetrics;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@link FunctionMetrics} from the metrics Lambda publishes to CloudWatch for every function ({@code AWS/Lambda},
 * dimension {@code FunctionName}: all versions and aliases together, as the day items count them): one
 * {@code GetMetricData} call per window, three metrics, one-day periods aligned to UTC midnight (CloudWatch keeps
 * hourly data 455 days, so any window a day item still covers can be read).
 */
public final class CloudWatchFunctionMetrics implements FunctionMetrics {

    private static final String NAMESPACE = "AWS/Lambda";
    private static final int DAY_SECONDS = 86_400;

    private final CloudWatchClient client;

    public CloudWatchFunctionMetrics(CloudWatchClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Map<LocalDate, DailyMetrics> daily(String functionArn, LocalDate fromInclusive, LocalDate toInclusive) {
        Objects.requireNonNull(fromInclusive, "fromInclusive");
        Objects.requireNonNull(toInclusive, "toInclusive");
        if (toInclusive.isBefore(fromInclusive)) {
            return Map.of();
        }
        String name = FunctionRef.fromArn(functionArn).functionName();
        Instant start = fromInclusive.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = toInclusive.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<MetricDataQuery> queries = List.of(query("invocations", "Invocations", name),
                query("errors", "Errors", name), query("duration", "Duration", name));
        Map<String, Map<LocalDate, Double>> byMetric = new HashMap<>();
        String token = null;
        do {
            String next = token;
            GetMetricDataResponse page = client.getMetricData(b -> b.metricDataQueries(queries)
                    .startTime(start).endTime(end).scanBy(ScanBy.TIMESTAMP_ASCENDING).nextToken(next));
            for (MetricDataResult result : page.metricDataResults()) {
                Map<LocalDate, Double> values = byMetric.computeIfAbsent(result.id(), k -> new HashMap<>());
                for (int i = 0; i < result.timestamps().size() && i < result.values().size(); i++) {
                    values.merge(LocalDate.ofInstant(result.timestamps().get(i), ZoneOffset.UTC),
                            result.values().get(i), Double::sum);
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        Map<LocalDate, Double> invocations = byMetric.getOrDefault("invocations", Map.of());
        Map<LocalDate, Double> errors = byMetric.getOrDefault("errors", Map.of());
        Map<LocalDate, Double> duration = byMetric.getOrDefault("duration", Map.of());
        Map<LocalDate, DailyMetrics> out = new TreeMap<>();
        for (LocalDate day : invocations.keySet()) {
            out.put(day, new DailyMetrics(count(invocations.get(day)), count(errors.get(day)),
                    Math.max(0, finite(duration.get(day)))));
        }
        return out;
    }

    private static MetricDataQuery query(String id, String metric, String functionName) {
        return MetricDataQuery.builder().id(id).returnData(true)
                .metricStat(s -> s.stat("Sum").period(DAY_SECONDS).metric(m -> m.namespace(NAMESPACE)
                        .metricName(metric)
                        .dimensions(Dimension.builder().name("FunctionName").value(functionName).build())))
                .build();
    }

    private static long count(Double value) {
        return value == null ? 0 : Math.max(0, Math.round(finite(value)));
    }

    private static double finite(Double value) {
        return value == null || !Double.isFinite(value) ? 0 : value;
    }
}
