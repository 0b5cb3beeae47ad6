package dev.cairn.core.sns;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.spi.Document;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Topics and their subscriptions as metadata documents: {@code sns.topic / account/region / name} and
 * {@code sns.subscription / account/region / topic:id}. A topic name has no colon, so one topic's subscriptions are
 * the keys that start with its name and a colon, and all of a region's subscriptions list in topic order.
 */
public final class SnsRepository
{
    static final String TOPIC = "sns.topic";
    static final String SUBSCRIPTION = "sns.subscription";

    private final MetadataReader reader;
    private final ObjectMapper mapper = Json.mapper();

    public SnsRepository(MetadataReader reader)
    {
        this.reader = requireNonNull(reader, "reader is null");
    }

    private MetadataWriter writer()
    {
        if (!(reader instanceof MetadataWriter writer)) {
            throw new IllegalStateException("read-only access");
        }
        return writer;
    }

    private static String scope(String accountId, String region)
    {
        return accountId + "/" + region;
    }

    /** The key of a subscription in its region: its topic's name, a colon, its id; also the paging position of ListSubscriptions. */
    public static String subscriptionKey(String topicName, String id)
    {
        return topicName + ":" + id;
    }

    public Optional<SnsTopic> topic(String accountId, String region, String name)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(TOPIC, scope(accountId, region), name);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), SnsTopic.class));
    }

    /** Topics in name order after {@code afterName} (empty: from the first), at most {@code limit}. */
    public List<SnsTopic> topics(String accountId, String region, String afterName, int limit)
            throws IOException
    {
        List<SnsTopic> topics = new ArrayList<>();
        for (Document document : reader.list(TOPIC, scope(accountId, region), "", afterName, limit)) {
            topics.add(mapper.readValue(document.value(), SnsTopic.class));
        }
        return topics;
    }

    /** Adds the topic; false if one of that name exists. */
    public boolean insert(SnsTopic topic)
            throws IOException
    {
        return writer().insert(TOPIC, scope(topic.accountId(), topic.region()), topic.name(), mapper.writeValueAsBytes(topic));
    }

    public void put(SnsTopic topic)
            throws IOException
    {
        writer().put(TOPIC, scope(topic.accountId(), topic.region()), topic.name(), mapper.writeValueAsBytes(topic));
    }

    /** Deletes the topic and its subscriptions; false if there was none. */
    public boolean deleteTopic(String accountId, String region, String name)
            throws IOException
    {
        String scope = scope(accountId, region);
        for (Document document : reader.list(SUBSCRIPTION, scope, subscriptionKey(name, ""), "", Integer.MAX_VALUE)) {
            writer().delete(SUBSCRIPTION, scope, document.key());
        }
        return writer().delete(TOPIC, scope, name);
    }

    public Optional<SnsSubscription> subscription(String accountId, String region, String topicName, String id)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(SUBSCRIPTION, scope(accountId, region), subscriptionKey(topicName, id));
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), SnsSubscription.class));
    }

    /** The region's subscriptions, by topic, after the one of key {@code afterKey} (empty: from the first), at most {@code limit}. */
    public List<SnsSubscription> subscriptions(String accountId, String region, String afterKey, int limit)
            throws IOException
    {
        return read(reader.list(SUBSCRIPTION, scope(accountId, region), "", afterKey, limit));
    }

    /** A topic's subscriptions in id order, after the one of key {@code afterKey} (empty: from the first), at most {@code limit}. */
    public List<SnsSubscription> topicSubscriptions(String accountId, String region, String topicName, String afterKey, int limit)
            throws IOException
    {
        return read(reader.list(SUBSCRIPTION, scope(accountId, region), subscriptionKey(topicName, ""), afterKey, limit));
    }

    private List<SnsSubscription> read(List<Document> documents)
            throws IOException
    {
        List<SnsSubscription> subscriptions = new ArrayList<>(documents.size());
        for (Document document : documents) {
            subscriptions.add(mapper.readValue(document.value(), SnsSubscription.class));
        }
        return subscriptions;
    }

    /** Adds or replaces the subscription. */
    public void put(SnsSubscription subscription)
            throws IOException
    {
        writer().put(SUBSCRIPTION, scope(subscription.accountId(), subscription.region()), subscriptionKey(subscription.topicName(), subscription.id()),
                mapper.writeValueAsBytes(subscription));
    }

    public boolean deleteSubscription(String accountId, String region, String topicName, String id)
            throws IOException
    {
        return writer().delete(SUBSCRIPTION, scope(accountId, region), subscriptionKey(topicName, id));
    }
}
