package io.rightsizer.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator commands as a person meets them from a shell, run from the shaded jar in a process of its own with
 * a controlled environment (no inherited AWS variables, an empty home): region, profile and credentials come from
 * the same places as the AWS CLI's, and every expected failure is one line with the exit code the README lists,
 * without logging-framework noise. A local endpoint stands in for DynamoDB and records who called it from where.
 */
class OperatorCommandsJarIT {

    private static final Path JAR = Path.of(System.getProperty("rightsizer.cli.jar", "target/rightsizer-cli.jar"));

    /** What a finished process printed. */
    private record Result(int exitCode, String out, String err) {
    }

    @TempDir
    Path home;

    private HttpServer endpoint;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile String errorType;

    @BeforeEach
    void startEndpoint() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        endpoint.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                authorizations.add(auth == null ? "" : auth);
                byte[] body = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + errorType + "\",\"message\":"
                        + "\"User: arn:aws:iam::123456789012:user/dev is not authorized to perform: dynamodb:Scan\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            }
        });
        endpoint.start();
        status = 400;
        errorType = "ResourceNotFoundException";
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + endpoint.getAddress().getPort();
    }

    /** The jar run with only the given AWS environment (and a home without ~/.aws). */
    private Result rightsizer(Map<String, String> awsEnvironment, String... args) throws Exception {
        assertThat(JAR).as("the shaded jar must be built before this test").isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        pb.environment().putAll(awsEnvironment);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("rightsizer did not finish within 60 s: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void withoutCredentialsTheCommandSaysSoInOneLineWithExitCodeFour() throws Exception {
        Result r = rightsizer(Map.of("AWS_REGION", "us-east-1"), "status", "--table", "rightsizer",
                "--endpoint-url", url());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("rightsizer: no AWS credentials found").contains("aws configure", "--profile");
        assertThat(r.err()).doesNotContain("SLF4J", "Exception", "at software.");
        assertThat(authorizations).as("nothing unsigned was sent").isEmpty();
    }

    @Test
    void accessDeniedIsOneLineNamingTheServiceWithExitCodeFour() throws Exception {
        status = 403;
        errorType = "AccessDeniedException";

        Result r = rightsizer(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret"), "status", "--table", "rightsizer", "--endpoint-url", url());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("rightsizer: access denied by DynamoDb (AccessDeniedException)")
                .contains("not authorized to perform: dynamodb:Scan");
        assertThat(r.err()).doesNotContain("SLF4J");
    }

    @Test
    void theRegionComesFromAwsDefaultRegionWhenNothingElseNamesOne() throws Exception {
        Result r = rightsizer(Map.of("AWS_DEFAULT_REGION", "eu-west-2", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret"), "status", "--table", "rightsizer", "--endpoint-url", url());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines()).singleElement().asString().contains("table 'rightsizer' not found");
        assertThat(authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).contains("/eu-west-2/dynamodb/"));
    }

    @Test
    void aProfileGivesTheCredentialsAndTheRegionFromTheAwsFiles() throws Exception {
        Result r = rightsizer(Map.of("AWS_CONFIG_FILE", CliRun.resource("aws/config"),
                "AWS_SHARED_CREDENTIALS_FILE", CliRun.resource("aws/credentials")),
                "status", "--profile", "dev", "--table", "rightsizer", "--endpoint-url", url());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(authorizations).isNotEmpty().allSatisfy(a -> assertThat(a)
                .contains("Credential=AKIDDEVEXAMPLE/").contains("/ap-south-1/dynamodb/"));
    }

    @Test
    void anUnreachableEndpointIsOneLine() throws Exception {
        endpoint.stop(0);

        Result r = rightsizer(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret"), "status", "--table", "rightsizer", "--endpoint-url", url());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines()).singleElement().asString().startsWith("rightsizer: cannot reach AWS:");
    }
}
