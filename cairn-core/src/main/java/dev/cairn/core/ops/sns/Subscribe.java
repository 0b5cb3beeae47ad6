package dev.cairn.core.ops.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.core.sns.ConfirmationTokens;
import dev.cairn.core.sns.SnsDeliveryMessage;
import dev.cairn.core.sns.SnsMessage;
import dev.cairn.core.sns.SnsRepository;
import dev.cairn.core.sns.SnsSubscription;
import dev.cairn.core.sns.SnsTopic;
import dev.cairn.spi.BatchWriters;
import dev.cairn.spi.MetadataWriter;
import dev.cairn.spi.OutboxWriter;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Subscribes an HTTP or HTTPS endpoint to a topic; SNS's other protocols are refused. The subscription is pending until
 * the endpoint confirms it with the token of its SubscriptionConfirmation, and the answer says
 * {@code pending confirmation} unless {@code ReturnSubscriptionArn} asks for the ARN. Subscribing an endpoint again
 * answers its confirmed subscription, or makes a new token for its pending one. The SubscriptionConfirmation (with the
 * token, whose SHA-256 alone the subscription keeps) goes to the outbox in the call's batch.
 */
public final class Subscribe
        implements WriteOperation, SnsOperation
{
    /** What Subscribe answers for a subscription that waits for its endpoint's confirmation. */
    public static final String PENDING_CONFIRMATION = "pending confirmation";
    private static final Set<String> PROTOCOLS = Set.of("http", "https");
    /** SNS's protocols that Cairn does not deliver to. */
    private static final Set<String> UNSUPPORTED_PROTOCOLS = Set.of("email", "email-json", "sms", "sqs", "application", "lambda", "firehose");

    @Override
    public String name()
    {
        return "Subscribe";
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
    {
        throw new IllegalStateException("Subscribe needs the batch's outbox");
    }

    @Override
    public ObjectNode execute(CallContext call, BatchWriters batch)
            throws IOException
    {
        MetadataWriter metadata = batch.metadata();
        OutboxWriter outbox = batch.outbox();
        String protocol = Sns.text(call, "Protocol");
        if (!PROTOCOLS.contains(protocol)) {
            throw Sns.invalidParameter(UNSUPPORTED_PROTOCOLS.contains(protocol)
                    ? "Protocol Reason: Cairn delivers to the http and https protocols only, not " + protocol
                    : "Amazon SNS does not support this protocol string: " + protocol + " (Cairn supports http and https)");
        }
        String endpoint = checkedEndpoint(protocol, Sns.optionalText(call, "Endpoint").orElse(""));
        if (!call.input().path("Attributes").isEmpty()) {
            throw Sns.invalidParameter("Attributes Reason: Cairn does not support subscription attributes");
        }
        SnsRepository repository = new SnsRepository(metadata);
        SnsTopic topic = Sns.requireTopic(repository, call, Sns.text(call, "TopicArn"));
        boolean returnArn = call.input().path("ReturnSubscriptionArn").asBoolean(false);

        String token = ConfirmationTokens.newToken();
        SnsSubscription subscription = find(repository, topic, protocol, endpoint).orElse(null);
        if (subscription != null && subscription.confirmed()) {
            return output(subscription.arn());
        }
        if (subscription == null) {
            subscription = new SnsSubscription(topic.accountId(), topic.region(), topic.name(), UUID.randomUUID().toString(), call.accountId(), protocol, endpoint,
                    false, ConfirmationTokens.sha256Hex(token), call.receivedAt(), false);
        }
        else {
            subscription = subscription.withToken(ConfirmationTokens.sha256Hex(token), call.receivedAt());
        }
        repository.put(subscription);
        // the SubscriptionConfirmation, with the token: it commits with the subscription, or neither does
        SnsDeliveryMessage confirmation = new SnsDeliveryMessage(SnsMessage.Type.SUBSCRIPTION_CONFIRMATION, UUID.randomUUID().toString(), topic.arn(), subscription.arn(),
                endpoint, Optional.empty(), "", call.receivedAt(), Map.of(), Optional.of(token), topic.signatureVersion().value(),
                topic.deliveryPolicy().effectiveJson());
        outbox.enqueue(confirmation.destination(), confirmation.toBytes(), call.receivedAt());
        return output(returnArn ? subscription.arn() : PENDING_CONFIRMATION);
    }

    private static Optional<SnsSubscription> find(SnsRepository repository, SnsTopic topic, String protocol, String endpoint)
            throws IOException
    {
        String after = "";
        while (true) {
            List<SnsSubscription> page = repository.topicSubscriptions(topic.accountId(), topic.region(), topic.name(), after, 1_000);
            for (SnsSubscription existing : page) {
                if (existing.protocol().equals(protocol) && existing.endpoint().equals(endpoint)) {
                    return Optional.of(existing);
                }
            }
            if (page.size() < 1_000) {
                return Optional.empty();
            }
            after = SnsRepository.subscriptionKey(topic.name(), page.get(page.size() - 1).id());
        }
    }

    private static ObjectNode output(String subscriptionArn)
    {
        ObjectNode output = Sns.NODES.objectNode();
        output.put("SubscriptionArn", subscriptionArn);
        return output;
    }

    /** An absolute URL of the protocol's scheme with a host. */
    private static String checkedEndpoint(String protocol, String endpoint)
    {
        URI uri;
        try {
            uri = new URI(endpoint);
        }
        catch (URISyntaxException e) {
            throw Sns.invalidParameter("Endpoint Reason: not a valid URL");
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals(protocol) || uri.getHost() == null) {
            throw Sns.invalidParameter("Endpoint Reason: an " + protocol + " subscription's endpoint is an absolute " + protocol + ":// URL");
        }
        return endpoint;
    }
}
