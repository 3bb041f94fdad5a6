package io.rightsizer.cdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The build output the stack deploys: three function jars, the extension layer zips and the state machine definition.
 *
 * @param ingestJar            the shaded ingest-fn jar
 * @param evaluateJar          the shaded evaluate-fn jar
 * @param applyJar             the shaded apply-fn jar
 * @param extensionLayerX86_64 the extension's layer zip for x86_64 functions
 * @param extensionLayerArm64  the extension's layer zip for arm64 functions
 * @param stateMachineAsl      the ASL definition with {@code ${...}} placeholders
 */
public record RightsizerArtifacts(
        Path ingestJar, Path evaluateJar, Path applyJar, Path extensionLayerX86_64, Path extensionLayerArm64,
        Path stateMachineAsl) {

    /** The command that produces every artifact, printed when one is missing. */
    public static final String BUILD_COMMAND = "mvn -B package -DskipTests (from the repository root)";

    public RightsizerArtifacts {
        Objects.requireNonNull(ingestJar, "ingestJar");
        Objects.requireNonNull(evaluateJar, "evaluateJar");
        Objects.requireNonNull(applyJar, "applyJar");
        Objects.requireNonNull(extensionLayerX86_64, "extensionLayerX86_64");
        Objects.requireNonNull(extensionLayerArm64, "extensionLayerArm64");
        Objects.requireNonNull(stateMachineAsl, "stateMachineAsl");
    }

    /**
     * Finds the artifacts of a build below a checkout, where every module writes to {@code target<buildSuffix>/}.
     *
     * @param repoRoot    the repository root (the folder holding the modules)
     * @param buildSuffix the suffix the build ran with ({@code -Dbuild.suffix}), usually empty
     * @throws IllegalStateException naming every missing file and the build command
     */
    public static RightsizerArtifacts locate(Path repoRoot, String buildSuffix) {
        String target = "target" + (buildSuffix == null ? "" : buildSuffix);
        Path root = repoRoot.toAbsolutePath().normalize();
        RightsizerArtifacts artifacts = new RightsizerArtifacts(
                root.resolve("ingest-fn").resolve(target).resolve("ingest-fn.jar"),
                root.resolve("evaluate-fn").resolve(target).resolve("evaluate-fn.jar"),
                root.resolve("apply-fn").resolve(target).resolve("apply-fn.jar"),
                root.resolve("extension").resolve(target).resolve("rightsizer-extension-layer-x86_64.zip"),
                root.resolve("extension").resolve(target).resolve("rightsizer-extension-layer-arm64.zip"),
                root.resolve("statemachine").resolve("rightsizer.asl.json"));
        artifacts.requireAllPresent();
        return artifacts;
    }

    /** Throws when any artifact is missing, naming each one and how to build it. */
    public void requireAllPresent() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(ingestJar, evaluateJar, applyJar, extensionLayerX86_64, extensionLayerArm64,
                stateMachineAsl)) {
            if (!Files.isRegularFile(p)) {
                missing.add(p.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing build artifact" + (missing.size() > 1 ? "s" : "") + ": "
                    + String.join(", ", missing) + ". Build them first with " + BUILD_COMMAND
                    + "; a build run with -Dbuild.suffix=X is found with RIGHTSIZER_BUILD_SUFFIX=X (or -c buildSuffix=X).");
        }
    }
}
