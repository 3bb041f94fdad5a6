package io.rightsizer.logs;

/**
 * The envelope of one CloudWatch Logs subscription payload.
 *
 * @param messageType {@code DATA_MESSAGE}, {@code CONTROL_MESSAGE} or a newer value; {@code null} when absent
 * @param owner       the account that owns the log group, or {@code null}
 * @param logGroup    the log group, or {@code null}
 * @param logStream   the log stream, or {@code null}
 * @param logEvents   how many log events the payload carried
 */
public record SubscriptionMessage(String messageType, String owner, String logGroup, String logStream, int logEvents) {

    /** The message type of payloads that carry log events. */
    public static final String DATA_MESSAGE = "DATA_MESSAGE";
    /** The message type CloudWatch Logs sends to check a destination; it carries no usage. */
    public static final String CONTROL_MESSAGE = "CONTROL_MESSAGE";

    public SubscriptionMessage {
        if (logEvents < 0) {
            throw new IllegalArgumentException("logEvents must not be negative: " + logEvents);
        }
    }

    /**
     * The function version that wrote the log stream, from Lambda's stream name
     * {@code yyyy/MM/dd/[<version>]<instance id>}: {@code $LATEST} or a published version number; {@code null} for
     * any other stream name.
     */
    public String functionVersion() {
        if (logStream == null) {
            return null;
        }
        int open = logStream.indexOf('[');
        int close = open < 0 ? -1 : logStream.indexOf(']', open + 1);
        if (close <= open + 1) {
            return null;
        }
        String version = logStream.substring(open + 1, close);
        return version.equals("$LATEST") || version.chars().allMatch(Character::isDigit) ? version : null;
    }

    /** Whether this is a control message (a delivery check without usage). */
    public boolean control() {
        return CONTROL_MESSAGE.equals(messageType);
    }
}
