package io.rightsizer.testing.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The emulator refuses the subscriptions real Lambda refuses (AWS-FACTS section 2). */
class LambdaRuntimeEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID = "{\"schemaVersion\":\"2025-01-29\",\"types\":[\"platform\"],"
            + "\"buffering\":{\"maxItems\":1000,\"maxBytes\":262144,\"timeoutMs\":100},"
            + "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain:4243/telemetry\"}}";

    @Test
    void acceptsAValidSubscription() throws Exception {
        assertThat(LambdaRuntimeEmulator.validateSubscription(JSON.readTree(VALID))).isNull();
    }

    @Test
    void refusesBadSchemaTypesBufferingAndDestinations() throws Exception {
        assertThat(invalid(VALID.replace("2025-01-29", "2021-01-01"))).contains("schemaVersion");
        assertThat(invalid(VALID.replace("[\"platform\"]", "[\"logs\"]"))).contains("type");
        assertThat(invalid(VALID.replace("\"maxItems\":1000", "\"maxItems\":999"))).contains("maxItems");
        assertThat(invalid(VALID.replace("\"maxBytes\":262144", "\"maxBytes\":2000000"))).contains("maxBytes");
        assertThat(invalid(VALID.replace("\"timeoutMs\":100", "\"timeoutMs\":10"))).contains("timeoutMs");
        assertThat(invalid(VALID.replace("sandbox.localdomain", "127.0.0.1"))).contains("sandbox.localdomain");
        assertThat(invalid(VALID.replace(":4243", ":9001"))).contains("9001");
        assertThat(invalid(VALID.replace("\"HTTP\"", "\"TCP\""))).contains("protocol");
    }

    private static String invalid(String body) throws Exception {
        return LambdaRuntimeEmulator.validateSubscription(JSON.readTree(body));
    }
}
