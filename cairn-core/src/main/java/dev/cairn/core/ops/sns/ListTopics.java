package dev.cairn.core.ops.sns;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsTopic;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;

/**
 * The account's topics in the call's region, by name, 100 a page with an opaque {@code NextToken}.
 */
public final class ListTopics
        implements ReadOperation, SnsOperation
{
    @Override
    public String name()
    {
        return "ListTopics";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        String after = Sns.afterKey(call);
        List<SnsTopic> page = new SnsRepository(metadata).topics(call.accountId(), call.region(), after, Sns.PAGE_SIZE + 1);
        boolean more = page.size() > Sns.PAGE_SIZE;
        if (more) {
            page = page.subList(0, Sns.PAGE_SIZE);
        }
        ObjectNode output = Sns.NODES.objectNode();
        ArrayNode topics = output.putArray("Topics");
        page.forEach(topic -> topics.addObject().put("TopicArn", topic.arn()));
        if (more) {
            output.put("NextToken", Sns.nextToken(page.get(page.size() - 1).name()));
        }
        return output;
    }
}
