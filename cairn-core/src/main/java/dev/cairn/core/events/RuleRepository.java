package dev.cairn.core.events;

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
 * The rules of accounts' default event buses as metadata documents, {@code events.rule / account/region/default / name},
 * each with its targets. Names are case-sensitive and listed in the store's key order.
 */
public final class RuleRepository
{
    static final String RULE = "events.rule";

    private final MetadataReader reader;
    private final ObjectMapper mapper = Json.mapper();

    public RuleRepository(MetadataReader reader)
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

    /** The scope of a bus's rules: the account, the region and the bus. */
    static String scope(String accountId, String region)
    {
        return accountId + "/" + region + "/" + Rule.DEFAULT_EVENT_BUS;
    }

    public Optional<Rule> rule(String accountId, String region, String name)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(RULE, scope(accountId, region), name);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), Rule.class));
    }

    /** Rules whose names start with {@code prefix}, after {@code afterName} (empty: from the first), at most {@code limit}. */
    public List<Rule> rules(String accountId, String region, String prefix, String afterName, int limit)
            throws IOException
    {
        List<Rule> rules = new ArrayList<>();
        for (Document document : reader.list(RULE, scope(accountId, region), prefix, afterName, limit)) {
            rules.add(mapper.readValue(document.value(), Rule.class));
        }
        return rules;
    }

    /** How many rules the account's default bus has in the region. */
    public int count(String accountId, String region)
            throws IOException
    {
        return reader.count(RULE, scope(accountId, region), "");
    }

    /** Adds the rule or replaces the rule of that name. */
    public void put(Rule rule)
            throws IOException
    {
        writer().put(RULE, scope(rule.accountId(), rule.region()), rule.name(), mapper.writeValueAsBytes(rule));
    }

    /** Deletes the rule with its targets; false if there was none. */
    public boolean delete(String accountId, String region, String name)
            throws IOException
    {
        return writer().delete(RULE, scope(accountId, region), name);
    }
}
