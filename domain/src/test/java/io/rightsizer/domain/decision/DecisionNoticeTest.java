package io.rightsizer.domain.decision;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionNoticeTest {

    private static final String FUNCTION = "arn:aws:lambda:eu-west-1:111122223333:function:orders-api";
    private static final String EXECUTION =
            "arn:aws:states:eu-west-1:111122223333:execution:Rightsizer:orders-api-20261109T0812-09325d";

    @Test
    void anAppliedChangeReadsAsOneMessageWithFunctionSizesReasonSavingsAndLink() {
        DecisionNotice n = new DecisionNotice(DecisionStatus.APPLIED, FUNCTION, "orders-api", 1024, 265,
                "average daily max 239.7 MB + 25 MB = 265 MB", 41.237, EXECUTION);

        assertThat(n.subject()).isEqualTo("Rightsizer changed orders-api: 1024 -> 265 MB");
        assertThat(n.body()).startsWith("Rightsizer changed the memory of orders-api from 1024 MB to 265 MB.")
                .contains("Function:  " + FUNCTION)
                .contains("Memory:    1024 MB -> 265 MB")
                .contains("Reason:    average daily max 239.7 MB + 25 MB = 265 MB")
                .contains("Estimated monthly savings: $41.24 a month")
                .contains("Execution: https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1"
                        + "#/v2/executions/details/" + EXECUTION);
    }

    @Test
    void theConsoleLinkFollowsTheExecutionsRegionAndPartition() {
        String china = "arn:aws-cn:states:cn-north-1:111122223333:execution:Rightsizer:x-1";

        assertThat(new DecisionNotice(DecisionStatus.ROLLED_BACK, FUNCTION, null, 265, 1024, "hurt", -41.2, china)
                .consoleUrl()).startsWith("https://cn-north-1.console.amazonaws.cn/states/home?region=cn-north-1#");
    }

    @Test
    void aRecommendationSaysNothingChangedAndHowToLetRightsizerApplyIt() {
        DecisionNotice n = new DecisionNotice(DecisionStatus.RECOMMENDED, FUNCTION, null, 2048, 512, "r", 3.5,
                EXECUTION);

        assertThat(n.functionName()).isEqualTo("orders-api");
        assertThat(n.subject()).isEqualTo("Rightsizer recommended orders-api: 2048 -> 512 MB");
        assertThat(n.body()).contains("Nothing was changed").contains("rightsizer:mode=apply");
    }

    @Test
    void anIncreaseShowsItsCostAsANegativeSaving() {
        DecisionNotice n = new DecisionNotice(DecisionStatus.APPLIED, FUNCTION, null, 512, 774, "oom", -6.4,
                EXECUTION);

        assertThat(n.savings()).isEqualTo("-$6.40 a month (the larger size costs more)");
    }

    @Test
    void theSubjectStaysWithinWhatSnsAccepts() {
        String longName = "a-function-with-a-name-far-longer-than-any-subject-line-should-carry-around-x";
        DecisionNotice n = new DecisionNotice(DecisionStatus.APPLIED, FUNCTION, longName, 10240, 10000, "r", 1,
                EXECUTION);

        assertThat(n.subject()).hasSizeLessThan(100).matches("[\\x20-\\x7E]+");
    }

    @Test
    void onlyChangesRollbacksAndRecommendationsAreNotified() {
        assertThatThrownBy(() -> new DecisionNotice(DecisionStatus.SKIPPED, FUNCTION, null, 1, 2, "r", 0, EXECUTION))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DecisionNotice.notifies(DecisionStatus.DRY_RUN)).isFalse();
    }
}
