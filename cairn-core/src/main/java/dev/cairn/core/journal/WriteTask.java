package dev.cairn.core.journal;

import dev.cairn.core.CairnException;
import dev.cairn.model.EventRecord;
import dev.cairn.spi.BatchWriters;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A state change and the event that records it, run by the journal writer inside a batch. If {@link #apply} throws
 * a {@link CairnException} its changes are rolled back and {@link #recordFailure} is appended instead, so the
 * failure is recorded and the state unchanged. Internal changes that are not API calls (creating an account) record
 * nothing.
 */
public interface WriteTask<R>
{
    R apply(BatchWriters batch)
            throws IOException;

    /**
     * Whether the task may change metadata. After a batch with such a task the journal tells its listener that metadata
     * changed (which drops this node's caches of identities and trails); a task that writes only log events does not.
     */
    default boolean changesMetadata()
    {
        return true;
    }

    Optional<EventRecord> recordSuccess(R result);

    /**
     * Journal entries a successful task adds after its record, in the same batch, so that they are durable when the
     * call is acknowledged and roll back with it: the events a call brings in (PutAuditEvents' events from outside
     * AWS). None by default.
     */
    default List<EventRecord> entries(R result)
    {
        return List.of();
    }

    Optional<EventRecord> recordFailure(CairnException error);

    /** A change of metadata alone. */
    @FunctionalInterface
    interface Change<R>
    {
        R apply(MetadataWriter metadata)
                throws IOException;
    }

    /** A change of metadata and log events. */
    @FunctionalInterface
    interface BatchChange<R>
    {
        R apply(BatchWriters batch)
                throws IOException;
    }

    /**
     * A change that is not an API call and records nothing, which may write log events as well (trail delivery to a
     * log group), and says whether it changes metadata.
     */
    static <R> WriteTask<R> unrecorded(BatchChange<R> change, boolean changesMetadata)
    {
        return new WriteTask<>()
        {
            @Override
            public R apply(BatchWriters batch)
                    throws IOException
            {
                return change.apply(batch);
            }

            @Override
            public boolean changesMetadata()
            {
                return changesMetadata;
            }

            @Override
            public Optional<EventRecord> recordSuccess(R result)
            {
                return Optional.empty();
            }

            @Override
            public Optional<EventRecord> recordFailure(CairnException error)
            {
                return Optional.empty();
            }
        };
    }

    /** A change that is not an API call (an account, delivery state, a signing key): it records nothing. */
    static <R> WriteTask<R> unrecorded(Change<R> change)
    {
        return unrecorded(batch -> change.apply(batch.metadata()), true);
    }
}
