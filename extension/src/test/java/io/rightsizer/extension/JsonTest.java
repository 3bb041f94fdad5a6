package io.rightsizer.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The extension's own JSON reader and string writer. */
class JsonTest {

    @Test
    void readsObjectsArraysNumbersStringsAndLiterals() {
        Object value = Json.parse(" {\"a\":[1,-2.5,3e2,true,false,null],\"s\":\"q\\\"\\\\\\/\\n\\u00e9\",\"o\":{}} ");

        assertThat(value).isEqualTo(Map.of("a", java.util.Arrays.asList(1L, -2.5, 300.0, true, false, null),
                "s", "q\"\\/\né", "o", Map.of()));
    }

    @Test
    void rejectsWhatIsNotJson() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "\"open", "tru", "1 2", "{\"a\":01x}", "NaN",
                "\"tab\there\"")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(Json.MalformedJsonException.class);
        }
    }

    @Test
    void rejectsDeepNestingInsteadOfOverflowingTheStack() {
        assertThatThrownBy(() -> Json.parse("[".repeat(10_000))).isInstanceOf(Json.MalformedJsonException.class);
    }

    @Test
    void writesStringsThatReadBackUnchanged() {
        String original = "line\nbreak \"quoted\" back\\slash \u0001 café";
        StringBuilder sb = new StringBuilder();
        Json.writeString(sb, original);

        assertThat(Json.parse(sb.toString())).isEqualTo(original);
    }
}
