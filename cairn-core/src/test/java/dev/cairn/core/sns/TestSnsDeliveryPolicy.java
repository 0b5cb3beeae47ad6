package dev.cairn.core.sns;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class TestSnsDeliveryPolicy
{
    @Test
    public void theDefaultIsAwsDefaultForHttp()
            throws Exception
    {
        SnsDeliveryPolicy policy = SnsDeliveryPolicy.DEFAULT;
        assertThat(delays(policy)).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20));
        assertThat(policy.effectiveJson()).isEqualTo("{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,"
                + "\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false,"
                + "\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}");
        assertThat(SnsDeliveryPolicy.parse(policy.effectiveJson())).isEqualTo(policy);
        assertThat(SnsDeliveryPolicy.parse("{}")).isEqualTo(policy);
    }

    @Test
    public void retriesFollowThePhases()
            throws Exception
    {
        SnsDeliveryPolicy policy = SnsDeliveryPolicy.parse("{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":1,\"maxDelayTarget\":9,\"numRetries\":8,"
                + "\"numNoDelayRetries\":1,\"numMinDelayRetries\":2,\"numMaxDelayRetries\":2,\"backoffFunction\":\"linear\"},"
                + "\"defaultThrottlePolicy\":{\"maxReceivesPerSecond\":5}}}");
        assertThat(delays(policy)).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(9),
                Duration.ofSeconds(9), Duration.ofSeconds(9));
        assertThat(policy.maxReceivesPerSecond()).contains(5);
        assertThat(policy.delayBeforeRetry(9)).isEmpty();

        SnsDeliveryPolicy exponential = SnsDeliveryPolicy.parse("{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":2,\"maxDelayTarget\":100,"
                + "\"numRetries\":5,\"backoffFunction\":\"exponential\"}}}");
        List<Duration> delays = delays(exponential);
        assertThat(delays.get(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(delays.get(4)).isEqualTo(Duration.ofSeconds(100));
        assertThat(delays).isSorted();

        SnsDeliveryPolicy none = SnsDeliveryPolicy.parse("{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":0}}}");
        assertThat(none.delayBeforeRetry(1)).isEmpty();
    }

    @Test
    public void invalidPoliciesAreRefused()
    {
        for (String policy : List.of("not json", "[]", "{\"http\":1}",
                "{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":101}}}",
                "{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":-1}}}",
                "{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":\"three\"}}}",
                "{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":2,\"numNoDelayRetries\":3}}}",
                "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":0}}}",
                "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":30,\"maxDelayTarget\":20}}}",
                "{\"http\":{\"defaultHealthyRetryPolicy\":{\"maxDelayTarget\":3601}}}",
                "{\"http\":{\"defaultHealthyRetryPolicy\":{\"backoffFunction\":\"random\"}}}",
                "{\"http\":{\"defaultThrottlePolicy\":{\"maxReceivesPerSecond\":0}}}",
                "{\"http\":{\"defaultRequestPolicy\":{\"headerContentType\":\"image/png\"}}}")) {
            assertThatThrownBy(() -> SnsDeliveryPolicy.parse(policy)).as(policy).isInstanceOf(SnsDeliveryPolicy.InvalidDeliveryPolicyException.class);
        }
    }

    private static List<Duration> delays(SnsDeliveryPolicy policy)
    {
        List<Duration> delays = new ArrayList<>();
        for (int retry = 1; ; retry++) {
            Optional<Duration> delay = policy.delayBeforeRetry(retry);
            if (delay.isEmpty()) {
                return delays;
            }
            delays.add(delay.get());
        }
    }
}
