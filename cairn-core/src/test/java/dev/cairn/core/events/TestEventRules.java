package dev.cairn.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

class TestEventRules
{
    private static final String ACCOUNT = "111122223333";

    private static String ruleArn(int number)
    {
        return "arn:aws:events:us-east-1:%s:rule/rule-%04d".formatted(ACCOUNT, number);
    }

    private static String apiCall(String eventSource, String eventName, String userName, String sourceIp)
    {
        return """
                {"version": "0", "id": "7bf73129-1428-4cd3-a780-95db273d1602", "detail-type": "AWS API Call via CloudTrail",
                 "source": "aws.%s", "account": "%s", "time": "2026-12-01T10:00:00Z", "region": "us-east-1", "resources": [],
                 "detail": {"eventSource": "%s", "eventName": "%s", "userIdentity": {"type": "IAMUser", "userName": "%s"},
                            "sourceIPAddress": "%s", "readOnly": false}}
                """.formatted(eventSource.substring(0, eventSource.indexOf('.')), ACCOUNT, eventSource, eventName, userName, sourceIp);
    }

    /**
     * 1,000 rules of every kind in one machine, matched by one pass per event: rule i watches the IAM call
     * {@code Operation<i>}, with every tenth rule an {@code $or} that also watches user {@code user<i>}, every tenth
     * (offset 5) a prefix on the user name, and every hundredth a CIDR on the caller's address.
     */
    @Test
    void thousandRulesMatchedTogether()
    {
        EventRules rules = new EventRules();
        for (int i = 0; i < 1_000; i++) {
            String pattern;
            if (i % 100 == 50) {
                pattern = """
                        {"source": ["aws.iam"], "detail": {"sourceIPAddress": [{"cidr": "10.%d.0.0/16"}]}}""".formatted(i / 100);
            }
            else if (i % 10 == 0) {
                pattern = """
                        {"source": ["aws.iam"], "$or": [{"detail": {"eventName": ["Operation%d"]}}, {"detail": {"userIdentity": {"userName": ["user%d"]}}}]}"""
                        .formatted(i, i);
            }
            else if (i % 10 == 5) {
                pattern = """
                        {"detail-type": ["AWS API Call via CloudTrail"], "detail": {"userIdentity": {"userName": [{"prefix": "team%d-"}]}}}""".formatted(i);
            }
            else {
                pattern = """
                        {"source": ["aws.iam"], "detail": {"eventName": ["Operation%d"], "readOnly": [false]}}""".formatted(i);
            }
            rules.put(ruleArn(i), EventPattern.parse(pattern));
        }
        assertThat(rules.size()).isEqualTo(1_000);

        assertThat(rules.matchingRules(apiCall("iam.amazonaws.com", "Operation42", "alice", "192.0.2.1"))).containsExactly(ruleArn(42));
        // the $or rule 30 by its operation, and by its user; rule 15 by its prefix
        assertThat(rules.matchingRules(apiCall("iam.amazonaws.com", "Operation30", "team15-bob", "192.0.2.1"))).containsExactlyInAnyOrder(ruleArn(30), ruleArn(15));
        assertThat(rules.matchingRules(apiCall("iam.amazonaws.com", "Operation7", "user30", "192.0.2.1"))).containsExactlyInAnyOrder(ruleArn(7), ruleArn(30));
        // the CIDR rule 350 by the caller's address
        assertThat(rules.matchingRules(apiCall("iam.amazonaws.com", "Operation999", "carol", "10.3.200.7"))).containsExactlyInAnyOrder(ruleArn(999), ruleArn(350));
        // another service: only the prefix rule, which does not name the source
        assertThat(rules.matchingRules(apiCall("sts.amazonaws.com", "Operation42", "team995-dan", "10.3.200.7"))).containsExactly(ruleArn(995));
        assertThat(rules.matchingRules(apiCall("iam.amazonaws.com", "Operation1000", "erin", "192.0.2.1"))).isEmpty();

        // every rule, one event each
        for (int i = 0; i < 1_000; i++) {
            if (i % 100 != 50 && i % 10 != 5) {
                assertThat(rules.matchingRules(apiCall("iam.amazonaws.com", "Operation" + i, "frank", "192.0.2.1"))).containsExactly(ruleArn(i));
            }
        }

        for (int i = 0; i < 1_000; i++) {
            assertThat(rules.remove(ruleArn(i))).isTrue();
        }
        assertThat(rules.size()).isZero();
        assertThat(rules.machineIsEmpty()).isTrue();
    }

    @Test
    void theSameEventAsTextOrTree()
            throws Exception
    {
        EventRules rules = new EventRules();
        rules.put("a", EventPattern.parse("{\"detail\": {\"eventName\": [\"CreateUser\"]}}"));
        rules.put("b", EventPattern.parse("{\"detail\": {\"eventName\": [{\"anything-but\": \"CreateUser\"}]}}"));
        String event = apiCall("iam.amazonaws.com", "CreateUser", "alice", "192.0.2.1");
        JsonNode tree = Json.mapper().readTree(event);
        assertThat(rules.matchingRules(event)).containsExactly("a");
        assertThat(rules.matchingRules(tree)).containsExactly("a");
    }

