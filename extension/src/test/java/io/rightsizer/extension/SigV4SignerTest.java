package io.rightsizer.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** The signer against the documented SigV4 examples and against the AWS SDK's own signer. */
class SigV4SignerTest {

    private static final Instant VANILLA_TIME = Instant.parse("2015-08-30T12:36:00Z");

    @Test
    void signsTheTestSuitesGetVanillaRequest() {
        // Signature Version 4 test suite, "get-vanilla": GET / with Host and X-Amz-Date only.
        SigV4Signer signer = new SigV4Signer("us-east-1", "service");
        Map<String, String> added = signer.sign("GET", URI.create("https://example.amazonaws.com/"),
                Map.of("Host", "example.amazonaws.com"), new byte[0],
                new SigV4Signer.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
                VANILLA_TIME);

        assertThat(added).containsEntry("X-Amz-Date", "20150830T123600Z").doesNotContainKey("X-Amz-Security-Token");
        assertThat(added.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 "
                + "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void signsTheS3DocumentationsGetObjectExample() {
        // The worked "GET Object" example of the S3 SigV4 documentation (header-based auth, range request).
        SigV4Signer signer = new SigV4Signer("us-east-1", "s3");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "examplebucket.s3.amazonaws.com");
        headers.put("Range", "bytes=0-9");
        headers.put("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        Map<String, String> added = signer.sign("GET", URI.create("https://examplebucket.s3.amazonaws.com/test.txt"),
                headers, new byte[0],
                new SigV4Signer.Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null),
                Instant.parse("2013-05-24T00:00:00Z"));

        assertThat(added.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 "
                + "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    @Test
    void signsAPutRecordsCallWithASessionTokenExactlyAsTheAwsSdkDoes() {
        String body = "{\"StreamName\":\"rightsizer-telemetry\",\"Records\":[{\"Data\":\"eyJ2IjoxfQ==\","
                + "\"PartitionKey\":\"orders-api\"}]}";
        Map<String, String> ours = compareWithSdk("POST", "https://kinesis.eu-west-1.amazonaws.com/",
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "Kinesis_20131202.PutRecords"),
                body, "IQoJb3JpZ2luX2VjEXAMPLE//token==");

        assertThat(ours.get("X-Amz-Security-Token")).isEqualTo("IQoJb3JpZ2luX2VjEXAMPLE//token==");
        assertThat(ours.get("X-Amz-Date")).isEqualTo("20261123T174512Z");
    }

    @Test
    void signsQueryStringsEncodedPathsAndPaddedHeaderValuesExactlyAsTheAwsSdkDoes() {
        compareWithSdk("GET", "http://127.0.0.1:4567/some%20path/caf%C3%A9?b=2&a=x%2By&Action=List%20Streams&empty=",
                Map.of("X-Custom", "  two   spaces  inside "), "", null);
    }

    /** Signs the request with the SDK's signer and with ours at a fixed instant; asserts equal Authorization. */
    private static Map<String, String> compareWithSdk(String method, String uri, Map<String, String> extraHeaders,
                                                      String body, String sessionToken) {
        Instant now = Instant.parse("2026-11-23T17:45:12Z");
        AwsCredentialsIdentity identity = sessionToken == null
                ? AwsCredentialsIdentity.create("AKIAXAMPLEKEYID00001", "k3Yz+secret/EXAMPLE0000000000000000000")
                : AwsSessionCredentialsIdentity.create("ASIAXAMPLEKEYID00001", "k3Yz+secret/EXAMPLE0000000000000000000",
                        sessionToken);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(URI.create(uri));
        extraHeaders.forEach(request::putHeader);
        SignedRequest sdk = AwsV4HttpSigner.create().sign(r -> r
                .identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "kinesis")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(AwsV4FamilyHttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));

        // Sign the same headers the SDK signed (it adds its own Host and may add x-amz-content-sha256).
        Map<String, String> headers = new LinkedHashMap<>();
        sdk.request().headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!List.of("authorization", "x-amz-date", "x-amz-security-token").contains(lower)) {
                headers.put(name, values.get(0));
            }
        });
        Map<String, String> ours = new SigV4Signer("eu-west-1", "kinesis").sign(method, URI.create(uri), headers,
                body.getBytes(StandardCharsets.UTF_8),
                new SigV4Signer.Credentials(identity.accessKeyId(), identity.secretAccessKey(), sessionToken), now);

        assertThat(headers).containsKey("Host");
        assertThat(ours.get("Authorization")).isEqualTo(sdk.request().firstMatchingHeader("Authorization").orElseThrow());
        return ours;
    }
}
