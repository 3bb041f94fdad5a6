package io.rightsizer.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration comes from the function's environment; gaps make the extension a no-op, never a failure. */
class SettingsTest {

    private static final Map<String, String> LAMBDA = Map.of("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001",
            "AWS_REGION", "eu-central-1", "AWS_ACCESS_KEY_ID", "ASIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret",
            "AWS_SESSION_TOKEN", "token", "AWS_LAMBDA_FUNCTION_NAME", "orders-api");

    @Test
    void aStreamNameShipsToTheFunctionsRegion() {
        Settings settings = Settings.from(with("RIGHTSIZER_STREAM", "rightsizer-telemetry"));

        assertThat(settings.disabledReason()).isNull();
        assertThat(settings.kinesisEndpoint()).isEqualTo(URI.create("https://kinesis.eu-central-1.amazonaws.com/"));
        assertThat(settings.signingRegion()).isEqualTo("eu-central-1");
        assertThat(settings.listenerHost()).isEqualTo("sandbox.localdomain");
        assertThat(settings.bufferCapacity()).isEqualTo(1000);
    }

    @Test
    void aStreamArnInAnotherRegionIsSignedForThatRegion() {
        Settings settings = Settings.from(with("RIGHTSIZER_STREAM",
                "arn:aws:kinesis:us-west-2:210987654321:stream/rightsizer-telemetry"));

        assertThat(settings.signingRegion()).isEqualTo("us-west-2");
        assertThat(settings.kinesisEndpoint()).isEqualTo(URI.create("https://kinesis.us-west-2.amazonaws.com/"));
    }

    @Test
    void missingStreamOrCredentialsDisableShippingWithAReason() {
        assertThat(Settings.from(LAMBDA).disabledReason()).contains("RIGHTSIZER_STREAM");
        Map<String, String> noKeys = new java.util.HashMap<>(with("RIGHTSIZER_STREAM", "s"));
        noKeys.remove("AWS_SECRET_ACCESS_KEY");
        assertThat(Settings.from(noKeys).disabledReason()).contains("credentials");
    }

    @Test
    void nonsenseNumbersFallBackToDefaults() {
        Map<String, String> env = new java.util.HashMap<>(with("RIGHTSIZER_BUFFER_MAX", "lots"));
        env.put("RIGHTSIZER_MAX_RECORD_BYTES", "99999999");

        Settings settings = Settings.from(env);

        assertThat(settings.bufferCapacity()).isEqualTo(1000);
        assertThat(settings.maxRecordBytes()).isEqualTo(256 * 1024);
    }

    @Test
    void chinaRegionsUseTheirOwnDomainAndPartition() {
        assertThat(KinesisClient.defaultEndpoint("cn-north-1"))
                .isEqualTo(URI.create("https://kinesis.cn-north-1.amazonaws.com.cn/"));
        assertThat(Envelope.partition("cn-north-1")).isEqualTo("aws-cn");
        assertThat(Envelope.partition("us-gov-west-1")).isEqualTo("aws-us-gov");
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> env = new java.util.HashMap<>(LAMBDA);
        env.put(key, value);
        return env;
    }
}
