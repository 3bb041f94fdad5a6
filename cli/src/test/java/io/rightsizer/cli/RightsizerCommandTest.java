package io.rightsizer.cli;

import io.rightsizer.cli.command.ExitCode;
import org.junit.jupiter.api.Test;

import static io.rightsizer.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

class RightsizerCommandTest {

    @Test
    void helpListsTheSubcommandsAndExitCodes() {
        CliRun r = run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: rightsizer", "analyze", "Exit codes: 0 ok, 1 runtime error");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void versionComesFromTheBuild() {
        CliRun r = run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("rightsizer 0.").doesNotContain("${");
    }

    @Test
    void withoutASubcommandItShowsTheUsageAndFailsAsAUsageError() {
        CliRun r = run();

        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("Usage: rightsizer");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnknownCommandIsAnErrorWhateverFollowsIt() {
        for (String[] args : new String[][] {{"frobnicate", "--help"}, {"frobnicate", "--version"},
            {"frobnicate", "-h"}}) {
            CliRun r = run(args);

            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(r.errLines()).singleElement().asString()
                    .startsWith("rightsizer: unmatched argument at index 0: 'frobnicate'");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void anUnknownSubcommandIsOneLineAndAUsageError() {
        CliRun r = run("optimise");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("rightsizer: unmatched argument at index 0: 'optimise'")
                .endsWith("(see 'rightsizer --help')");
    }
}
