package io.rightsizer.cdk;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state machine's permissions are read from its ASL; anything unexpected stops the synth with a reason. */
class StateMachineDefinitionTest {

    private static Path fixture(String name) {
        try {
            return Path.of(StateMachineDefinitionTest.class.getResource("/asl/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void lambdaAndDynamoDbTasksInsideAParallelWhenReadThenBothFunctionsAndEachItemActionAreFound() {
        StateMachineDefinition asl = StateMachineDefinition.read(fixture("sdk-integrations.asl.json"));

        assertThat(asl.invokedFunctions()).containsExactlyInAnyOrder("EvaluateFunctionArn", "ApplyFunctionArn");
        assertThat(asl.dynamoDbActions()).containsExactly("dynamodb:GetItem", "dynamodb:PutItem");
    }

    @Test
    void anIntegrationRightsizerDoesNotGrantWhenReadThenTheStateAndResourceAreNamed() {
        assertThatThrownBy(() -> StateMachineDefinition.read(fixture("foreign-integration.asl.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("State 'Notify'")
                .hasMessageContaining("arn:aws:states:::sns:publish");
    }

    @Test
    void aScanOfTheTableWhenReadThenItIsRefused() {
        assertThatThrownBy(() -> StateMachineDefinition.read(fixture("scan.asl.json")))
                .hasMessageContaining("arn:aws:states:::aws-sdk:dynamodb:scan");
    }

    @Test
    void aWriteToAnotherTableWhenReadThenItIsRefused() {
        assertThatThrownBy(() -> StateMachineDefinition.read(fixture("other-table.asl.json")))
                .hasMessageContaining("State 'Record'")
                .hasMessageContaining("${TableName}");
    }

    @Test
    void aPlaceholderTheStackDoesNotSubstituteWhenReadThenItIsNamed() {
        assertThatThrownBy(() -> StateMachineDefinition.read(fixture("unknown-placeholder.asl.json")))
                .hasMessageContaining("${VerifyFunctionArn}");
    }

    @Test
    void invalidJsonWhenReadThenTheFileIsNamed() {
        assertThatThrownBy(() -> StateMachineDefinition.read(fixture("broken.asl.json")))
                .hasMessageContaining("broken.asl.json is not valid JSON");
    }

    @Test
    void aMissingFileWhenReadThenTheErrorSaysWhichFile() {
        assertThatThrownBy(() -> StateMachineDefinition.read(Path.of("/nowhere/rightsizer.asl.json")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nowhere/rightsizer.asl.json");
    }
}
