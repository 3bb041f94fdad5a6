package io.rightsizer.logs;

/** Maps CloudWatch Logs log group names to the Lambda function they belong to. */
public final class LogGroups {

    private static final String LAMBDA_PREFIX = "/aws/lambda/";
    private static final String ARN_MARKER = ":log-group:";

    private LogGroups() {
    }

    /**
     * The function of a default Lambda log group: {@code /aws/lambda/<name>} (or its ARN, with or without a trailing
     * {@code :*}) gives {@code <name>}; any other log group (custom, shared) gives {@code null}.
     */
    public static String functionName(String logGroup) {
        if (logGroup == null) {
            return null;
        }
        String group = logGroup.trim();
        int arn = group.indexOf(ARN_MARKER);
        if (group.startsWith("arn:") && arn >= 0) {
            group = group.substring(arn + ARN_MARKER.length());
            if (group.endsWith(":*")) {
                group = group.substring(0, group.length() - 2);
            }
        }
        if (!group.startsWith(LAMBDA_PREFIX)) {
            return null;
        }
        String name = group.substring(LAMBDA_PREFIX.length());
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.chars().anyMatch(Character::isWhitespace)) {
            return null;
        }
        return name;
    }
}
