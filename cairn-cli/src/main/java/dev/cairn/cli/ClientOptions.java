package dev.cairn.cli;

import dev.cairn.cli.validate.CloudTrailApi;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;

/**
 * How the client commands reach Cairn's API: its endpoint and the region; credentials come from the AWS SDK's
 * default chain ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles), as for the AWS CLI.
 */
final class ClientOptions
{
    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Cairn's API, e.g. http://localhost:4747.")
    String endpointUrl;

    private AwsCredentialsIdentity credentials;

    CloudTrailApi cloudTrail(String region)
    {
        if (endpointUrl == null || endpointUrl.isEmpty()) {
            throw new IllegalArgumentException("--endpoint-url is required to reach Cairn (e.g. --endpoint-url http://localhost:4747)");
        }
        return new CloudTrailApi(URI.create(endpointUrl), region, credentials());
    }

    synchronized AwsCredentialsIdentity credentials()
    {
        if (credentials == null) {
            try (DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build()) {
                credentials = provider.resolveCredentials();
            }
            catch (RuntimeException e) {
                throw new IllegalArgumentException("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE ("
                        + e.getMessage() + ")", e);
            }
        }
        return credentials;
    }
}
