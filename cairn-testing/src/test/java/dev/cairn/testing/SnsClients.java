package dev.cairn.testing;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * SNS clients of a {@link TestingCairnServer} (over HTTP): the SDK's {@code sns} is a test dependency of this module,
 * so the server fixture does not build them itself.
 */
final class SnsClients
{
    private SnsClients()
    {
    }

    static SnsClient sns(TestingCairnServer server, AwsCredentialsProvider credentials, String region)
    {
        return SnsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
