package io.rightsizer.cdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The app finds the build output below the checkout, and says what to build when something is missing. */
class RightsizerArtifactsTest {

    @Test
    void anUnbuiltCheckoutWhenLocatingThenEveryMissingArtifactAndTheBuildCommandAreNamed(@TempDir Path root) {
        assertThatThrownBy(() -> RightsizerArtifacts.locate(root, ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(root.resolve("ingest-fn/target/ingest-fn.jar").toString())
                .hasMessageContaining(root.resolve("evaluate-fn/target/evaluate-fn.jar").toString())
                .hasMessageContaining(root.resolve("apply-fn/target/apply-fn.jar").toString())
                .hasMessageContaining(root.resolve("extension/target/rightsizer-extension-layer-x86_64.zip").toString())
                .hasMessageContaining(root.resolve("extension/target/rightsizer-extension-layer-arm64.zip").toString())
                .hasMessageContaining(root.resolve("statemachine/rightsizer.asl.json").toString())
                .hasMessageContaining("mvn -B package -DskipTests");
    }

    @Test
    void allButTheArm64LayerWhenLocatingThenOnlyThatLayerIsNamed(@TempDir Path root) throws IOException {
        touch(root.resolve("ingest-fn/target-x/ingest-fn.jar"));
        touch(root.resolve("evaluate-fn/target-x/evaluate-fn.jar"));
        touch(root.resolve("apply-fn/target-x/apply-fn.jar"));
        touch(root.resolve("statemachine/rightsizer.asl.json"));

        touch(root.resolve("extension/target-x/rightsizer-extension-layer-x86_64.zip"));

        assertThatThrownBy(() -> RightsizerArtifacts.locate(root, "-x"))
                .hasMessageStartingWith("Missing build artifact: ")
                .hasMessageContaining("extension/target-x/rightsizer-extension-layer-arm64.zip")
                .hasMessageNotContaining("x86_64.zip")
                .hasMessageNotContaining("ingest-fn.jar");
    }

    @Test
    void aBuildWithASuffixWhenLocatingThenItsTargetFoldersAreUsed(@TempDir Path root) throws IOException {
        touch(root.resolve("ingest-fn/target-ci/ingest-fn.jar"));
        touch(root.resolve("evaluate-fn/target-ci/evaluate-fn.jar"));
        touch(root.resolve("apply-fn/target-ci/apply-fn.jar"));
        touch(root.resolve("extension/target-ci/rightsizer-extension-layer-x86_64.zip"));
        touch(root.resolve("extension/target-ci/rightsizer-extension-layer-arm64.zip"));
        touch(root.resolve("statemachine/rightsizer.asl.json"));

        RightsizerArtifacts artifacts = RightsizerArtifacts.locate(root, "-ci");

        assertThat(artifacts.applyJar()).isEqualTo(root.resolve("apply-fn/target-ci/apply-fn.jar"));
        assertThat(artifacts.extensionLayerX86_64())
                .isEqualTo(root.resolve("extension/target-ci/rightsizer-extension-layer-x86_64.zip"));
        assertThat(artifacts.extensionLayerArm64())
                .isEqualTo(root.resolve("extension/target-ci/rightsizer-extension-layer-arm64.zip"));
    }

    private static void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
    }
}
