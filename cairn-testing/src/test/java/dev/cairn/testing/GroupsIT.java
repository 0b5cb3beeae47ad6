package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.Resource;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetGroupResponse;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListGroupsResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.User;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * IAM groups through the AWS SDK for Java v2: their lifecycle, members, inline and managed policies, IAM's errors and
 * quotas, the permissions a group gives its members, and the record of every call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class GroupsIT
{
    private static final String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";
    private static final String CLOUDTRAIL_READ_ONLY = "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess";

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

    private AwsCredentialsProvider user(String name)
    {
        iam.createUser(request -> request.userName(name));
        AccessKey key = iam.createAccessKey(request -> request.userName(name)).accessKey();
        return TestingCairnServer.credentials(key.accessKeyId(), key.secretAccessKey());
    }

    private static String allow(String... actions)
    {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"" + String.join("\",\"", actions) + "\"],\"Resource\":\"*\"}]}";
    }

    @Test
    public void groupLifecycle()
    {
        Group created = iam.createGroup(request -> request.groupName("Developers").path("/eng/")).group();
        assertThat(created.groupName()).isEqualTo("Developers");
        assertThat(created.path()).isEqualTo("/eng/");
        assertThat(created.groupId()).startsWith("AGPA").hasSize(21);
        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + server.accountId() + ":group/eng/Developers");
        assertThat(created.createDate()).isNotNull();
        // names are unique regardless of case, and keep their case
        assertThatThrownBy(() -> iam.createGroup(request -> request.groupName("developers")))
                .isInstanceOfSatisfying(EntityAlreadyExistsException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(409);
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Group with name developers already exists.");
                });
        GetGroupResponse got = iam.getGroup(request -> request.groupName("DEVELOPERS"));
        assertThat(got.group()).isEqualTo(created);
        assertThat(got.users()).isEmpty();
        assertThat(got.isTruncated()).isFalse();
        assertThatThrownBy(() -> iam.getGroup(request -> request.groupName("nobody")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(404);
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("The group with name nobody cannot be found.");
                });

        // members
        User dana = iam.createUser(request -> request.userName("group-dana")).user();
        iam.addUserToGroup(request -> request.groupName("developers").userName("GROUP-DANA"));
        iam.addUserToGroup(request -> request.groupName("Developers").userName("group-dana"));
        assertThat(iam.getGroup(request -> request.groupName("Developers")).users()).containsExactly(dana);
        assertThat(iam.listGroupsForUser(request -> request.userName("group-dana")).groups()).containsExactly(created);
        assertThatThrownBy(() -> iam.addUserToGroup(request -> request.groupName("Developers").userName("nobody")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("The user with name nobody cannot be found."));
        assertThatThrownBy(() -> iam.listGroupsForUser(request -> request.userName("nobody"))).isInstanceOf(NoSuchEntityException.class);

        // renamed and moved: members and id stay
        iam.updateGroup(request -> request.groupName("Developers").newGroupName("Engineers").newPath("/rd/"));
        Group renamed = iam.getGroup(request -> request.groupName("engineers")).group();
        assertThat(renamed.groupId()).isEqualTo(created.groupId());
        assertThat(renamed.arn()).isEqualTo("arn:aws:iam::" + server.accountId() + ":group/rd/Engineers");
        assertThat(iam.listGroupsForUser(request -> request.userName("group-dana")).groups()).extracting(Group::groupName).containsExactly("Engineers");
        assertThatThrownBy(() -> iam.getGroup(request -> request.groupName("Developers"))).isInstanceOf(NoSuchEntityException.class);

        // neither the user nor the group goes while it has members
        assertThatThrownBy(() -> iam.deleteUser(request -> request.userName("group-dana")))
                .isInstanceOfSatisfying(DeleteConflictException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(409);
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Cannot delete entity, must remove users from group first.");
                });
        assertThatThrownBy(() -> iam.deleteGroup(request -> request.groupName("Engineers")))
                .isInstanceOfSatisfying(DeleteConflictException.class, error -> assertThat(error.awsErrorDetails().errorMessage())
                        .isEqualTo("Cannot delete entity, must remove users from group first."));
        iam.removeUserFromGroup(request -> request.groupName("Engineers").userName("group-dana"));
        assertThatThrownBy(() -> iam.removeUserFromGroup(request -> request.groupName("Engineers").userName("group-dana"))).isInstanceOf(NoSuchEntityException.class);
        assertThat(iam.listGroupsForUser(request -> request.userName("group-dana")).groups()).isEmpty();
        iam.deleteUser(request -> request.userName("group-dana"));
        iam.deleteGroup(request -> request.groupName("Engineers"));
        assertThatThrownBy(() -> iam.deleteGroup(request -> request.groupName("Engineers"))).isInstanceOf(NoSuchEntityException.class);

        // model constraints
        assertThatThrownBy(() -> iam.createGroup(request -> request.groupName("bad name!")))
                .isInstanceOfSatisfying(IamException.class, error -> {
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(error.statusCode()).isEqualTo(400);
                });
    }

    @Test
    public void listingsPageAndFilterByPath()
    {
        for (int i = 0; i < 7; i++) {
            int index = i;
            iam.createGroup(request -> request.groupName("pager-" + index).path(index % 2 == 0 ? "/even/" : "/odd/"));
            iam.createUser(request -> request.userName("pager-member-" + index));
            iam.addUserToGroup(request -> request.groupName("pager-0").userName("pager-member-" + index));
        }
        List<String> names = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String current = marker;
            ListGroupsResponse page = iam.listGroups(request -> request.pathPrefix("/even/").maxItems(2).marker(current));
            page.groups().forEach(group -> names.add(group.groupName()));
            marker = page.isTruncated() ? page.marker() : null;
            pages++;
        }
        while (marker != null);
        assertThat(names).containsExactly("pager-0", "pager-2", "pager-4", "pager-6");
        assertThat(pages).isEqualTo(2);
        // the SDK's paginators get everything
        assertThat(iam.listGroupsPaginator(request -> request.maxItems(3)).groups().stream().map(Group::groupName).filter(name -> name.startsWith("pager-")))
                .hasSize(7);
        GetGroupResponse firstMembers = iam.getGroup(request -> request.groupName("pager-0").maxItems(3));
        assertThat(firstMembers.users()).extracting(User::userName).containsExactly("pager-member-0", "pager-member-1", "pager-member-2");
        assertThat(firstMembers.isTruncated()).isTrue();
        assertThat(iam.getGroupPaginator(request -> request.groupName("pager-0").maxItems(2)).users().stream().map(User::userName))
                .containsExactly("pager-member-0", "pager-member-1", "pager-member-2", "pager-member-3", "pager-member-4", "pager-member-5", "pager-member-6");
    }

    @Test
    public void inlinePolicies()
    {
        iam.createGroup(request -> request.groupName("policy-group"));
        String document = allow("iam:Get*");
        iam.putGroupPolicy(request -> request.groupName("policy-group").policyName("read").policyDocument(document));
        String returned = iam.getGroupPolicy(request -> request.groupName("POLICY-GROUP").policyName("READ")).policyDocument();
        // IAM returns the document URL-encoded
        assertThat(returned).doesNotContain("{");
        assertThat(URLDecoder.decode(returned, StandardCharsets.UTF_8)).isEqualTo(document);
        assertThat(iam.listGroupPolicies(request -> request.groupName("policy-group")).policyNames()).containsExactly("read");

        assertThatThrownBy(() -> iam.putGroupPolicy(request -> request.groupName("policy-group").policyName("bad").policyDocument("{\"Statement\":[{\"Effect\":\"Allow\"}]}")))
                .isInstanceOfSatisfying(MalformedPolicyDocumentException.class, error -> assertThat(error.statusCode()).isEqualTo(400));
        // a group's inline policies may be 5,120 characters in all (a user's only 2,048)
        String statement = "{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}";
        String large = "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", Collections.nCopies(60, statement)) + "]}";
        iam.putGroupPolicy(request -> request.groupName("policy-group").policyName("large").policyDocument(large));
        assertThatThrownBy(() -> iam.putGroupPolicy(request -> request.groupName("policy-group").policyName("larger").policyDocument(large)))
                .isInstanceOfSatisfying(LimitExceededException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(409);
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Maximum policy size of 5120 bytes exceeded for group policy-group");
                });
        assertThatThrownBy(() -> iam.getGroupPolicy(request -> request.groupName("policy-group").policyName("nope")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("The group policy with name nope cannot be found."));

        assertThatThrownBy(() -> iam.deleteGroup(request -> request.groupName("policy-group")))
                .isInstanceOfSatisfying(DeleteConflictException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Cannot delete entity, must delete policies first."));
        iam.deleteGroupPolicy(request -> request.groupName("policy-group").policyName("read"));
        iam.deleteGroupPolicy(request -> request.groupName("policy-group").policyName("large"));
        assertThat(iam.listGroupPolicies(request -> request.groupName("policy-group")).policyNames()).isEmpty();
        assertThatThrownBy(() -> iam.deleteGroupPolicy(request -> request.groupName("policy-group").policyName("read"))).isInstanceOf(NoSuchEntityException.class);
        iam.deleteGroup(request -> request.groupName("policy-group"));
    }

    @Test
    public void managedPolicies()
    {
        iam.createGroup(request -> request.groupName("managed-group"));
        iam.attachGroupPolicy(request -> request.groupName("managed-group").policyArn(CLOUDTRAIL_READ_ONLY));
        iam.attachGroupPolicy(request -> request.groupName("managed-group").policyArn(CLOUDTRAIL_READ_ONLY));
        assertThat(iam.listAttachedGroupPolicies(request -> request.groupName("managed-group")).attachedPolicies())
                .extracting(AttachedPolicy::policyName, AttachedPolicy::policyArn).containsExactly(org.assertj.core.groups.Tuple.tuple("AWSCloudTrail_ReadOnlyAccess", CLOUDTRAIL_READ_ONLY));
        assertThat(iam.listPolicies(request -> request.onlyAttached(true)).policies())
                .filteredOn(policy -> policy.arn().equals(CLOUDTRAIL_READ_ONLY))
                .singleElement().extracting(Policy::attachmentCount).isEqualTo(1);
        assertThatThrownBy(() -> iam.attachGroupPolicy(request -> request.groupName("managed-group").policyArn("arn:aws:iam::aws:policy/NoSuchPolicy")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).contains("does not exist or is not attachable"));
        assertThatThrownBy(() -> iam.attachGroupPolicy(request -> request.groupName("no-such-group").policyArn(CLOUDTRAIL_READ_ONLY)))
                .isInstanceOfSatisfying(NoSuchEntityException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("The group with name no-such-group cannot be found."));
        assertThatThrownBy(() -> iam.deleteGroup(request -> request.groupName("managed-group")))
                .isInstanceOfSatisfying(DeleteConflictException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Cannot delete entity, must detach all policies first."));
        iam.detachGroupPolicy(request -> request.groupName("managed-group").policyArn(CLOUDTRAIL_READ_ONLY));
        assertThatThrownBy(() -> iam.detachGroupPolicy(request -> request.groupName("managed-group").policyArn(CLOUDTRAIL_READ_ONLY))).isInstanceOf(NoSuchEntityException.class);
        assertThat(iam.listAttachedGroupPolicies(request -> request.groupName("managed-group")).attachedPolicies()).isEmpty();
        iam.deleteGroup(request -> request.groupName("managed-group"));
    }

    /** In an account of its own: 300 groups per account, 10 groups per user. */
    @Test
    public void quotas()
    {
        var other = server.createAccount();
        try (IamClient otherIam = server.iam(TestingCairnServer.credentials(other.accessKeyId(), other.secretAccessKey()))) {
            for (int i = 0; i < 300; i++) {
                int index = i;
                otherIam.createGroup(request -> request.groupName("quota-" + index));
            }
            assertThatThrownBy(() -> otherIam.createGroup(request -> request.groupName("quota-300")))
                    .isInstanceOfSatisfying(LimitExceededException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Cannot exceed quota for GroupsPerAccount: 300"));
            otherIam.createUser(request -> request.userName("joiner"));
            for (int i = 0; i < 10; i++) {
                int index = i;
                otherIam.addUserToGroup(request -> request.groupName("quota-" + index).userName("joiner"));
            }
            assertThatThrownBy(() -> otherIam.addUserToGroup(request -> request.groupName("quota-10").userName("joiner")))
                    .isInstanceOfSatisfying(LimitExceededException.class, error -> assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Cannot exceed quota for GroupsPerUser: 10"));
            assertThat(otherIam.listGroupsForUser(request -> request.userName("joiner")).groups()).hasSize(10);
            // the groups are the other account's alone
            assertThatThrownBy(() -> iam.getGroup(request -> request.groupName("quota-0"))).isInstanceOf(NoSuchEntityException.class);
        }
    }

    /**
     * A group's policies apply to its members: an allow in one grants, an explicit deny in one beats an allow in the
     * user's own policy, and leaving the group takes both away.
     */
    @Test
    public void groupPoliciesDecideMembersCalls()
    {
        AwsCredentialsProvider uma = user("groups-uma");
        iam.putUserPolicy(request -> request.userName("groups-uma").policyName("own").policyDocument(allow("iam:GetUser", "iam:CreateUser")));
        iam.createGroup(request -> request.groupName("listers"));
        iam.putGroupPolicy(request -> request.groupName("listers").policyName("list").policyDocument(allow("iam:ListGroups", "iam:GetGroup")));
        iam.attachGroupPolicy(request -> request.groupName("listers").policyArn(CLOUDTRAIL_READ_ONLY));
        iam.createGroup(request -> request.groupName("no-user-creation"));
        iam.putGroupPolicy(request -> request.groupName("no-user-creation").policyName("deny").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"iam:CreateUser\",\"Resource\":\"*\"}]}"));
        try (IamClient umaIam = server.iam(uma); CloudTrailClient umaCloudTrail = server.cloudTrail(uma, "us-east-1")) {
            assertThatThrownBy(umaIam::listGroups).isInstanceOfSatisfying(IamException.class, error -> {
                assertThat(error.statusCode()).isEqualTo(403);
                assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::" + server.accountId() + ":user/groups-uma is not authorized to perform: "
                        + "iam:ListGroups on resource: arn:aws:iam::" + server.accountId() + ":group/ because no identity-based policy allows the iam:ListGroups action");
            });
            assertThatThrownBy(umaCloudTrail::describeTrails).isInstanceOf(CloudTrailException.class);
            umaIam.createUser(request -> request.userName("groups-made-by-uma-1"));

            iam.addUserToGroup(request -> request.groupName("listers").userName("groups-uma"));
            iam.addUserToGroup(request -> request.groupName("no-user-creation").userName("groups-uma"));
            assertThat(umaIam.listGroups().groups()).extracting(Group::groupName).contains("listers", "no-user-creation");
            assertThat(umaIam.getGroup(request -> request.groupName("listers")).users()).extracting(User::userName).containsExactly("groups-uma");
            assertThat(umaCloudTrail.describeTrails().trailList()).isNotNull();
            assertThatThrownBy(() -> umaIam.createUser(request -> request.userName("groups-made-by-uma-2")))
                    .isInstanceOfSatisfying(IamException.class, error -> assertThat(error.awsErrorDetails().errorMessage())
                            .endsWith("iam:CreateUser on resource: arn:aws:iam::" + server.accountId() + ":user/groups-made-by-uma-2 with an explicit deny in an identity-based policy"));
            assertThatThrownBy(() -> iam.getUser(request -> request.userName("groups-made-by-uma-2"))).isInstanceOf(NoSuchEntityException.class);

            iam.removeUserFromGroup(request -> request.groupName("listers").userName("groups-uma"));
            iam.removeUserFromGroup(request -> request.groupName("no-user-creation").userName("groups-uma"));
            assertThatThrownBy(umaIam::listGroups).isInstanceOf(IamException.class);
            assertThatThrownBy(umaCloudTrail::describeTrails).isInstanceOf(CloudTrailException.class);
            umaIam.createUser(request -> request.userName("groups-made-by-uma-2"));
            // an attached AdministratorAccess through a group is as good as one on the user
            iam.createGroup(request -> request.groupName("admins"));
            iam.attachGroupPolicy(request -> request.groupName("admins").policyArn(ADMINISTRATOR_ACCESS));
            iam.addUserToGroup(request -> request.groupName("admins").userName("groups-uma"));
            assertThat(umaIam.listGroups().groups()).isNotEmpty();
        }
    }

    @Test
    public void groupCallsAreRecorded()
    {
        String requestId = iam.createGroup(request -> request.groupName("recorded-group")).responseMetadata().requestId();
        iam.createUser(request -> request.userName("recorded-member"));
        iam.addUserToGroup(request -> request.groupName("recorded-group").userName("recorded-member"));
        try (CloudTrailClient cloudTrail = server.cloudTrail()) {
            Event created = EventHistory.byRequestId(cloudTrail, LookupAttributeKey.RESOURCE_NAME, "recorded-group", requestId);
            assertThat(created.eventName()).isEqualTo("CreateGroup");
            assertThat(created.eventSource()).isEqualTo("iam.amazonaws.com");
            assertThat(created.resources()).extracting(Resource::resourceType, Resource::resourceName)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("AWS::IAM::Group", "recorded-group"));
            JsonNode record = EventHistory.record(created);
            assertThat(record.path("requestParameters").path("groupName").asText()).isEqualTo("recorded-group");
            assertThat(record.path("readOnly").asBoolean()).isFalse();

            Event added = EventHistory.await(cloudTrail, LookupAttributeKey.RESOURCE_NAME, "recorded-member", "AddUserToGroup",
                    event -> event.eventName().equals("AddUserToGroup"), Duration.ofSeconds(5));
            assertThat(added.resources()).extracting(Resource::resourceType)
                    .containsExactlyInAnyOrder("AWS::IAM::Group", "AWS::IAM::User");
            assertThat(EventHistory.await(cloudTrail, LookupAttributeKey.RESOURCE_TYPE, "AWS::IAM::Group", "events on groups",
                    event -> event.eventName().equals("AddUserToGroup"), Duration.ofSeconds(5))).isNotNull();
        }
        iam.removeUserFromGroup(request -> request.groupName("recorded-group").userName("recorded-member"));
        iam.deleteGroup(request -> request.groupName("recorded-group"));
    }
}
