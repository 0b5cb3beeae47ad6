package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Accounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The console's "Switch role" over HTTP, as AWS's console does it: a user of one account switches into a role of its
 * own account (by a role name with a path) and into another account's role (by the account's alias), acts as the
 * role session (recorded as AssumedRole console calls, found in event history by the session name), switches back;
 * a switch the trust policy does not allow, a form that names no role, and the root user are refused; every switch
 * is recorded as AWS records it, an AssumeRole by "AWS Internal" and a SwitchRole from signin.amazonaws.com. Last, the
 * role session ends after an hour, on a clock of the test's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class ConsoleSwitchRoleIT
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Alice-Switch-Passw0rd";
    private static final String AGENT = "Mozilla/5.0 (X11; Linux x86_64) cairn-switch-test";
    private static final String ALIAS = "partner-bravo";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestingClock clock;
    private TestingCairnServer server;
    private String account;
    private Accounts.RootCredentials partner;
    private String aliceArn;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Alice's session: its cookie and CSRF token. */
    private String cookie;
    private String csrf;

    private static String trust(String principal)
    {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principal + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    private static String allow(String action, String resource)
    {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    @BeforeAll
    public void start()
    {
        clock = new TestingClock(Instant.now());
        server = TestingCairnServer.builder().clock(clock).start();
        account = server.accountId();
        partner = server.createAccount();
        aliceArn = "arn:aws:iam::" + account + ":user/switch-alice";
        String partnerRole = "arn:aws:iam::" + partner.accountId() + ":role/partner-auditor";
        try (IamClient iam = server.iam()) {
            // alice may do nothing herself but assume the partner's role (her own account's auditor role trusts her by name)
            iam.createUser(request -> request.userName("switch-alice"));
            iam.createLoginProfile(request -> request.userName("switch-alice").password(PASSWORD));
            iam.putUserPolicy(request -> request.userName("switch-alice").policyName("partner").policyDocument(allow("sts:AssumeRole", partnerRole)));
            iam.createRole(request -> request.roleName("auditor").path("/team/").assumeRolePolicyDocument(trust(aliceArn)));
            iam.attachRolePolicy(request -> request.roleName("auditor").policyArn("arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"));
            iam.createRole(request -> request.roleName("untrusting").assumeRolePolicyDocument(trust("arn:aws:iam::" + partner.accountId() + ":root")));
        }
        try (IamClient partnerIam = server.iam(TestingCairnServer.credentials(partner.accessKeyId(), partner.secretAccessKey()))) {
            partnerIam.createAccountAlias(request -> request.accountAlias(ALIAS));
            partnerIam.createRole(request -> request.roleName("partner-auditor").assumeRolePolicyDocument(trust(aliceArn)));
            partnerIam.putRolePolicy(request -> request.roleName("partner-auditor").policyName("reader")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"cloudtrail:DescribeTrails\","
                            + "\"cloudtrail:LookupEvents\"],\"Resource\":\"*\"}]}"));
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
        return post("/console/signin", form(Map.of("account", account, "username", user, "password", password)), null, null);
    }

    private void signInAlice()
            throws Exception
    {
        HttpResponse<String> signedIn = signIn("switch-alice", PASSWORD);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
        csrf = JSON.readTree(signedIn.body()).path("csrfToken").asText();
    }

    private static String form(Map<String, String> fields)
    {
        return fields.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private HttpResponse<String> post(String path, String body, String sessionCookie, String csrfToken)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionCookie != null) {
            request.header("Cookie", sessionCookie);
        }
        if (csrfToken != null) {
            request.header("X-Cairn-Csrf", csrfToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> switchRole(String sessionCookie, String csrfToken, String roleAccount, String role, String displayName)
            throws Exception
    {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("account", roleAccount);
        fields.put("role", role);
        fields.put("displayName", displayName);
        return post("/console/switchrole", form(fields), sessionCookie, csrfToken);
    }

    private HttpResponse<String> call(String service, String operation, String input)
            throws Exception
    {
        return http.send(HttpRequest.newBuilder(server.endpoint().resolve("/console/api/" + service + "/" + operation))
                .header("Cookie", cookie)
                .header("X-Cairn-Csrf", csrf)
                .header("User-Agent", AGENT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(input)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode session()
            throws Exception
    {
        return JSON.readTree(http.send(HttpRequest.newBuilder(server.endpoint().resolve("/console/session")).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static List<String> fieldNames(JsonNode node)
    {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private CloudTrailClient partnerCloudTrail()
    {
        return server.cloudTrail(TestingCairnServer.credentials(partner.accessKeyId(), partner.secretAccessKey()), "us-east-1");
    }

    /**
     * Into a role of alice's own account, named with its path: the session acts as the role (which may read trails,
     * as alice may not), recorded as AssumedRole console calls found by the session name, until alice switches back.
     */
    @Test
    @Order(1)
    public void switchesIntoARoleOfItsOwnAccountAndBack()
            throws Exception
    {
        signInAlice();
        assertThat(call("cloudtrail", "DescribeTrails", "{}").statusCode()).as("alice herself may not").isEqualTo(400);

        HttpResponse<String> switched = switchRole(cookie, csrf, account, "team/auditor", "Audit");
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
        JsonNode role = JSON.readTree(switched.body()).path("role");
        assertThat(role.path("arn").asText()).isEqualTo("arn:aws:sts::" + account + ":assumed-role/auditor/switch-alice");
        assertThat(role.path("accountId").asText()).isEqualTo(account);
        assertThat(role.path("roleName").asText()).isEqualTo("auditor");
        assertThat(role.path("sessionName").asText()).as("named after the user, as AWS's console names it").isEqualTo("switch-alice");
        assertThat(role.path("displayName").asText()).isEqualTo("Audit");
        assertThat(role.path("expiration").asLong()).as("an hour, as AWS's console").isEqualTo(clock.instant().getEpochSecond() + 3_600);
        JsonNode session = session();
        assertThat(session.path("arn").asText()).as("the signed-in user stays").isEqualTo(aliceArn);
        assertThat(session.path("role").path("arn").asText()).isEqualTo(role.path("arn").asText());
        assertThat(session.path("recentRoles").get(0).path("role").asText()).isEqualTo("team/auditor");

        HttpResponse<String> trails = call("cloudtrail", "DescribeTrails", "{}");
        assertThat(trails.statusCode()).as(trails.body()).isEqualTo(200);
        HttpResponse<String> denied = call("cloudtrail", "CreateTrail", "{\"Name\":\"from-role\",\"S3BucketName\":\"some-bucket\"}");
        assertThat(JSON.readTree(denied.body()).path("message").asText()).as(denied.body())
                .startsWith("User: arn:aws:sts::" + account + ":assumed-role/auditor/switch-alice is not authorized to perform: cloudtrail:CreateTrail");
        HttpResponse<String> history = call("cloudtrail", "LookupEvents",
                "{\"LookupAttributes\":[{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"SwitchRole\"}]}");
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);

        try (CloudTrailClient cloudTrail = server.cloudTrail()) {
            // the role session's calls: AssumedRole console calls, by the session's name in event history (alice's own
            // denied DescribeTrails has the same Username, the session being named after her: wait for the role's)
            JsonNode call = EventHistory.record(EventHistory.await(cloudTrail, LookupAttributeKey.USERNAME, "switch-alice", "the role session's DescribeTrails",
                    event -> event.eventName().equals("DescribeTrails") && EventHistory.record(event).path("userIdentity").path("type").asText().equals("AssumedRole"),
                    WAIT));
            JsonNode identity = call.path("userIdentity");
            assertThat(identity.path("type").asText()).isEqualTo("AssumedRole");
            assertThat(identity.path("arn").asText()).isEqualTo(role.path("arn").asText());
            assertThat(identity.path("accessKeyId").asText()).matches("ASIA[A-Z2-7]{16}");
            assertThat(identity.path("sessionContext").path("sessionIssuer").path("arn").asText()).isEqualTo("arn:aws:iam::" + account + ":role/team/auditor");
            assertThat(call.path("sessionCredentialFromConsole").asText()).isEqualTo("true");
            assertThat(call.path("userAgent").asText()).isEqualTo(AGENT);

            // the switch: AssumeRole by the console for alice, then SwitchRole by the role session
            JsonNode assumeRole = EventHistory.record(EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "AssumeRole", "the console's AssumeRole",
                    event -> EventHistory.record(event).path("requestParameters").path("roleArn").asText().endsWith(":role/team/auditor"), WAIT));
            assertThat(assumeRole.path("sourceIPAddress").asText()).isEqualTo("AWS Internal");
            assertThat(assumeRole.path("userAgent").asText()).isEqualTo("AWS Internal");
            assertThat(assumeRole.path("userIdentity").path("type").asText()).isEqualTo("IAMUser");
            assertThat(assumeRole.path("userIdentity").path("userName").asText()).isEqualTo("switch-alice");
            assertThat(assumeRole.path("requestParameters").path("roleSessionName").asText()).isEqualTo("switch-alice");
            assertThat(assumeRole.has("errorCode")).isFalse();
            JsonNode switchRole = EventHistory.record(EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "SwitchRole", "the SwitchRole event",
                    event -> "switch-alice".equals(event.username()) && EventHistory.record(event).path("responseElements").path("SwitchRole").asText().equals("Success"),
                    WAIT));
            assertThat(switchRole.path("eventSource").asText()).isEqualTo("signin.amazonaws.com");
            assertThat(switchRole.path("eventType").asText()).isEqualTo("AwsConsoleSignIn");
            assertThat(switchRole.path("recipientAccountId").asText()).isEqualTo(account);
            assertThat(fieldNames(switchRole.path("userIdentity"))).containsExactly("type", "principalId", "arn", "accountId");
            assertThat(switchRole.path("userIdentity").path("type").asText()).isEqualTo("AssumedRole");
            assertThat(switchRole.path("userIdentity").path("arn").asText()).isEqualTo(role.path("arn").asText());
            assertThat(switchRole.path("requestParameters").isNull()).isTrue();
            assertThat(switchRole.path("responseElements").path("SwitchRole").asText()).isEqualTo("Success");
            assertThat(switchRole.path("additionalEventData").path("SwitchFrom").asText()).isEqualTo(aliceArn);
            assertThat(switchRole.path("additionalEventData").path("RedirectTo").asText()).startsWith(server.endpoint().toString().replaceAll("/$", ""));
            assertThat(switchRole.path("sourceIPAddress").asText()).isEqualTo("127.0.0.1");
            assertThat(switchRole.path("userAgent").asText()).isEqualTo(AGENT);
            assertThat(switchRole.has("errorMessage")).isFalse();
        }

        HttpResponse<String> back = post("/console/switchback", "", cookie, csrf);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(JSON.readTree(back.body()).has("role")).isFalse();
        assertThat(session().has("role")).isFalse();
        assertThat(call("cloudtrail", "DescribeTrails", "{}").statusCode()).as("alice herself again").isEqualTo(400);
        assertThat(post("/console/switchback", "", cookie, null).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(switchRole(cookie, null, account, "team/auditor", "").statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(switchRole("cairn-session=made-up", csrf, account, "team/auditor", "").statusCode()).as("not signed in").isEqualTo(401);
    }

    /**
     * Into another account's role, by that account's alias: the role's trust policy names alice, and her own policy
     * allows it. The session acts in the other account; the switch is recorded there (SwitchRole, and AssumeRole's copy
     * with one sharedEventID), the AssumeRole in alice's account too.
     */
    @Test
    @Order(2)
    public void switchesIntoAnotherAccountsRoleByAlias()
            throws Exception
    {
        HttpResponse<String> switched = switchRole(cookie, csrf, ALIAS.toUpperCase(java.util.Locale.ROOT), "partner-auditor", "");
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
        JsonNode role = JSON.readTree(switched.body()).path("role");
        assertThat(role.path("accountId").asText()).isEqualTo(partner.accountId());
        assertThat(role.path("arn").asText()).isEqualTo("arn:aws:sts::" + partner.accountId() + ":assumed-role/partner-auditor/switch-alice");
        assertThat(role.has("displayName")).isFalse();
        assertThat(session().path("recentRoles").findValuesAsText("role")).containsExactly("partner-auditor", "team/auditor");

        HttpResponse<String> trails = call("cloudtrail", "DescribeTrails", "{}");
        assertThat(trails.statusCode()).as(trails.body()).isEqualTo(200);
        // event history in the console is the partner account's now: its SwitchRole event, by the session's name
        JsonNode found = Poll.until("the partner account's SwitchRole in the console's event history", WAIT, () -> JSON.readTree(call("cloudtrail", "LookupEvents",
                "{\"LookupAttributes\":[{\"AttributeKey\":\"Username\",\"AttributeValue\":\"switch-alice\"}]}").body()).path("Events"),
                events -> events.findValuesAsText("EventName").contains("SwitchRole") && events.findValuesAsText("EventName").contains("DescribeTrails"));
        for (JsonNode event : found) {
            assertThat(JSON.readTree(event.path("CloudTrailEvent").asText()).path("recipientAccountId").asText()).isEqualTo(partner.accountId());
        }

        String shared;
        try (CloudTrailClient mine = server.cloudTrail()) {
            JsonNode assumeRole = EventHistory.record(EventHistory.await(mine, LookupAttributeKey.EVENT_NAME, "AssumeRole", "alice's AssumeRole of the partner's role",
                    event -> EventHistory.record(event).path("requestParameters").path("roleArn").asText().endsWith(":role/partner-auditor"), WAIT));
            shared = assumeRole.path("sharedEventID").asText();
            assertThat(shared).isNotEmpty();
            assertThat(EventHistory.all(mine, LookupAttributeKey.EVENT_NAME, "SwitchRole")).as("a successful switch is recorded in the role's account")
                    .extracting(event -> EventHistory.record(event).path("recipientAccountId").asText()).containsOnly(account).hasSize(1);
        }
        try (CloudTrailClient theirs = partnerCloudTrail()) {
            JsonNode switchRole = EventHistory.record(EventHistory.await(theirs, LookupAttributeKey.EVENT_NAME, "SwitchRole", "the SwitchRole in the role's account",
                    event -> true, WAIT));
            assertThat(switchRole.path("recipientAccountId").asText()).isEqualTo(partner.accountId());
            assertThat(switchRole.path("userIdentity").path("arn").asText()).isEqualTo(role.path("arn").asText());
            assertThat(switchRole.path("additionalEventData").path("SwitchFrom").asText()).isEqualTo(aliceArn);
            assertThat(switchRole.path("responseElements").path("SwitchRole").asText()).isEqualTo("Success");
            JsonNode copy = EventHistory.record(EventHistory.await(theirs, LookupAttributeKey.EVENT_NAME, "AssumeRole", "the AssumeRole's copy",
                    event -> EventHistory.record(event).path("sharedEventID").asText().equals(shared), WAIT));
            assertThat(copy.path("userIdentity").path("type").asText()).isEqualTo("AWSAccount");
            assertThat(copy.path("userIdentity").path("accountId").asText()).isEqualTo(account);
            JsonNode call = EventHistory.record(EventHistory.await(theirs, LookupAttributeKey.USERNAME, "switch-alice", "the role session's DescribeTrails there",
                    event -> event.eventName().equals("DescribeTrails"), WAIT));
            assertThat(call.path("userIdentity").path("type").asText()).isEqualTo("AssumedRole");
            assertThat(call.path("userIdentity").path("sessionContext").path("sessionIssuer").path("accountId").asText()).isEqualTo(partner.accountId());
            assertThat(call.path("sessionCredentialFromConsole").asText()).isEqualTo("true");
        }
    }

    /**
     * A role whose trust policy does not name alice (nor her account) is refused as AssumeRole refuses it; so is a
     * form that names no account or role. Each is recorded in alice's account as a failed SwitchRole, and the session
     * stays as it was.
     */
    @Test
    @Order(3)
    public void deniedAndInvalidSwitchesAreRecordedAsFailures()
            throws Exception
    {
        String before = session().path("role").path("arn").asText();
        HttpResponse<String> denied = switchRole(cookie, csrf, account, "untrusting", "");
        assertThat(denied.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(denied.body()).path("__type").asText()).endsWith("AccessDeniedException");
        String reason = "User: " + aliceArn + " is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::" + account + ":role/untrusting";
        assertThat(JSON.readTree(denied.body()).path("message").asText()).isEqualTo(reason);
        assertThat(switchRole(cookie, csrf, account, "no-such-role", "").statusCode()).as("no such role: refused alike").isEqualTo(400);
        HttpResponse<String> badAccount = switchRole(cookie, csrf, "not an account!", "auditor", "");
        assertThat(JSON.readTree(badAccount.body()).path("__type").asText()).as(badAccount.body()).endsWith("ValidationException");
        assertThat(JSON.readTree(badAccount.body()).path("message").asText()).startsWith("Invalid information in one or more fields.");
        assertThat(JSON.readTree(switchRole(cookie, csrf, "no-such-alias", "auditor", "").body()).path("__type").asText()).endsWith("ValidationException");
        assertThat(JSON.readTree(switchRole(cookie, csrf, account, "bad role name!", "").body()).path("__type").asText()).endsWith("ValidationException");
        assertThat(JSON.readTree(switchRole(cookie, csrf, account, "team/auditor", "x".repeat(65)).body()).path("__type").asText()).endsWith("ValidationException");
        assertThat(session().path("role").path("arn").asText()).as("still the role it was").isEqualTo(before);

        try (CloudTrailClient cloudTrail = server.cloudTrail()) {
            List<JsonNode> failures = Poll.until("the failed switches", WAIT, () -> EventHistory.all(cloudTrail, LookupAttributeKey.EVENT_NAME, "SwitchRole").stream()
                    .map(EventHistory::record)
                    .filter(record -> record.path("responseElements").path("SwitchRole").asText().equals("Failure"))
                    .toList(), found -> found.size() >= 5);
            assertThat(failures).hasSize(5);
            for (JsonNode failure : failures) {
                assertThat(failure.path("recipientAccountId").asText()).isEqualTo(account);
                assertThat(failure.path("eventType").asText()).isEqualTo("AwsConsoleSignIn");
                assertThat(fieldNames(failure.path("userIdentity"))).containsExactly("type", "principalId", "arn", "accountId", "userName");
                assertThat(failure.path("userIdentity").path("arn").asText()).isEqualTo(aliceArn);
                assertThat(failure.path("additionalEventData").path("SwitchFrom").asText()).isEqualTo(aliceArn);
                assertThat(failure.has("errorCode")).as("sign-in failures have only a message").isFalse();
            }
            // newest first: the role that does not trust alice is the oldest of them
            assertThat(failures.get(4).path("errorMessage").asText()).isEqualTo(reason);
            assertThat(failures.get(2).path("errorMessage").asText()).startsWith("Invalid information in one or more fields.");
            // the denied AssumeRole the console made for alice is recorded as any denied AssumeRole
            JsonNode assumeRole = EventHistory.record(EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "AssumeRole", "the denied AssumeRole",
                    event -> EventHistory.record(event).path("requestParameters").path("roleArn").asText().endsWith(":role/untrusting"), WAIT));
            assertThat(assumeRole.path("errorCode").asText()).isEqualTo("AccessDenied");
            assertThat(assumeRole.path("sourceIPAddress").asText()).isEqualTo("AWS Internal");
        }
    }

    /** AWS's console cannot switch role as the root user: neither can Cairn's. The attempt is recorded. */
    @Test
    @Order(4)
    public void theRootUserMayNotSwitchRole()
            throws Exception
    {
        HttpResponse<String> signedIn = post("/console/signin", form(Map.of("account", account, "username", "", "password", TestingCairnServer.ROOT_PASSWORD)), null,
                null);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        assertThat(JSON.readTree(signedIn.body()).path("root").asBoolean()).isTrue();
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        String rootCookie = setCookie.substring(0, setCookie.indexOf(';'));
        String rootCsrf = JSON.readTree(signedIn.body()).path("csrfToken").asText();

        HttpResponse<String> refused = switchRole(rootCookie, rootCsrf, account, "team/auditor", "");
        assertThat(JSON.readTree(refused.body()).path("__type").asText()).as(refused.body()).endsWith("AccessDeniedException");
        assertThat(JSON.readTree(refused.body()).path("message").asText()).isEqualTo("Roles may not be assumed by root accounts.");
        try (CloudTrailClient cloudTrail = server.cloudTrail()) {
            JsonNode failure = EventHistory.record(EventHistory.await(cloudTrail, LookupAttributeKey.EVENT_NAME, "SwitchRole", "root's failed SwitchRole",
                    event -> EventHistory.record(event).path("userIdentity").path("type").asText().equals("Root"), WAIT));
            assertThat(failure.path("responseElements").path("SwitchRole").asText()).isEqualTo("Failure");
            assertThat(failure.path("errorMessage").asText()).isEqualTo("Roles may not be assumed by root accounts.");
            assertThat(failure.path("additionalEventData").path("SwitchFrom").asText()).isEqualTo("arn:aws:iam::" + account + ":root");
        }
    }

    /**
     * The role session lasts an hour: then the console's calls are refused as expired credentials are, until alice
     * switches again or back. Last: the server's clock moves ahead of the SDK's signatures.
     */
    @Test
    @Order(9)
    public void theRoleSessionExpiresAfterAnHour()
            throws Exception
    {
        assertThat(switchRole(cookie, csrf, account, "team/auditor", "").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(50));
        assertThat(call("cloudtrail", "DescribeTrails", "{}").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(11));
        HttpResponse<String> expired = call("cloudtrail", "DescribeTrails", "{}");
        assertThat(JSON.readTree(expired.body()).path("__type").asText()).as(expired.body()).isEqualTo("ExpiredTokenException");
        assertThat(session().path("signedIn").asBoolean()).as("alice's own session goes on").isTrue();

        HttpResponse<String> again = switchRole(cookie, csrf, account, "team/auditor", "");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(call("cloudtrail", "DescribeTrails", "{}").statusCode()).isEqualTo(200);
        assertThat(post("/console/switchback", "", cookie, csrf).statusCode()).isEqualTo(200);
    }
}
