package io.rightsizer.ingest;

import io.rightsizer.domain.window.WindowClaimContentionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.Set;

/** Tells failures worth retrying later (throttling, 5xx, network, contention) from the rest. */
final class TransientFailures {

    private static final Set<String> TRANSIENT_CODES = Set.of(
            "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
            "ProvisionedThroughputExceededException", "TransactionConflictException", "InternalServerError",
            "InternalServerErrorException", "ServiceUnavailable", "ServiceUnavailableException",
            "ExecutionLimitExceeded", "LimitExceededException");

    private TransientFailures() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof WindowClaimContentionException || t instanceof SdkClientException) {
                return true;
            }
            if (t instanceof AwsServiceException e) {
                if (e.isThrottlingException() || e.statusCode() >= 500 || e.statusCode() == 429) {
                    return true;
                }
                return e.awsErrorDetails() != null && TRANSIENT_CODES.contains(e.awsErrorDetails().errorCode());
            }
        }
        return false;
    }
}
