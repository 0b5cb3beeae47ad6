package dev.cairn.testing;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * CloudWatch Logs clients of a {@link TestingCairnServer} (over HTTP): the SDK's {@code cloudwatchlogs} is a test
 * dependency of this module, so the server fixture does not build them itself.
 */
final class LogsClients
{
    private LogsClients()
    {
    }

    static CloudWatchLogsClient logs(TestingCairnServer server, AwsCredentialsProvider credentials, String region)
    {
        return CloudWatchLogsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
