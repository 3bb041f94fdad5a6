package io.rightsizer.domain.function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionRefTest {

    @Test
    void aFunctionKnownByNameAccountAndRegionGetsItsArn() {
        assertThat(FunctionRef.of("orders", "123456789012", "eu-west-1").functionArn())
                .isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:orders");
        assertThat(FunctionRef.of("orders", "123456789012", "cn-north-1").functionArn())
                .startsWith("arn:aws-cn:lambda:");
    }

    @Test
    void theSameNameInTwoRegionsIsTwoFunctions() {
        assertThat(FunctionRef.of("orders", "123456789012", "eu-west-1"))
                .isNotEqualTo(FunctionRef.of("orders", "123456789012", "us-east-1"));
    }

    @Test
    void invalidPartsAreRejected() {
        assertThatThrownBy(() -> FunctionRef.of("a/b", "123456789012", "us-east-1"))
                .hasMessageContaining("function name");
        assertThatThrownBy(() -> FunctionRef.of("orders", "1234", "us-east-1")).hasMessageContaining("account");
        assertThatThrownBy(() -> FunctionRef.of("orders", "123456789012", "nowhere")).hasMessageContaining("Region");
        assertThatThrownBy(() -> FunctionRef.fromArn("arn:aws:s3:::bucket")).hasMessageContaining("ARN");
    }
}
