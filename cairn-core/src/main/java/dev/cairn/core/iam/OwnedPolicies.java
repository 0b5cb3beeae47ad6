package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.spi.Document;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The inline policies and attached managed policies of one kind of IAM identity (users, groups, roles), as metadata
 * documents scoped by account: {@code <inline kind> / account / lower(owner)/lower(policy)} holding the
 * {@link InlinePolicy}, and {@code <attached kind> / account / lower(owner)/<policy ARN>}. Names are unique regardless
 * of case; documents keep the case they were given.
 */
final class OwnedPolicies
{
    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

    private final MetadataReader reader;
    private final String inlineKind;
    private final String attachedKind;
    private final ObjectMapper mapper = Json.mapper();

    OwnedPolicies(MetadataReader reader, String inlineKind, String attachedKind)
    {
        this.reader = requireNonNull(reader, "reader is null");
        this.inlineKind = requireNonNull(inlineKind, "inlineKind is null");
        this.attachedKind = requireNonNull(attachedKind, "attachedKind is null");
    }

    private MetadataWriter writer()
    {
        if (!(reader instanceof MetadataWriter writer)) {
            throw new IllegalStateException("read-only access");
        }
        return writer;
    }

    Optional<InlinePolicy> inline(String accountId, String owner, String policyName)
            throws IOException
    {
        Optional<byte[]> bytes = reader.get(inlineKind, accountId, ownerPrefix(owner) + nameKey(policyName));
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), InlinePolicy.class));
    }

    /** In key order (lowercased names). */
    List<InlinePolicy> inline(String accountId, String owner)
            throws IOException
    {
        List<InlinePolicy> policies = new ArrayList<>();
        for (Document document : reader.list(inlineKind, accountId, ownerPrefix(owner), "", Integer.MAX_VALUE)) {
            policies.add(mapper.readValue(document.value(), InlinePolicy.class));
        }
        return policies;
    }

    /** Adds or replaces the policy of that name (in any case). */
    void putInline(String accountId, String owner, InlinePolicy policy)
            throws IOException
    {
        writer().put(inlineKind, accountId, ownerPrefix(owner) + nameKey(policy.policyName()), mapper.writeValueAsBytes(policy));
    }

    boolean deleteInline(String accountId, String owner, String policyName)
            throws IOException
    {
        return writer().delete(inlineKind, accountId, ownerPrefix(owner) + nameKey(policyName));
    }

    /** In key order (ARNs). */
    List<String> attachedArns(String accountId, String owner)
            throws IOException
    {
        String prefix = ownerPrefix(owner);
        return reader.list(attachedKind, accountId, prefix, "", Integer.MAX_VALUE).stream()
                .map(document -> document.key().substring(prefix.length()))
                .toList();
    }

    /** Returns false when already attached. */
    boolean attach(String accountId, String owner, String policyArn)
            throws IOException
    {
        return writer().insert(attachedKind, accountId, ownerPrefix(owner) + policyArn, EMPTY);
    }

    boolean detach(String accountId, String owner, String policyArn)
            throws IOException
    {
        return writer().delete(attachedKind, accountId, ownerPrefix(owner) + policyArn);
    }

    /** How many identities of this kind in the account have the policy attached. */
    int attachmentCount(String accountId, String policyArn)
            throws IOException
    {
        int count = 0;
        for (Document document : reader.list(attachedKind, accountId, "", "", Integer.MAX_VALUE)) {
            if (document.key().endsWith("/" + policyArn)) {
                count++;
            }
        }
        return count;
    }

    private static String ownerPrefix(String owner)
    {
        return nameKey(owner) + "/";
    }

    private static String nameKey(String name)
    {
        return name.toLowerCase(Locale.ROOT);
    }
}
