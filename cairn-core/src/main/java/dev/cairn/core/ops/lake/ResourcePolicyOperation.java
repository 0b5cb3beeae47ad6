package dev.cairn.core.ops.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.lake.Channel;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.ops.Operation;
import dev.cairn.model.LookupResource;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The common parts of Put, Get and DeleteResourcePolicy: the resource named by {@code ResourceArn}, a channel or an
 * event data store of the caller's account. Dashboards, which Cairn does not have, and other resources are refused
 * ({@code ResourceTypeNotSupportedException}).
 */
interface ResourcePolicyOperation
        extends Operation
{
    String MEMBER = "ResourceArn";
    Pattern CHANNEL_ARN = Pattern.compile("arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\\d{12}:channel/.+");
    Pattern EVENT_DATA_STORE_ARN = Pattern.compile("arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\\d{12}:eventdatastore/.+");
    Pattern OTHER_CLOUDTRAIL_ARN = Pattern.compile("arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\\d{12}:[a-z]+/.+");

    /** The resource a policy is attached to: a channel or an event data store. */
    sealed interface Target
            permits ChannelTarget, EventDataStoreTarget
    {
        Optional<String> policy();

        String arn();

        /** Stores the resource with this policy (or none). */
        void put(MetadataWriter metadata, Optional<String> policy)
                throws IOException;
    }

    record ChannelTarget(Channel channel)
            implements Target
    {
        @Override
        public Optional<String> policy()
        {
            return channel.resourcePolicy();
        }

        @Override
        public String arn()
        {
            return channel.arn();
        }

        @Override
        public void put(MetadataWriter metadata, Optional<String> policy)
                throws IOException
        {
            new LakeRepository(metadata).put(channel.withResourcePolicy(policy));
        }
    }

    record EventDataStoreTarget(EventDataStore store)
            implements Target
    {
        @Override
        public Optional<String> policy()
        {
            return store.resourcePolicy();
        }

        @Override
        public String arn()
        {
            return store.arn();
        }

        @Override
        public void put(MetadataWriter metadata, Optional<String> policy)
                throws IOException
        {
            EventDataStore.Builder builder = store.toBuilder();
            builder.resourcePolicy = policy;
            new LakeRepository(metadata).put(builder.build());
        }
    }

    @Override
    default Service service()
    {
        return Service.CLOUDTRAIL;
    }

    @Override
    default List<String> resources(CallContext call, MetadataReader metadata)
    {
        return EventDataStores.optionalText(call, MEMBER).map(List::of).orElse(List.of("*"));
    }

    @Override
    default List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        Optional<String> arn = EventDataStores.optionalText(call, MEMBER);
        if (arn.isEmpty()) {
            return List.of();
        }
        if (CHANNEL_ARN.matcher(arn.get()).matches()) {
            return List.of(new LookupResource(Channels.CHANNEL_TYPE, arn.get()));
        }
        if (EVENT_DATA_STORE_ARN.matcher(arn.get()).matches()) {
            return List.of(new LookupResource(EventDataStores.EVENT_DATA_STORE_TYPE, arn.get()));
        }
        return List.of();
    }

    @Override
    default Optional<ErrorCode> validationError(String member)
    {
        return Optional.of(switch (member) {
            case MEMBER -> ErrorCode.RESOURCE_ARN_NOT_VALID;
            case "ResourcePolicy" -> ErrorCode.RESOURCE_POLICY_NOT_VALID;
            default -> ErrorCode.INVALID_PARAMETER;
        });
    }

    /** The channel or event data store of the caller's account the call names (an event data store from its home region). */
    static Target target(CallContext call, MetadataReader metadata)
            throws IOException
    {
        String arn = EventDataStores.text(call, MEMBER);
        if (CHANNEL_ARN.matcher(arn).matches()) {
            return new ChannelTarget(Channels.find(call, metadata, arn).orElseThrow(() -> notFound(arn)));
        }
        if (EVENT_DATA_STORE_ARN.matcher(arn).matches()) {
            EventDataStore store;
            try {
                store = EventDataStores.find(call, metadata, arn).filter(found -> found.accountId().equals(call.accountId())).orElseThrow(() -> notFound(arn));
            }
            catch (CairnException e) {
                if (e.errorCode() == ErrorCode.EVENT_DATA_STORE_ARN_INVALID) {
                    throw invalidArn(arn);
                }
                throw e;
            }
            if (!store.homeRegion().equals(call.region())) {
                throw new CairnException(ErrorCode.INVALID_HOME_REGION, "The resource policy of event data store " + store.arn() + " is managed from its home region, "
                        + store.homeRegion() + ".");
            }
            return new EventDataStoreTarget(store);
        }
        if (OTHER_CLOUDTRAIL_ARN.matcher(arn).matches()) {
            throw new CairnException(ErrorCode.RESOURCE_TYPE_NOT_SUPPORTED, "Resource " + arn + " cannot have a resource policy in Cairn: channels and event data "
                    + "stores can (Cairn has no dashboards).");
        }
        throw invalidArn(arn);
    }

    private static CairnException invalidArn(String arn)
    {
        return new CairnException(ErrorCode.RESOURCE_ARN_NOT_VALID, "Resource ARN " + arn + " is not valid: use the ARN of a channel "
                + "(arn:aws:cloudtrail:<region>:<account>:channel/<id>) or an event data store (arn:aws:cloudtrail:<region>:<account>:eventdatastore/<id>).");
    }

    private static CairnException notFound(String arn)
    {
        return new CairnException(ErrorCode.RESOURCE_NOT_FOUND, "Resource " + arn + " not found.");
    }
}
