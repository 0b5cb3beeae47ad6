package dev.cairn.core.api;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class TestJsonInput
{
    @Test
    public void readsOneObject()
    {
        assertThat(parse("{\"Name\":\"trail\",\"Tags\":[{\"Key\":\"k\"}]}").get("Name").asText()).isEqualTo("trail");
        assertThat(parse(" {\"Name\" : \"trail\"} \n").get("Name").asText()).isEqualTo("trail");
        assertThat(parse("")).isEmpty();
        assertThat(parse("{}")).isEmpty();
        // exact decimals: 1e400 stays a (large) number, not an infinity
        assertThat(parse("{\"n\":1e400}").get("n").decimalValue()).isEqualByComparingTo("1e400");
    }

    @Test
    public void refusesWhatAwsRefuses()
    {
        for (String body : new String[] {
                "{\"Name\":\"a\"} xyz",
                "{\"Name\":\"a\"}{}",
                "\uFEFF{\"Name\":\"a\"}",
                " \n\t",
                "{\"\":1}",
                "{\"a\":{\"\":1}}",
                "{\"a\":[{\"\":1}]}",
                "{\"Name\":\"a\",\"Name\":\"b\"}",
                "[]",
                "\"text\"",
                "null",
                "{\"n\":NaN}",
                "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
                "{\"n\":" + "9".repeat(2_000) + "}",
                "{not json",
        }) {
            assertThatThrownBy(() -> parse(body))
                    .as(body.length() > 40 ? body.substring(0, 40) : body)
                    .isInstanceOfSatisfying(CairnException.class, error -> assertThat(error.errorCode()).isEqualTo(ErrorCode.SERIALIZATION));
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode parse(String body)
    {
        return JsonInput.parseObject(body.getBytes(StandardCharsets.UTF_8));
    }
}
