package io.rightsizer.ingest;

import io.rightsizer.domain.window.WindowStarter;
import io.rightsizer.testing.MotoServer;
import io.rightsizer.testing.contract.WindowStarterContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.util.UUID;

/** The Step Functions starter keeps the port's contract on moto's Step Functions API. */
class StepFunctionsWindowStarterTest extends WindowStarterContract {

    private static MotoServer moto;
    private static SfnClient sfn;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        sfn = SfnClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopMoto() {
        sfn.close();
        moto.close();
    }

    @Override
    protected WindowStarter newStarter() {
        String stateMachineArn = sfn.createStateMachine(b -> b.name("Rightsizer-" + UUID.randomUUID())
                .roleArn("arn:aws:iam::123456789012:role/rightsizer-states")
                .definition("{\"StartAt\":\"WaitForWindowEnd\",\"States\":{\"WaitForWindowEnd\":{\"Type\":\"Wait\","
                        + "\"TimestampPath\":\"$.windowEnd\",\"End\":true}}}")).stateMachineArn();
        return new StepFunctionsWindowStarter(sfn, stateMachineArn);
    }

    @Override
    protected void finish(String executionArn) {
        sfn.stopExecution(b -> b.executionArn(executionArn));
    }
}
