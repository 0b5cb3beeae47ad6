package dev.cairn.core.ops.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.ops.Operation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;

import java.util.List;
import java.util.Optional;

/**
 * What every SNS operation shares: its service, and for operations on one topic that topic's ARN as the resource IAM
 * authorizes ({@code arn:aws:sns:REGION:ACCOUNT:TOPIC}) and event history reports. Input that breaks the model's
 * constraints is answered as SNS answers it, with {@code ValidationError}.
 */
interface SnsOperation
        extends Operation
{
    @Override
    default Service service()
    {
        return Service.SNS;
    }

    /** The topic the call names, as given (its ARN); empty for calls on no one topic. */
    default Optional<String> topicArn(CallContext call)
    {
        return Sns.optionalText(call, "TopicArn");
    }

    @Override
    default List<String> resources(CallContext call, MetadataReader metadata)
    {
        return topicArn(call).map(List::of).orElse(List.of("*"));
    }

    @Override
    default List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return topicArn(call).map(arn -> List.of(new LookupResource(Sns.TOPIC_TYPE, arn))).orElse(List.of());
    }
}
