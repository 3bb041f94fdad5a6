package io.rightsizer.domain.decision;

import java.util.Locale;
import java.util.Objects;

/**
 * One decision as people read it in a notification: which function, from which size to which, why, what it saves a
 * month, and where to see the execution that made it.
 *
 * @param status         {@link DecisionStatus#APPLIED}, {@link DecisionStatus#ROLLED_BACK} or
 *                       {@link DecisionStatus#RECOMMENDED}
 * @param functionArn    the unqualified function ARN
 * @param functionName   the function's name
 * @param fromMemoryMb   the size before
 * @param toMemoryMb     the size after (or recommended)
 * @param reason         why, in one sentence
 * @param monthlySavingsUsd the estimated 30-day saving of the new size (negative: it costs more)
 * @param executionArn   the Step Functions execution that made the decision
 */
public record DecisionNotice(DecisionStatus status, String functionArn, String functionName, int fromMemoryMb,
                             int toMemoryMb, String reason, double monthlySavingsUsd, String executionArn) {

    public DecisionNotice {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(executionArn, "executionArn");
        if (status != DecisionStatus.APPLIED && status != DecisionStatus.ROLLED_BACK
                && status != DecisionStatus.RECOMMENDED) {
            throw new IllegalArgumentException("only applied changes, rollbacks and recommendations are notified, got "
                    + status);
        }
        if (functionName == null || functionName.isBlank()) {
            functionName = functionArn.substring(functionArn.lastIndexOf(':') + 1);
        }
    }

    /** Whether a status is one people are told about. */
    public static boolean notifies(DecisionStatus status) {
        return status == DecisionStatus.APPLIED || status == DecisionStatus.ROLLED_BACK
                || status == DecisionStatus.RECOMMENDED;
    }

    /** A one-line subject (SNS allows fewer than 100 printable ASCII characters; e-mail shows it as the subject). */
    public String subject() {
        String what = switch (status) {
            case APPLIED -> "changed";
            case ROLLED_BACK -> "rolled back";
            default -> "recommended";
        };
        String tail = ": " + fromMemoryMb + " -> " + toMemoryMb + " MB";
        String name = functionName.length() > 60 ? functionName.substring(0, 57) + "..." : functionName;
        return ("Rightsizer " + what + " " + name + tail).replaceAll("[^\\x20-\\x7E]", "?");
    }

    /** The message: what happened, why, the money, and the link to the execution. */
    public String body() {
        String headline = switch (status) {
            case APPLIED -> "Rightsizer changed the memory of " + functionName + " from " + fromMemoryMb + " MB to "
                    + toMemoryMb + " MB. It watches the new size and rolls it back if it hurts.";
            case ROLLED_BACK -> "Rightsizer rolled the memory of " + functionName + " back from " + fromMemoryMb
                    + " MB to " + toMemoryMb + " MB: the new size hurt. That size is not proposed again for a while.";
            default -> "Rightsizer recommends " + toMemoryMb + " MB for " + functionName + " (now " + fromMemoryMb
                    + " MB). Nothing was changed: set it in the function's deployment, or tag the function"
                    + " rightsizer:mode=apply to let Rightsizer change it.";
        };
        return headline + "\n\n"
                + "Function:  " + functionArn + "\n"
                + "Memory:    " + fromMemoryMb + " MB -> " + toMemoryMb + " MB\n"
                + "Reason:    " + reason + "\n"
                + "Estimated monthly savings: " + savings() + "\n"
                + "Execution: " + consoleUrl() + "\n";
    }

    /** The saving in dollars, e.g. {@code $12.34} or {@code -$3.10} (an increase costs more). */
    public String savings() {
        double s = Math.round(monthlySavingsUsd * 100) / 100.0;
        String figure = String.format(Locale.ROOT, "$%,.2f", Math.abs(s));
        return (s < 0 ? "-" : "") + figure + " a month" + (s < 0 ? " (the larger size costs more)" : "");
    }

    /**
     * The execution in the Step Functions console of its own Region and partition; the ARN itself when it is not an
     * execution ARN.
     */
    public String consoleUrl() {
        String[] p = executionArn.split(":");
        if (p.length < 8 || !p[2].equals("states") || !p[5].equals("execution")) {
            return executionArn;
        }
        String region = p[3];
        String host = switch (p[1]) {
            case "aws-cn" -> "https://" + region + ".console.amazonaws.cn";
            case "aws-us-gov" -> "https://" + region + ".console.amazonaws-us-gov.com";
            default -> "https://" + region + ".console.aws.amazon.com";
        };
        return host + "/states/home?region=" + region + "#/v2/executions/details/" + executionArn;
    }
}
