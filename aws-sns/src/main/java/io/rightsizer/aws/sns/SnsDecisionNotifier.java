package io.rightsizer.aws.sns;

import io.rightsizer.domain.decision.DecisionNotice;
import io.rightsizer.domain.decision.DecisionNotifier;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.Map;
import java.util.Objects;

/**
 * The {@link DecisionNotifier} on an SNS topic: one message per notice, with a subject (e-mail subscribers see it) and
 * the attributes {@code status} and {@code function}, so a subscription's filter policy can pick, say, rollbacks only.
 */
public final class SnsDecisionNotifier implements DecisionNotifier {

    private final SnsClient sns;
    private final String topicArn;

    public SnsDecisionNotifier(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        if (topicArn == null || !topicArn.startsWith("arn:") || !topicArn.contains(":sns:")) {
            throw new IllegalArgumentException("the decisions topic must be an SNS topic ARN, got '" + topicArn + "'");
        }
        this.topicArn = topicArn;
    }

    @Override
    public void send(DecisionNotice notice) {
        sns.publish(b -> b.topicArn(topicArn)
                .subject(notice.subject())
                .message(notice.body())
                .messageAttributes(Map.of(
                        "status", text(notice.status().name()),
                        "function", text(notice.functionName()))));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
