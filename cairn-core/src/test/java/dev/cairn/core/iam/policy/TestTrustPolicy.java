package dev.cairn.core.iam.policy;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Roles' trust policies: resource-based policies about STS actions on the role itself, refused with IAM's messages.
 */
public class TestTrustPolicy
{
    private static String trust(String statement)
    {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}";
    }

    @Test
    public void commonTrustPoliciesAreAccepted()
    {
        for (String statement : List.of(
                "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}",
                "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"lambda.amazonaws.com\",\"ecs-tasks.amazonaws.com\"]},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}",
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}",
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}",
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:user/ops/alice\",\"arn:aws:iam::444455556666:role/Deployer\"]},\"Action\":\"sts:assumerole\"}",
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:sts::111122223333:assumed-role/Deployer/ci-run\"},\"Action\":\"sts:SetSourceIdentity\"}",
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abc\"}}}",
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole*\"}",
                "{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"},"
                        + "\"Action\":\"sts:AssumeRoleWithWebIdentity\"}",
                "{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:saml-provider/Corp\"},\"Action\":\"sts:AssumeRoleWithSAML\"}",
                "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"},\"Action\":\"sts:AssumeRole\"}")) {
            assertThat(PolicyDocument.parseTrustPolicy(trust(statement)).statements()).as(statement).hasSize(1);
        }
    }

    /** The resource is the role: statements match any resource, so the role's ARN can be evaluated against them. */
    @Test
    public void statementsApplyToTheRoleItself()
    {
        PolicyDocument document = PolicyDocument.parseTrustPolicy(trust("{\"Sid\":\"Ci\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"sts:AssumeRole\"}"));
        assertThat(document.statements()).containsExactly(new Statement(Optional.of("Ci"), Effect.ALLOW, false, List.of("sts:AssumeRole"), false, List.of("*"), List.of(),
                Optional.of(new Principals(false, Map.of("AWS", List.of("111122223333"))))));
        AuthorizationRequest assumeRole = new AuthorizationRequest("sts:AssumeRole", "arn:aws:iam::111122223333:role/x", Map.of());
        assertThat(PolicyEvaluator.evaluateResourcePolicy(document, new PolicyPrincipal("AWS", "arn:aws:iam::111122223333:user/alice", Optional.of("111122223333")), assumeRole))
                .isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluateResourcePolicy(document, new PolicyPrincipal("AWS", "arn:aws:iam::444455556666:user/mallory", Optional.of("444455556666")), assumeRole))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    public void resourcesAreProhibited()
    {
        assertMalformed(trust("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}"), "Has prohibited field Resource");
        assertMalformed(trust("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\",\"NotResource\":\"*\"}"),
                "AssumeRole policy must not contain resources.");
        // and an identity-based policy is no trust policy
        assertMalformed("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}",
                "Missing required field Principal");
    }

    @Test
    public void onlyStsActions()
    {
        for (String action : List.of("\"*\"", "\"s3:GetObject\"", "\"sts:GetCallerIdentity\"", "[\"sts:AssumeRole\",\"iam:PassRole\"]", "\"sts:Get*\"")) {
            assertMalformed(trust("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":" + action + "}"), "AssumeRole policy may only specify STS AssumeRole actions.");
        }
        assertMalformed(trust("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"NotAction\":\"sts:AssumeRole\"}"), "AssumeRole policy may only specify STS AssumeRole actions.");
        assertMalformed(trust("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"AssumeRole\"}"),
                "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
        assertMalformed(trust("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"}}"), "Missing required field Action");
    }

    @Test
    public void principalsMustBeValid()
    {
        assertMalformed(trust("{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}"), "Missing required field Principal");
        for (String principal : List.of("alice", "1234", "arn:aws:iam::111122223333:user/*", "arn:aws:iam::111122223333:group/admins",
                "arn:aws:s3:::bucket", "arn:aws:iam::11112222333:root", "arn:aws:iam::111122223333:user/")) {
            assertMalformed(trust("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principal + "\"},\"Action\":\"sts:AssumeRole\"}"),
                    "Invalid principal in policy: \"AWS\":\"" + principal + "\"");
        }
        assertMalformed(trust("{\"Effect\":\"Allow\",\"Principal\":{\"CanonicalUser\":\"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be\"},"
                + "\"Action\":\"sts:AssumeRole\"}"), "Invalid principal in policy: \"CANONICALUSER\":\"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be\"");
        assertMalformed(trust("{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"\"},\"Action\":\"sts:AssumeRole\"}"), "Invalid principal in policy: \"SERVICE\":\"\"");
        assertMalformed(trust("{\"Effect\":\"Allow\",\"Principal\":{\"Group\":\"x\"},\"Action\":\"sts:AssumeRole\"}"), "Invalid principal in policy: Group");
        assertMalformed(trust("{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"111122223333\"},\"Action\":\"sts:AssumeRole\"}"), "Allow with NotPrincipal is not allowed.");
    }

    @Test
    public void grammarIsCheckedAsForEveryPolicy()
    {
        assertMalformed("{\"Version\":\"2012-10-17\",\"Statement\":[]}", "Syntax errors in policy.");
        assertMalformed("not json", "Syntax errors in policy.");
        assertMalformed(trust("{\"Effect\":\"Permit\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}"), "The policy failed legacy parsing");
        assertMalformed(trust("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.300\"}}}"),
                "Syntax errors in policy. Invalid IP address or CIDR '10.0.0.300' for condition key aws:SourceIp.");
    }

    private static void assertMalformed(String json, String message)
    {
        assertThatThrownBy(() -> PolicyDocument.parseTrustPolicy(json))
                .isInstanceOf(CairnException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((CairnException) e).errorCode()).isEqualTo(ErrorCode.MALFORMED_POLICY_DOCUMENT));
    }
}
