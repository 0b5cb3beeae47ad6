package dev.cairn.target.s3;

import static java.util.Objects.requireNonNull;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

import java.io.Closeable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real S3 API server for tests: s3proxy over a directory on {@code 127.0.0.1}, with SigV4 (and SigV2)
 * authentication. It can be stopped and started again on the same port and data. It keeps no bucket policies: put
 * a {@link TestingS3Endpoint} in front for those.
 */
public final class TestingS3Proxy
        implements Closeable
{
    private final Path directory;
    private final String accessKeyId;
    private final String secretAccessKey;
    private S3Proxy proxy;
    private int port;

    /** Starts on a free port over {@code directory}, accepting requests signed with these credentials. */
    public TestingS3Proxy(Path directory, String accessKeyId, String secretAccessKey)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.accessKeyId = requireNonNull(accessKeyId, "accessKeyId is null");
        this.secretAccessKey = requireNonNull(secretAccessKey, "secretAccessKey is null");
        start(0);
    }

    private void start(int requestedPort)
    {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        properties.setProperty("jclouds.identity", accessKeyId);
        properties.setProperty("jclouds.credential", secretAccessKey);
        proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", properties))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
                .endpoint(URI.create("http://127.0.0.1:" + requestedPort))
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
        }
        catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
        port = proxy.getPort();
    }

    public URI endpoint()
    {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The server goes down (connections refused); the data stays. */
    public void stop()
    {
        try {
            proxy.stop();
        }
        catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy", e);
        }
    }

    /** The server comes back on the same port with the same data. */
    public void restart()
    {
        start(port);
    }

    @Override
    public void close()
    {
        try {
            proxy.stop();
        }
        catch (Exception e) {
            // already stopped
        }
    }
}
