package io.rightsizer.cdk;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Lambda environment holds at most 4 KB: a deny list that does not fit fails the synth with a message that names
 * the limit, instead of a deploy that fails halfway.
 */
class EnvironmentLimitTest {

    private static List<String> arns(int n) {
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            arns.add("arn:aws:lambda:eu-west-1:111122223333:function:payments-settlement-reconciliation-worker-" + i);
        }
        return arns;
    }

    private static RightsizerStack stack(List<String> denyList) {
        App app = App.Builder.create().context(SynthesisedApp.cdkJsonContext()).build();
        return new RightsizerStack(app, "Rightsizer", null, RightsizerSettings.builder().denyList(denyList).build(),
                SynthesisedApp.artifacts());
    }

    @Test
    void aDenyListOfFortyFiveArnsFailsTheSynthNamingTheFourKilobyteLimit() {
        assertThatThrownBy(() -> stack(arns(45)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 KB")
                .hasMessageContaining("Rightsizer-evaluate")
                .hasMessageContaining("denyList (45 entries")
                .hasMessageContaining(RightsizerSettings.DEFAULT_EXCLUDE_TAG + "=true");
    }

    @Test
    void aDenyListThatFitsSynthesises() {
        assertThat(stack(arns(20)).settings().denyList()).hasSize(20);
    }
}
