package io.rightsizer.cli.aws;

import io.rightsizer.cli.CliRun;
import io.rightsizer.cli.command.CliException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.profiles.ProfileFile;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Region, profile and credentials are found where the AWS CLI finds them, in the same order. */
class AwsSessionTest {

    private static final Supplier<ProfileFile> FILES = () -> ProfileFile.aggregator()
            .addFile(ProfileFile.builder().content(Path.of(CliRun.resource("aws/config")))
                    .type(ProfileFile.Type.CONFIGURATION).build())
            .addFile(ProfileFile.builder().content(Path.of(CliRun.resource("aws/credentials")))
                    .type(ProfileFile.Type.CREDENTIALS).build())
            .build();

    @Test
    void theCommandsOwnRegionWinsOverTheEnvironmentAndTheProfile() {
        AwsSession s = AwsSession.resolve("dev", "us-west-2", Map.of("AWS_REGION", "eu-west-1"), FILES);

        assertThat(s.region()).isEqualTo("us-west-2");
    }

    @Test
    void awsRegionComesBeforeAwsDefaultRegionWhichComesBeforeTheProfile() {
        assertThat(AwsSession.resolve(null, null, Map.of("AWS_REGION", "eu-west-1",
                "AWS_DEFAULT_REGION", "eu-west-2"), FILES).region()).isEqualTo("eu-west-1");
        assertThat(AwsSession.resolve(null, null, Map.of("AWS_DEFAULT_REGION", "eu-west-2"), FILES).region())
                .isEqualTo("eu-west-2");
        assertThat(AwsSession.resolve(null, null, Map.of(), FILES).region()).isEqualTo("eu-central-1");
    }

    @Test
    void aNamedProfileGivesItsRegionAndItsCredentials() {
        AwsSession s = AwsSession.resolve("dev", null, Map.of(), FILES);
        AwsCredentials credentials = s.credentials().resolveCredentials();

        assertThat(s.profile()).isEqualTo("dev");
        assertThat(s.region()).isEqualTo("ap-south-1");
        assertThat(credentials.accessKeyId()).isEqualTo("AKIDDEVEXAMPLE");
    }

    @Test
    void awsProfileNamesTheProfileWhoseRegionIsUsed() {
        assertThat(AwsSession.resolve(null, null, Map.of("AWS_PROFILE", "dev"), FILES).region())
                .isEqualTo("ap-south-1");
    }

    @Test
    void anUnknownProfileIsOneClearLine() {
        assertThatThrownBy(() -> AwsSession.resolve("prod", null, Map.of(), FILES))
                .isInstanceOf(CliException.class)
                .hasMessage("profile 'prod' not found in the AWS config or credentials file (~/.aws/config,"
                        + " ~/.aws/credentials, or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE): run 'aws configure"
                        + " --profile prod' or 'aws sso login --profile prod'")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(4);
    }

    @Test
    void withoutARegionAnywhereTheMessageSaysWhereToSetOne() {
        assertThatThrownBy(() -> AwsSession.resolve("noregion", null, Map.of(), FILES))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("no region: pass --region, set AWS_REGION or AWS_DEFAULT_REGION")
                .hasMessageContaining("--profile noregion");
    }
}
