package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Accounts;
import dev.cairn.core.console.ConsoleSignIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Console sign-in against login profiles: every attempt recorded as CloudTrail records {@code ConsoleLogin}, the
 * root user signing in with the password it gave itself, unknown users hidden in the record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class ConsoleSignInIT
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Console-Passw0rd-Erin";
    private static final String AGENT = "Mozilla/5.0 (X11; Linux x86_64) cairn-test";
    private static final String LOGIN_TO = "https://cairn.example.com/";

    private TestingCairnServer server;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
    }

    @AfterAll
    public void stop()
    {
        server.close();
    }

    private ConsoleSignIn.Result signIn(String account, Optional<String> user, String password)
            throws Exception
    {
        return server.server().cairn().consoleSignIn().signIn(new ConsoleSignIn.Attempt(account, user, password, "203.0.113.7", Optional.of(AGENT), Optional.empty(),
                LOGIN_TO));
    }

    @Test
    public void everyAttemptIsRecorded()
            throws Exception
    {
        String account = server.accountId();
        try (IamClient iam = server.iam(); CloudTrailClient cloudTrail = server.cloudTrail()) {
            iam.createUser(request -> request.userName("console-erin"));
            iam.createUser(request -> request.userName("console-frank"));
            iam.createLoginProfile(request -> request.userName("console-erin").password(PASSWORD).passwordResetRequired(true));

            ConsoleSignIn.Result erin = signIn(account, Optional.of("Console-Erin"), PASSWORD);
            assertThat(erin.succeeded()).isTrue();
            assertThat(erin.passwordResetRequired()).isTrue();
            assertThat(erin.principal().orElseThrow().arn()).isEqualTo("arn:aws:iam::" + account + ":user/console-erin");
            assertThat(signIn(account, Optional.of("console-erin"), "Wrong-Passw0rd").succeeded()).isFalse();
            assertThat(signIn(account, Optional.of("console-frank"), PASSWORD).succeeded()).as("a user without a login profile").isFalse();
            assertThat(signIn(account, Optional.of("nobody-at-all"), PASSWORD).succeeded()).isFalse();
            assertThat(signIn("000000000000", Optional.of("console-erin"), PASSWORD).succeeded()).as("another account").isFalse();
            assertThat(signIn(account, Optional.empty(), PASSWORD).succeeded()).as("root with another password").isFalse();

            // the root user replaces its own console password (Delete/CreateLoginProfile without UserName: the caller's)
            iam.deleteLoginProfile(request -> { });
            iam.createLoginProfile(request -> request.password("Root-Console-Passw0rd"));
            assertThat(signIn(account, Optional.empty(), TestingCairnServer.ROOT_PASSWORD).succeeded()).as("the old root password").isFalse();
            ConsoleSignIn.Result root = signIn(account, Optional.empty(), "Root-Console-Passw0rd");
            assertThat(root.succeeded()).isTrue();
            assertThat(root.principal().orElseThrow().isRoot()).isTrue();

            List<JsonNode> records = Poll.untilOrTimeout(Duration.ofSeconds(10), () -> {
                List<JsonNode> found = new ArrayList<>();
                for (var event : cloudTrail.lookupEvents(request -> request.lookupAttributes(LookupAttribute.builder().attributeKey("EventName")
                        .attributeValue("ConsoleLogin").build())).events()) {
                    found.add(JSON.readTree(event.cloudTrailEvent()));
                }
                return found;
            }, found -> found.size() >= 7);
            // newest first; the attempt for an unknown account is recorded in no account
            assertThat(records).hasSize(7);
            for (JsonNode record : records) {
                assertThat(record.path("eventSource").asText()).isEqualTo("signin.amazonaws.com");
                assertThat(record.path("eventType").asText()).isEqualTo("AwsConsoleSignIn");
                assertThat(record.path("sourceIPAddress").asText()).isEqualTo("203.0.113.7");
                assertThat(record.path("userAgent").asText()).isEqualTo(AGENT);
                assertThat(record.path("recipientAccountId").asText()).isEqualTo(account);
                assertThat(record.toString()).doesNotContain(PASSWORD).doesNotContain("Wrong-Passw0rd");
            }
            assertThat(records.stream().map(record -> record.path("responseElements").path("ConsoleLogin").asText()).toList())
                    .containsExactly("Success", "Failure", "Failure", "Failure", "Failure", "Failure", "Success");
            for (JsonNode record : records) {
                assertThat(record.path("additionalEventData").path("LoginTo").asText()).isEqualTo(LOGIN_TO);
                assertThat(record.has("errorCode")).as("sign-in failures have only a message").isFalse();
            }
            // the root user, as AWS records it: an empty access key, and no user name while the account has no alias
            for (JsonNode rootRecord : records.subList(0, 2)) {
                assertThat(fieldNames(rootRecord.path("userIdentity"))).containsExactly("type", "principalId", "arn", "accountId", "accessKeyId");
                assertThat(rootRecord.path("userIdentity").path("type").asText()).isEqualTo("Root");
                assertThat(rootRecord.path("userIdentity").path("accessKeyId").asText()).isEmpty();
            }
            assertThat(records.get(1).path("errorMessage").asText()).isEqualTo("Failed authentication");
            // an unknown user: no principal, AWS's own message
            assertThat(fieldNames(records.get(3).path("userIdentity"))).containsExactly("type", "accountId", "accessKeyId", "userName");
            assertThat(records.get(3).path("userIdentity").path("userName").asText()).as("unknown user").isEqualTo("HIDDEN_DUE_TO_SECURITY_REASONS");
            assertThat(records.get(3).path("errorMessage").asText()).isEqualTo("No username found in supplied account");
            // a failed IAM user sign-in: no ARN, an empty access key
            for (JsonNode failed : List.of(records.get(4), records.get(5))) {
                assertThat(fieldNames(failed.path("userIdentity"))).containsExactly("type", "principalId", "accountId", "accessKeyId", "userName");
                assertThat(failed.path("errorMessage").asText()).isEqualTo("Failed authentication");
            }
            assertThat(records.get(4).path("userIdentity").path("userName").asText()).isEqualTo("console-frank");
            // a successful one: the ARN, and no access key at all
            assertThat(fieldNames(records.get(6).path("userIdentity"))).containsExactly("type", "principalId", "arn", "accountId", "userName");
            assertThat(records.get(6).path("userIdentity").path("arn").asText()).isEqualTo("arn:aws:iam::" + account + ":user/console-erin");

            // found by user name like any event
            assertThat(cloudTrail.lookupEvents(request -> request.lookupAttributes(LookupAttribute.builder().attributeKey("Username")
                    .attributeValue("console-erin").build())).events())
                    .filteredOn(event -> event.eventName().equals("ConsoleLogin"))
                    .hasSize(2);
        }
    }

    /** Sign-in accepts the account's alias in place of its id, as AWS's does; IAM's alias operations manage it. */
    @Test
    public void accountAlias()
            throws Exception
    {
        String account = server.accountId();
        try (IamClient iam = server.iam()) {
            assertThat(iam.listAccountAliases().accountAliases()).isEmpty();
            iam.createUser(request -> request.userName("console-gwen"));
            iam.createLoginProfile(request -> request.userName("console-gwen").password(PASSWORD));
            assertThat(signIn("gwen-corp", Optional.of("console-gwen"), PASSWORD).succeeded()).as("no such alias yet").isFalse();

            iam.createAccountAlias(request -> request.accountAlias("gwen-corp"));
            assertThat(iam.listAccountAliases().accountAliases()).containsExactly("gwen-corp");
            ConsoleSignIn.Result byAlias = signIn("gwen-corp", Optional.of("console-gwen"), PASSWORD);
            assertThat(byAlias.succeeded()).isTrue();
            assertThat(byAlias.principal().orElseThrow().accountId()).isEqualTo(account);
            assertThat(signIn(" Gwen-Corp ", Optional.of("console-gwen"), PASSWORD).succeeded()).as("as typed: case and spaces").isTrue();

            // a second alias replaces the first; another account cannot take one in use
            iam.createAccountAlias(request -> request.accountAlias("gwen-corp-2"));
            assertThat(iam.listAccountAliases().accountAliases()).containsExactly("gwen-corp-2");
            assertThat(signIn("gwen-corp", Optional.of("console-gwen"), PASSWORD).succeeded()).as("the replaced alias").isFalse();
            Accounts.RootCredentials other = server.createAccount();
            try (IamClient otherIam = server.iam(TestingCairnServer.credentials(other.accessKeyId(), other.secretAccessKey()))) {
                assertThatThrownBy(() -> otherIam.createAccountAlias(request -> request.accountAlias("gwen-corp-2")))
                        .isInstanceOfSatisfying(EntityAlreadyExistsException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
                assertThatThrownBy(() -> otherIam.deleteAccountAlias(request -> request.accountAlias("gwen-corp-2")))
                        .isInstanceOf(NoSuchEntityException.class);
            }
            assertThatThrownBy(() -> iam.createAccountAlias(request -> request.accountAlias("Bad--Alias")))
                    .hasMessageContaining("accountAlias");
            // records of the root user's calls name it by the account's alias, as AWS writes them
            String withAlias = iam.listAccountAliases().responseMetadata().requestId();
            iam.deleteAccountAlias(request -> request.accountAlias("gwen-corp-2"));
            String withoutAlias = iam.listAccountAliases().responseMetadata().requestId();
            try (CloudTrailClient cloudTrail = server.cloudTrail()) {
                JsonNode aliased = EventHistory.record(EventHistory.byRequestId(cloudTrail, LookupAttributeKey.EVENT_NAME, "ListAccountAliases", withAlias));
                assertThat(aliased.path("userIdentity").path("type").asText()).isEqualTo("Root");
                assertThat(aliased.path("userIdentity").path("userName").asText()).isEqualTo("gwen-corp-2");
                JsonNode plain = EventHistory.record(EventHistory.byRequestId(cloudTrail, LookupAttributeKey.EVENT_NAME, "ListAccountAliases", withoutAlias));
                assertThat(plain.path("userIdentity").has("userName")).as("no alias, no user name").isFalse();
                assertThat(EventHistory.byRequestId(cloudTrail, LookupAttributeKey.USERNAME, "root", withAlias).username()).as("looked up as root").isEqualTo("root");
            }
            assertThat(iam.listAccountAliases().accountAliases()).isEmpty();
            assertThat(signIn("gwen-corp-2", Optional.of("console-gwen"), PASSWORD).succeeded()).isFalse();
        }
    }

    private static List<String> fieldNames(JsonNode node)
    {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
