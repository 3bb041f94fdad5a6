package io.rightsizer.domain.cost;

import java.util.Locale;

/** A Lambda instruction set architecture and its duration price (us-east-1, USD per GB-second). */
public enum Architecture {
    /** Intel/AMD, {@code x86_64}. */
    X86_64("x86_64", 0.0000166667),
    /** Graviton, {@code arm64}. */
    ARM64("arm64", 0.0000133334);

    private final String lambdaName;
    private final double usdPerGbSecond;

    Architecture(String lambdaName, double usdPerGbSecond) {
        this.lambdaName = lambdaName;
        this.usdPerGbSecond = usdPerGbSecond;
    }

    /** The name the Lambda API uses ({@code x86_64}, {@code arm64}). */
    public String lambdaName() {
        return lambdaName;
    }

    /** The on-demand duration price, USD per GB-second. */
    public double usdPerGbSecond() {
        return usdPerGbSecond;
    }

    /** Parses {@code x86_64}, {@code x86}, {@code amd64}, {@code arm64} or {@code arm}, in any case. */
    public static Architecture parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (t) {
            case "x86_64", "x86", "amd64" -> X86_64;
            case "arm64", "arm", "aarch64", "graviton" -> ARM64;
            default -> throw new IllegalArgumentException(
                    "unknown architecture '" + text + "' (expected x86_64 or arm64)");
        };
    }
}
