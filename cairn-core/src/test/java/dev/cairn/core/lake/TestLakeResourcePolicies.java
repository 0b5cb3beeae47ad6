package dev.cairn.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.model.Principal;
import dev.cairn.model.PrincipalType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Channels' resource policies: CloudTrail's rules for them, and who they let call PutAuditEvents.
 */
public class TestLakeResourcePolicies
{
    private static final String OWNER = "111122223333";
    private static final String PARTNER = "444455556666";
    private static final String STRANGER = "777788889999";
    private static final String CHANNEL_ARN = "arn:aws:cloudtrail:us-east-1:" + OWNER + ":channel/0a1b2c3d-1111-4222-8333-944455556666";

    @Test
    public void theOwnerMayUnlessDeniedOthersOnlyWhenAllowed()
    {
        Channel withoutPolicy = channel(Optional.empty());
        assertThat(LakeResourcePolicies.mayPutAuditEvents(withoutPolicy, root(OWNER), Optional.empty())).isTrue();
        assertThat(LakeResourcePolicies.mayPutAuditEvents(withoutPolicy, root(PARTNER), Optional.empty())).isFalse();

        Channel allowing = channel(Optional.of(policy("Allow", "\"" + PARTNER + "\"", "")));
        assertThat(LakeResourcePolicies.mayPutAuditEvents(allowing, root(PARTNER), Optional.empty())).isTrue();
        assertThat(LakeResourcePolicies.mayPutAuditEvents(allowing, user(PARTNER, "sender"), Optional.of("anything"))).isTrue();
        assertThat(LakeResourcePolicies.mayPutAuditEvents(allowing, root(STRANGER), Optional.empty())).isFalse();
        assertThat(LakeResourcePolicies.mayPutAuditEvents(allowing, root(OWNER), Optional.empty())).isTrue();

        Channel denyingOwner = channel(Optional.of(policy("Deny", "\"arn:aws:iam::" + OWNER + ":root\"", "")));
        assertThat(LakeResourcePolicies.mayPutAuditEvents(denyingOwner, root(OWNER), Optional.empty())).isFalse();
    }

    @Test
    public void anExternalIdConditionNeedsThatId()
    {
        Channel channel = channel(Optional.of(policy("Allow", "[\"" + PARTNER + "\"]", ",\"Condition\":{\"StringEquals\":{\"cloudtrail:ExternalId\":\"ext-1\"}}")));
        assertThat(LakeResourcePolicies.mayPutAuditEvents(channel, root(PARTNER), Optional.of("ext-1"))).isTrue();
        assertThat(LakeResourcePolicies.mayPutAuditEvents(channel, root(PARTNER), Optional.of("ext-2"))).isFalse();
        assertThat(LakeResourcePolicies.mayPutAuditEvents(channel, root(PARTNER), Optional.empty())).isFalse();
    }

    @Test
    public void channelPolicyRules()
    {
        assertThat(LakeResourcePolicies.validateChannelPolicy(policy("Allow", "\"" + PARTNER + "\"", ""), CHANNEL_ARN).statements()).hasSize(1);
        assertInvalid("not json", "not valid");
        assertInvalid("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cloudtrail-data:PutAuditEvents\",\"Resource\":\"" + CHANNEL_ARN + "\"}]}",
                "Principal");
        assertInvalid(policy("Allow", "\"" + PARTNER + "\"", "").replace("cloudtrail-data:PutAuditEvents", "cloudtrail:GetChannel"), "cloudtrail-data:PutAuditEvents");
        assertInvalid(policy("Allow", "\"" + PARTNER + "\"", "").replace(CHANNEL_ARN, CHANNEL_ARN + "x"), "channel's ARN");
        assertInvalid(policy("Allow", "\"*\"", ""), "not *");
        assertInvalid(policy("Allow", "[" + String.join(",", Collections.nCopies(51, "\"" + PARTNER + "\"")) + "]", ""), "50");
        assertInvalid(policy("Allow", "\"" + PARTNER + "\"", ",\"Condition\":{\"StringLike\":{\"cloudtrail:ExternalId\":\"e*\"}}"), "StringEquals");
        assertInvalid(policy("Allow", "\"" + PARTNER + "\"", ",\"Condition\":{\"StringEquals\":{\"aws:SourceIp\":\"10.0.0.1\"}}"), "StringEquals");
        String statement = "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + PARTNER + "\"},\"Action\":\"cloudtrail-data:PutAuditEvents\",\"Resource\":\"" + CHANNEL_ARN + "\"}";
        assertInvalid("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", Collections.nCopies(21, statement)) + "]}", "20");
        assertInvalid(policy("Allow", "\"" + PARTNER + "\"", "").replace("{\"AWS\":", "{\"Service\":"), "AWS principals");
    }

    @Test
    public void eventDataStorePolicyRules()
    {
        String arn = "arn:aws:cloudtrail:us-east-1:" + OWNER + ":eventdatastore/5f0e8c9a-1111-4222-8333-944455556666";
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + PARTNER + "\"},"
                + "\"Action\":[\"cloudtrail:StartQuery\",\"cloudtrail:GetQueryResults\"],\"Resource\":\"" + arn + "\"}]}";
        assertThat(LakeResourcePolicies.validateEventDataStorePolicy(policy, arn).statements()).hasSize(1);
        assertThatThrownBy(() -> LakeResourcePolicies.validateEventDataStorePolicy(policy.replace("cloudtrail:StartQuery", "s3:GetObject"), arn))
                .isInstanceOfSatisfying(CairnException.class, error -> assertThat(error.errorCode()).isEqualTo(ErrorCode.RESOURCE_POLICY_NOT_VALID));
        assertThatThrownBy(() -> LakeResourcePolicies.validateEventDataStorePolicy(policy, arn + "x"))
                .isInstanceOfSatisfying(CairnException.class, error -> assertThat(error.errorCode()).isEqualTo(ErrorCode.RESOURCE_POLICY_NOT_VALID));
    }

    private static void assertInvalid(String policy, String messagePart)
    {
        assertThatThrownBy(() -> LakeResourcePolicies.validateChannelPolicy(policy, CHANNEL_ARN))
                .isInstanceOfSatisfying(CairnException.class, error -> {
                    assertThat(error.errorCode()).isEqualTo(ErrorCode.RESOURCE_POLICY_NOT_VALID);
                    assertThat(error.getMessage()).contains(messagePart);
                });
    }

    private static String policy(String effect, String principals, String condition)
    {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":{\"AWS\":" + principals + "},"
                + "\"Action\":\"cloudtrail-data:PutAuditEvents\",\"Resource\":\"" + CHANNEL_ARN + "\"" + condition + "}]}";
    }

    private static Channel channel(Optional<String> policy)
    {
        return new Channel("0a1b2c3d-1111-4222-8333-944455556666", OWNER, "us-east-1", "integration", Channel.CUSTOM_SOURCE,
                List.of("arn:aws:cloudtrail:us-east-1:" + OWNER + ":eventdatastore/5f0e8c9a-1111-4222-8333-944455556666"), List.of(), Instant.EPOCH, policy,
                Channel.Ingestion.NONE);
    }

    private static Principal root(String account)
    {
        return Principal.root(account, "AKIAEXAMPLE", Optional.empty());
    }

    private static Principal user(String account, String name)
    {
        return new Principal(account, PrincipalType.IAM_USER, "AIDAEXAMPLE", "arn:aws:iam::" + account + ":user/" + name, name, "AKIAEXAMPLE2");
    }
}
