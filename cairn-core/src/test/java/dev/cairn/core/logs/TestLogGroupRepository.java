package dev.cairn.core.logs;

import dev.cairn.core.iam.InMemoryMetadata;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

public class TestLogGroupRepository
{
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-west-2";

    private final InMemoryMetadata metadata = new InMemoryMetadata();
    private final LogGroupRepository groups = new LogGroupRepository(metadata);

    private static LogGroup group(String name)
    {
        return new LogGroup(ACCOUNT, REGION, name, 1_000L, Optional.empty(), Map.of("team", "core"), Optional.of("alias/logs"), "STANDARD");
    }

    @Test
    public void groupsAreKeptByAccountRegionAndName()
            throws Exception
    {
        assertThat(groups.insert(group("/app/b"))).isTrue();
        assertThat(groups.insert(group("/app/a"))).isTrue();
        assertThat(groups.insert(group("/other"))).isTrue();
        assertThat(groups.insert(group("/app/a"))).isFalse();

        assertThat(groups.group(ACCOUNT, REGION, "/app/a")).contains(group("/app/a"));
        assertThat(groups.group(ACCOUNT, "us-east-1", "/app/a")).isEmpty();
        assertThat(groups.group("444455556666", REGION, "/app/a")).isEmpty();
        assertThat(groups.groups(ACCOUNT, REGION, "/app/", "", 10)).extracting(LogGroup::name).containsExactly("/app/a", "/app/b");
        assertThat(groups.groups(ACCOUNT, REGION, "/app/", "/app/a", 10)).extracting(LogGroup::name).containsExactly("/app/b");
        assertThat(groups.groups(ACCOUNT, REGION, "", "", 2)).extracting(LogGroup::name).containsExactly("/app/a", "/app/b");

        groups.put(group("/app/a").withRetentionInDays(Optional.of(30)));
        assertThat(groups.group(ACCOUNT, REGION, "/app/a").orElseThrow().retentionInDays()).contains(30);
        assertThat(group("/app/a").arn()).isEqualTo("arn:aws:logs:us-west-2:111122223333:log-group:/app/a");
        assertThat(LogGroup.streamArn(ACCOUNT, REGION, "/app/a", "s")).isEqualTo("arn:aws:logs:us-west-2:111122223333:log-group:/app/a:log-stream:s");
    }

    @Test
    public void deletingAGroupDeletesItsStreamsOnly()
            throws Exception
    {
        groups.insert(group("g"));
        groups.insert(group("g2"));
        for (String stream : List.of("b", "a", "c")) {
            assertThat(groups.insertStream(ACCOUNT, REGION, "g", new LogStream(stream, 5L))).isTrue();
        }
        assertThat(groups.insertStream(ACCOUNT, REGION, "g", new LogStream("a", 6L))).isFalse();
        groups.insertStream(ACCOUNT, REGION, "g2", new LogStream("kept", 5L));
        assertThat(groups.streams(ACCOUNT, REGION, "g", "", "", 10)).extracting(LogStream::name).containsExactly("a", "b", "c");
        assertThat(groups.stream(ACCOUNT, REGION, "g", "a")).contains(new LogStream("a", 5L));

        assertThat(groups.deleteStream(ACCOUNT, REGION, "g", "b")).isTrue();
        assertThat(groups.deleteStream(ACCOUNT, REGION, "g", "b")).isFalse();
        assertThat(groups.delete(ACCOUNT, REGION, "g")).isTrue();
        assertThat(groups.delete(ACCOUNT, REGION, "g")).isFalse();
        assertThat(groups.streams(ACCOUNT, REGION, "g", "", "", 10)).isEmpty();
        assertThat(groups.streams(ACCOUNT, REGION, "g2", "", "", 10)).extracting(LogStream::name).containsExactly("kept");
    }
}
