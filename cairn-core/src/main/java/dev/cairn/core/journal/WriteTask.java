package dev.cairn.core.journal;

import dev.cairn.core.CairnException;
import dev.cairn.model.EventRecord;
import dev.cairn.spi.MetadataWriter;
import dev.cairn.spi.OutboxWriter;

import java.io.IOException;
import java.util.Optional;

/**
 * A state change and the event that records it, run by the journal writer inside a batch. If {@link #apply} throws
 * a {@link CairnException} its changes are rolled back and {@link #recordFailure} is appended instead, so the
 * failure is recorded and the state unchanged. Internal changes that are not API calls (creating an account) record
 * nothing.
 */
public interface WriteTask<R>
{
    R apply(MetadataWriter metadata)
            throws IOException;

    /**
     * The change, given the batch's outbox too: messages to deliver that commit with the change and roll back with it
     * (SNS deliveries). By default the change of metadata alone.
     */
    default R apply(MetadataWriter metadata, OutboxWriter outbox)
            throws IOException
    {
        return apply(metadata);
    }

    Optional<EventRecord> recordSuccess(R result);

    Optional<EventRecord> recordFailure(CairnException error);

    /** A change of metadata alone. */
    @FunctionalInterface
    interface Change<R>
    {
        R apply(MetadataWriter metadata)
                throws IOException;
    }

    /** A change that is not an API call (an account, delivery state, a signing key): it records nothing. */
    static <R> WriteTask<R> unrecorded(Change<R> change)
    {
        return new WriteTask<>()
        {
            @Override
            public R apply(MetadataWriter metadata)
                    throws IOException
            {
                return change.apply(metadata);
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
}
