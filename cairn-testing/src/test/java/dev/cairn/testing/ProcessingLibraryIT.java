package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.cloudtrail.processinglibrary.model.CloudTrailEvent;
import com.amazonaws.services.cloudtrail.processinglibrary.model.CloudTrailEventData;
import com.amazonaws.services.cloudtrail.processinglibrary.model.CloudTrailLog;
import com.amazonaws.services.cloudtrail.processinglibrary.model.internal.SessionContext;
import com.amazonaws.services.cloudtrail.processinglibrary.model.internal.UserIdentity;
import com.amazonaws.services.cloudtrail.processinglibrary.serializer.DefaultEventSerializer;
import com.amazonaws.services.cloudtrail.processinglibrary.serializer.EventSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * AWS's own reader of CloudTrail log files ({@code aws-cloudtrail-processing-library}) reads the files a trail
 * delivers: every record, and the session context of calls made from a console session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class ProcessingLibraryIT
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestingCairnServer server;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.builder().manualDelivery().start();
    }

    @AfterAll
    public void stop()
    {
        server.close();
    }

    @Test
    public void consoleSessionRecordsCarryTheirSessionContext()
            throws Exception
    {
        Path bucket = server.createBucketDirectory("library-logs");
        try (CloudTrailClient cloudTrail = server.cloudTrail()) {
            cloudTrail.createTrail(request -> request.name("library").s3BucketName("library-logs"));
            cloudTrail.startLogging(request -> request.name("library"));
        }
        // the root user signs in to the console and lists trails there
        HttpClient http = HttpClient.newHttpClient();
        String form = "account=" + server.accountId() + "&username=&password=" + URLEncoder.encode(TestingCairnServer.ROOT_PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/console/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = JSON.readTree(signedIn.body()).path("csrfToken").asText();
        HttpResponse<String> described = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/console/api/cloudtrail/DescribeTrails"))
                .header("Cookie", cookie).header("X-Cairn-Csrf", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(described.statusCode()).as(described.body()).isEqualTo(200);

        // the delivered files, read as AWS's library reads them
        server.deliver();
        List<CloudTrailEvent> events = readAll(bucket);
        assertThat(events).anyMatch(event -> event.getEventData().getEventName().equals("ConsoleLogin"));
        CloudTrailEventData console = events.stream().filter(ProcessingLibraryIT::fromConsole).findFirst().orElseThrow().getEventData();
        assertThat(console.getEventName()).isEqualTo("DescribeTrails");
        UserIdentity identity = console.getUserIdentity();
        assertThat(identity.getIdentityType()).isEqualTo("Root");
        assertThat(identity.getAccessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(identity.getUserName()).as("no account alias: no user name").isNull();
        SessionContext session = identity.getSessionContext();
        assertThat(session).isNotNull();
        assertThat(session.getAttributes()).containsEntry("mfaAuthenticated", "false").containsKey("creationDate");
        assertThat(Instant.parse(session.getAttributes().get("creationDate"))).isBefore(console.getEventTime().toInstant().plusSeconds(1));
        assertThat(session.getSessionIssuer()).isNotNull();
        assertThat(session.getWebIdFederationData()).isNotNull();
    }

    private static boolean fromConsole(CloudTrailEvent event)
    {
        return "true".equals(event.getEventData().get("sessionCredentialFromConsole"));
    }

    /** Every record of every log file in the bucket, through the library's serializer. */
    private static List<CloudTrailEvent> readAll(Path bucket)
    {
        List<CloudTrailEvent> events = new ArrayList<>();
        try (Stream<Path> files = Files.walk(bucket)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json.gz") && !path.toString().contains("CloudTrail-Digest")).toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
                        EventSerializer serializer = new DefaultEventSerializer(new CloudTrailLog("library-logs", bucket.relativize(file).toString()),
                                JSON.getFactory().createParser(in))) {
                    while (serializer.hasNextEvent()) {
                        events.add(serializer.getNextEvent());
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (Exception e) {
            throw new AssertionError("AWS's processing library cannot read a delivered file", e);
        }
        return events;
    }
}
