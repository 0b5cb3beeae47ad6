package dev.cairn.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.LoginProfile;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PasswordPolicyViolationException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The IAM and STS subset through the AWS SDK for Java v2: users, access keys, inline and managed policies, every
 * error path, and isolation between accounts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class IdentityIT
{
    private TestingCairnServer server;
    private IamClient iam;

    @BeforeAll
    public void start()
    {
        server = TestingCairnServer.start();
        iam = server.iam();
    }

    @AfterAll
    public void stop()
    {
        iam.close();
        server.close();
    }

    private static AwsCredentialsProvider credentials(AccessKey key)
    {
        return TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey());
    }

    /** Console passwords: CRUD and errors as IAM has them; the password is in no record and nowhere on disk in clear. */
    @Test
    public void loginProfiles()
            throws Exception
    {
        String password = "Correct-Horse-7-Battery";
        iam.createUser(request -> request.userName("console-dana"));
        LoginProfile created = iam.createLoginProfile(request -> request.userName("CONSOLE-DANA").password(password).passwordResetRequired(true)).loginProfile();
        assertThat(created.userName()).isEqualTo("console-dana");
        assertThat(created.passwordResetRequired()).isTrue();
        assertThat(created.createDate()).isNotNull();
        assertThat(iam.getLoginProfile(request -> request.userName("console-dana")).loginProfile()).isEqualTo(created);
        assertThatThrownBy(() -> iam.createLoginProfile(request -> request.userName("console-dana").password(password)))
                .isInstanceOf(EntityAlreadyExistsException.class);

        for (String weak : List.of("Sh0rt!", "onlylowercaseletters", "UpperAndLowerOnly")) {
            assertThatThrownBy(() -> iam.updateLoginProfile(request -> request.userName("console-dana").password(weak)))
                    .as(weak)
                    .isInstanceOfSatisfying(PasswordPolicyViolationException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        }
        iam.updateLoginProfile(request -> request.userName("console-dana").password("Another-Good-Passw0rd").passwordResetRequired(false));
        assertThat(iam.getLoginProfile(request -> request.userName("console-dana")).loginProfile().passwordResetRequired()).isFalse();

        assertThatThrownBy(() -> iam.deleteUser(request -> request.userName("console-dana")))
                .isInstanceOfSatisfying(DeleteConflictException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).contains("login profile"));
        iam.deleteLoginProfile(request -> request.userName("console-dana"));
        assertThatThrownBy(() -> iam.getLoginProfile(request -> request.userName("console-dana"))).isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.deleteLoginProfile(request -> request.userName("console-dana"))).isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.createLoginProfile(request -> request.userName("nobody-here").password(password))).isInstanceOf(NoSuchEntityException.class);
        iam.deleteUser(request -> request.userName("console-dana"));

        // recorded without the password; the password is nowhere in the data directory
        try (var cloudTrail = server.cloudTrail()) {
            List<String> records = Poll.untilOrTimeout(java.time.Duration.ofSeconds(10), () -> {
                List<String> found = new ArrayList<>();
                for (String name : List.of("CreateLoginProfile", "UpdateLoginProfile")) {
                    cloudTrail.lookupEvents(request -> request.lookupAttributes(software.amazon.awssdk.services.cloudtrail.model.LookupAttribute.builder()
                                    .attributeKey("EventName").attributeValue(name).build()))
                            .events().stream()
                            .map(software.amazon.awssdk.services.cloudtrail.model.Event::cloudTrailEvent)
                            .forEach(found::add);
                }
                return found;
            }, found -> found.size() >= 5);
            assertThat(records).hasSizeGreaterThanOrEqualTo(5);
            assertThat(records).noneMatch(record -> record.contains(password) || record.contains("Another-Good-Passw0rd"));
            assertThat(records).anyMatch(record -> record.contains("\"eventName\":\"CreateLoginProfile\"") && record.contains("\"passwordResetRequired\":true"));
        }
        try (var files = java.nio.file.Files.walk(server.dataDirectory())) {
            for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String content = new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(password).doesNotContain("Another-Good-Passw0rd");
            }
        }
    }

    /** ChangePassword over the IAM API: the user's own password, given the current one; not for the root user. */
    @Test
    public void changePassword()
            throws Exception
    {
        iam.createUser(request -> request.userName("console-kim"));
        iam.putUserPolicy(request -> request.userName("console-kim").policyName("own-password").policyDocument(
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:ChangePassword\", \"Resource\": \"arn:aws:iam::*:user/${aws:username}\"}]}"));
        iam.createLoginProfile(request -> request.userName("console-kim").password("Kim-First-Passw0rd").passwordResetRequired(true));
        var key = iam.createAccessKey(request -> request.userName("console-kim")).accessKey();
        try (IamClient kim = server.iam(TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey()))) {
            assertThatThrownBy(() -> kim.changePassword(request -> request.oldPassword("Not-Kims-Passw0rd").newPassword("Kim-Second-Passw0rd")))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.iam.model.IamException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The old password is incorrect.");
                    });
            assertThatThrownBy(() -> kim.changePassword(request -> request.oldPassword("Kim-First-Passw0rd").newPassword("weak")))
                    .isInstanceOf(PasswordPolicyViolationException.class);
            kim.changePassword(request -> request.oldPassword("Kim-First-Passw0rd").newPassword("Kim-Second-Passw0rd"));
        }
        assertThat(iam.getLoginProfile(request -> request.userName("console-kim")).loginProfile().passwordResetRequired()).isFalse();
        assertThat(server.server().cairn().consoleSignIn().signIn(new dev.cairn.core.console.ConsoleSignIn.Attempt(server.accountId(),
                java.util.Optional.of("console-kim"), "Kim-Second-Passw0rd", "203.0.113.1", java.util.Optional.empty(), java.util.Optional.empty(),
                "http://127.0.0.1/")).succeeded()).isTrue();
        assertThatThrownBy(() -> iam.changePassword(request -> request.oldPassword(TestingCairnServer.ROOT_PASSWORD).newPassword("Root-Other-Passw0rd")))
                .as("the root user")
                .isInstanceOf(software.amazon.awssdk.services.iam.model.InvalidUserTypeException.class);
    }

    @Test
    public void callerIdentityOfRootAndUsers()
            throws Exception
    {
        try (StsClient sts = server.sts(TestingCairnServer.rootCredentials())) {
            GetCallerIdentityResponse root = sts.getCallerIdentity();
            assertThat(root.account()).isEqualTo(server.accountId()).matches("\\d{12}");
            assertThat(root.arn()).isEqualTo("arn:aws:iam::" + server.accountId() + ":root");
            assertThat(root.userId()).isEqualTo(server.accountId());
        }
        User user = iam.createUser(request -> request.userName("identity-carol").path("/team/")).user();
        assertThat(user.arn()).isEqualTo("arn:aws:iam::" + server.accountId() + ":user/team/identity-carol");
        assertThat(user.userId()).startsWith("AIDA").hasSize(21);
        AccessKey key = iam.createAccessKey(request -> request.userName("identity-carol")).accessKey();
        assertThat(key.accessKeyId()).startsWith("AKIA").hasSize(20);
        assertThat(key.secretAccessKey()).hasSize(40);
        assertThat(key.status()).isEqualTo(StatusType.ACTIVE);
        try (StsClient sts = server.sts(credentials(key))) {
            GetCallerIdentityResponse caller = sts.getCallerIdentity();
            assertThat(caller.arn()).isEqualTo(user.arn());
            assertThat(caller.userId()).isEqualTo(user.userId());
        }
        // the store keeps the secret encrypted with the master key beside it: no file of the data directory holds it
        assertThat(server.dataDirectory().resolve("master.key")).isRegularFile();
        try (var files = java.nio.file.Files.walk(server.dataDirectory())) {
            for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String content = new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(key.secretAccessKey()).doesNotContain(TestingCairnServer.ROOT_SECRET_ACCESS_KEY);
            }
        }
    }

    @Test
    public void userLifecycle()
    {
        User created = iam.createUser(request -> request.userName("Dave")).user();
        assertThat(created.path()).isEqualTo("/");
        assertThat(created.createDate()).isNotNull();
        // names are unique regardless of case, and keep their case
        assertThatThrownBy(() -> iam.createUser(request -> request.userName("dave")))
                .isInstanceOfSatisfying(EntityAlreadyExistsException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(409);
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("User with name dave already exists.");
                });
        assertThat(iam.getUser(request -> request.userName("DAVE")).user().userName()).isEqualTo("Dave");
        assertThatThrownBy(() -> iam.getUser(request -> request.userName("nobody")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(404);
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("The user with name nobody cannot be found.");
                });
        iam.deleteUser(request -> request.userName("Dave"));
        assertThatThrownBy(() -> iam.getUser(request -> request.userName("Dave"))).isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.deleteUser(request -> request.userName("Dave"))).isInstanceOf(NoSuchEntityException.class);
        // model constraints
        assertThatThrownBy(() -> iam.createUser(request -> request.userName("bad name!")))
                .isInstanceOfSatisfying(IamException.class, error -> {
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(error.statusCode()).isEqualTo(400);
                    assertThat(error.awsErrorDetails().errorMessage()).contains("Member must satisfy regular expression pattern");
                });
    }

    @Test
    public void listUsersPagesAndFiltersByPath()
    {
        for (int i = 0; i < 7; i++) {
            int index = i;
            iam.createUser(request -> request.userName("pager-" + index).path(index % 2 == 0 ? "/even/" : "/odd/"));
        }
        List<String> names = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String current = marker;
            ListUsersResponse page = iam.listUsers(request -> request.pathPrefix("/even/").maxItems(2).marker(current));
            page.users().forEach(user -> names.add(user.userName()));
            marker = page.isTruncated() ? page.marker() : null;
            pages++;
        }
        while (marker != null);
        assertThat(names).containsExactly("pager-0", "pager-2", "pager-4", "pager-6");
        assertThat(pages).isEqualTo(2);
        // the SDK paginator gets everyone
        assertThat(iam.listUsersPaginator(request -> request.maxItems(3)).users().stream().map(User::userName).filter(name -> name.startsWith("pager-")).count()).isEqualTo(7);
    }

    @Test
    public void accessKeysAreLimitedAndCanBeDeactivated()
    {
        iam.createUser(request -> request.userName("keys-erin"));
        AccessKey first = iam.createAccessKey(request -> request.userName("keys-erin")).accessKey();
        AccessKey second = iam.createAccessKey(request -> request.userName("keys-erin")).accessKey();
        assertThatThrownBy(() -> iam.createAccessKey(request -> request.userName("keys-erin")))
                .isInstanceOfSatisfying(LimitExceededException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Cannot exceed quota for AccessKeysPerUser: 2"));
        assertThat(iam.listAccessKeys(request -> request.userName("keys-erin")).accessKeyMetadata())
                .extracting(metadata -> metadata.accessKeyId())
                .containsExactlyInAnyOrder(first.accessKeyId(), second.accessKeyId());

        try (StsClient sts = server.sts(credentials(first))) {
            assertThat(sts.getCallerIdentity().arn()).endsWith(":user/keys-erin");
            iam.updateAccessKey(request -> request.userName("keys-erin").accessKeyId(first.accessKeyId()).status(StatusType.INACTIVE));
            assertThatThrownBy(sts::getCallerIdentity)
                    .isInstanceOfSatisfying(StsException.class, error -> {
                        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
                        assertThat(error.statusCode()).isEqualTo(403);
                    });
            iam.updateAccessKey(request -> request.userName("keys-erin").accessKeyId(first.accessKeyId()).status(StatusType.ACTIVE));
            assertThat(sts.getCallerIdentity().arn()).endsWith(":user/keys-erin");
        }
        assertThatThrownBy(() -> iam.deleteUser(request -> request.userName("keys-erin")))
                .isInstanceOfSatisfying(DeleteConflictException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).contains("access keys"));
        iam.deleteAccessKey(request -> request.userName("keys-erin").accessKeyId(first.accessKeyId()));
        iam.deleteAccessKey(request -> request.userName("keys-erin").accessKeyId(second.accessKeyId()));
        assertThatThrownBy(() -> iam.deleteAccessKey(request -> request.userName("keys-erin").accessKeyId(second.accessKeyId())))
                .isInstanceOfSatisfying(NoSuchEntityException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).contains(second.accessKeyId()));
        try (StsClient sts = server.sts(credentials(first))) {
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOf(StsException.class);
        }
        iam.deleteUser(request -> request.userName("keys-erin"));
    }

    @Test
    public void inlinePolicies()
    {
        iam.createUser(request -> request.userName("policy-frank"));
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\"}]}";
        iam.putUserPolicy(request -> request.userName("policy-frank").policyName("read").policyDocument(document));
        String returned = iam.getUserPolicy(request -> request.userName("policy-frank").policyName("read")).policyDocument();
        // IAM returns the document URL-encoded
        assertThat(returned).doesNotContain("{");
        assertThat(URLDecoder.decode(returned, StandardCharsets.UTF_8)).isEqualTo(document);
        assertThat(iam.listUserPolicies(request -> request.userName("policy-frank")).policyNames()).containsExactly("read");

        assertThatThrownBy(() -> iam.putUserPolicy(request -> request.userName("policy-frank").policyName("bad").policyDocument("{\"Statement\":[{\"Effect\":\"Allow\"}]}")))
                .isInstanceOfSatisfying(MalformedPolicyDocumentException.class, error -> assertThat(error.statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> iam.putUserPolicy(request -> request.userName("policy-frank").policyName("principal")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}")))
                .isInstanceOfSatisfying(MalformedPolicyDocumentException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Policy document should not specify a principal."));
        assertThatThrownBy(() -> iam.putUserPolicy(request -> request.userName("policy-frank").policyName("huge")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[" + "\"iam:GetUser\",".repeat(200) + "\"iam:GetUser\"],\"Resource\":\"*\"}]}")))
                .isInstanceOfSatisfying(LimitExceededException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).contains("2048"));
        assertThatThrownBy(() -> iam.getUserPolicy(request -> request.userName("policy-frank").policyName("nope")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("The user policy with name nope cannot be found."));

        assertThatThrownBy(() -> iam.deleteUser(request -> request.userName("policy-frank"))).isInstanceOf(DeleteConflictException.class);
        iam.deleteUserPolicy(request -> request.userName("policy-frank").policyName("read"));
        assertThat(iam.listUserPolicies(request -> request.userName("policy-frank")).policyNames()).isEmpty();
        assertThatThrownBy(() -> iam.deleteUserPolicy(request -> request.userName("policy-frank").policyName("read"))).isInstanceOf(NoSuchEntityException.class);
        iam.deleteUser(request -> request.userName("policy-frank"));
    }

    /** A condition value that does not suit its operator is refused when written, and nothing is stored. */
    @Test
    public void inlinePolicyWithAnInvalidConditionValueIsNotStored()
    {
        iam.createUser(request -> request.userName("policy-ivan"));
        String invalid = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\","
                + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.300/8\"}}}]}";
        assertThatThrownBy(() -> iam.putUserPolicy(request -> request.userName("policy-ivan").policyName("office").policyDocument(invalid)))
                .isInstanceOfSatisfying(MalformedPolicyDocumentException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(400);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
                    assertThat(error.awsErrorDetails().errorMessage())
                            .isEqualTo("Syntax errors in policy. Invalid IP address or CIDR '10.0.0.300/8' for condition key aws:SourceIp.");
                });
        assertThatThrownBy(() -> iam.getUserPolicy(request -> request.userName("policy-ivan").policyName("office")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity"));
        assertThat(iam.listUserPolicies(request -> request.userName("policy-ivan")).policyNames()).isEmpty();

        // nor does a refused document replace the policy of that name
        String valid = invalid.replace("10.0.0.300/8", "10.0.0.0/8");
        iam.putUserPolicy(request -> request.userName("policy-ivan").policyName("office").policyDocument(valid));
        assertThatThrownBy(() -> iam.putUserPolicy(request -> request.userName("policy-ivan").policyName("office").policyDocument(invalid)))
                .isInstanceOf(MalformedPolicyDocumentException.class);
        String stored = iam.getUserPolicy(request -> request.userName("policy-ivan").policyName("office")).policyDocument();
        assertThat(URLDecoder.decode(stored, StandardCharsets.UTF_8)).isEqualTo(valid);

        iam.deleteUserPolicy(request -> request.userName("policy-ivan").policyName("office"));
        iam.deleteUser(request -> request.userName("policy-ivan"));
    }

    @Test
    public void managedPolicies()
    {
        List<Policy> policies = iam.listPolicies(request -> request.scope(PolicyScopeType.AWS)).policies();
        assertThat(policies).extracting(Policy::policyName)
                .containsExactlyInAnyOrder("AdministratorAccess", "ReadOnlyAccess", "IAMFullAccess", "AWSCloudTrail_FullAccess", "AWSCloudTrail_ReadOnlyAccess");
        assertThat(policies).allSatisfy(policy -> {
            assertThat(policy.arn()).isEqualTo("arn:aws:iam::aws:policy/" + policy.policyName());
            assertThat(policy.isAttachable()).isTrue();
        });
        assertThat(iam.listPolicies(request -> request.scope(PolicyScopeType.LOCAL)).policies()).isEmpty();

        iam.createUser(request -> request.userName("managed-gina"));
        iam.attachUserPolicy(request -> request.userName("managed-gina").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        iam.attachUserPolicy(request -> request.userName("managed-gina").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assertThat(iam.listAttachedUserPolicies(request -> request.userName("managed-gina")).attachedPolicies())
                .extracting(AttachedPolicy::policyName).containsExactly("ReadOnlyAccess");
        assertThat(iam.listPolicies(request -> request.onlyAttached(true)).policies())
                .singleElement().satisfies(policy -> assertThat(policy.attachmentCount()).isEqualTo(1));
        assertThatThrownBy(() -> iam.attachUserPolicy(request -> request.userName("managed-gina").policyArn("arn:aws:iam::aws:policy/NoSuchPolicy")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).contains("does not exist or is not attachable"));
        assertThatThrownBy(() -> iam.attachUserPolicy(request -> request.userName("managed-gina").policyArn("not-an-arn-but-long-enough")))
                .isInstanceOfSatisfying(IamException.class, error -> assertThat(error.awsErrorDetails().errorCode()).isIn("InvalidInput", "ValidationError"));
        assertThatThrownBy(() -> iam.deleteUser(request -> request.userName("managed-gina")))
                .isInstanceOfSatisfying(DeleteConflictException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).contains("detach"));
        iam.detachUserPolicy(request -> request.userName("managed-gina").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assertThatThrownBy(() -> iam.detachUserPolicy(request -> request.userName("managed-gina").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")))
                .isInstanceOf(NoSuchEntityException.class);
        iam.deleteUser(request -> request.userName("managed-gina"));
    }

    @Test
    public void accountsAreIsolated()
    {
        var other = server.createAccount();
        AwsCredentialsProvider otherRoot = TestingCairnServer.credentials(other.accessKeyId(), other.secretAccessKey());
        iam.createUser(request -> request.userName("isolated-hank"));
        try (IamClient otherIam = server.iam(otherRoot)) {
            assertThat(otherIam.listUsers().users()).isEmpty();
            assertThatThrownBy(() -> otherIam.getUser(request -> request.userName("isolated-hank"))).isInstanceOf(NoSuchEntityException.class);
            assertThatThrownBy(() -> otherIam.deleteUser(request -> request.userName("isolated-hank"))).isInstanceOf(NoSuchEntityException.class);
            // the same name may exist in both accounts
            User theirs = otherIam.createUser(request -> request.userName("isolated-hank")).user();
            assertThat(theirs.arn()).isEqualTo("arn:aws:iam::" + other.accountId() + ":user/isolated-hank");
            // keys of one account cannot be managed from the other
            AccessKey ours = iam.createAccessKey(request -> request.userName("isolated-hank")).accessKey();
            assertThatThrownBy(() -> otherIam.deleteAccessKey(request -> request.userName("isolated-hank").accessKeyId(ours.accessKeyId()))).isInstanceOf(NoSuchEntityException.class);
            assertThatThrownBy(() -> otherIam.updateAccessKey(request -> request.accessKeyId(ours.accessKeyId()).status(StatusType.INACTIVE))).isInstanceOf(NoSuchEntityException.class);
        }
        assertThat(iam.getUser(request -> request.userName("isolated-hank")).user().arn()).contains(server.accountId());
    }
}
