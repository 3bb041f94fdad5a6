package io.rightsizer.aws.sns;

import io.rightsizer.domain.decision.DecisionNotice;
import io.rightsizer.domain.decision.DecisionStatus;
import io.rightsizer.testing.MotoServer;
import io.rightsizer.testing.MotoTopicInbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SNS adapter publishing to moto's SNS, read back through an SQS queue subscribed to the topic. */
class SnsDecisionNotifierTest {

    private static MotoServer moto;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    @Test
    void aSubscriberReceivesTheNoticeAsSubjectBodyAndFilterableAttributes() {
        try (MotoTopicInbox inbox = MotoTopicInbox.create(moto.endpoint())) {
            DecisionNotice notice = new DecisionNotice(DecisionStatus.ROLLED_BACK,
                    "arn:aws:lambda:us-east-1:123456789012:function:orders-api", "orders-api", 265, 1024,
                    "3 out-of-memory invocations at 265 MB", -12.5,
                    "arn:aws:states:us-east-1:123456789012:execution:Rightsizer:orders-api-20261109T0812");

            new SnsDecisionNotifier(inbox.sns(), inbox.topicArn()).send(notice);

            List<MotoTopicInbox.Received> got = inbox.messages();
            assertThat(got).hasSize(1);
            assertThat(got.get(0).subject()).isEqualTo("Rightsizer rolled back orders-api: 265 -> 1024 MB");
            assertThat(got.get(0).message()).isEqualTo(notice.body());
            assertThat(got.get(0).attributes()).isEqualTo(Map.of("function", "orders-api", "status", "ROLLED_BACK"));
        }
    }

    @Test
    void aTopicThatIsNoSnsArnIsRefusedAtStart() {
        try (MotoTopicInbox inbox = MotoTopicInbox.create(moto.endpoint())) {
            assertThatThrownBy(() -> new SnsDecisionNotifier(inbox.sns(), "decisions"))
                    .hasMessageContaining("must be an SNS topic ARN");
        }
    }
}
