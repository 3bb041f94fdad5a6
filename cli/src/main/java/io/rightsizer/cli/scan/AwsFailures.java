package io.rightsizer.cli.scan;

import io.rightsizer.cli.command.CliException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns an AWS SDK failure into the one line {@code scan} prints, with what the user can do about it. */
final class AwsFailures {

    private AwsFailures() {
    }

    static CliException of(String doing, SdkException e) {
        if (e instanceof AwsServiceException s) {
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            String message = s.awsErrorDetails() == null || s.awsErrorDetails().errorMessage() == null
                    ? s.getMessage() : s.awsErrorDetails().errorMessage();
            if (s.statusCode() == 403 || (code != null && code.startsWith("AccessDenied"))) {
                return new CliException(doing + ": access denied: " + message
                        + " ('rightsizer scan --print-policy' prints the policy the scan needs)", e);
            }
            if (code != null && (code.equals("UnrecognizedClientException") || code.contains("InvalidSignature")
                    || code.contains("ExpiredToken") || code.equals("InvalidClientTokenId"))) {
                return new CliException(doing + ": the AWS credentials were refused: " + message, e);
            }
            return new CliException(doing + ": " + (code == null ? "" : code + ": ") + message, e);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof SdkClientException && message.contains("Unable to load credentials")) {
            return new CliException("no AWS credentials: configure a profile ('aws configure' or 'aws sso login'),"
                    + " pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", e);
        }
        java.util.regex.Matcher profile = java.util.regex.Pattern
                .compile("(?:no credentials for profile|Profile file contained no credentials for profile) '([^']*)'")
                .matcher(message);
        if (e instanceof SdkClientException && profile.find()) {
            return new CliException("no credentials for the AWS profile '" + profile.group(1) + "' (check"
                    + " ~/.aws/config and ~/.aws/credentials, or run 'aws sso login --profile " + profile.group(1)
                    + "')", e);
        }
        return new CliException(doing + ": " + firstLine(message), e);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
