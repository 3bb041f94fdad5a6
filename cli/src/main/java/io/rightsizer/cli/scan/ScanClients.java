package io.rightsizer.cli.scan;

import io.rightsizer.cli.aws.AwsFailures;
import io.rightsizer.cli.aws.AwsSession;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

import java.net.URI;

/**
 * The two read-only SDK clients a scan uses, with the credentials and Region of the SDK's default chains or of a named
 * profile, closed together.
 */
final class ScanClients implements AutoCloseable {

    private final String region;
    private final LambdaClient lambda;
    private final CloudWatchLogsClient logs;

    private ScanClients(String region, LambdaClient lambda, CloudWatchLogsClient logs) {
        this.region = region;
        this.lambda = lambda;
        this.logs = logs;
    }

    /**
     * @param region         {@code --region}, or {@code null} for the profile's or the environment's
     * @param profile        {@code --profile}, or {@code null} for the default credential chain
     * @param lambdaEndpoint send Lambda calls here instead of AWS ({@code null}: AWS)
     * @param logsEndpoint   send CloudWatch Logs calls here instead of AWS ({@code null}: AWS)
     */
    static ScanClients create(String region, String profile, URI lambdaEndpoint, URI logsEndpoint) {
        AwsSession session = AwsSession.resolve(profile, region);
        String resolved = session.region();
        AwsCredentialsProvider credentials = session.credentials();
        try {
            // Fail before the first call, in one line: the calls' own retries would only repeat the same miss.
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw AwsFailures.describe("loading the AWS credentials", e, ScanCommand.PRINT_POLICY_HINT);
        }
        LambdaClientBuilder lb = LambdaClient.builder().region(Region.of(resolved)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                // The catalog retries throttled pages itself (honouring Retry-After), like every control-plane call.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (lambdaEndpoint != null) {
            lb.endpointOverride(lambdaEndpoint);
        }
        CloudWatchLogsClientBuilder cb = CloudWatchLogsClient.builder().region(Region.of(resolved))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create());
        if (logsEndpoint != null) {
            cb.endpointOverride(logsEndpoint);
        }
        return new ScanClients(resolved, lb.build(), cb.build());
    }

    String region() {
        return region;
    }

    LambdaClient lambda() {
        return lambda;
    }

    CloudWatchLogsClient logs() {
        return logs;
    }

    @Override
    public void close() {
        lambda.close();
        logs.close();
    }
}
