package dev.cairn.target.logs;

import static java.util.Objects.requireNonNull;

import dev.cairn.spi.LogEvent;
import dev.cairn.spi.LogGroupTarget;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Log groups of an external CloudWatch-Logs-compatible service (AWS's own, or another Cairn), through the AWS SDK's
 * CloudWatch Logs client: one client per region, signed for that region, all at the configured endpoint. Events go in
 * PutLogEvents calls within the service's limits ({@value #MAXIMUM_EVENTS} events, {@value #MAXIMUM_BYTES} bytes
 * counting {@value #EVENT_OVERHEAD} per event, 24 hours from first to last), oldest first. An event larger than a
 * call may carry is not sent (CloudTrail does not send events over 256 KB to CloudWatch Logs either) and is counted
 * as refused.
 */
public final class CloudWatchLogsTarget
        implements LogGroupTarget, Closeable
{
    static final int MAXIMUM_EVENTS = 10_000;
    static final int MAXIMUM_BYTES = 1_048_576;
    static final int EVENT_OVERHEAD = 26;
    static final int MAXIMUM_EVENT_BYTES = 256 * 1024 - EVENT_OVERHEAD;
    private static final long MAXIMUM_SPAN_MILLIS = Duration.ofHours(24).toMillis() - 1;

    private final Settings settings;
    private final AwsCredentialsProvider credentials;
    private final Map<String, CloudWatchLogsClient> clients = new ConcurrentHashMap<>();

    /**
     * @param accessKeyId with {@code secretAccessKey}: the key to sign with; without, the SDK's default chain
     *         ({@code AWS_ACCESS_KEY_ID}, profiles, ...)
     */
    public record Settings(URI endpoint, Optional<String> accessKeyId, Optional<String> secretAccessKey)
    {
        public Settings
        {
            requireNonNull(endpoint, "endpoint is null");
            requireNonNull(accessKeyId, "accessKeyId is null");
            requireNonNull(secretAccessKey, "secretAccessKey is null");
            if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
                throw new IllegalArgumentException("give both the CloudWatch Logs access key id and the secret access key, or neither");
            }
        }

        @Override
        public String toString()
        {
            // the secret never reaches logs
            return "CloudWatch Logs " + endpoint + accessKeyId.map(key -> " (key " + key + ")").orElse("");
        }
    }

    public CloudWatchLogsTarget(Settings settings)
    {
        this.settings = requireNonNull(settings, "settings is null");
        this.credentials = settings.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(), settings.secretAccessKey().orElseThrow()))
                : DefaultCredentialsProvider.builder().build();
    }

    public Settings settings()
    {
        return settings;
    }

    @Override
    public boolean logGroupExists(String region, String logGroupName)
            throws IOException
    {
        try {
            String token = null;
            do {
                String next = token;
                DescribeLogGroupsResponse page = client(region).describeLogGroups(request -> request.logGroupNamePrefix(logGroupName).nextToken(next));
                for (LogGroup group : page.logGroups()) {
                    if (group.logGroupName().equals(logGroupName)) {
                        return true;
                    }
                }
                token = page.nextToken();
            }
            while (token != null);
            return false;
        }
        catch (SdkException e) {
            throw failure("look up log group " + logGroupName + " in " + region, e);
        }
    }

    @Override
    public int put(String region, String logGroupName, String logStreamName, List<LogEvent> events)
            throws IOException
    {
        List<LogEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(LogEvent::timestamp));
        int refused = 0;
        List<InputLogEvent> call = new ArrayList<>();
        long callBytes = 0;
        for (LogEvent event : sorted) {
            int bytes = event.message().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAXIMUM_EVENT_BYTES) {
                refused++;
                continue;
            }
            if (!call.isEmpty() && (call.size() == MAXIMUM_EVENTS || callBytes + bytes + EVENT_OVERHEAD > MAXIMUM_BYTES
                    || event.timestamp() - call.get(0).timestamp() > MAXIMUM_SPAN_MILLIS)) {
                refused += putCall(region, logGroupName, logStreamName, call);
                call = new ArrayList<>();
                callBytes = 0;
            }
            call.add(InputLogEvent.builder().timestamp(event.timestamp()).message(event.message()).build());
            callBytes += bytes + EVENT_OVERHEAD;
        }
        if (!call.isEmpty()) {
            refused += putCall(region, logGroupName, logStreamName, call);
        }
        return refused;
    }

    /** One PutLogEvents call; a missing stream is made and the call made again. */
    private int putCall(String region, String group, String stream, List<InputLogEvent> events)
            throws IOException
    {
        CloudWatchLogsClient client = client(region);
        try {
            PutLogEventsResponse response;
            try {
                response = client.putLogEvents(request -> request.logGroupName(group).logStreamName(stream).logEvents(events));
            }
            catch (ResourceNotFoundException e) {
                createStream(client, region, group, stream);
                response = client.putLogEvents(request -> request.logGroupName(group).logStreamName(stream).logEvents(events));
            }
            return refused(response.rejectedLogEventsInfo(), events.size());
        }
        catch (ResourceNotFoundException e) {
            throw new NoSuchLogGroupException("Log group " + group + " does not exist in " + region + " at " + settings.endpoint() + ".");
        }
        catch (SdkException e) {
            throw failure("put " + events.size() + " events into log group " + group + " (" + region + ")", e);
        }
    }

    private void createStream(CloudWatchLogsClient client, String region, String group, String stream)
            throws NoSuchLogGroupException
    {
        try {
            client.createLogStream(request -> request.logGroupName(group).logStreamName(stream));
        }
        catch (ResourceAlreadyExistsException e) {
            // made meanwhile: fine
        }
        catch (ResourceNotFoundException e) {
            throw new NoSuchLogGroupException("Log group " + group + " does not exist in " + region + " at " + settings.endpoint() + ".");
        }
    }

    /** How many of the call's events the service refused: indexes in {@code rejectedLogEventsInfo} as AWS documents. */
    static int refused(RejectedLogEventsInfo info, int events)
    {
        if (info == null) {
            return 0;
        }
        int refused = 0;
        if (info.tooNewLogEventStartIndex() != null) {
            refused += events - info.tooNewLogEventStartIndex();
        }
        // too old and expired both count events before their (exclusive) end index; the expired ones are among the old
        int oldEnd = Math.max(info.tooOldLogEventEndIndex() == null ? 0 : info.tooOldLogEventEndIndex(),
                info.expiredLogEventEndIndex() == null ? 0 : info.expiredLogEventEndIndex());
        return Math.min(events, refused + oldEnd);
    }

    private CloudWatchLogsClient client(String region)
    {
        return clients.computeIfAbsent(region, name -> CloudWatchLogsClient.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(name))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(override -> override.apiCallTimeout(Duration.ofSeconds(60)))
                .build());
    }

    private IOException failure(String action, SdkException e)
    {
        return new IOException("cannot " + action + " at " + settings.endpoint() + ": " + e.getMessage(), e);
    }

    @Override
    public String describe()
    {
        return settings.toString();
    }

    @Override
    public void close()
    {
        clients.values().forEach(CloudWatchLogsClient::close);
        clients.clear();
    }
}
