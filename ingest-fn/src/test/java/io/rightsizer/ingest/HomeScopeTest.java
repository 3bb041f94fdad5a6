package io.rightsizer.ingest;

import io.rightsizer.domain.function.FunctionRef;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HomeScopeTest {

    @Test
    void theAccountAndRegionComeFromTheInvokedFunctionArnOfTheLambdaContext() {
        HomeScope home = HomeScope.of("arn:aws:lambda:eu-west-1:123456789012:function:rightsizer-ingest:live",
                Map.of("AWS_REGION", "us-east-1"));

        assertThat(home).isEqualTo(new HomeScope("123456789012", "eu-west-1"));
        assertThat(home.includes(FunctionRef.of("orders", "123456789012", "eu-west-1"))).isTrue();
        assertThat(home.includes(FunctionRef.of("orders", "123456789012", "us-east-1"))).isFalse();
        assertThat(home.includes(FunctionRef.of("orders", "210987654321", "eu-west-1"))).isFalse();
    }

    @Test
    void withoutAnInvokedFunctionArnTheRegionComesFromAwsRegionAndAnyAccountOfItIsIncluded() {
        HomeScope home = HomeScope.of(null, Map.of("AWS_REGION", "us-east-1"));

        assertThat(home).isEqualTo(new HomeScope(null, "us-east-1"));
        assertThat(home.includes(FunctionRef.of("orders", "210987654321", "us-east-1"))).isTrue();
        assertThat(home.includes(FunctionRef.of("orders", "210987654321", "eu-west-1"))).isFalse();
    }

    @Test
    void withNeitherTheErrorNamesWhatIsMissing() {
        assertThatThrownBy(() -> HomeScope.of("not-an-arn", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AWS_REGION is missing");
    }
}
