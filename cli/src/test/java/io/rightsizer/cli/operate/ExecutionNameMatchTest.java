package io.rightsizer.cli.operate;

import org.junit.jupiter.api.Test;

import static io.rightsizer.cli.operate.ExecutionNameMatch.Kind.AMBIGUOUS;
import static io.rightsizer.cli.operate.ExecutionNameMatch.Kind.NO;
import static io.rightsizer.cli.operate.ExecutionNameMatch.Kind.YES;
import static org.assertj.core.api.Assertions.assertThat;

class ExecutionNameMatchTest {

    private final ExecutionNameMatch orders = new ExecutionNameMatch("orders");

    @Test
    void theFunctionsOwnNamesMatchWithAndWithoutHashAndRestartMarker() {
        assertThat(orders.of("orders-20261001T0800")).isEqualTo(YES);
        assertThat(orders.of("orders-20261001T0800-3fa9c2")).isEqualTo(YES);
        assertThat(orders.of("orders-20261001T0800-r20261009T1234")).isEqualTo(YES);
        assertThat(orders.of("orders-20261001T0800-3fa9c2-r20261009T1234")).isEqualTo(YES);
    }

    @Test
    void aFunctionWhoseNameStartsWithTheSameWordsDoesNotMatch() {
        assertThat(orders.of("orders-api-20261001T0800")).isEqualTo(NO);
        assertThat(orders.of("orders-api-20261001T0800-3fa9c2")).isEqualTo(NO);
        assertThat(orders.of("orders-api-20261001T0800-r20261009T1234")).isEqualTo(NO);
        assertThat(orders.of("orders2-20261001T0800")).isEqualTo(NO);
        assertThat(orders.of("orders")).isEqualTo(NO);
        assertThat(orders.of("orders-20261001")).isEqualTo(NO);
        assertThat(new ExecutionNameMatch("orders-api").of("orders-20261001T0800")).isEqualTo(NO);
    }

    @Test
    void aHashBeforeTheStampIsAmbiguousWithAFunctionNamedLikeIt() {
        assertThat(orders.of("orders-3fa9c2-20261001T0800")).isEqualTo(AMBIGUOUS);
        assertThat(new ExecutionNameMatch("orders-3fa9c2").of("orders-3fa9c2-20261001T0800")).isEqualTo(AMBIGUOUS);
        assertThat(new ExecutionNameMatch("orders-api").of("orders-3fa9c2-20261001T0800")).isEqualTo(NO);
    }

    @Test
    void aNameCutToTheLengthLimitIsAmbiguous() {
        String longName = "a".repeat(70);
        assertThat(new ExecutionNameMatch(longName).of("a".repeat(59) + "-20261001T0800-3fa9c2")).isEqualTo(AMBIGUOUS);
        assertThat(new ExecutionNameMatch(longName).of("a".repeat(66) + "-20261001T0800")).isEqualTo(AMBIGUOUS);
    }

    @Test
    void namesAreComparedAfterSanitising() {
        assertThat(new ExecutionNameMatch("orders.v2").of("orders_v2-20261001T0800")).isEqualTo(YES);
    }
}
