package dev.cairn.core.eventbus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import dev.cairn.core.events.Target;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

public class TestEventTargetMessage
{
    private static final String EVENT = "{\"version\":\"0\",\"id\":\"e-1\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.iam\",\"account\":\"111122223333\","
            + "\"time\":\"2026-12-03T10:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"eventName\":\"CreateUser\",\"readOnly\":false,"
            + "\"requestParameters\":{\"userName\":\"al\\\"ice\"},\"userIdentity\":{\"arn\":\"arn:aws:iam::111122223333:root\"}}}";

    private static Target target(Optional<String> input, Optional<String> path, Optional<Target.InputTransformer> transformer)
    {
        return new Target("t", "arn:aws:logs:us-east-1:111122223333:log-group:g", Optional.empty(), input, path, transformer, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ObjectNode event()
            throws IOException
    {
        return (ObjectNode) Json.mapper().readTree(EVENT);
    }

    @Test
    public void targetsGetTheEventOrWhatTheirInputMakesOfIt()
            throws IOException
    {
        ObjectNode event = event();
        assertThat(EventTargetMessage.targetInput(event, "rule", target(Optional.empty(), Optional.empty(), Optional.empty()))).isEqualTo(event);
        assertThat(EventTargetMessage.targetInput(event, "rule", target(Optional.of("{\"fixed\":true}"), Optional.empty(), Optional.empty())).asText())
                .isEqualTo("{\"fixed\":true}");
        assertThat(EventTargetMessage.targetInput(event, "rule", target(Optional.empty(), Optional.of("$.detail.requestParameters"), Optional.empty())).toString())
                .isEqualTo("{\"userName\":\"al\\\"ice\"}");
        assertThat(EventTargetMessage.targetInput(event, "rule", target(Optional.empty(), Optional.of("$.detail.missing"), Optional.empty())).isNull()).isTrue();

        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("user", "$.detail.requestParameters.userName");
        paths.put("who", "$.detail.userIdentity.arn");
        paths.put("readOnly", "$.detail.readOnly");
        String text = EventTargetMessage.targetInput(event, "created-users", target(Optional.empty(), Optional.empty(), Optional.of(new Target.InputTransformer(paths,
                "{\"user\": \"<user>\", \"by\": \"<who>\", \"readOnly\": <readOnly>, \"rule\": \"<aws.events.rule-name>\"}")))).asText();
        assertThat(Json.mapper().readTree(text).toString())
                .isEqualTo("{\"user\":\"al\\\"ice\",\"by\":\"arn:aws:iam::111122223333:root\",\"readOnly\":false,\"rule\":\"created-users\"}");
        assertThat(EventTargetMessage.targetInput(event, "r", target(Optional.empty(), Optional.empty(), Optional.of(new Target.InputTransformer(Map.of("user",
                "$.detail.requestParameters.userName"), "User <user> was created")))).asText()).isEqualTo("User al\\\"ice was created");
    }

    @Test
    public void messagesSurviveTheOutbox()
            throws IOException
    {
        EventTargetMessage message = new EventTargetMessage("111122223333", "us-east-1", "rule", "t", "arn:aws:logs:us-east-1:111122223333:log-group:g", "e-1",
                event(), 185, Instant.parse("2026-12-04T10:00:00Z"), Optional.of("arn:aws:sns:us-east-1:111122223333:dead"));
        assertThat(EventTargetMessage.fromBytes(message.toBytes())).isEqualTo(message);
    }
}
