package dev.cairn.core.journal;

import dev.cairn.core.CairnException;
import dev.cairn.model.EventRecord;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;

/**
 * A state change and the events that record it, run by the journal writer inside a batch. If {@link #apply} throws
 * a {@link CairnException} its changes are rolled back and {@link #recordFailure} is appended instead, so the
 * failure is recorded and the state unchanged.
 */
public interface WriteTask<R>
{
    R apply(MetadataWriter metadata)
            throws IOException;

    EventRecord recordSuccess(R result);

    EventRecord recordFailure(CairnException error);
}
