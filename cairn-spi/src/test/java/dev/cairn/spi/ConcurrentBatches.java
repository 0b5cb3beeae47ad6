package dev.cairn.spi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several nodes writing batches at once, each node on its own thread: a batch that conflicts with another node's is
 * run again, as the journal writer does.
 */
final class ConcurrentBatches
{
    private ConcurrentBatches() {}

    /** Writes one batch; the caller commits it. */
    @FunctionalInterface
    interface Work
    {
        void write(Store node, int index, WriteBatch batch)
                throws IOException;
    }

    /**
     * Runs and commits {@code batchesPerNode} batches on each node, the nodes at once, and returns how many attempts
     * conflicted and were run again.
     */
    static int run(List<Store> nodes, int batchesPerNode, Work work)
            throws Exception
    {
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Store node : nodes) {
                futures.add(executor.submit(() -> {
                    for (int i = 0; i < batchesPerNode; i++) {
                        while (true) {
                            try (WriteBatch batch = node.beginBatch()) {
                                work.write(node, i, batch);
                                batch.commit();
                                break;
                            }
                            catch (ConflictException e) {
                                conflicts.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        }
        finally {
            executor.shutdownNow();
        }
        return conflicts.get();
    }
}
