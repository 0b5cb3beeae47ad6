package dev.cairn.model;

import static java.util.Objects.requireNonNull;

/**
 * An Amazon Resource Name: {@code arn:partition:service:region:account:resource}.
 */
public record Arn(String partition, String service, String region, String accountId, String resource)
{
    public Arn
    {
        requireNonNull(partition, "partition is null");
        requireNonNull(service, "service is null");
        requireNonNull(region, "region is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(resource, "resource is null");
    }

    /**
     * Parses an ARN; the resource part may itself contain colons.
     *
     * @throws IllegalArgumentException when the text is not an ARN
     */
    public static Arn parse(String text)
    {
        requireNonNull(text, "text is null");
        String[] parts = text.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || parts[1].isEmpty() || parts[2].isEmpty() || parts[5].isEmpty()) {
            throw new IllegalArgumentException("not an ARN: " + text);
        }
        return new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    public static boolean looksLikeArn(String text)
    {
        return text != null && text.startsWith("arn:");
    }

    @Override
    public String toString()
    {
        return "arn:" + partition + ":" + service + ":" + region + ":" + accountId + ":" + resource;
    }
}
