package io.rightsizer.cli.operate;

import io.rightsizer.cli.aws.AwsSession;

import java.net.URI;
import java.util.Objects;

/**
 * Where a Rightsizer deployment lives: its table, its state machine, its region, and endpoint overrides for local
 * stand-ins.
 *
 * @param tableName          the DynamoDB table, {@code null} when the command does not need it
 * @param stateMachineArn    the state machine, {@code null} when the command does not need it
 * @param session            the region and credentials, resolved as the AWS CLI resolves them
 * @param dynamoDbEndpoint   DynamoDB endpoint override, {@code null} for AWS
 * @param stepFunctionsEndpoint Step Functions endpoint override, {@code null} for AWS
 */
public record Deployment(String tableName, String stateMachineArn, AwsSession session, URI dynamoDbEndpoint,
                         URI stepFunctionsEndpoint) {

    public Deployment {
        Objects.requireNonNull(session, "session");
    }

    /** The deployment's region. */
    public String region() {
        return session.region();
    }
}
