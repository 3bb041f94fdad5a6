package io.rightsizer.aws.logs;

import io.rightsizer.domain.scan.LogGroupDirectory;
import io.rightsizer.domain.scan.LogGroupInfo;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link LogGroupDirectory} on CloudWatch Logs {@code DescribeLogGroups} (paged by the SDK, 50 per page). */
public final class CloudWatchLogGroups implements LogGroupDirectory {

    private final CloudWatchLogsClient logs;

    public CloudWatchLogGroups(CloudWatchLogsClient logs) {
        this.logs = Objects.requireNonNull(logs, "logs");
    }

    @Override
    public List<LogGroupInfo> list(String prefix) {
        List<LogGroupInfo> out = new ArrayList<>();
        logs.describeLogGroupsPaginator(b -> b.logGroupNamePrefix(prefix)).logGroups()
                .forEach(g -> out.add(map(g)));
        out.sort(Comparator.comparing(LogGroupInfo::name));
        return out;
    }

    @Override
    public Optional<LogGroupInfo> find(String name) {
        // A prefix lists the group and every group whose name extends it: pick the exact one, usually on page one.
        for (LogGroup g : logs.describeLogGroupsPaginator(b -> b.logGroupNamePrefix(name)).logGroups()) {
            if (name.equals(g.logGroupName())) {
                return Optional.of(map(g));
            }
        }
        return Optional.empty();
    }

    private static LogGroupInfo map(LogGroup g) {
        return new LogGroupInfo(g.logGroupName(), g.storedBytes() == null ? 0 : g.storedBytes(), g.retentionInDays(),
                g.creationTime() == null ? null : Instant.ofEpochMilli(g.creationTime()));
    }
}
