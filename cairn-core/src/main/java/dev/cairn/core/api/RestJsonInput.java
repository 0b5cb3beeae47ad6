package dev.cairn.core.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;

import java.util.List;
import java.util.Map;

/**
 * The input of a REST-JSON call as one object keyed by model member names, as the other protocols' inputs are: the
 * JSON body's members, and the members the model carries in the query string ({@code "location": "querystring"},
 * e.g. PutAuditEvents' {@code channelArn} and {@code externalId}) taken from there as strings.
 */
public final class RestJsonInput
{
    private RestJsonInput() {}

    /**
     * @param query the request's query parameters, decoded
     * @throws CairnException {@code SerializationException} when the body is not one JSON object, or a query string
     *         member is given twice
     */
    public static ObjectNode decode(Shape input, Map<String, List<String>> query, byte[] body)
    {
        ObjectNode decoded = JsonInput.parseObject(body);
        for (Shape.Member member : input.members().values()) {
            if (!member.inQueryString()) {
                continue;
            }
            // not a member of the body: ignored there, as members the model does not define are
            decoded.remove(member.name());
            List<String> values = query.get(member.wireName());
            if (values == null) {
                continue;
            }
            if (values.size() > 1) {
                throw new CairnException(ErrorCode.SERIALIZATION, "Query string parameter " + member.wireName() + " is given more than once.");
            }
            decoded.put(member.name(), values.get(0));
        }
        return decoded;
    }
}
