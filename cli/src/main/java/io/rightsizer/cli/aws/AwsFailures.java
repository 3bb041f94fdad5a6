package io.rightsizer.cli.aws;

import io.rightsizer.cli.command.CliException;
import io.rightsizer.cli.command.ExitCode;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the AWS failures a person can act on (no credentials, credentials refused, access denied, an endpoint that
 * cannot be reached) into one line with its exit code, instead of the SDK's page of provider-chain text.
 */
public final class AwsFailures {

    /** What a denied operator command says to do. */
    public static final String README_PERMISSIONS = "the identity needs the permissions docs/operate.md lists for this"
            + " command";

    private static final Set<String> ACCESS_CODES = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "AuthFailure");
    private static final Set<String> REFUSED_CODES = Set.of("UnrecognizedClientException", "InvalidSignatureException",
            "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch");
    private static final Pattern PROFILE_WITHOUT_CREDENTIALS = Pattern.compile(
            "(?:no credentials for profile|Profile file contained no credentials for profile) '([^']*)'");

    private AwsFailures() {
    }

    /** The one-line failure {@code e} stands for, or empty when it is not one a person can act on. */
    public static Optional<CliException> translate(Throwable e) {
        return translate(e, null, README_PERMISSIONS);
    }

    /**
     * The one line for a failed step: what the step was doing, then what went wrong.
     *
     * @param doing      the step, for example {@code listing the functions (lambda:ListFunctions)}
     * @param accessHint what to do when access is denied
     */
    public static CliException describe(String doing, SdkException e, String accessHint) {
        return translate(e, doing, accessHint).orElseGet(() -> {
            if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
                String code = s.awsErrorDetails().errorCode();
                return new CliException(doing + ": " + (code == null ? "" : code + ": ")
                        + firstLine(String.valueOf(s.awsErrorDetails().errorMessage())), e);
            }
            return new CliException(doing + ": " + firstLine(e.getMessage() == null ? e.toString() : e.getMessage()),
                    e);
        });
    }

    private static Optional<CliException> translate(Throwable e, String doing, String accessHint) {
        String prefix = doing == null ? "" : doing + ": ";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException service) {
                return Optional.ofNullable(serviceSide(service, prefix, accessHint));
            }
            if (t instanceof SdkClientException client) {
                CliException known = clientSide(client, prefix);
                if (known != null) {
                    return Optional.of(known);
                }
            }
        }
        return Optional.empty();
    }

    private static CliException serviceSide(AwsServiceException e, String prefix, String accessHint) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                ? "" : ": " + firstLine(e.awsErrorDetails().errorMessage());
        String service = e.awsErrorDetails() == null ? "AWS" : e.awsErrorDetails().serviceName();
        if (code != null && REFUSED_CODES.contains(code)) {
            return new CliException(prefix + "the AWS credentials were refused by " + service + " (" + code + ")"
                    + message, ExitCode.AWS_ACCESS, e);
        }
        if (e.statusCode() == 403 || code != null && ACCESS_CODES.contains(code)) {
            return new CliException(prefix + "access denied by " + service + " ("
                    + (code == null ? e.statusCode() : code) + ")" + message + "; " + accessHint,
                    ExitCode.AWS_ACCESS, e);
        }
        return null;
    }

    private static CliException clientSide(SdkClientException e, String prefix) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        // The default chain's message lists every provider (a profile's among them): the chain is what failed.
        if (text.startsWith("Unable to load credentials") || text.contains("Unable to load credentials from any")) {
            return new CliException(prefix + "no AWS credentials found (environment, ~/.aws/credentials, container"
                    + " or instance role): run 'aws configure' or 'aws sso login', export AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY, or pass --profile", ExitCode.AWS_ACCESS, e);
        }
        Matcher profile = PROFILE_WITHOUT_CREDENTIALS.matcher(text);
        if (profile.find()) {
            return new CliException(prefix + "no credentials for the AWS profile '" + profile.group(1) + "' (check"
                    + " ~/.aws/config and ~/.aws/credentials, or run 'aws sso login --profile " + profile.group(1)
                    + "')", ExitCode.AWS_ACCESS, e);
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof ConnectException
                    || t instanceof SocketTimeoutException) {
                return new CliException(prefix + "cannot reach AWS: " + firstLine(t.toString())
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
