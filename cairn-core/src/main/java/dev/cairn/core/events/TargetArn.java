package dev.cairn.core.events;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARN of something Cairn can deliver matched events to, by kind: a CloudWatch Logs log group
 * ({@code arn:aws:logs:R:A:log-group:NAME}, optionally with {@code :*}), an SNS topic ({@code arn:aws:sns:R:A:TOPIC})
 * or an API destination ({@code arn:aws:events:R:A:api-destination/NAME/ID}); and, for dead-letter queues only, an
 * SQS queue ({@code arn:aws:sqs:R:A:QUEUE}), the kind AWS takes there.
 *
 * @param name the log group's, topic's, API destination's or queue's name
 */
public record TargetArn(Kind kind, String region, String accountId, String name)
{
    /** The kinds of ARN, each with its form. */
    public enum Kind
    {
        LOG_GROUP("arn:aws:logs:([a-z0-9-]+):([0-9]{12}):log-group:([\\.\\-_/#A-Za-z0-9]{1,512})(?::\\*)?"),
        SNS_TOPIC("arn:aws:sns:([a-z0-9-]+):([0-9]{12}):([A-Za-z0-9_-]{1,256}(?:\\.fifo)?)"),
        API_DESTINATION("arn:aws:events:([a-z0-9-]+):([0-9]{12}):api-destination/([\\.\\-_A-Za-z0-9]{1,64})/[\\-A-Za-z0-9]+"),
        SQS_QUEUE("arn:aws:sqs:([a-z0-9-]+):([0-9]{12}):([A-Za-z0-9_-]{1,80}(?:\\.fifo)?)");

        private final Pattern pattern;

        Kind(String pattern)
        {
            this.pattern = Pattern.compile(pattern);
        }
    }

    public TargetArn
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(region, "region is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(name, "name is null");
    }

    /** The ARN's kind and parts, or empty for an ARN of no kind Cairn knows. */
    public static Optional<TargetArn> parse(String arn)
    {
        requireNonNull(arn, "arn is null");
        for (Kind kind : Kind.values()) {
            Matcher matcher = kind.pattern.matcher(arn);
            if (matcher.matches()) {
                return Optional.of(new TargetArn(kind, matcher.group(1), matcher.group(2), matcher.group(3)));
            }
        }
        return Optional.empty();
    }
}
