package dev.cairn.core.history;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.cairn.core.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

public class TestJsonStringBytes
{
    @Test
    public void escapedBytesReadBackAsTheOriginalText()
            throws Exception
    {
        String original = "{\"a\":\"quote \\\" backslash \\\\ ünïcödé 🐢\",\n\t\"b\":[1,2]}\u0001";
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putRawValue("CloudTrailEvent", new RawValue(new JsonStringBytes(original.getBytes(StandardCharsets.UTF_8))));
        node.put("after", 1);
        String serialized = Json.mapper().writeValueAsString(node);
        assertThat(Json.mapper().readTree(serialized).get("CloudTrailEvent").asText()).isEqualTo(original);
        assertThat(Json.mapper().readTree(serialized).get("after").asInt()).isEqualTo(1);
        // the same as Jackson's own escaping, byte for byte, where Jackson does not choose another escape
        String plain = "{\"eventVersion\":\"1.11\",\"userAgent\":\"aws-cli/2 \\\\ x\"}";
        assertThat(new String(JsonStringBytes.quote(plain.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo(Json.mapper().writeValueAsString(plain));
    }
}
