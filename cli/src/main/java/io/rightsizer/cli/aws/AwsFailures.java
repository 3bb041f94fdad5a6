package io.rightsizer.cli.aws;

import io.rightsizer.cli.command.CliException;
import io.rightsizer.cli.command.ExitCode;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the AWS failures a person can act on (no credentials, access denied, an endpoint that cannot be reached)
 * into one line with its exit code, instead of the SDK's page of provider-chain text.
 */
public final class AwsFailures {

    private static final Set<String> ACCESS_CODES = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "UnrecognizedClientException", "InvalidSignatureException", "ExpiredToken",
            "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch", "AuthFailure");

    private AwsFailures() {
    }

    /** The one-line failure {@code e} stands for, or empty when it is not one of these. */
    public static Optional<CliException> translate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException service) {
                return Optional.ofNullable(accessDenied(service));
            }
            if (t instanceof SdkClientException client) {
                CliException known = clientSide(client);
                if (known != null) {
                    return Optional.of(known);
                }
            }
        }
        return Optional.empty();
    }

    private static CliException accessDenied(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (e.statusCode() != 403 && (code == null || !ACCESS_CODES.contains(code))) {
            return null;
        }
        String service = e.awsErrorDetails() == null ? "AWS" : e.awsErrorDetails().serviceName();
        String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                ? "" : ": " + firstLine(e.awsErrorDetails().errorMessage());
        return new CliException("access denied by " + service + " (" + (code == null ? e.statusCode() : code) + ")"
                + message + "; the identity needs the permissions the README lists for this command",
                ExitCode.AWS_ACCESS, e);
    }

    private static CliException clientSide(SdkClientException e) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        if (text.startsWith("Unable to load credentials") || text.contains("Profile file contained no credentials")
                || text.contains("Unable to load credentials from any of the providers")) {
            return new CliException("no AWS credentials found (environment, ~/.aws/credentials, container or"
                    + " instance role): run 'aws configure', export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                    + " or pass --profile", ExitCode.AWS_ACCESS, e);
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof ConnectException
                    || t instanceof SocketTimeoutException) {
                return new CliException("cannot reach AWS: " + firstLine(t.toString())
                        + " (check the network, the region and any --endpoint-url)", ExitCode.RUNTIME_ERROR, e);
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
