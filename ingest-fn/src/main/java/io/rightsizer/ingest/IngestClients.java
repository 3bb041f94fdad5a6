package io.rightsizer.ingest;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.time.Duration;

/** Builds the function's AWS clients once per instance: url-connection HTTP, region and credentials from Lambda. */
final class IngestClients {

    /** StartExecution attempts before a throttled start becomes a partial batch failure. */
    static final int START_ATTEMPTS = 5;

    private IngestClients() {
    }

    static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static SfnClient stepFunctions() {
        return SfnClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(stepFunctionsRetries(Duration.ofMillis(100), Duration.ofSeconds(2)))
                .build();
    }

    /**
     * StartExecution's token bucket is 300/s sustained with bursts of 1300: a window start burst after a deploy can
     * be throttled, so retry a few times with jittered exponential backoff before giving the batch back to Kinesis.
     */
    static ClientOverrideConfiguration stepFunctionsRetries(Duration baseDelay, Duration maxDelay) {
        RetryStrategy retries = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(START_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, maxDelay))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(baseDelay.multipliedBy(2), maxDelay))
                .circuitBreakerEnabled(false)
                .build();
        return ClientOverrideConfiguration.builder().retryStrategy(retries).build();
    }
}
