package io.rightsizer.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * DynamoDB Local running in this JVM on a free loopback port, with a client and a helper that creates the
 * Rightsizer table layout ({@code pk}/{@code sk} strings).
 */
public final class DynamoDbLocal implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private final DynamoDbClient client;

    private DynamoDbLocal(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Starts an in-memory DynamoDB Local (one database per access key, as DynamoDB Local keeps them). */
    public static DynamoDbLocal start() {
        return start(false);
    }

    /**
     * Starts an in-memory DynamoDB Local with one database whatever the access key, as one AWS account has: for runs
     * where some clients take their credentials from the default chain (the CLI's operator commands).
     */
    public static DynamoDbLocal startShared() {
        return start(true);
    }

    private static DynamoDbLocal start(boolean shared) {
        prepareNativeLibraries();
        int port = FreePort.pick();
        java.util.List<String> args = new java.util.ArrayList<>(
                java.util.List.of("-inMemory", "-disableTelemetry", "-port", Integer.toString(port)));
        if (shared) {
            args.add("-sharedDb");
        }
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(new String[0]));
            server.start();
            return new DynamoDbLocal(server, URI.create("http://127.0.0.1:" + port));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start DynamoDB Local: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Creates a fresh on-demand table with Rightsizer's key layout and returns its name. */
    public String createTable() {
        String name = "rightsizer-" + UUID.randomUUID();
        client.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
        return name;
    }

    @Override
    public void close() {
        client.close();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop DynamoDB Local", e);
        }
    }

    /**
     * DynamoDB Local stores data through sqlite4java, whose native library Maven resolves as a bare {@code .so}
     * artifact beside the sqlite4java jar in the local repository; sqlite4java wants it in a directory named by
     * {@code sqlite4java.library.path}.
     */
    private static synchronized void prepareNativeLibraries() {
        if (System.getProperty("sqlite4java.library.path") != null) {
            return;
        }
        try {
            // By name: sqlite4java is a run-time dependency of DynamoDB Local, not on this module's compile path.
            Path jar = Path.of(Class.forName("com.almworks.sqlite4java.SQLite").getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            // .../com/almworks/sqlite4java/sqlite4java/<version>/sqlite4java-<version>.jar
            Path version = jar.getParent();
            Path group = version.getParent().getParent();
            String arch = System.getProperty("os.arch").contains("aarch64") ? "linux-aarch64" : "linux-amd64";
            Path lib = group.resolve("libsqlite4java-" + arch).resolve(version.getFileName())
                    .resolve("libsqlite4java-" + arch + "-" + version.getFileName() + ".so");
            if (!Files.isRegularFile(lib)) {
                throw new IllegalStateException("sqlite4java native library not found at " + lib
                        + "; DynamoDB Local must be a test dependency of this module");
            }
            Path dir = Files.createTempDirectory("sqlite4java");
            Path target = dir.resolve(lib.getFileName());
            Files.copy(lib, target, StandardCopyOption.REPLACE_EXISTING);
            dir.toFile().deleteOnExit();
            target.toFile().deleteOnExit();
            System.setProperty("sqlite4java.library.path", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
