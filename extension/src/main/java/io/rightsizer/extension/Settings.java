package io.rightsizer.extension;

import java.net.URI;
import java.util.Map;

/** The extension's configuration, read from the function's environment. */
record Settings(String runtimeApi, String stream, String region, URI kinesisEndpoint, String signingRegion,
                SigV4Signer.Credentials credentials, String functionName, String listenerHost, int listenerPort,
                int bufferCapacity, int maxRecordBytes, long minFlushIntervalMs) {

    /** The executable's file name; Lambda requires it as the registration name. */
    static final String NAME = "rightsizer-extension";

    /** Why shipping is off (null when it is on). */
    String disabledReason() {
        if (stream == null) {
            return "RIGHTSIZER_STREAM is not set";
        }
        if (region == null) {
            return "AWS_REGION is not set";
        }
        if (credentials == null) {
            return "no AWS credentials in the environment";
        }
        return null;
    }

    static Settings from(Map<String, String> env) {
        String stream = blankToNull(env.get("RIGHTSIZER_STREAM"));
        String region = blankToNull(env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION")));
        // A stream ARN names its own region, which may differ from the function's.
        String signingRegion = region;
        if (stream != null && stream.startsWith("arn:")) {
            String[] parts = stream.split(":");
            if (parts.length >= 6 && !parts[3].isEmpty()) {
                signingRegion = parts[3];
            }
        }
        String endpoint = blankToNull(env.get("RIGHTSIZER_KINESIS_ENDPOINT"));
        URI kinesisEndpoint = endpoint != null ? URI.create(endpoint.endsWith("/") ? endpoint : endpoint + '/')
                : signingRegion == null ? null : KinesisClient.defaultEndpoint(signingRegion);
        SigV4Signer.Credentials credentials = null;
        String key = blankToNull(env.get("AWS_ACCESS_KEY_ID"));
        String secret = blankToNull(env.get("AWS_SECRET_ACCESS_KEY"));
        if (key != null && secret != null) {
            credentials = new SigV4Signer.Credentials(key, secret, blankToNull(env.get("AWS_SESSION_TOKEN")));
        }
        return new Settings(
                env.get("AWS_LAMBDA_RUNTIME_API"),
                stream,
                region,
                kinesisEndpoint,
                signingRegion,
                credentials,
                blankToNull(env.get("AWS_LAMBDA_FUNCTION_NAME")),
                env.getOrDefault("RIGHTSIZER_LISTENER_HOST", "sandbox.localdomain"),
                intSetting(env, "RIGHTSIZER_LISTENER_PORT", 0, 0, 65535),
                intSetting(env, "RIGHTSIZER_BUFFER_MAX", 1000, 1, 100_000),
                intSetting(env, "RIGHTSIZER_MAX_RECORD_BYTES", 256 * 1024, 512, 1_000_000),
                intSetting(env, "RIGHTSIZER_MIN_FLUSH_INTERVAL_MS", 0, 0, 3_600_000));
    }

    private static int intSetting(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        Log.info(name + "=" + value + " is not a number in " + min + ".." + max + "; using " + fallback);
        return fallback;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
