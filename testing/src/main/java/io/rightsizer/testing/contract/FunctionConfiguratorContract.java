package io.rightsizer.testing.contract;

import io.rightsizer.domain.function.ConfigurationChangedException;
import io.rightsizer.domain.function.FunctionConfig;
import io.rightsizer.domain.function.FunctionConfigurator;
import io.rightsizer.domain.function.FunctionNotFoundException;
import io.rightsizer.domain.function.FunctionRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link FunctionConfigurator} does, run against each implementation: guarded memory changes. */
public abstract class FunctionConfiguratorContract {

    private FunctionConfigurator configurator;

    /** A configurator on a fresh control plane. */
    protected abstract FunctionConfigurator newConfigurator();

    /** Creates a function behind the configurator. */
    protected abstract FunctionRef givenFunction(String name, int memoryMb, Map<String, String> tags);

    @BeforeEach
    void freshConfigurator() {
        configurator = newConfigurator();
    }

    @Test
    void aFunctionIsReadWithItsMemoryTagsAndRevision() {
        FunctionRef f = givenFunction("contract-read", 1024, Map.of("team", "orders"));

        FunctionConfig config = configurator.read(f.functionArn());

        assertThat(config.functionArn()).isEqualTo(f.functionArn());
        assertThat(config.functionName()).isEqualTo(f.functionName());
        assertThat(config.memorySizeMb()).isEqualTo(1024);
        assertThat(config.tags()).containsEntry("team", "orders");
        assertThat(config.revisionId()).isNotBlank();
        assertThat(config.updateInProgress()).isFalse();
    }

    @Test
    void anUpdateOnTheCurrentRevisionChangesTheMemoryAndMovesTheRevisionOn() {
        FunctionRef f = givenFunction("contract-update", 1024, Map.of());
        FunctionConfig before = configurator.read(f.functionArn());

        configurator.updateMemory(f.functionArn(), 512, before.revisionId());
        FunctionConfig after = configurator.read(f.functionArn());

        assertThat(after.memorySizeMb()).isEqualTo(512);
        assertThat(after.revisionId()).isNotEqualTo(before.revisionId());
        assertThat(configurator.read(f.functionArn()).memorySizeMb()).isEqualTo(512);
    }

    @Test
    void anUpdateOnAStaleRevisionIsRefusedAndChangesNothing() {
        FunctionRef f = givenFunction("contract-stale", 1024, Map.of());
        String stale = configurator.read(f.functionArn()).revisionId();
        configurator.updateMemory(f.functionArn(), 768, stale);

        assertThatThrownBy(() -> configurator.updateMemory(f.functionArn(), 512, stale))
                .isInstanceOf(ConfigurationChangedException.class);
        assertThat(configurator.read(f.functionArn()).memorySizeMb()).isEqualTo(768);
    }

    @Test
    void anUnknownFunctionIsNotFoundForReadsAndUpdates() {
        String missing = "arn:aws:lambda:us-east-1:123456789012:function:contract-missing";

        assertThatThrownBy(() -> configurator.read(missing)).isInstanceOf(FunctionNotFoundException.class);
        assertThatThrownBy(() -> configurator.updateMemory(missing, 512, null))
                .isInstanceOf(FunctionNotFoundException.class);
    }
}
