package dev.cairn.cli;

import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;

import java.net.URI;

/**
 * How the client commands reach Cairn's API: its endpoint and the region; credentials come from the AWS SDK's
 * default chain ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles), as for the AWS CLI.
 */
final class ClientOptions
{
    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Cairn's API, e.g. http://localhost:4747.")
    String endpointUrl;

    CloudTrailClient cloudTrail(String region)
    {
        if (endpointUrl == null || endpointUrl.isEmpty()) {
            throw new IllegalArgumentException("--endpoint-url is required to reach Cairn (e.g. --endpoint-url http://localhost:4747)");
        }
        return CloudTrailClient.builder()
                .endpointOverride(URI.create(endpointUrl))
                .region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
