package io.rightsizer.cli.operate;

import io.rightsizer.aws.dynamodb.DynamoDbWindowStore;
import io.rightsizer.domain.window.WindowStore;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;

/** The SDK clients of one deployment, built lazily, closed together. */
final class OperatorClients implements AutoCloseable {

    private final Deployment deployment;
    private DynamoDbClient dynamo;
    private SfnClient sfn;

    OperatorClients(Deployment deployment) {
        this.deployment = deployment;
    }

    Deployment deployment() {
        return deployment;
    }

    DynamoDbClient dynamo() {
        if (dynamo == null) {
            DynamoDbClientBuilder b = DynamoDbClient.builder().region(Region.of(deployment.region()))
                    .credentialsProvider(deployment.session().credentials())
                    .httpClient(UrlConnectionHttpClient.create());
            if (deployment.dynamoDbEndpoint() != null) {
                b.endpointOverride(deployment.dynamoDbEndpoint());
            }
            dynamo = b.build();
        }
        return dynamo;
    }

    /** The deployment's windows, looked up by function name or ARN. */
    WindowLookup windows() {
        return new WindowLookup(new DynamoDbWindowStore(dynamo(), deployment.tableName()), deployment.tableName());
    }

    /** The deployment's window store, for the commands that change a window. */
    WindowStore windowStore() {
        return new DynamoDbWindowStore(dynamo(), deployment.tableName());
    }

    SfnClient sfn() {
        if (sfn == null) {
            SfnClientBuilder b = SfnClient.builder().region(Region.of(deployment.region()))
                    .credentialsProvider(deployment.session().credentials())
                    .httpClient(UrlConnectionHttpClient.create());
            if (deployment.stepFunctionsEndpoint() != null) {
                b.endpointOverride(deployment.stepFunctionsEndpoint());
            }
            sfn = b.build();
        }
        return sfn;
    }

    @Override
    public void close() {
        if (dynamo != null) {
            dynamo.close();
        }
        if (sfn != null) {
            sfn.close();
        }
    }
}
