package io.rightsizer.testing.lambda;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The credentials a test's AWS stand-ins know: static keys like Lambda puts in the environment, and short-lived ones
 * handed out by a container credentials endpoint (SnapStart). The Kinesis stand-in checks every signature against
 * these, and refuses unknown keys and expired tokens as AWS does.
 */
public final class CredentialsIssuer {

    /** One set of credentials; {@code expiration} is null for keys that do not expire. */
    public record Issued(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
        public boolean expiredAt(Instant now) {
            return expiration != null && !now.isBefore(expiration);
        }
    }

    /** What the emulator puts in the extension's environment unless told otherwise. */
    public static final Issued ENVIRONMENT = new Issued("ASIATESTENVIRONMENT1", "environment/Secret+Key0000000000000000",
            "environment-session-token", null);

    private final Map<String, Issued> byAccessKey = new ConcurrentHashMap<>();
    private final AtomicInteger temporaryCount = new AtomicInteger();

    public CredentialsIssuer() {
        register(ENVIRONMENT);
    }

    public Issued register(Issued credentials) {
        byAccessKey.put(credentials.accessKeyId(), credentials);
        return credentials;
    }

    /** New temporary credentials valid for {@code validity} from now. */
    public Issued issueTemporary(Duration validity) {
        int n = temporaryCount.incrementAndGet();
        return register(new Issued(String.format("ASIATEMPORARY%07d", n),
                "temporary/" + UUID.randomUUID().toString().replace("-", ""),
                "temporary-token-" + n + "-" + UUID.randomUUID(), Instant.now().plus(validity)));
    }

    /** How many temporary credentials were handed out. */
    public int temporaryIssued() {
        return temporaryCount.get();
    }

    public Issued find(String accessKeyId) {
        return byAccessKey.get(accessKeyId);
    }
}
