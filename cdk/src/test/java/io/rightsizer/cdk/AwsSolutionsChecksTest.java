package io.rightsizer.cdk;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS Solutions rule pack (cdk-nag) over both Rightsizer stacks: no finding is left open; the few accepted ones
 * carry their reason in the template (X-Ray and log delivery take no resource ARNs, the stream uses the AWS managed
 * key, the dead-letter bucket needs no access-log bucket of its own, the runtime is fixed by the build).
 */
class AwsSolutionsChecksTest {

    @Test
    void theDefaultStackHasNoOpenFinding() {
        assertNoFinding(SynthesisedApp.get().defaults);
    }

    @Test
    void theTunedStackWithTheAccountSubscriptionHasNoOpenFinding() {
        assertNoFinding(SynthesisedApp.get().tuned);
    }

    @Test
    void theRulesReallyRanTheyFlagTheUsersUntunedStack() {
        // The user's functions run with the AWS managed basic execution policy, which the pack reports (IAM4).
        List<SynthesisMessage> userFindings = Annotations.fromStack(SynthesisedApp.get().userServices)
                .findError("*", Match.stringLikeRegexp("AwsSolutions-IAM4.*"));
        assertThat(userFindings).isNotEmpty();
    }

    private static void assertNoFinding(Stack stack) {
        Annotations annotations = Annotations.fromStack(stack);
        List<String> open = new java.util.ArrayList<>();
        for (SynthesisMessage m : annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
            open.add(m.getId() + ": " + m.getEntry().getData());
        }
        for (SynthesisMessage m : annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
            open.add(m.getId() + ": " + m.getEntry().getData());
        }
        assertThat(open).isEmpty();
    }
}
