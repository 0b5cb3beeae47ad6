package dev.cairn.core.delivery;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.journal.WriteTask;
import dev.cairn.core.lease.Leases;
import dev.cairn.spi.BatchWriters;

import java.io.IOException;
import java.time.Duration;

/**
 * Stores one delivery unit's documents: in a journal transaction (the journal writer owns writes; nothing is
 * recorded), waiting until it is durable, and fenced by the unit's lease, so that a node that lost the lease changes
 * nothing its successor owns.
 */
final class FencedUpdates
{
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final JournalWriter journal;
    private final Leases leases;
    private final String leaseName;
    private final String what;

    FencedUpdates(JournalWriter journal, Leases leases, String leaseName, String what)
    {
        this.journal = requireNonNull(journal, "journal is null");
        this.leases = requireNonNull(leases, "leases is null");
        this.leaseName = requireNonNull(leaseName, "leaseName is null");
        this.what = requireNonNull(what, "what is null");
    }

    /** A change of delivery documents. */
    @FunctionalInterface
    interface Change<R>
    {
        R apply(DeliveryRepository repository)
                throws IOException;
    }

    /** A change of delivery documents with what else the batch may write: log events, messages to deliver. */
    @FunctionalInterface
    interface BatchChange<R>
    {
        R apply(DeliveryRepository repository, BatchWriters batch)
                throws IOException;
    }

    /**
     * Applies the change in one batch with the batch's other writers.
     *
     * @param changesMetadata whether it changes metadata that caches hold (see {@link WriteTask#changesMetadata()})
     */
    <R> R applyInBatch(BatchChange<R> change, boolean changesMetadata)
            throws IOException
    {
        return journal.applyUnrecorded("store the delivery of " + what, WriteTask.unrecorded(batch -> {
            leases.requireHeld(batch.metadata(), leaseName);
            return change.apply(new DeliveryRepository(batch.metadata()), batch);
        }, changesMetadata), TIMEOUT);
    }

    <R> R apply(Change<R> change)
            throws IOException
    {
        return journal.applyUnrecorded("store the delivery state of " + what, metadata -> {
            leases.requireHeld(metadata, leaseName);
            return change.apply(new DeliveryRepository(metadata));
        }, TIMEOUT);
    }
}
