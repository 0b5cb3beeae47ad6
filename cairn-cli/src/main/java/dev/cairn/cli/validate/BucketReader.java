package dev.cairn.cli.validate;

import dev.cairn.spi.BucketStore;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** What validation reads from a bucket: keys by prefix, and objects with their user metadata. Thread-safe. */
public interface BucketReader
{
    /** The object's bytes and user metadata ({@code x-amz-meta-*} names without the prefix), when it exists. */
    Optional<BucketStore.StoredObject> get(String bucket, String key)
            throws IOException;

    /** Keys of the bucket that start with {@code prefix}, in ascending order. */
    List<String> list(String bucket, String prefix)
            throws IOException;

    /** Reads buckets of a {@link BucketStore}, e.g. Cairn's bucket directories. */
    static BucketReader of(BucketStore store)
    {
        return new BucketReader()
        {
            @Override
            public Optional<BucketStore.StoredObject> get(String bucket, String key)
                    throws IOException
            {
                return store.get(bucket, key);
            }

            @Override
            public List<String> list(String bucket, String prefix)
                    throws IOException
            {
                return store.list(bucket, prefix);
            }
        };
    }
}
