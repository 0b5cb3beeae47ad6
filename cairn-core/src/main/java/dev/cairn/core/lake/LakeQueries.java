package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Runs Lake queries on this node: StartQuery stores a query {@code QUEUED} in its call's batch and hands it here once
 * committed; it runs on a small pool (at most {@value #THREADS} at once on a node, {@value #MAXIMUM_ACTIVE_PER_ACCOUNT}
 * queued or running an account), its state ({@code RUNNING}, then {@code FINISHED}, {@code FAILED},
 * {@code CANCELLED} or {@code TIMED_OUT} after an hour, as Lake's) and statistics stored as it goes, its rows kept in
 * {@link LakeResults} (partial results of a query that timed out too, as Lake keeps them) and, with a
 * {@code DeliveryS3Uri}, written to that bucket as gzip CSV. A query that was active when its node stopped is reported
 * {@code FAILED}. Queries and their results are kept for seven days.
 */
public final class LakeQueries
        implements Closeable
{
    private static final Logger log = LoggerFactory.getLogger(LakeQueries.class);
    public static final int MAXIMUM_ACTIVE_PER_ACCOUNT = 10;
    public static final Duration KEPT = Duration.ofDays(7);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
    private static final int THREADS = 2;
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern S3_URI = Pattern.compile("s3://([^/]+)/?(.*)");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final Store store;
    /** The journal, made after the operations that hand queries here. */
    private final Supplier<JournalWriter> journal;
    private final LakeEngine engine;
    private final LakeResults results;
    private final BucketStore buckets;
    private final Clock clock;
    private final String node;
    private final Duration timeout;
    /** Whether this node keeps the Lake's files (holds the ingestion's lease, taking it when free). */
    private final BooleanSupplier keepsTheLake;
    private final ExecutorService pool;
    private final Map<String, LakeCancellation> active = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> activePerAccount = new ConcurrentHashMap<>();

    public LakeQueries(Store store, Supplier<JournalWriter> journal, LakeEngine engine, LakeResults results, BucketStore buckets, Clock clock, String node, Duration timeout,
            BooleanSupplier keepsTheLake)
    {
        this.keepsTheLake = requireNonNull(keepsTheLake, "keepsTheLake is null");
        this.store = requireNonNull(store, "store is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.results = requireNonNull(results, "results is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.node = requireNonNull(node, "node is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "cairn-lake-query-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public String node()
    {
        return node;
    }

    /**
     * Refuses a query beyond the account's active ones, as Lake's quota does, and a query on a node that does not keep
     * the Lake's files (in a scale-out deployment they are on one node: the query would see none of them).
     */
    public void admit(String accountId)
    {
        if (!keepsTheLake.getAsBoolean()) {
            throw new CairnException(ErrorCode.OPERATION_NOT_PERMITTED, "This node (" + node + ") does not keep the Lake's files: another node of this "
                    + "deployment does (it holds the lake-ingest lease). Send Lake queries to that node.");
        }
        if (activePerAccount.getOrDefault(accountId, new AtomicInteger()).get() >= MAXIMUM_ACTIVE_PER_ACCOUNT) {
            throw new CairnException(ErrorCode.MAX_CONCURRENT_QUERIES, "You already have " + MAXIMUM_ACTIVE_PER_ACCOUNT
                    + " queries queued or running; wait for one to finish or cancel one (CancelQuery).");
        }
    }

    /** Runs the committed query. */
    public void start(LakeQueryState query, LakeQuery translated, Map<String, LakeTableSchema> schemas)
    {
        LakeCancellation cancellation = new LakeCancellation();
        active.put(query.queryId(), cancellation);
        activePerAccount.computeIfAbsent(query.accountId(), ignored -> new AtomicInteger()).incrementAndGet();
        pool.execute(() -> {
            try {
                run(query, translated, schemas, cancellation);
            }
            catch (IOException | RuntimeException e) {
                log.warn("query {}: {}", query.queryId(), e.toString());
            }
            finally {
                active.remove(query.queryId());
                activePerAccount.get(query.accountId()).decrementAndGet();
            }
        });
    }

    /**
     * The query as it stands: one that is active, of this node, but not running here was cut off by a restart and is
     * reported failed.
     */
    public LakeQueryState current(LakeQueryState query)
    {
        if (query.active() && query.node().equals(node) && !active.containsKey(query.queryId())) {
            return query.withStatus(LakeQueryState.FAILED, query.finished(), Optional.of("The query stopped when Cairn restarted; run it again."));
        }
        return query;
    }

    /** Reads committed metadata. */
    public <T> T read(Store.ReadWork<T> work)
            throws IOException
    {
        return store.read(work);
    }

    /** A committed query that could not be handed to the pool (its stores changed meanwhile): failed. */
    public void failToStart(String accountId, String queryId, Exception cause)
    {
        log.warn("query {} could not start: {}", queryId, cause.toString());
        try {
            store.read(reader -> new LakeRepository(reader).query(accountId, queryId)).ifPresent(query -> {
                try {
                    update(query.withStatus(LakeQueryState.FAILED, Optional.of(clock.instant()), Optional.of("The query could not start: " + cause.getMessage())));
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        catch (IOException | RuntimeException e) {
            log.warn("query {}: cannot store its failure: {}", queryId, e.toString());
        }
    }

    /** Cancels an active query of this node; whether it was running here. */
    public boolean cancel(String queryId)
    {
        LakeCancellation cancellation = active.get(queryId);
        if (cancellation == null) {
            return false;
        }
        cancellation.cancel();
        return true;
    }

    private void run(LakeQueryState queued, LakeQuery translated, Map<String, LakeTableSchema> schemas, LakeCancellation cancellation)
            throws IOException
    {
        LakeQueryState query = update(queued.running());
        if (query == null) {
            return;
        }
        LakeQueryState done;
        try (LakeResults.Writer writer = results.writer(query.queryId())) {
            try {
                LakeQueryStatistics statistics = engine.execute(translated.sql(), schemas, writer, cancellation, timeout);
                writer.commit();
                done = query.withStatistics(statistics, writer.rows()).withStatus(LakeQueryState.FINISHED, Optional.of(clock.instant()), Optional.empty());
            }
            catch (LakeQueryException e) {
                String status = switch (e.reason()) {
                    case CANCELLED -> LakeQueryState.CANCELLED;
                    case TIMED_OUT -> LakeQueryState.TIMED_OUT;
                    default -> LakeQueryState.FAILED;
                };
                if (e.reason() == LakeQueryException.Reason.TIMED_OUT) {
                    // Lake keeps what a query found before it timed out
                    writer.commit();
                }
                done = query.withStatistics(new LakeQueryStatistics(writer.rows(), 0, 0, 0), writer.rows())
                        .withStatus(status, Optional.of(clock.instant()), Optional.of(message(e)));
            }
        }
        catch (IOException | RuntimeException e) {
            done = query.withStatus(LakeQueryState.FAILED, Optional.of(clock.instant()), Optional.of("The query failed: " + e.getMessage()));
        }
        if (done.status().equals(LakeQueryState.FINISHED) && done.deliveryS3Uri().isPresent()) {
            done = done.withDeliveryStatus(deliver(done));
        }
        else if (done.deliveryS3Uri().isPresent()) {
            done = done.withDeliveryStatus(done.status().equals(LakeQueryState.CANCELLED) ? "CANCELLED" : "FAILED");
        }
        update(done);
    }

    /** A query's error as Lake's ErrorMessage (4 to 1,000 characters). */
    private static String message(LakeQueryException e)
    {
        String message = e.getMessage() == null || e.getMessage().length() < 4 ? "Query failed" : e.getMessage();
        return message.length() > 1_000 ? message.substring(0, 997) + "..." : message;
    }

    /** Stores the query's new state; null when it is gone. */
    private LakeQueryState update(LakeQueryState query)
            throws IOException
    {
        return journal.get().applyUnrecorded("store the state of query " + query.queryId(), metadata -> {
            LakeRepository repository = new LakeRepository(metadata);
            if (repository.query(query.accountId(), query.queryId()).isEmpty()) {
                return null;
            }
            repository.put(query);
            return query;
        }, COMMIT_TIMEOUT);
    }

    /** Writes the results to the query's bucket as gzip CSV; the delivery status. */
    private String deliver(LakeQueryState query)
    {
        Matcher uri = S3_URI.matcher(query.deliveryS3Uri().orElseThrow());
        if (!uri.matches()) {
            return "FAILED";
        }
        String prefix = uri.group(2).isEmpty() || uri.group(2).endsWith("/") ? uri.group(2) : uri.group(2) + "/";
        String key = prefix + query.accountId() + "/CloudTrail-Lake/Query/" + DAY.format(query.created()) + "/" + query.queryId() + "/result_1.csv.gz";
        try {
            if (!buckets.bucketExists(uri.group(1))) {
                return "RESOURCE_NOT_FOUND";
            }
            buckets.put(uri.group(1), key, csv(query.queryId()), new BucketStore.ObjectAttributes("application/x-gzip", Optional.empty(), Map.of()));
            return "SUCCESS";
        }
        catch (IOException | RuntimeException e) {
            log.warn("query {}: cannot deliver its results to {}: {}", query.queryId(), query.deliveryS3Uri().get(), e.toString());
            return "FAILED";
        }
    }

    private byte[] csv(String queryId)
            throws IOException
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8); Stream<List<String>> rows = results.rows(queryId)) {
            rows.forEach(row -> {
                try {
                    out.write(csvLine(row));
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return bytes.toByteArray();
    }

    /** One CSV line (RFC 4180): values with a comma, quote or line break quoted, NULL as an empty field. */
    static String csvLine(List<String> values)
    {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String value = values.get(i);
            if (value == null) {
                continue;
            }
            if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                line.append('"').append(value.replace("\"", "\"\"")).append('"');
            }
            else {
                line.append(value);
            }
        }
        return line.append("\r\n").toString();
    }

    /** Removes the account's queries (and this node's results of them) older than seven days. */
    public void purge(String accountId)
            throws IOException
    {
        Instant oldest = clock.instant().minus(KEPT);
        List<LakeQueryState> expired = store.read(reader -> new LakeRepository(reader).queries(accountId)).stream()
                .filter(query -> query.created().isBefore(oldest) && !active.containsKey(query.queryId()))
                .toList();
        if (expired.isEmpty()) {
            return;
        }
        journal.get().applyUnrecorded("remove expired queries", metadata -> {
            LakeRepository repository = new LakeRepository(metadata);
            for (LakeQueryState query : expired) {
                repository.remove(query);
            }
            return null;
        }, COMMIT_TIMEOUT);
        for (LakeQueryState query : expired) {
            results.delete(query.queryId());
        }
    }

    @Override
    public void close()
    {
        active.values().forEach(LakeCancellation::cancel);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
