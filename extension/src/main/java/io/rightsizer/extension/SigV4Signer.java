package io.rightsizer.extension;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** AWS Signature Version 4 for a header-signed request, written from the documented algorithm (no SDK at run time). */
final class SigV4Signer {

    /** Static credentials as Lambda puts them in the environment. */
    record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        Credentials {
            if (accessKeyId == null || accessKeyId.isEmpty() || secretAccessKey == null || secretAccessKey.isEmpty()) {
                throw new IllegalArgumentException("access key id and secret access key are required");
            }
        }
    }

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String region;
    private final String service;

    SigV4Signer(String region, String service) {
        this.region = region;
        this.service = service;
    }

    /**
     * Returns the headers to add to the request ({@code X-Amz-Date}, {@code X-Amz-Security-Token} when a session
     * token is set, {@code Authorization}). {@code headers} are the other headers to sign, {@code Host} included.
     */
    Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body,
                             Credentials credentials, Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        TreeMap<String, String> canonical = new TreeMap<>();
        headers.forEach((name, value) -> canonical.put(name.toLowerCase(java.util.Locale.ROOT), normalise(value)));
        canonical.put("x-amz-date", amzDate);
        if (credentials.sessionToken() != null && !credentials.sessionToken().isEmpty()) {
            canonical.put("x-amz-security-token", credentials.sessionToken());
        }
        StringBuilder headerBlock = new StringBuilder();
        StringBuilder signedHeaders = new StringBuilder();
        for (Map.Entry<String, String> h : canonical.entrySet()) {
            headerBlock.append(h.getKey()).append(':').append(h.getValue()).append('\n');
            if (signedHeaders.length() > 0) {
                signedHeaders.append(';');
            }
            signedHeaders.append(h.getKey());
        }
        String canonicalRequest = method + '\n'
                + canonicalPath(uri.getRawPath()) + '\n'
                + canonicalQuery(uri.getRawQuery()) + '\n'
                + headerBlock + '\n'
                + signedHeaders + '\n'
                + hex(sha256(body));
        String scope = date + '/' + region + '/' + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + '\n' + scope + '\n'
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = signingKey(credentials.secretAccessKey(), date, region, service);
        String signature = hex(hmac(key, stringToSign));

        Map<String, String> added = new LinkedHashMap<>();
        added.put("X-Amz-Date", amzDate);
        if (canonical.containsKey("x-amz-security-token")) {
            added.put("X-Amz-Security-Token", credentials.sessionToken());
        }
        added.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + '/' + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return added;
    }

    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, "aws4_request");
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static String normalise(String value) {
        return value.trim().replaceAll(" +", " ");
    }

    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        // Services other than S3 expect each segment encoded once more (the raw path is already encoded once).
        StringBuilder sb = new StringBuilder();
        for (String segment : rawPath.split("/", -1)) {
            if (sb.length() > 0 || rawPath.startsWith("/")) {
                sb.append('/');
            }
            sb.append(encode(segment));
        }
        String path = sb.toString();
        return path.startsWith("//") ? path.substring(1) : path;
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(encode(decode(name)) + '=' + encode(decode(value)));
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RFC 3986 encoding: unreserved characters stay, everything else is %XX in upper-case hex. */
    private static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(HEX[(c >> 4) & 0xf]))
                        .append(Character.toUpperCase(HEX[c & 0xf]));
            }
        }
        return sb.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this runtime", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this runtime", e);
        }
    }
}
