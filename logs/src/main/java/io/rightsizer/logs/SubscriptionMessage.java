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

    /** Whether this is a control message (a delivery check without usage). */
    public boolean control() {
        return CONTROL_MESSAGE.equals(messageType);
    }
}
