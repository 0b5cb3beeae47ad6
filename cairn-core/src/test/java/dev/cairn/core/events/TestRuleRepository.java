package dev.cairn.core.events;

import dev.cairn.core.iam.InMemoryMetadata;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

public class TestRuleRepository
{
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-west-2";

    private final InMemoryMetadata metadata = new InMemoryMetadata();
    private final RuleRepository rules = new RuleRepository(metadata);

    private static Rule rule(String name, List<Target> targets)
    {
        return new Rule(ACCOUNT, REGION, name, Optional.of("{\"source\":[\"aws.iam\"]}"), Rule.ENABLED, Optional.of("a rule"), Optional.empty(),
                Map.of("team", "core"), ACCOUNT, targets);
    }

    private static Target target(String id)
    {
        return new Target(id, "arn:aws:logs:us-west-2:111122223333:log-group:/events/" + id, Optional.empty(), Optional.of("{\"constant\":true}"), Optional.empty(),
                Optional.of(new Target.InputTransformer(Map.of("name", "$.detail.eventName"), "{\"call\": <name>}")),
                Optional.of(new Target.RetryPolicy(3, 600)), Optional.of("arn:aws:sqs:us-west-2:111122223333:dead"),
                Optional.of(new Target.HttpParameters(List.of("p"), Map.of("X-Team", "core"), Map.of("q", "1"))));
    }

    @Test
    public void rulesAreKeptByAccountRegionAndNameWithTheirTargets()
            throws Exception
    {
        rules.put(rule("b", List.of()));
        rules.put(rule("a", List.of(target("one"), target("two"))));
        rules.put(rule("other", List.of()));

        assertThat(rules.rule(ACCOUNT, REGION, "a")).contains(rule("a", List.of(target("one"), target("two"))));
        assertThat(rules.rule(ACCOUNT, "us-east-1", "a")).isEmpty();
        assertThat(rules.rule("444455556666", REGION, "a")).isEmpty();
        assertThat(rules.rules(ACCOUNT, REGION, "", "", 10)).extracting(Rule::name).containsExactly("a", "b", "other");
        assertThat(rules.rules(ACCOUNT, REGION, "", "a", 10)).extracting(Rule::name).containsExactly("b", "other");
        assertThat(rules.rules(ACCOUNT, REGION, "o", "", 10)).extracting(Rule::name).containsExactly("other");
        assertThat(rules.rules(ACCOUNT, REGION, "", "", 2)).extracting(Rule::name).containsExactly("a", "b");
        assertThat(rules.count(ACCOUNT, REGION)).isEqualTo(3);
        assertThat(rules.count(ACCOUNT, "us-east-1")).isZero();

        rules.put(rules.rule(ACCOUNT, REGION, "a").orElseThrow().withState(Rule.DISABLED));
        Rule disabled = rules.rule(ACCOUNT, REGION, "a").orElseThrow();
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.targets()).extracting(Target::id).containsExactly("one", "two");
        assertThat(disabled.target("two").orElseThrow().effectiveRetryPolicy()).isEqualTo(new Target.RetryPolicy(3, 600));

        assertThat(rules.delete(ACCOUNT, REGION, "a")).isTrue();
        assertThat(rules.delete(ACCOUNT, REGION, "a")).isFalse();
        assertThat(rules.rules(ACCOUNT, REGION, "", "", 10)).extracting(Rule::name).containsExactly("b", "other");
    }

    @Test
    public void absentMembersStayAbsent()
            throws Exception
    {
        Target bare = new Target("t", "arn:aws:sns:us-west-2:111122223333:topic", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        Rule rule = new Rule(ACCOUNT, REGION, "bare", Optional.of("{}"), Rule.ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, Optional.empty(), Optional.empty(),
                Map.of(), ACCOUNT, List.of(bare));
        rules.put(rule);
        Rule read = rules.rule(ACCOUNT, REGION, "bare").orElseThrow();
        assertThat(read).isEqualTo(rule);
        assertThat(read.enabled()).isTrue();
        assertThat(read.targets().get(0).effectiveRetryPolicy()).isEqualTo(new Target.RetryPolicy(185, 86_400));
        assertThat(read.arn()).isEqualTo("arn:aws:events:us-west-2:111122223333:rule/bare");
        assertThat(Rule.defaultEventBusArn(ACCOUNT, REGION)).isEqualTo("arn:aws:events:us-west-2:111122223333:event-bus/default");
    }
}
