package io.rightsizer.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * A day of a function's invocations, run and reported the way Lambda does: a fresh sandbox at the function's current
 * memory (read from the Lambda API, so a change Rightsizer made is in effect), the real extension binary in it shipping
 * the Telemetry API's reports to Kinesis, or, for a function without the extension, its REPORT lines delivered by the
 * log subscription as gzip payloads; and the day's invocations, errors and durations published to CloudWatch under
 * {@code AWS/Lambda}, where Lambda puts them.
 */
final class Traffic {

    /** How long the simulated function's code runs per invocation in the sandbox (wall time). */
    private static final Duration FUNCTION_TIME = Duration.ofMillis(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STREAM_DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final LocalDeployment deployment;
    private final Path extension;

    Traffic(LocalDeployment deployment, Path extension) {
        this.deployment = deployment;
        this.extension = extension;
    }

    /** What a day of a function looked like. */
    record Day(String function, FunctionProfile.Source source, int memoryMb, int invocations, int outOfMemory,
               int peakMb) {
    }

    /**
     * Runs {@code invocations} invocations of {@code f} now (on the run's clock) and reports them.
     *
     * @param later whether the function already has its later load (after its window)
     */
    Day run(FunctionProfile f, int invocations, boolean later, Random random) {
        int memory = deployment.memoryOf(f.name());
        int[] used = new int[invocations];
        int outOfMemory = 0;
        int peak = 0;
        for (int i = 0; i < invocations; i++) {
            used[i] = f.used(later, random.nextDouble());
            if (used[i] >= memory) {
                outOfMemory++;
                used[i] = memory;
            }
            peak = Math.max(peak, used[i]);
        }
        if (f.source() == FunctionProfile.Source.EXTENSION) {
            runInSandbox(f, memory, used);
        } else {
            putLogPayload(f, memory, used, random);
        }
        publishMetrics(f, invocations, outOfMemory);
        return new Day(f.name(), f.source(), memory, invocations, outOfMemory, peak);
    }

    private void runInSandbox(FunctionProfile f, int memory, int[] used) {
        Map<String, String> env = Map.of(
                "RIGHTSIZER_STREAM", LocalDeployment.STREAM,
                "AWS_ENDPOINT_URL_KINESIS", deployment.motoEndpoint().toString());
        try (LambdaRuntimeEmulator sandbox = LambdaRuntimeEmulator.sandbox(extension).functionName(f.name())
                .memoryMb(memory).clock(deployment.clock()).unconfined().env(env).launch()) {
            sandbox.awaitInit();
            for (int u : used) {
                if (u >= memory) {
                    sandbox.invokeOutOfMemory(FUNCTION_TIME);
                } else {
                    sandbox.invoke(FUNCTION_TIME, u);
                }
            }
            // Lambda ends an idle sandbox: the extension ships what it still holds during SHUTDOWN.
            LambdaRuntimeEmulator.ShutdownResult end = sandbox.shutdown(Duration.ofMillis(2000));
            if (end.killedAtDeadline()) {
                throw new IllegalStateException("the extension of " + f.name() + " outlived its shutdown deadline: "
                        + sandbox.output());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox of " + f.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The REPORT lines of the day, as the account's log subscription puts them on the stream. */
    private void putLogPayload(FunctionProfile f, int memory, int[] used, Random random) {
        Instant start = deployment.clock().instant();
        ObjectNode payload = JSON.createObjectNode()
                .put("messageType", "DATA_MESSAGE")
                .put("owner", LocalDeployment.ACCOUNT)
                .put("logGroup", "/aws/lambda/" + f.name())
                .put("logStream", STREAM_DAY.format(start) + "/[$LATEST]" + UUID.randomUUID().toString().replace("-", ""));
        payload.putArray("subscriptionFilters").add("rightsizer");
        ArrayNode events = payload.putArray("logEvents");
        for (int i = 0; i < used.length; i++) {
            Instant at = start.plusSeconds(30L * i);
            double duration = f.durationMs() * (0.9 + 0.2 * random.nextDouble());
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\t"
                            + "Max Memory Used: %d MB\t", UUID.randomUUID(), duration, (long) Math.ceil(duration),
                    memory, used[i]));
            if (used[i] >= memory) {
                line.append("Status: error\tError Type: Runtime.OutOfMemory\t");
            }
            events.addObject().put("id", Long.toString(at.toEpochMilli()) + i).put("timestamp", at.toEpochMilli())
                    .put("message", line.toString());
        }
        byte[] data = gzip(payload.toString().getBytes(StandardCharsets.UTF_8));
        deployment.kinesis().putRecord(b -> b.streamName(LocalDeployment.STREAM)
                .partitionKey(payload.get("logStream").asText()).data(SdkBytes.fromByteArray(data)));
    }

    /** What Lambda publishes for the day's invocations: counts, errors (out of memory here) and durations. */
    private void publishMetrics(FunctionProfile f, int invocations, int errors) {
        Instant at = deployment.clock().instant();
        List<Dimension> dimensions = List.of(Dimension.builder().name("FunctionName").value(f.name()).build());
        double sum = f.durationMs() * invocations;
        List<MetricDatum> data = List.of(
                MetricDatum.builder().metricName("Invocations").dimensions(dimensions).timestamp(at)
                        .unit(StandardUnit.COUNT).value((double) invocations).build(),
                MetricDatum.builder().metricName("Errors").dimensions(dimensions).timestamp(at)
                        .unit(StandardUnit.COUNT).value((double) errors).build(),
                MetricDatum.builder().metricName("Duration").dimensions(dimensions).timestamp(at)
                        .unit(StandardUnit.MILLISECONDS).statisticValues(StatisticSet.builder()
                                .sampleCount((double) invocations).sum(sum).minimum(f.durationMs() * 0.9)
                                .maximum(f.durationMs() * 1.1).build()).build());
        deployment.cloudWatch().putMetricData(b -> b.namespace("AWS/Lambda").metricData(data));
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
