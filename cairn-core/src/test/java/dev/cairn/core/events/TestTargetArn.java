package dev.cairn.core.events;

import org.junit.jupiter.api.Test;

import static dev.cairn.core.events.TargetArn.Kind.API_DESTINATION;
import static dev.cairn.core.events.TargetArn.Kind.LOG_GROUP;
import static dev.cairn.core.events.TargetArn.Kind.SNS_TOPIC;
import static dev.cairn.core.events.TargetArn.Kind.SQS_QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

public class TestTargetArn
{
    @Test
    public void kindsCairnDeliversTo()
    {
        assertThat(TargetArn.parse("arn:aws:logs:us-east-1:111122223333:log-group:/aws/events/all"))
                .contains(new TargetArn(LOG_GROUP, "us-east-1", "111122223333", "/aws/events/all"));
        assertThat(TargetArn.parse("arn:aws:logs:us-east-1:111122223333:log-group:/aws/events/all:*"))
                .contains(new TargetArn(LOG_GROUP, "us-east-1", "111122223333", "/aws/events/all"));
        assertThat(TargetArn.parse("arn:aws:sns:eu-west-1:111122223333:alerts")).contains(new TargetArn(SNS_TOPIC, "eu-west-1", "111122223333", "alerts"));
        assertThat(TargetArn.parse("arn:aws:sns:eu-west-1:111122223333:alerts.fifo")).contains(new TargetArn(SNS_TOPIC, "eu-west-1", "111122223333", "alerts.fifo"));
        assertThat(TargetArn.parse("arn:aws:events:us-east-1:111122223333:api-destination/hook/2b6a5e3c-1111-4c5e-9a2b-1234567890ab"))
                .contains(new TargetArn(API_DESTINATION, "us-east-1", "111122223333", "hook"));
        assertThat(TargetArn.parse("arn:aws:sqs:us-east-1:111122223333:dead-letters")).contains(new TargetArn(SQS_QUEUE, "us-east-1", "111122223333", "dead-letters"));
    }

    @Test
    public void otherArnsAreOfNoKind()
    {
        assertThat(TargetArn.parse("arn:aws:lambda:us-east-1:111122223333:function:f")).isEmpty();
        assertThat(TargetArn.parse("arn:aws:logs:us-east-1:111122223333:log-group:/g:log-stream:s")).isEmpty();
        assertThat(TargetArn.parse("arn:aws:sns:us-east-1:111122223333:a:b")).isEmpty();
        assertThat(TargetArn.parse("arn:aws:sns:us-east-1:1111:topic")).isEmpty();
        assertThat(TargetArn.parse("arn:aws:events:us-east-1:111122223333:api-destination/hook")).isEmpty();
        assertThat(TargetArn.parse("arn:aws:events:us-east-1:111122223333:event-bus/default")).isEmpty();
        assertThat(TargetArn.parse("not an arn")).isEmpty();
    }
}
