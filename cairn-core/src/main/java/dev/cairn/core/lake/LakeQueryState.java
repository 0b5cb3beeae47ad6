package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One Lake query as DescribeQuery and ListQueries report it, kept as a metadata document for seven days
 * ({@link LakeQueryRepository}).
 *
 * @param storeIds the event data stores the query reads
 * @param status one of the model's {@code QueryStatus} values
 * @param node the node that runs it (its results are kept there)
 * @param resultsCount rows the query returned
 * @param deliveryStatus with a {@code DeliveryS3Uri}: the model's {@code DeliveryStatus}
 */
public record LakeQueryState(
        String queryId,
        String accountId,
        String region,
        String statement,
        List<String> storeIds,
        String status,
        Instant created,
        Optional<Instant> finished,
        long eventsMatched,
        long eventsScanned,
        long bytesScanned,
        long executionTimeMillis,
        long resultsCount,
        Optional<String> errorMessage,
        Optional<String> deliveryS3Uri,
        Optional<String> deliveryStatus,
        String node)
{
    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String FINISHED = "FINISHED";
    public static final String FAILED = "FAILED";
    public static final String CANCELLED = "CANCELLED";
    public static final String TIMED_OUT = "TIMED_OUT";

    public LakeQueryState
    {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(statement, "statement is null");
        storeIds = List.copyOf(storeIds);
        requireNonNull(status, "status is null");
        requireNonNull(created, "created is null");
        requireNonNull(finished, "finished is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(deliveryS3Uri, "deliveryS3Uri is null");
        requireNonNull(deliveryStatus, "deliveryStatus is null");
        requireNonNull(node, "node is null");
    }

    public static LakeQueryState queued(String queryId, String accountId, String region, String statement, List<String> storeIds, Instant created,
            Optional<String> deliveryS3Uri, String node)
    {
        return new LakeQueryState(queryId, accountId, region, statement, storeIds, QUEUED, created, Optional.empty(), 0, 0, 0, 0, 0, Optional.empty(), deliveryS3Uri,
                deliveryS3Uri.map(ignored -> "PENDING"), node);
    }

    /** Whether it may still change: queued or running. */
    public boolean active()
    {
        return status.equals(QUEUED) || status.equals(RUNNING);
    }

    LakeQueryState running()
    {
        return withStatus(RUNNING, Optional.empty(), Optional.empty());
    }

    LakeQueryState withStatus(String newStatus, Optional<Instant> newFinished, Optional<String> newErrorMessage)
    {
        return new LakeQueryState(queryId, accountId, region, statement, storeIds, newStatus, created, newFinished, eventsMatched, eventsScanned, bytesScanned,
                executionTimeMillis, resultsCount, newErrorMessage, deliveryS3Uri, deliveryStatus, node);
    }

    LakeQueryState withStatistics(LakeQueryStatistics statistics, long rows)
    {
        return new LakeQueryState(queryId, accountId, region, statement, storeIds, status, created, finished, statistics.eventsMatched(), statistics.eventsScanned(),
                statistics.bytesScanned(), statistics.executionTimeMillis(), rows, errorMessage, deliveryS3Uri, deliveryStatus, node);
    }

    LakeQueryState withDeliveryStatus(String newDeliveryStatus)
    {
        return new LakeQueryState(queryId, accountId, region, statement, storeIds, status, created, finished, eventsMatched, eventsScanned, bytesScanned,
                executionTimeMillis, resultsCount, errorMessage, deliveryS3Uri, Optional.of(newDeliveryStatus), node);
    }
}
