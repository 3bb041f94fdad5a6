package io.rightsizer.extension;

/** The function-level part of a stream record; the account id may only become known with the first INVOKE. */
final class Envelope {

    private final String functionName;
    private final String region;
    private volatile String accountId;
    private volatile String prefix;

    Envelope(String functionName, String region, String accountId) {
        this.functionName = functionName;
        this.region = region;
        learnAccount(accountId);
    }

    String functionName() {
        return functionName;
    }

    String accountId() {
        return accountId;
    }

    /** Takes the account id when it is not known yet (from the register response or an invoked ARN). */
    synchronized void learnAccount(String id) {
        if (accountId == null && id != null && id.matches("\\d{12}")) {
            accountId = id;
            StringBuilder sb = new StringBuilder(200).append("{\"v\":1,\"functionArn\":");
            Json.writeString(sb, "arn:" + partition(region) + ":lambda:" + region + ':' + id + ":function:" + functionName);
            sb.append(",\"functionName\":");
            Json.writeString(sb, functionName);
            sb.append(",\"accountId\":");
            Json.writeString(sb, id);
            sb.append(",\"region\":");
            Json.writeString(sb, region);
            prefix = sb.append(",\"reports\":[").toString();
        }
    }

    /** The account id of {@code arn:<partition>:lambda:<region>:<account>:function:<name>[:qualifier]}, or null. */
    static String accountOf(String functionArn) {
        if (functionArn == null) {
            return null;
        }
        String[] parts = functionArn.split(":");
        return parts.length >= 7 && "lambda".equals(parts[2]) ? parts[4] : null;
    }

    boolean ready() {
        return prefix != null;
    }

    /** Everything of the record before the first report. */
    String prefix() {
        return prefix;
    }

    static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }
}
