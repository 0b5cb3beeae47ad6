package dev.cairn.core.ops.lake;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.lake.EventDataStore;
import dev.cairn.core.lake.LakeQueries;
import dev.cairn.core.lake.LakeQuery;
import dev.cairn.core.lake.LakeQueryState;
import dev.cairn.core.lake.LakeRepository;
import dev.cairn.core.lake.LakeTableSchema;
import dev.cairn.core.ops.WriteOperation;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a Lake query: the SQL (Lake's dialect, {@code dev.cairn.core.lake.LakeSql}) is checked and translated before
 * the call is queued, the query is stored {@code QUEUED} with the call, and runs once committed ({@link LakeQueries}).
 * Authorized on the stores it reads. A {@code DeliveryS3Uri}'s bucket must exist.
 */
public final class StartQuery
        implements QueryOperation, WriteOperation
{
    private static final Pattern S3_URI = Pattern.compile("s3://([^/]+)(/.*)?");

    private final LakeQueries queries;
    private final BucketStore buckets;

    public StartQuery(LakeQueries queries, BucketStore buckets)
    {
        this.queries = requireNonNull(queries, "queries is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
    }

    @Override
    public String name()
    {
        return "StartQuery";
    }

    @Override
    public List<String> resources(CallContext call, MetadataReader metadata)
    {
        try {
            List<String> arns = Queries.translate(call, metadata).stores().values().stream().map(EventDataStore::arn).toList();
            return arns.isEmpty() ? List.of("*") : arns;
        }
        catch (IOException | RuntimeException e) {
            // the call's execution reports what is wrong with the query
            return List.of("*");
        }
    }

    @Override
    public void prepare(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Queries.translate(call, metadata);
        Optional<String> delivery = EventDataStores.optionalText(call, "DeliveryS3Uri");
        if (delivery.isPresent()) {
            Matcher uri = S3_URI.matcher(delivery.get());
            if (!uri.matches()) {
                throw new CairnException(ErrorCode.INVALID_S3_BUCKET_NAME, "DeliveryS3Uri " + delivery.get() + " is not an S3 URI like s3://bucket/prefix.");
            }
            if (!buckets.bucketExists(uri.group(1))) {
                throw new CairnException(ErrorCode.S3_BUCKET_DOES_NOT_EXIST, "S3 bucket " + uri.group(1) + " does not exist.");
            }
        }
        queries.admit(call.accountId());
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException
    {
        Queries.Translated translated = Queries.translate(call, metadata);
        LakeQueryState query = LakeQueryState.queued(UUID.randomUUID().toString(), call.accountId(), call.region(), EventDataStores.text(call, "QueryStatement"),
                List.copyOf(translated.stores().keySet()), call.receivedAt(), EventDataStores.optionalText(call, "DeliveryS3Uri"), queries.node());
        new LakeRepository(metadata).put(query);
        ObjectNode output = EventDataStores.NODES.objectNode();
        output.put("QueryId", query.queryId());
        return output;
    }

    @Override
    public void committed(CallContext call, ObjectNode output)
    {
        String queryId = output.path("QueryId").asText();
        try {
            Started started = queries.read(reader -> {
                LakeRepository repository = new LakeRepository(reader);
                LakeQueryState query = repository.query(call.accountId(), queryId).orElseThrow();
                Map<String, LakeTableSchema> schemas = new LinkedHashMap<>();
                for (String storeId : query.storeIds()) {
                    schemas.put(storeId, LakeTableSchema.of(repository.eventDataStore(call.accountId(), storeId).orElseThrow().schema()));
                }
                return new Started(query, Queries.translate(call, reader).query(), schemas);
            });
            queries.start(started.query(), started.translated(), started.schemas());
        }
        catch (IOException | RuntimeException e) {
            queries.failToStart(call.accountId(), queryId, e);
        }
    }

    private record Started(LakeQueryState query, LakeQuery translated, Map<String, LakeTableSchema> schemas) {}
}
