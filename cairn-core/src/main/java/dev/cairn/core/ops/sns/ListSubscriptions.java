package dev.cairn.core.ops.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsSubscription;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.util.List;

/**
 * The subscriptions of the account's topics in the call's region, by topic, 100 a page; a pending one's
 * {@code SubscriptionArn} is {@code PendingConfirmation}, as in SNS.
 */
public final class ListSubscriptions
        implements ReadOperation, SnsOperation
{
    @Override
    public String name()
    {
        return "ListSubscriptions";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        List<SnsSubscription> page = new SnsRepository(metadata).subscriptions(call.accountId(), call.region(), Sns.afterKey(call), Sns.PAGE_SIZE + 1);
        boolean more = page.size() > Sns.PAGE_SIZE;
        return Sns.subscriptionPage(more ? page.subList(0, Sns.PAGE_SIZE) : page, more);
    }
}