    @Test
    void putReplacesARulesPattern()
    {
        EventRules rules = new EventRules();
        EventPattern createUser = EventPattern.parse("{\"detail\": {\"eventName\": [\"CreateUser\"]}}");
        EventPattern deleteUser = EventPattern.parse("{\"detail\": {\"eventName\": [\"DeleteUser\"]}}");
        rules.put("watch", createUser);
        rules.put("watch", deleteUser);

        assertThat(rules.size()).isEqualTo(1);
        assertThat(rules.pattern("watch")).contains(deleteUser);
        assertThat(rules.matchingRules(apiCall("iam.amazonaws.com", "CreateUser", "alice", "192.0.2.1"))).isEmpty();
        assertThat(rules.matchingRules(apiCall("iam.amazonaws.com", "DeleteUser", "alice", "192.0.2.1"))).containsExactly("watch");

        rules.put("watch", deleteUser);
        assertThat(rules.matchingRules(apiCall("iam.amazonaws.com", "DeleteUser", "alice", "192.0.2.1"))).containsExactly("watch");
    }

    /** Patterns whose parts overlap: a replaced or removed rule leaves nothing of itself behind, nor takes another's. */
    @Test
    void overlappingPatternsLeaveNothingBehind()
    {
        EventRules rules = new EventRules();
        EventPattern wide = EventPattern.parse("{\"detail\": {\"eventName\": [\"CreateUser\", \"DeleteUser\"]}}");
        EventPattern narrow = EventPattern.parse("{\"detail\": {\"eventName\": [\"CreateUser\"]}}");
        EventPattern either = EventPattern.parse("""
                {"$or": [{"detail": {"eventName": ["CreateUser"]}}, {"detail": {"eventName": ["CreateUser"], "userIdentity": {"userName": ["alice"]}}}, \
                {"detail": {"eventName": ["CreateUser"]}}]}""");
        rules.put("one", wide);
        rules.put("two", narrow);
        rules.put("one", narrow);
        rules.put("one", either);
        rules.put("one", wide);
        String createUser = apiCall("iam.amazonaws.com", "CreateUser", "alice", "192.0.2.1");
        String deleteUser = apiCall("iam.amazonaws.com", "DeleteUser", "alice", "192.0.2.1");
        assertThat(rules.matchingRules(createUser)).containsExactlyInAnyOrder("one", "two");
        assertThat(rules.matchingRules(deleteUser)).containsExactly("one");

        assertThat(rules.remove("one")).isTrue();
        assertThat(rules.remove("one")).isFalse();
        assertThat(rules.matchingRules(createUser)).containsExactly("two");
        assertThat(rules.matchingRules(deleteUser)).isEmpty();

        rules.put("two", either);
        assertThat(rules.matchingRules(createUser)).containsExactly("two");
        assertThat(rules.remove("two")).isTrue();
        assertThat(rules.pattern("two")).isEmpty();
        assertThat(rules.machineIsEmpty()).isTrue();
    }

    @Test
    void refusesAnEventThatIsNotAnObject()
    {
        EventRules rules = new EventRules();
        rules.put("any", EventPattern.parse("{\"source\": [{\"exists\": true}]}"));
        assertThatThrownBy(() -> rules.matchingRules("\"aws.iam\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rules.matchingRules("{")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rules.matchingRules(Json.mapper().createArrayNode())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Events are matched from many threads while rules change: a rule that stays is matched every time. */
    @Test
    void matchesWhileRulesChange()
            throws Exception
    {
        EventRules rules = new EventRules();
        rules.put("steady", EventPattern.parse("{\"detail\": {\"eventName\": [\"CreateUser\"]}}"));
        String event = apiCall("iam.amazonaws.com", "CreateUser", "alice", "192.0.2.1");
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> matchers = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                matchers.add(threads.submit(() -> {
                    for (int i = 0; i < 3_000; i++) {
                        assertThat(rules.matchingRules(event)).contains("steady");
                    }
                }));
            }
            Future<?> changer = threads.submit(() -> {
                for (int i = 0; i < 2_000; i++) {
                    rules.put("churn-" + (i % 50), EventPattern.parse("""
                            {"detail": {"eventName": ["CreateUser"], "userIdentity": {"userName": [{"prefix": "a%d"}]}}}""".formatted(i)));
                    if (i % 3 == 0) {
                        rules.remove("churn-" + (i % 50));
                    }
                }
            });
            changer.get(1, TimeUnit.MINUTES);
            for (Future<?> matcher : matchers) {
                matcher.get(1, TimeUnit.MINUTES);
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(rules.matchingRules(event)).contains("steady");
    }
}
