package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.console.ConsoleSignIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.iam.IamClient;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The console's sign-in over HTTP: the session cookie's attributes, CSRF on sign-out, the session ending, and
 * repeated failures refused (and still recorded).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class ConsoleSessionIT
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Gail-Console-Passw0rd";

    private TestingCairnServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        try (IamClient iam = server.iam()) {
            iam.createUser(request -> request.userName("console-gail"));
            iam.createLoginProfile(request -> request.userName("console-gail").password(PASSWORD));
        }
    }

    @AfterAll
    public void stop()
    {
        server.close();
    }

    private HttpResponse<String> signIn(String user, String password)
            throws Exception
    {
        String form = Map.of("account", server.accountId(), "username", user, "password", password).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(server.endpoint().resolve("/console/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "cairn-console-test")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String cookie, String csrf)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint().resolve(path)).header("Cookie", cookie)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (csrf != null) {
            request.header("X-Cairn-Csrf", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    public void signInSessionAndSignOut()
            throws Exception
    {
        HttpResponse<String> signedIn = signIn("console-gail", PASSWORD);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("cairn-session=").contains("; Path=/").contains("; HttpOnly").contains("; SameSite=Strict").doesNotContain("Secure");
        assertThat(signedIn.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'none'"));
        JsonNode session = JSON.readTree(signedIn.body());
        assertThat(session.path("userName").asText()).isEqualTo("console-gail");
        assertThat(session.path("arn").asText()).isEqualTo("arn:aws:iam::" + server.accountId() + ":user/console-gail");
        String csrf = session.path("csrfToken").asText();
        assertThat(csrf).hasSizeGreaterThan(30);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(JSON.readTree(send("GET", "/console/session", cookie, null).body()).path("userName").asText()).isEqualTo("console-gail");
        assertThat(send("POST", "/console/signout", cookie, null).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(send("POST", "/console/signout", cookie, "not-the-token").statusCode()).as("wrong CSRF token").isEqualTo(403);
        assertThat(JSON.readTree(send("GET", "/console/session", cookie, null).body()).path("signedIn").asBoolean()).as("still signed in").isTrue();
        assertThat(send("POST", "/console/signout", cookie, csrf).statusCode()).isEqualTo(204);
        assertThat(JSON.readTree(send("GET", "/console/session", cookie, null).body()).path("signedIn").asBoolean(true)).as("signed out").isFalse();
        assertThat(JSON.readTree(send("GET", "/console/session", "cairn-session=made-up", null).body()).path("signedIn").asBoolean(true)).isFalse();
    }

    /**
     * The console's calls run as the signed-in user under its policies, and are recorded as console calls: a
     * read-only user lists trails but cannot create one.
     */
    @Test
    @Order(2)
    public void consoleCallsRunAsTheUserAndAreRecorded()
            throws Exception
    {
        try (IamClient iam = server.iam()) {
            iam.attachUserPolicy(request -> request.userName("console-gail").policyArn("arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"));
        }
        HttpResponse<String> signedIn = signIn("console-gail", PASSWORD);
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = JSON.readTree(signedIn.body()).path("csrfToken").asText();

        HttpResponse<String> trails = call("cloudtrail", "DescribeTrails", "{}", cookie, csrf);
        assertThat(trails.statusCode()).as(trails.body()).isEqualTo(200);
        assertThat(JSON.readTree(trails.body()).has("trailList")).isTrue();
        HttpResponse<String> denied = call("cloudtrail", "CreateTrail", "{\"Name\":\"from-console\",\"S3BucketName\":\"some-bucket\"}", cookie, csrf);
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(400);
        assertThat(JSON.readTree(denied.body()).path("__type").asText()).endsWith("AccessDeniedException");
        assertThat(call("cloudtrail", "DescribeTrails", "{}", cookie, null).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(call("cloudtrail", "NoSuchThing", "{}", cookie, csrf).statusCode()).isEqualTo(400);
        assertThat(call("cloudtrail", "DescribeTrails", "{}", "cairn-session=made-up", csrf).statusCode()).isEqualTo(401);

        try (CloudTrailClient cloudTrail = server.cloudTrail()) {
            List<JsonNode> records = Poll.untilOrTimeout(Duration.ofSeconds(10), () -> {
                List<JsonNode> found = new java.util.ArrayList<>();
                for (var event : cloudTrail.lookupEvents(request -> request.lookupAttributes(LookupAttribute.builder().attributeKey("Username")
                        .attributeValue("console-gail").build())).events()) {
                    if (event.eventName().equals("DescribeTrails") || event.eventName().equals("CreateTrail")) {
                        found.add(JSON.readTree(event.cloudTrailEvent()));
                    }
                }
                return found;
            }, found -> found.size() >= 2);
            assertThat(records).hasSize(2);
            for (JsonNode record : records) {
                assertThat(record.path("sessionCredentialFromConsole").asText()).isEqualTo("true");
                assertThat(record.path("userAgent").asText()).isEqualTo("cairn-console-test");
                assertThat(record.path("userIdentity").path("accessKeyId").asText()).matches("ASIA[A-Z2-7]{16}");
                // the console session's context, as AWS writes it for a user's own session
                JsonNode session = record.path("userIdentity").path("sessionContext");
                assertThat(session.path("sessionIssuer").isObject() && session.path("sessionIssuer").isEmpty()).as(session.toString()).isTrue();
                assertThat(session.path("webIdFederationData").isObject() && session.path("webIdFederationData").isEmpty()).as(session.toString()).isTrue();
                assertThat(session.path("attributes").path("creationDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
                assertThat(session.path("attributes").path("mfaAuthenticated").isTextual()).isTrue();
                assertThat(session.path("attributes").path("mfaAuthenticated").asText()).isEqualTo("false");
            }
            assertThat(records.get(0).path("userIdentity").path("sessionContext")).as("one session").isEqualTo(records.get(1).path("userIdentity").path("sessionContext"));
            assertThat(records.get(0).path("errorCode").asText()).isEqualTo("AccessDenied");
        }
    }

    /**
     * A user whose login profile requires a reset may only change their password (iam:ChangePassword, which their
     * policies must allow, as in IAM); then the session works as any other, and the old password no longer signs in.
     */
    @Test
    @Order(3)
    public void passwordResetRequiredAllowsOnlyChangePassword()
            throws Exception
    {
        String initial = "Ivan-Initial-Passw0rd";
        String chosen = "Ivan-Chosen-Passw0rd";
        try (IamClient iam = server.iam()) {
            iam.createUser(request -> request.userName("console-ivan"));
            iam.attachUserPolicy(request -> request.userName("console-ivan").policyArn("arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"));
            iam.putUserPolicy(request -> request.userName("console-ivan").policyName("change-own-password").policyDocument(
                    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:ChangePassword\", \"Resource\": \"arn:aws:iam::*:user/${aws:username}\"}]}"));
            iam.createLoginProfile(request -> request.userName("console-ivan").password(initial).passwordResetRequired(true));
        }
        HttpResponse<String> signedIn = signIn("console-ivan", initial);
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(signedIn.body()).path("passwordResetRequired").asBoolean()).isTrue();
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = JSON.readTree(signedIn.body()).path("csrfToken").asText();

        HttpResponse<String> refused = call("cloudtrail", "DescribeTrails", "{}", cookie, csrf);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("__type").asText()).isEqualTo("PasswordResetRequired");

        HttpResponse<String> wrongOld = call("iam", "ChangePassword", "{\"OldPassword\":\"Not-The-Passw0rd\",\"NewPassword\":\"" + chosen + "\"}", cookie, csrf);
        assertThat(JSON.readTree(wrongOld.body()).path("__type").asText()).as(wrongOld.body()).endsWith("AccessDeniedException");
        assertThat(JSON.readTree(wrongOld.body()).path("message").asText()).isEqualTo("The old password is incorrect.");
        HttpResponse<String> weak = call("iam", "ChangePassword", "{\"OldPassword\":\"" + initial + "\",\"NewPassword\":\"short\"}", cookie, csrf);
        assertThat(JSON.readTree(weak.body()).path("__type").asText()).as(weak.body()).endsWith("PasswordPolicyViolationException");
        HttpResponse<String> changed = call("iam", "ChangePassword", "{\"OldPassword\":\"" + initial + "\",\"NewPassword\":\"" + chosen + "\"}", cookie, csrf);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

        assertThat(call("cloudtrail", "DescribeTrails", "{}", cookie, csrf).statusCode()).as("the same session, now unrestricted").isEqualTo(200);
        assertThat(JSON.readTree(send("GET", "/console/session", cookie, null).body()).path("passwordResetRequired").asBoolean(true)).isFalse();
        // (checked without the HTTP edge, whose failure count per address the lockout test below relies on)
        assertThat(server.server().cairn().consoleSignIn().signIn(new ConsoleSignIn.Attempt(server.accountId(), java.util.Optional.of("console-ivan"), initial,
                "203.0.113.9", java.util.Optional.empty(), java.util.Optional.empty(), "http://127.0.0.1/")).succeeded()).as("the initial password").isFalse();
        HttpResponse<String> again = signIn("console-ivan", chosen);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("passwordResetRequired").asBoolean(true)).isFalse();
        try (IamClient iam = server.iam()) {
            assertThat(iam.getLoginProfile(request -> request.userName("console-ivan")).loginProfile().passwordResetRequired()).isFalse();
        }
    }

    private HttpResponse<String> call(String service, String operation, String input, String cookie, String csrf)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint().resolve("/console/api/" + service + "/" + operation))
                .header("Cookie", cookie)
                .header("User-Agent", "cairn-console-test")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(input));
        if (csrf != null) {
            request.header("X-Cairn-Csrf", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Last: its failures lock out further sign-ins from this address. */
    @Test
    @Order(9)
    public void repeatedFailuresAreRefusedAndRecorded()
            throws Exception
    {
        try (IamClient iam = server.iam()) {
            iam.createUser(request -> request.userName("console-hank"));
            iam.createLoginProfile(request -> request.userName("console-hank").password("Hank-Console-Passw0rd"));
        }
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> failed = signIn("console-hank", "Wrong-Passw0rd-" + i);
            assertThat(failed.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(failed.body()).path("message").asText()).isEqualTo("Your authentication information is incorrect. Please try again.");
        }
        HttpResponse<String> refused = signIn("console-hank", "Hank-Console-Passw0rd");
        assertThat(refused.statusCode()).as("the right password, but too many failures before it").isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        try (CloudTrailClient cloudTrail = server.cloudTrail()) {
            List<String> outcomes = Poll.untilOrTimeout(Duration.ofSeconds(10), () -> cloudTrail.lookupEvents(request -> request.lookupAttributes(LookupAttribute.builder()
                                    .attributeKey("Username").attributeValue("console-hank").build())).events().stream()
                            .filter(event -> event.eventName().equals("ConsoleLogin"))
                            .map(event -> {
                                try {
                                    return JSON.readTree(event.cloudTrailEvent()).path("responseElements").path("ConsoleLogin").asText();
                                }
                                catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            })
                            .toList(),
                    found -> found.size() >= 6);
            assertThat(outcomes).hasSize(6).containsOnly("Failure");
        }
    }
}
