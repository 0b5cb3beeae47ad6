package dev.cairn.testing;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * EventBridge clients of a {@link TestingCairnServer} (over HTTP): the SDK's {@code eventbridge} is a test dependency of
 * this module, so the server fixture does not build them itself.
 */
final class EventsClients
{
    private EventsClients()
    {
    }

    static EventBridgeClient events(TestingCairnServer server, AwsCredentialsProvider credentials, String region)
    {
        return EventBridgeClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
