package io.rightsizer.cdk;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A mistyped setting stops the synthesis with the key it probably meant, instead of deploying the default. */
class UnknownContextKeysTest {

    private static App appWith(Map<String, Object> extra) {
        Map<String, Object> context = new HashMap<>(SynthesisedApp.cdkJsonContext());
        context.putAll(extra);
        return App.Builder.create().context(context).build();
    }

    @Test
    void aSafetyFlagInTheWrongCaseFailsTheSynthesisNamingTheRightKey() {
        assertThatThrownBy(() -> RightsizerApp.build(appWith(Map.of("dryrun", "true"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown context key 'dryrun' (did you mean dryRun?)");
    }

    @Test
    void aHyphenatedOrMisspelledKeyIsRefusedToo() {
        assertThatThrownBy(() -> RightsizerApp.build(appWith(Map.of("dry-run", true))))
                .hasMessageStartingWith("unknown context key 'dry-run' (did you mean dryRun?)");
        assertThatThrownBy(() -> RightsizerApp.build(appWith(Map.of("windowdays", 7))))
                .hasMessageStartingWith("unknown context key 'windowdays' (did you mean windowDays?)");
        assertThatThrownBy(() -> RightsizerApp.build(appWith(Map.of("windowDayz", 7))))
                .hasMessageStartingWith("unknown context key 'windowDayz' (did you mean windowDays?)");
    }

    @Test
    void aKeyLikeNoneIsRefusedWithTheListOfKnownKeys() {
        assertThatThrownBy(() -> RightsizerApp.build(appWith(Map.of("frobnicate", 1))))
                .hasMessageStartingWith("unknown context key 'frobnicate'; the keys Rightsizer reads: ")
                .hasMessageContaining("dryRun").hasMessageContaining("windowDays");
    }

    @Test
    void theCdksOwnKeysAndFeatureFlagsPass() {
        assertThatCode(() -> UnknownContextKeys.check(Set.of("@aws-cdk/core:checkSecretUsage",
                "aws:cdk:enable-path-metadata", "aws-cdk:enableDiffNoFail", "cdk-bootstrap", "dryRun"),
                Set.of("dryRun"))).doesNotThrowAnyException();
    }

    @Test
    void theModeKeysAndTheNotificationAddressAreKnownAndAMisspellingIsCaught() {
        assertThatCode(() -> RightsizerApp.build(appWith(Map.of("mode", "recommend",
                "accountSubscriptionMode", "apply", "notifyEmail", "platform@example.com"))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> RightsizerApp.build(appWith(Map.of("accountSubscriptionmode", "apply"))))
                .hasMessageStartingWith("unknown context key 'accountSubscriptionmode' (did you mean"
                        + " accountSubscriptionMode?)");
        assertThatThrownBy(() -> RightsizerApp.build(appWith(Map.of("notifyEmails", "a@example.com"))))
                .hasMessageStartingWith("unknown context key 'notifyEmails' (did you mean notifyEmail?)");
    }
}
