package io.rightsizer.domain.function;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lambda function's identity: its unqualified ARN and the parts of it (name, account, region).
 *
 * @param functionArn  the unqualified ARN {@code arn:<partition>:lambda:<region>:<account>:function:<name>}
 * @param functionName the function's name
 * @param accountId    the 12-digit account id
 * @param region       the Region, for example {@code us-east-1}
 */
public record FunctionRef(String functionArn, String functionName, String accountId, String region) {

    private static final Pattern ARN = Pattern.compile(
            "arn:(aws[a-zA-Z-]*):lambda:([a-z0-9-]+):(\\d{12}):function:([a-zA-Z0-9_-]{1,140})(:[a-zA-Z0-9$_-]+)?");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,140}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public FunctionRef {
        Objects.requireNonNull(functionArn, "functionArn");
        Matcher m = ARN.matcher(functionArn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Lambda function ARN: " + functionArn);
        }
        if (m.group(5) != null) {
            throw new IllegalArgumentException("function ARN must be unqualified: " + functionArn);
        }
        if (!m.group(4).equals(functionName) || !m.group(3).equals(accountId) || !m.group(2).equals(region)) {
            throw new IllegalArgumentException("name, account and region " + functionName + "/" + accountId + "/"
                    + region + " do not match the ARN " + functionArn);
        }
    }

    /** The identity of a function ARN; a version or alias qualifier is dropped (usage belongs to the function). */
    public static FunctionRef fromArn(String arn) {
        Objects.requireNonNull(arn, "arn");
        Matcher m = ARN.matcher(arn.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Lambda function ARN: " + arn);
        }
        String unqualified = "arn:" + m.group(1) + ":lambda:" + m.group(2) + ":" + m.group(3) + ":function:"
                + m.group(4);
        return new FunctionRef(unqualified, m.group(4), m.group(3), m.group(2));
    }

    /** The identity of a function known by name, account and Region (for example from a CloudWatch log group). */
    public static FunctionRef of(String functionName, String accountId, String region) {
        if (functionName == null || !NAME.matcher(functionName).matches()) {
            throw new IllegalArgumentException("not a Lambda function name: " + functionName);
        }
        if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("not an account id: " + accountId);
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("not a Region: " + region);
        }
        return new FunctionRef("arn:" + partition(region) + ":lambda:" + region + ":" + accountId + ":function:"
                + functionName, functionName, accountId, region);
    }

    private static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }
}
