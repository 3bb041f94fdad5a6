package io.rightsizer.logs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which function a log group belongs to. */
class LogGroupsTest {

    @Test
    void theDefaultLambdaLogGroupNamesItsFunction() {
        assertThat(LogGroups.functionName("/aws/lambda/orders-api")).isEqualTo("orders-api");
    }

    @Test
    void aLogGroupArnNamesItsFunctionToo() {
        assertThat(LogGroups.functionName("arn:aws:logs:eu-west-1:210987654321:log-group:/aws/lambda/orders-api:*"))
                .isEqualTo("orders-api");
        assertThat(LogGroups.functionName("arn:aws:logs:eu-west-1:210987654321:log-group:/aws/lambda/orders-api"))
                .isEqualTo("orders-api");
    }

    @Test
    void customSharedAndMalformedLogGroupsNameNoFunction() {
        assertThat(LogGroups.functionName("/platform/shared-lambda-logs")).isNull();
        assertThat(LogGroups.functionName("/aws/lambda/")).isNull();
        assertThat(LogGroups.functionName("/aws/lambda/a/b")).isNull();
        assertThat(LogGroups.functionName("/aws/ecs/orders")).isNull();
        assertThat(LogGroups.functionName("")).isNull();
        assertThat(LogGroups.functionName(null)).isNull();
    }
}
