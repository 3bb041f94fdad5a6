package io.rightsizer.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rightsizer.testing.lambda.FunctionCgroup;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator is no kinder than Lambda: what it withholds, the share of the machine it gives, its limits. */
class SandboxFidelityIT {

    /** An "extension" that prints its environment and cgroups, then waits (it never registers). */
    private static Path probe(Path dir, String body) throws Exception {
        Path script = dir.resolve("extensions/probe");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\n" + body + "\nexec sleep 30\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static List<String> outputWhenDone(LambdaRuntimeEmulator lambda, String lastLine) throws Exception {
        for (int i = 0; i < 500 && lambda.output().stream().noneMatch(l -> l.contains(lastLine)); i++) {
            Thread.sleep(10);
        }
        return lambda.output();
    }

    @Test
    void theExtensionDoesNotSeeTheVariablesLambdaWithholdsFromExtensions(@TempDir Path dir) throws Exception {
        Path probe = probe(dir, "env; echo END");
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.sandbox(probe).memoryMb(128)
                .env(Map.of("AWS_EXECUTION_ENV", "AWS_Lambda_java21", "LAMBDA_TASK_ROOT", "/var/task",
                        "_HANDLER", "app.Handler::handleRequest", "RIGHTSIZER_STREAM", "s"))
                .launch()) {
            List<String> env = outputWhenDone(lambda, "END");

            assertThat(env).contains("RIGHTSIZER_STREAM=s", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128")
                    .noneMatch(l -> l.startsWith("AWS_EXECUTION_ENV=") || l.startsWith("LAMBDA_TASK_ROOT=")
                            || l.startsWith("_HANDLER="));
        }
    }

    @Test
    void theExtensionRunsInACgroupWithTheFunctionSizesCpuShareAndMemoryLimit(@TempDir Path dir) throws Exception {
        Path probe = probe(dir, "cat /proc/self/cgroup; echo END");
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.sandbox(probe).memoryMb(128).launch()) {
            List<String> cgroups = outputWhenDone(lambda, "END");
            FunctionCgroup cgroup = lambda.cgroup();

            assertThat(cgroups).anyMatch(l -> l.contains("rightsizer-ext-"));
            // 128 / 1769 of a vCPU: 7.2 ms of CPU per 100 ms period.
            assertThat(cgroup.cpuQuotaUs()).isEqualTo(7236);
            assertThat(cgroup.cpuShare()).isBetween(0.072, 0.073);
            assertThat(cgroup.memoryMb()).isEqualTo(128);
        }
    }

    @Test
    void aProcessThatWantsAWholeCpuGetsOnlyTheFunctionsShare(@TempDir Path dir) throws Exception {
        // A whole second of wall time whenever it starts (whole seconds of `date +%s` could end within milliseconds,
        // too short for the quota's 100 ms periods to show).
        Path probe = probe(dir, "i=0; end=$(($(date +%s%N) + 1000000000)); while [ $(date +%s%N) -lt $end ]; do"
                + " i=$((i+1)); done; echo END");
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.sandbox(probe).memoryMb(128).launch()) {
            long start = System.nanoTime();
            outputWhenDone(lambda, "END");
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = lambda.cgroup().cpuUsageNanos() / 1e9;

            assertThat(cpuSeconds / wallSeconds).as("CPU used per second of wall time").isLessThan(0.12);
            assertThat(lambda.cgroup().throttledPeriods()).isPositive();
        }
    }

    @Test
    void anInitThatTakesLongerThanLambdasTenSecondsFails(@TempDir Path dir) throws Exception {
        Path probe = probe(dir, "echo never registers");
        try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.sandbox(probe).memoryMb(128).launch()) {
            long start = System.nanoTime();

            assertThatThrownBy(lambda::awaitInit).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("10 s limit");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(11));
        }
    }

    @Test
    void withoutUsableCgroupsTheSandboxRefusesLoudlyInsteadOfRunningUnconstrained(@TempDir Path dir) {
        assertThatThrownBy(() -> FunctionCgroup.create(128, dir.resolve("no-cgroups-here")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("THE LAMBDA SANDBOX CANNOT BE REPRODUCED HERE");
    }
}
