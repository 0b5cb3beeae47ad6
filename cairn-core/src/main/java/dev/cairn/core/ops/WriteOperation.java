package dev.cairn.core.ops;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.api.CallContext;
import dev.cairn.model.EventRecord;
import dev.cairn.spi.BatchWriters;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.List;

/**
 * An operation that changes state. It runs on the journal writer's thread inside the batch transaction; if it
 * throws, its changes are rolled back and the failure is recorded instead. Keep it short: no waiting, no I/O other
 * than the metadata (and log events) it is given.
 */
public interface WriteOperation
        extends Operation
{
    @Override
    default boolean readOnly()
    {
        return false;
    }

    /**
     * Checks that need I/O beyond the metadata (such as whether a bucket exists), on the caller's thread before the
     * call is queued for the journal writer. Throw a {@link dev.cairn.core.CairnException} to fail the call.
     */
    default void prepare(CallContext call, MetadataReader metadata)
            throws IOException
    {
    }

    ObjectNode execute(CallContext call, MetadataWriter metadata)
            throws IOException;

    /**
     * Runs the call with everything the batch lets it write. Operations that write log events override this (see
     * {@link LogEventsWriteOperation}); the others change metadata alone, through {@link #execute(CallContext,
     * MetadataWriter)}.
     */
    default ObjectNode execute(CallContext call, BatchWriters batch)
            throws IOException
    {
        return execute(call, batch.metadata());
    }

    /**
     * Runs the call as {@link #execute(CallContext, BatchWriters)} does, with the journal entries it adds beside its
     * own record: none but for operations that bring events in (PutAuditEvents), which override this. The entries
     * are appended after the call's record in its batch, and roll back with it.
     */
    default Executed executeWithEntries(CallContext call, BatchWriters batch)
            throws IOException
    {
        return new Executed(execute(call, batch), List.of());
    }

    /**
     * What a successful call wrote beside its state: its output, and the journal entries it adds after its record.
     */
    record Executed(ObjectNode output, List<EventRecord> entries)
    {
        public Executed
        {
            requireNonNull(output, "output is null");
            entries = List.copyOf(entries);
        }
    }

    /**
     * Called once a successful call and its record are durable, on the caller's thread, with its output: for what
     * must follow a commit and not an attempt (counting stored log events for metric filters). Must not throw.
     */
    default void committed(CallContext call, ObjectNode output)
    {
    }

    /** Whether the call may change metadata (see {@link dev.cairn.core.journal.WriteTask#changesMetadata()}). */
    default boolean changesMetadata()
    {
        return true;
    }
}
