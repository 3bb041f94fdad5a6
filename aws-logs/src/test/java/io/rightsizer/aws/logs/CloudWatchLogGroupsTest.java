package io.rightsizer.aws.logs;

import io.rightsizer.domain.scan.LogGroupInfo;
import io.rightsizer.testing.insights.LocalLogsInsights;
import io.rightsizer.testing.insights.LocalLogsInsights.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding log groups and their sizes with DescribeLogGroups, page by page. */
class CloudWatchLogGroupsTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static LocalLogsInsights local;
    private static CloudWatchLogsClient client;

    @BeforeAll
    static void start() {
        local = LocalLogsInsights.start().describePageSize(2);
        for (String name : List.of("/aws/lambda/a", "/aws/lambda/ab", "/aws/lambda/b", "/aws/lambda/c",
                "/aws/lambda/d", "/teams/shared", "/aws/apigateway/x")) {
            local.createLogGroup(name, name.endsWith("b") ? 30 : null, CREATED);
        }
        local.putEvents("/aws/lambda/ab", "s", List.of(new Event(CREATED.toEpochMilli(), "12345")));
        client = CloudWatchLogsClient.builder().endpointOverride(local.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        local.close();
    }

    @Test
    void everyLogGroupUnderThePrefixIsListedAcrossPages() {
        List<LogGroupInfo> groups = new CloudWatchLogGroups(client).list("/aws/lambda/");

        assertThat(groups).extracting(LogGroupInfo::name)
                .containsExactly("/aws/lambda/a", "/aws/lambda/ab", "/aws/lambda/b", "/aws/lambda/c", "/aws/lambda/d");
        assertThat(groups.get(1)).isEqualTo(new LogGroupInfo("/aws/lambda/ab", 5, 30, CREATED));
        assertThat(local.actions()).filteredOn("DescribeLogGroups"::equals).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void findMatchesTheExactNameAmongThoseItPrefixes() {
        CloudWatchLogGroups groups = new CloudWatchLogGroups(client);

        assertThat(groups.find("/aws/lambda/a")).map(LogGroupInfo::name).contains("/aws/lambda/a");
        assertThat(groups.find("/teams/shared")).isPresent();
        assertThat(groups.find("/aws/lambda/zz")).isEmpty();
    }
}
