package io.rightsizer.cli.operate;

import java.net.URI;
import java.util.Objects;

/**
 * Where a Rightsizer deployment lives: its table, its state machine, its region, and endpoint overrides for local
 * stand-ins.
 *
 * @param tableName          the DynamoDB table, {@code null} when the command does not need it
 * @param stateMachineArn    the state machine, {@code null} when the command does not need it
 * @param region             the AWS region
 * @param dynamoDbEndpoint   DynamoDB endpoint override, {@code null} for AWS
 * @param stepFunctionsEndpoint Step Functions endpoint override, {@code null} for AWS
 */
public record Deployment(String tableName, String stateMachineArn, String region, URI dynamoDbEndpoint,
                         URI stepFunctionsEndpoint) {

    public Deployment {
        Objects.requireNonNull(region, "region");
    }
}
