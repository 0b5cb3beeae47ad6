package dev.cairn.core.s3;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.Optional;

/**
 * The S3 gateway's buckets as metadata documents: {@code s3.bucket / "" / name} (bucket names are global, as in S3).
 */
public final class GatewayBuckets
{
    static final String BUCKET = "s3.bucket";

    private final MetadataReader reader;
    private final ObjectMapper mapper = Json.mapper();

    public GatewayBuckets(MetadataReader reader)
    {
        this.reader = requireNonNull(reader, "reader is null");
    }

    public Optional<GatewayBucket> bucket(String name)
            throws IOException
    {
        Optional<byte[]> value = reader.get(BUCKET, "", name);
        return value.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(value.get(), GatewayBucket.class));
    }

    /** Inserts the bucket unless one of its name is kept; returns whether it was inserted. */
    public boolean insert(GatewayBucket bucket)
            throws IOException
    {
        return writer().insert(BUCKET, "", bucket.name(), mapper.writeValueAsBytes(bucket));
    }

    public void put(GatewayBucket bucket)
            throws IOException
    {
        writer().put(BUCKET, "", bucket.name(), mapper.writeValueAsBytes(bucket));
    }

    public boolean delete(String name)
            throws IOException
    {
        return writer().delete(BUCKET, "", name);
    }

    private MetadataWriter writer()
    {
        if (!(reader instanceof MetadataWriter writer)) {
            throw new IllegalStateException("read-only access");
        }
        return writer;
    }
}
