package io.rightsizer.cli.aws;

import io.rightsizer.cli.command.CliException;
import io.rightsizer.cli.command.ExitCode;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where and as whom a command's AWS calls go, resolved the way the AWS CLI resolves them: the profile from
 * {@code --profile}, then {@code AWS_PROFILE}, then {@code default}; the region from the command (its option or its
 * deployment), then {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, then the profile's {@code region} in the config
 * file; credentials from the profile when one is named, otherwise the SDK's default chain.
 *
 * @param profile     the profile named by {@code --profile} or {@code AWS_PROFILE}, or {@code null}
 * @param region      the region every client uses
 * @param credentials the credentials every client uses
 */
public record AwsSession(String profile, String region, AwsCredentialsProvider credentials) {

    public AwsSession {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * Resolves a session.
     *
     * @param profileOption the {@code --profile} value, or {@code null}
     * @param commandRegion the region the command itself knows ({@code --region}, its deployment), or {@code null}
     * @param environment   the process environment
     * @param profiles      reads the AWS config and credentials files (only when a profile region is needed)
     * @throws CliException when no region is found anywhere, or the named profile does not exist
     */
    public static AwsSession resolve(String profileOption, String commandRegion, Map<String, String> environment,
                                     Supplier<ProfileFile> profiles) {
        String profile = blankToNull(profileOption);
        if (profile == null) {
            profile = blankToNull(environment.get("AWS_PROFILE"));
        }
        String region = blankToNull(commandRegion);
        if (region == null) {
            region = blankToNull(environment.get("AWS_REGION"));
        }
        if (region == null) {
            region = blankToNull(environment.get("AWS_DEFAULT_REGION"));
        }
        Optional<Profile> named = Optional.empty();
        if (region == null || profileOption != null) {
            String name = profile == null ? "default" : profile;
            named = profiles.get().profile(name);
            if (named.isEmpty() && profileOption != null) {
                throw new CliException("profile '" + name + "' not found in the AWS config or credentials file"
                        + " (~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE):"
                        + " run 'aws configure --profile " + name + "' or 'aws sso login --profile " + name + "'",
                        ExitCode.AWS_ACCESS, null);
            }
        }
        if (region == null) {
            region = named.flatMap(p -> p.property(ProfileProperty.REGION)).map(AwsSession::blankToNull).orElse(null);
        }
        if (region == null) {
            throw new CliException("no region: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or set a region"
                    + " in the profile ('aws configure set region <region>'" + (profile == null ? "" : " --profile "
                    + profile) + ")");
        }
        AwsCredentialsProvider credentials = profileOption != null
                ? ProfileCredentialsProvider.builder().profileFile(profiles).profileName(profile).build()
                : DefaultCredentialsProvider.builder().build();
        return new AwsSession(profile, region, credentials);
    }

    /** A session from the real environment and the AWS files where they are. */
    public static AwsSession resolve(String profileOption, String commandRegion) {
        return resolve(profileOption, commandRegion, System.getenv(), ProfileFile::defaultProfileFile);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
