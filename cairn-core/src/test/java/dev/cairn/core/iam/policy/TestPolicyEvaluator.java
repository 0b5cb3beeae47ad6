package dev.cairn.core.iam.policy;

import static dev.cairn.core.iam.policy.Decision.ALLOW;
import static dev.cairn.core.iam.policy.Decision.EXPLICIT_DENY;
import static dev.cairn.core.iam.policy.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.CairnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

class TestPolicyEvaluator
{
    private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    private static final String BOB = "arn:aws:iam::123456789012:user/bob";

    @Test
    void defaultDeny()
    {
        assertThat(PolicyEvaluator.evaluate(List.of(), new AuthorizationRequest("iam:GetUser", ALICE))).isEqualTo(IMPLICIT_DENY);
        PolicyDocument other = policy("""
                {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}
                """);
        assertThat(evaluate(other, "iam:GetUser", ALICE)).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void allow()
    {
        PolicyDocument document = policy("""
                {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "arn:aws:iam::123456789012:user/alice"}
                """);
        assertThat(evaluate(document, "iam:GetUser", ALICE)).isEqualTo(ALLOW);
        assertThat(evaluate(document, "iam:GetUser", BOB)).isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(document, "iam:DeleteUser", ALICE)).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void explicitDenyWinsAcrossPolicies()
    {
        PolicyDocument allowAll = policy("""
                {"Effect": "Allow", "Action": "*", "Resource": "*"}
                """);
        PolicyDocument denyDelete = policy("""
                {"Effect": "Deny", "Action": "iam:Delete*", "Resource": "*"}
                """);
        AuthorizationRequest delete = new AuthorizationRequest("iam:DeleteUser", ALICE);
        assertThat(PolicyEvaluator.evaluate(List.of(allowAll, denyDelete), delete)).isEqualTo(EXPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(List.of(denyDelete, allowAll), delete)).isEqualTo(EXPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(List.of(denyDelete), delete)).isEqualTo(EXPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(List.of(allowAll, denyDelete), new AuthorizationRequest("iam:GetUser", ALICE))).isEqualTo(ALLOW);
    }

    @Test
    void explicitDenyWithinOnePolicy()
    {
        PolicyDocument document = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iam:*", "Resource": "*"},
                  {"Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws:iam::123456789012:user/bob"}
                ]}
                """);
        assertThat(evaluate(document, "iam:GetUser", ALICE)).isEqualTo(ALLOW);
        assertThat(evaluate(document, "iam:GetUser", BOB)).isEqualTo(EXPLICIT_DENY);
    }

    @Test
    void notAction()
    {
        PolicyDocument document = policy("""
                {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}
                """);
        assertThat(evaluate(document, "cloudtrail:LookupEvents", "*")).isEqualTo(ALLOW);
        assertThat(evaluate(document, "iam:CreateUser", ALICE)).isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(document, "IAM:createuser", ALICE)).isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(document, "organizations:ListAccounts", "*")).isEqualTo(IMPLICIT_DENY);

        PolicyDocument denyAllButReads = policy("""
                {"Effect": "Deny", "NotAction": "iam:Get*", "Resource": "*"}
                """);
        PolicyDocument allowAll = policy("""
                {"Effect": "Allow", "Action": "*", "Resource": "*"}
                """);
        assertThat(PolicyEvaluator.evaluate(List.of(allowAll, denyAllButReads), new AuthorizationRequest("iam:GetUser", ALICE))).isEqualTo(ALLOW);
        assertThat(PolicyEvaluator.evaluate(List.of(allowAll, denyAllButReads), new AuthorizationRequest("iam:DeleteUser", ALICE))).isEqualTo(EXPLICIT_DENY);
    }

    @Test
    void notResource()
    {
        PolicyDocument document = policy("""
                {"Effect": "Allow", "Action": "iam:*", "NotResource": ["arn:aws:iam::123456789012:user/admin*"]}
                """);
        assertThat(evaluate(document, "iam:DeleteUser", ALICE)).isEqualTo(ALLOW);
        assertThat(evaluate(document, "iam:DeleteUser", "arn:aws:iam::123456789012:user/administrator")).isEqualTo(IMPLICIT_DENY);

        PolicyDocument deny = policy("""
                {"Effect": "Deny", "Action": "iam:*", "NotResource": "arn:aws:iam::123456789012:user/alice"}
                """);
        PolicyDocument allowAll = policy("""
                {"Effect": "Allow", "Action": "*", "Resource": "*"}
                """);
        assertThat(PolicyEvaluator.evaluate(List.of(allowAll, deny), new AuthorizationRequest("iam:GetUser", ALICE))).isEqualTo(ALLOW);
        assertThat(PolicyEvaluator.evaluate(List.of(allowAll, deny), new AuthorizationRequest("iam:GetUser", BOB))).isEqualTo(EXPLICIT_DENY);
    }

    @Test
    void requestResourceStarIsMatchedOnlyByStar()
    {
        PolicyDocument star = policy("""
                {"Effect": "Allow", "Action": "iam:ListUsers", "Resource": ["arn:aws:iam::123456789012:user/*", "*"]}
                """);
        PolicyDocument arnWildcard = policy("""
                {"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "arn:*"}
                """);
        PolicyDocument notResource = policy("""
                {"Effect": "Allow", "Action": "iam:ListUsers", "NotResource": "arn:aws:iam::123456789012:user/bob"}
                """);
        PolicyDocument denyNotResource = policy("""
                {"Effect": "Deny", "Action": "iam:ListUsers", "NotResource": "arn:aws:iam::123456789012:user/bob"}
                """);
        assertThat(evaluate(star, "iam:ListUsers", "*")).isEqualTo(ALLOW);
        assertThat(evaluate(arnWildcard, "iam:ListUsers", "*")).isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(notResource, "iam:ListUsers", "*")).isEqualTo(IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(List.of(star, denyNotResource), new AuthorizationRequest("iam:ListUsers", "*"))).isEqualTo(ALLOW);
    }

    @Test
    void actionWildcardsAreCaseInsensitive()
    {
        PolicyDocument document = policy("""
                {"Effect": "Allow", "Action": ["iam:Get*", "cloudtrail:?escribeTrails", "iam:*AccessKey*"], "Resource": "*"}
                """);
        assertThat(evaluate(document, "iam:GetUser", "*")).isEqualTo(ALLOW);
        assertThat(evaluate(document, "IAM:getuser", "*")).isEqualTo(ALLOW);
        assertThat(evaluate(document, "iam:Get", "*")).isEqualTo(ALLOW);
        assertThat(evaluate(document, "cloudtrail:DescribeTrails", "*")).isEqualTo(ALLOW);
        assertThat(evaluate(document, "cloudtrail:describetrails", "*")).isEqualTo(ALLOW);
        assertThat(evaluate(document, "cloudtrail:XDescribeTrails", "*")).isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(document, "iam:CreateAccessKey", "*")).isEqualTo(ALLOW);
        assertThat(evaluate(document, "iam:ListAccessKeys", "*")).isEqualTo(ALLOW);
        assertThat(evaluate(document, "iam:ListUsers", "*")).isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(document, "sts:GetCallerIdentity", "*")).isEqualTo(IMPLICIT_DENY);

        PolicyDocument everything = policy("""
                {"Effect": "Allow", "Action": "*", "Resource": "*"}
                """);
        assertThat(evaluate(everything, "organizations:DescribeOrganization", "*")).isEqualTo(ALLOW);
    }

    @Test
    void resourceWildcardsAreCaseSensitive()
    {
        PolicyDocument document = policy("""
                {"Effect": "Allow", "Action": "iam:*", "Resource": ["arn:aws:iam::123456789012:user/dev-*", "arn:aws:iam::*:user/ops-??"]}
                """);
        assertThat(evaluate(document, "iam:GetUser", "arn:aws:iam::123456789012:user/dev-alice")).isEqualTo(ALLOW);
        assertThat(evaluate(document, "iam:GetUser", "arn:aws:iam::123456789012:user/dev-")).isEqualTo(ALLOW);
        assertThat(evaluate(document, "iam:GetUser", "arn:aws:iam::123456789012:user/Dev-alice")).isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(document, "iam:GetUser", "arn:aws:iam::999999999999:user/ops-42")).isEqualTo(ALLOW);
        assertThat(evaluate(document, "iam:GetUser", "arn:aws:iam::999999999999:user/ops-420")).isEqualTo(IMPLICIT_DENY);
        assertThat(evaluate(document, "iam:GetUser", "arn:aws:iam::999999999999:user/ops-4")).isEqualTo(IMPLICIT_DENY);

        // "*" spans colons and slashes
        PolicyDocument broad = policy("""
                {"Effect": "Allow", "Action": "iam:*", "Resource": "arn:aws:iam::*"}
                """);
        assertThat(evaluate(broad, "iam:GetUser", "arn:aws:iam::123456789012:user/path/alice")).isEqualTo(ALLOW);
    }

    @Test
    void globMatcher()
    {
        assertThat(GlobMatcher.matches("*", "")).isTrue();
        assertThat(GlobMatcher.matches("", "")).isTrue();
        assertThat(GlobMatcher.matches("", "a")).isFalse();
        assertThat(GlobMatcher.matches("a*", "a")).isTrue();
        assertThat(GlobMatcher.matches("*a", "ba")).isTrue();
        assertThat(GlobMatcher.matches("*a", "ab")).isFalse();
        assertThat(GlobMatcher.matches("a*b*c", "aXXbYYc")).isTrue();
        assertThat(GlobMatcher.matches("a*b*c", "aXXbYY")).isFalse();
        assertThat(GlobMatcher.matches("a?c", "abc")).isTrue();
        assertThat(GlobMatcher.matches("a?c", "ac")).isFalse();
        assertThat(GlobMatcher.matches("**", "anything")).isTrue();
        assertThat(GlobMatcher.matches("*?", "")).isFalse();
        assertThat(GlobMatcher.matches("ab*ab", "abab")).isTrue();
        assertThat(GlobMatcher.matches("ab*ab", "aba")).isFalse();
        assertThat(GlobMatcher.matches("ABC", "abc")).isFalse();
        assertThat(GlobMatcher.matchesIgnoreCase("ABC", "abc")).isTrue();
        assertThat(GlobMatcher.matchesIgnoreCase("a*C", "AxxC")).isTrue();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.SECONDS)
    void globMatcherWorstCaseIsNotExponential()
    {
        String text = "a".repeat(10_000);
        assertThat(GlobMatcher.matches("a*a*a*a*a*a*a*b", text)).isFalse();
        assertThat(GlobMatcher.matchesIgnoreCase("a*a*a*a*a*a*a*b", text)).isFalse();
        assertThat(GlobMatcher.matches("a*a*a*a*a*a*a*a", text)).isTrue();
        assertThat(GlobMatcher.matches("*".repeat(50) + "b", text)).isFalse();

        PolicyDocument document = policy("""
                {"Effect": "Allow", "Action": "iam:a*a*a*a*a*a*a*b", "Resource": "arn:aws:iam::a*a*a*a*a*a*a*b"}
                """);
        assertThat(evaluate(document, "iam:" + text, "arn:aws:iam::" + text)).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void policyVariablesInResources()
    {
        PolicyDocument document = policy("""
                {"Effect": "Allow", "Action": "iam:*AccessKey*", "Resource": "arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}"}
                """);
        Map<String, List<String>> alice = Map.of("aws:username", List.of("alice"), "aws:principalaccount", List.of("123456789012"));
        assertThat(PolicyEvaluator.evaluate(List.of(document), new AuthorizationRequest("iam:CreateAccessKey", ALICE, alice))).isEqualTo(ALLOW);
        assertThat(PolicyEvaluator.evaluate(List.of(document), new AuthorizationRequest("iam:CreateAccessKey", BOB, alice))).isEqualTo(IMPLICIT_DENY);
        // an unknown variable makes the pattern match nothing
        assertThat(PolicyEvaluator.evaluate(List.of(document), new AuthorizationRequest("iam:CreateAccessKey", ALICE, Map.of("aws:username", List.of("alice")))))
                .isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void substitutedValuesAreLiteral()
    {
        PolicyDocument document = policy("""
                {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "arn:aws:iam::123456789012:user/${aws:username}"}
                """);
        // a '*' in the value is not a wildcard
        assertThat(PolicyEvaluator.evaluate(List.of(document), new AuthorizationRequest("iam:GetUser", ALICE, Map.of("aws:username", List.of("*")))))
                .isEqualTo(IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(List.of(document), new AuthorizationRequest("iam:GetUser", "arn:aws:iam::123456789012:user/*", Map.of("aws:username", List.of("*")))))
                .isEqualTo(ALLOW);

        PolicyDocument escapes = policy("""
                {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "arn:aws:iam::123456789012:user/${*}${?}${$}*"}
                """);
        assertThat(evaluate(escapes, "iam:GetUser", "arn:aws:iam::123456789012:user/*?$anything")).isEqualTo(ALLOW);
        assertThat(evaluate(escapes, "iam:GetUser", "arn:aws:iam::123456789012:user/ab$anything")).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void policyVariableDefaults()
    {
        PolicyDocument document = policy("""
                {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "arn:aws:iam::123456789012:user/${aws:username, 'alice'}"}
                """);
        assertThat(evaluate(document, "iam:GetUser", ALICE)).isEqualTo(ALLOW);
        assertThat(PolicyEvaluator.evaluate(List.of(document), new AuthorizationRequest("iam:GetUser", BOB, Map.of("aws:username", List.of("bob")))))
                .isEqualTo(ALLOW);
        assertThat(evaluate(document, "iam:GetUser", BOB)).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void unknownVariableInNotResourceMakesStatementNotApply()
    {
        PolicyDocument deny = policy("""
                {"Effect": "Deny", "Action": "iam:*", "NotResource": "arn:aws:iam::123456789012:user/${aws:username}"}
                """);
        PolicyDocument allowAll = policy("""
                {"Effect": "Allow", "Action": "*", "Resource": "*"}
                """);
        assertThat(PolicyEvaluator.evaluate(List.of(allowAll, deny), new AuthorizationRequest("iam:GetUser", BOB))).isEqualTo(ALLOW);
        assertThat(PolicyEvaluator.evaluate(List.of(allowAll, deny), new AuthorizationRequest("iam:GetUser", BOB, Map.of("aws:username", List.of("alice")))))
                .isEqualTo(EXPLICIT_DENY);
    }

    @Test
    void policyVariablesAreLiteralBeforeVersion2012()
    {
        PolicyDocument document = PolicyDocument.parse("""
                {"Statement": {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "arn:aws:iam::123456789012:user/${aws:username}"}}
                """);
        Map<String, List<String>> alice = Map.of("aws:username", List.of("alice"));
        assertThat(PolicyEvaluator.evaluate(List.of(document), new AuthorizationRequest("iam:GetUser", ALICE, alice))).isEqualTo(IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(List.of(document), new AuthorizationRequest("iam:GetUser", "arn:aws:iam::123456789012:user/${aws:username}", alice)))
                .isEqualTo(ALLOW);
    }

    @Test
    void policyVariablesInConditions()
    {
        PolicyDocument document = condition("StringEquals", "\"aws:PrincipalArn\": \"arn:aws:iam::123456789012:user/${aws:username}\"");
        assertThat(decide(document, Map.of("aws:principalarn", List.of(ALICE), "aws:username", List.of("alice")))).isEqualTo(ALLOW);
        assertThat(decide(document, Map.of("aws:principalarn", List.of(BOB), "aws:username", List.of("alice")))).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(document, Map.of("aws:principalarn", List.of(ALICE)))).isEqualTo(IMPLICIT_DENY);

        // a negated operator cannot hold on an unresolved variable
        PolicyDocument negated = condition("StringNotEquals", "\"aws:PrincipalArn\": \"arn:aws:iam::123456789012:user/${aws:username}\"");
        assertThat(decide(negated, Map.of("aws:principalarn", List.of(BOB), "aws:username", List.of("alice")))).isEqualTo(ALLOW);
        assertThat(decide(negated, Map.of("aws:principalarn", List.of(BOB)))).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void stringOperators()
    {
        assertHolds("StringEquals", "\"aws:UserName\": \"alice\"", Map.of("aws:username", List.of("alice")));
        assertFails("StringEquals", "\"aws:UserName\": \"alice\"", Map.of("aws:username", List.of("Alice")));
        assertHolds("StringEqualsIgnoreCase", "\"aws:UserName\": \"alice\"", Map.of("aws:username", List.of("ALICE")));
        assertFails("StringEqualsIgnoreCase", "\"aws:UserName\": \"alice\"", Map.of("aws:username", List.of("bob")));
        assertHolds("StringLike", "\"aws:UserAgent\": \"aws-cli/*\"", Map.of("aws:useragent", List.of("aws-cli/2.15.0 Python/3.11")));
        assertFails("StringLike", "\"aws:UserAgent\": \"aws-cli/*\"", Map.of("aws:useragent", List.of("AWS-CLI/2.15.0")));
        assertHolds("StringLike", "\"aws:UserName\": \"a?ice\"", Map.of("aws:username", List.of("alice")));
        // StringEquals has no wildcards
        assertFails("StringEquals", "\"aws:UserName\": \"a*\"", Map.of("aws:username", List.of("alice")));
        // multiple policy values are OR'ed
        assertHolds("StringEquals", "\"aws:RequestedRegion\": [\"us-east-1\", \"eu-west-1\"]", Map.of("aws:requestedregion", List.of("eu-west-1")));
        assertFails("StringEquals", "\"aws:RequestedRegion\": [\"us-east-1\", \"eu-west-1\"]", Map.of("aws:requestedregion", List.of("ap-south-1")));
    }

    @Test
    void negatedOperatorsMatchNoneOfTheValues()
    {
        String regions = "\"aws:RequestedRegion\": [\"us-east-1\", \"eu-west-1\"]";
        assertHolds("StringNotEquals", regions, Map.of("aws:requestedregion", List.of("ap-south-1")));
        assertFails("StringNotEquals", regions, Map.of("aws:requestedregion", List.of("us-east-1")));
        assertFails("StringNotEquals", regions, Map.of("aws:requestedregion", List.of("eu-west-1")));
        assertHolds("StringNotEqualsIgnoreCase", regions, Map.of("aws:requestedregion", List.of("ap-south-1")));
        assertFails("StringNotEqualsIgnoreCase", regions, Map.of("aws:requestedregion", List.of("US-EAST-1")));
        assertHolds("StringNotLike", "\"aws:UserName\": [\"admin*\", \"root*\"]", Map.of("aws:username", List.of("alice")));
        assertFails("StringNotLike", "\"aws:UserName\": [\"admin*\", \"root*\"]", Map.of("aws:username", List.of("rootish")));

        // the typical region lock-down: deny everything outside the listed regions
        PolicyDocument deny = condition("Deny", "StringNotEquals", regions);
        PolicyDocument allowAll = policy("""
                {"Effect": "Allow", "Action": "*", "Resource": "*"}
                """);
        assertThat(PolicyEvaluator.evaluate(List.of(allowAll, deny), request(Map.of("aws:requestedregion", List.of("ap-south-1"))))).isEqualTo(EXPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(List.of(allowAll, deny), request(Map.of("aws:requestedregion", List.of("us-east-1"))))).isEqualTo(ALLOW);
    }

    @Test
    void absentKeys()
    {
        Map<String, List<String>> empty = Map.of();
        assertFails("StringEquals", "\"aws:UserName\": \"alice\"", empty);
        assertFails("StringLike", "\"aws:UserName\": \"*\"", empty);
        assertFails("NumericLessThan", "\"aws:MultiFactorAuthAge\": \"3600\"", empty);
        assertFails("DateGreaterThan", "\"aws:CurrentTime\": \"2020-01-01T00:00:00Z\"", empty);
        assertFails("Bool", "\"aws:SecureTransport\": \"false\"", empty);
        assertFails("IpAddress", "\"aws:SourceIp\": \"10.0.0.0/8\"", empty);
        assertFails("ArnLike", "\"aws:PrincipalArn\": \"arn:aws:iam::*:user/*\"", empty);
        // negated matching operators hold when the key is absent, as IAM documents
        assertHolds("StringNotEquals", "\"aws:UserName\": \"alice\"", empty);
        assertHolds("StringNotLike", "\"aws:UserName\": \"a*\"", empty);
        assertHolds("NotIpAddress", "\"aws:SourceIp\": \"10.0.0.0/8\"", empty);
        assertHolds("ArnNotLike", "\"aws:PrincipalArn\": \"arn:aws:iam::*:user/*\"", empty);
        // a key with no values counts as absent
        assertFails("StringEquals", "\"aws:UserName\": \"alice\"", Map.of("aws:username", List.of()));
    }

    @Test
    void ifExists()
    {
        Map<String, List<String>> empty = Map.of();
        assertHolds("StringEqualsIfExists", "\"aws:UserName\": \"alice\"", empty);
        assertHolds("StringEqualsIfExists", "\"aws:UserName\": \"alice\"", Map.of("aws:username", List.of("alice")));
        assertFails("StringEqualsIfExists", "\"aws:UserName\": \"alice\"", Map.of("aws:username", List.of("bob")));
        assertHolds("NumericLessThanIfExists", "\"aws:MultiFactorAuthAge\": \"3600\"", empty);
        assertFails("NumericLessThanIfExists", "\"aws:MultiFactorAuthAge\": \"3600\"", Map.of("aws:multifactorauthage", List.of("7200")));
        assertHolds("BoolIfExists", "\"aws:MultiFactorAuthPresent\": \"true\"", empty);
        assertFails("BoolIfExists", "\"aws:MultiFactorAuthPresent\": \"true\"", Map.of("aws:multifactorauthpresent", List.of("false")));
        assertHolds("IpAddressIfExists", "\"aws:SourceIp\": \"10.0.0.0/8\"", empty);
        assertHolds("StringNotEqualsIfExists", "\"aws:UserName\": \"alice\"", empty);
        assertFails("StringNotEqualsIfExists", "\"aws:UserName\": \"alice\"", Map.of("aws:username", List.of("alice")));
    }

    @Test
    void nullOperator()
    {
        assertHolds("Null", "\"aws:TokenIssueTime\": \"true\"", Map.of());
        assertFails("Null", "\"aws:TokenIssueTime\": \"true\"", Map.of("aws:tokenissuetime", List.of("2024-01-01T00:00:00Z")));
        assertHolds("Null", "\"aws:TokenIssueTime\": \"false\"", Map.of("aws:tokenissuetime", List.of("2024-01-01T00:00:00Z")));
        assertFails("Null", "\"aws:TokenIssueTime\": \"false\"", Map.of());
        assertHolds("Null", "\"aws:TokenIssueTime\": true", Map.of());
        assertHolds("Null", "\"aws:TokenIssueTime\": \"TRUE\"", Map.of());
    }

    @Test
    void numericOperators()
    {
        Map<String, List<String>> age = Map.of("aws:multifactorauthage", List.of("3600"));
        assertHolds("NumericEquals", "\"aws:MultiFactorAuthAge\": \"3600\"", age);
        assertHolds("NumericEquals", "\"aws:MultiFactorAuthAge\": 3600.0", age);
        assertFails("NumericEquals", "\"aws:MultiFactorAuthAge\": \"3601\"", age);
        assertHolds("NumericNotEquals", "\"aws:MultiFactorAuthAge\": [\"1\", \"2\"]", age);
        assertFails("NumericNotEquals", "\"aws:MultiFactorAuthAge\": [\"1\", \"3600\"]", age);
        assertHolds("NumericLessThan", "\"aws:MultiFactorAuthAge\": \"3601\"", age);
        assertFails("NumericLessThan", "\"aws:MultiFactorAuthAge\": \"3600\"", age);
        assertHolds("NumericLessThanEquals", "\"aws:MultiFactorAuthAge\": \"3600\"", age);
        assertFails("NumericLessThanEquals", "\"aws:MultiFactorAuthAge\": \"3599\"", age);
        assertHolds("NumericGreaterThan", "\"aws:MultiFactorAuthAge\": \"3599.5\"", age);
        assertFails("NumericGreaterThan", "\"aws:MultiFactorAuthAge\": \"3600\"", age);
        assertHolds("NumericGreaterThanEquals", "\"aws:MultiFactorAuthAge\": \"3600\"", age);
        assertFails("NumericGreaterThanEquals", "\"aws:MultiFactorAuthAge\": \"3601\"", age);
        assertHolds("NumericLessThan", "\"s3:max-keys\": \"-1.5\"", Map.of("s3:max-keys", List.of("-2")));
        // values that are not numbers never match (a policy refuses them when written; a stored one may predate that)
        assertFails("NumericEquals", "\"aws:MultiFactorAuthAge\": \"3600\"", Map.of("aws:multifactorauthage", List.of("many")));
        assertStoredFails("NumericLessThan", "\"aws:MultiFactorAuthAge\": \"soon\"", age);
    }

    @Test
    void dateOperators()
    {
        Map<String, List<String>> now = Map.of("aws:currenttime", List.of("2024-06-01T12:00:00Z"));
        assertHolds("DateEquals", "\"aws:CurrentTime\": \"2024-06-01T12:00:00Z\"", now);
        assertHolds("DateEquals", "\"aws:CurrentTime\": \"2024-06-01T14:00:00+02:00\"", now);
        assertHolds("DateEquals", "\"aws:CurrentTime\": \"1717243200\"", now);
        assertFails("DateEquals", "\"aws:CurrentTime\": \"2024-06-01T12:00:01Z\"", now);
        assertHolds("DateNotEquals", "\"aws:CurrentTime\": \"2024-06-01T12:00:01Z\"", now);
        assertFails("DateNotEquals", "\"aws:CurrentTime\": \"2024-06-01T12:00:00.000Z\"", now);
        assertHolds("DateLessThan", "\"aws:CurrentTime\": \"2024-06-02\"", now);
        assertFails("DateLessThan", "\"aws:CurrentTime\": \"2024-06-01\"", now);
        assertHolds("DateLessThanEquals", "\"aws:CurrentTime\": \"2024-06-01T12:00:00Z\"", now);
        assertHolds("DateGreaterThan", "\"aws:CurrentTime\": \"2024-06-01T11:59:59Z\"", now);
        assertFails("DateGreaterThan", "\"aws:CurrentTime\": \"2024-06-01T12:00:00Z\"", now);
        assertHolds("DateGreaterThanEquals", "\"aws:CurrentTime\": \"2024-06-01T12:00:00\"", now);
        assertHolds("DateLessThan", "\"aws:EpochTime\": \"2024-06-01T12:00:01Z\"", Map.of("aws:epochtime", List.of("1717243200")));
        assertHolds("DateLessThan", "\"aws:CurrentTime\": \"2024-07\"", now);
        assertFails("DateLessThan", "\"aws:CurrentTime\": \"2024-06\"", now);
        assertHolds("DateGreaterThanEquals", "\"aws:CurrentTime\": \"2024-06\"", now);
        assertStoredFails("DateLessThan", "\"aws:CurrentTime\": \"tomorrow\"", now);
        assertFails("DateLessThan", "\"aws:CurrentTime\": \"2024-07\"", Map.of("aws:currenttime", List.of("tomorrow")));
        assertThat(PolicyEvaluator.date("1717243200.5")).hasValueSatisfying(instant -> assertThat(instant.getNano()).isEqualTo(500_000_000));
    }

    @Test
    void boolOperator()
    {
        assertHolds("Bool", "\"aws:SecureTransport\": \"true\"", Map.of("aws:securetransport", List.of("true")));
        assertHolds("Bool", "\"aws:SecureTransport\": true", Map.of("aws:securetransport", List.of("TRUE")));
        assertFails("Bool", "\"aws:SecureTransport\": \"true\"", Map.of("aws:securetransport", List.of("false")));

        PolicyDocument denyInsecure = condition("Deny", "Bool", "\"aws:SecureTransport\": \"false\"");
        PolicyDocument allowAll = policy("""
                {"Effect": "Allow", "Action": "*", "Resource": "*"}
                """);
        assertThat(PolicyEvaluator.evaluate(List.of(allowAll, denyInsecure), request(Map.of("aws:securetransport", List.of("false"))))).isEqualTo(EXPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(List.of(allowAll, denyInsecure), request(Map.of("aws:securetransport", List.of("true"))))).isEqualTo(ALLOW);
    }

    @Test
    void ipv4Addresses()
    {
        String ranges = "\"aws:SourceIp\": [\"192.0.2.0/24\", \"203.0.113.7\"]";
        assertHolds("IpAddress", ranges, Map.of("aws:sourceip", List.of("192.0.2.55")));
        assertHolds("IpAddress", ranges, Map.of("aws:sourceip", List.of("203.0.113.7")));
        assertFails("IpAddress", ranges, Map.of("aws:sourceip", List.of("203.0.113.8")));
        assertFails("IpAddress", ranges, Map.of("aws:sourceip", List.of("192.0.3.1")));
        assertHolds("NotIpAddress", ranges, Map.of("aws:sourceip", List.of("198.51.100.1")));
        assertFails("NotIpAddress", ranges, Map.of("aws:sourceip", List.of("192.0.2.1")));
        assertHolds("IpAddress", "\"aws:SourceIp\": \"10.0.0.0/9\"", Map.of("aws:sourceip", List.of("10.127.255.255")));
        assertFails("IpAddress", "\"aws:SourceIp\": \"10.0.0.0/9\"", Map.of("aws:sourceip", List.of("10.128.0.0")));
        assertHolds("IpAddress", "\"aws:SourceIp\": \"0.0.0.0/0\"", Map.of("aws:sourceip", List.of("8.8.8.8")));
        assertHolds("IpAddress", "\"aws:SourceIp\": \"192.0.2.0/24\"", Map.of("aws:sourceip", List.of("::ffff:192.0.2.9")));
        // malformed addresses and host names never match
        assertStoredFails("IpAddress", "\"aws:SourceIp\": \"192.0.2.0/33\"", Map.of("aws:sourceip", List.of("192.0.2.1")));
        assertFails("IpAddress", "\"aws:SourceIp\": \"192.0.2.0/24\"", Map.of("aws:sourceip", List.of("192.0.2.256")));
        assertFails("IpAddress", "\"aws:SourceIp\": \"192.0.2.0/24\"", Map.of("aws:sourceip", List.of("localhost")));
        assertFails("IpAddress", "\"aws:SourceIp\": \"192.0.2.0/24\"", Map.of("aws:sourceip", List.of("192.0.2")));
    }

    @Test
    void ipv6Addresses()
    {
        String range = "\"aws:SourceIp\": \"2001:db8::/32\"";
        assertHolds("IpAddress", range, Map.of("aws:sourceip", List.of("2001:db8:1234::1")));
        assertHolds("IpAddress", range, Map.of("aws:sourceip", List.of("2001:0DB8:ffff:ffff:ffff:ffff:ffff:ffff")));
        assertFails("IpAddress", range, Map.of("aws:sourceip", List.of("2001:db9::1")));
        assertFails("IpAddress", range, Map.of("aws:sourceip", List.of("192.0.2.1")));
        assertHolds("NotIpAddress", range, Map.of("aws:sourceip", List.of("2001:db9::1")));
        assertHolds("IpAddress", "\"aws:SourceIp\": \"::1\"", Map.of("aws:sourceip", List.of("0:0:0:0:0:0:0:1")));
        assertHolds("IpAddress", "\"aws:SourceIp\": \"2001:db8:a::/49\"", Map.of("aws:sourceip", List.of("2001:db8:a:7fff::1")));
        assertFails("IpAddress", "\"aws:SourceIp\": \"2001:db8:a::/49\"", Map.of("aws:sourceip", List.of("2001:db8:a:8000::1")));
        assertHolds("IpAddress", "\"aws:SourceIp\": \"64:ff9b::/96\"", Map.of("aws:sourceip", List.of("64:ff9b::192.0.2.33")));
        assertHolds("IpAddress", "\"aws:SourceIp\": \"::/0\"", Map.of("aws:sourceip", List.of("fe80::1")));
        assertFails("IpAddress", range, Map.of("aws:sourceip", List.of("2001:db8::1::2")));
        assertFails("IpAddress", range, Map.of("aws:sourceip", List.of("2001:db8:0:0:0:0:0:0:1")));
        assertFails("IpAddress", range, Map.of("aws:sourceip", List.of("2001:db8::g")));
    }

    @Test
    void ipAddressParsing()
    {
        assertThat(IpAddresses.parse("1.2.3.4")).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(1, 2, 3, 4));
        assertThat(IpAddresses.parse("::")).hasValueSatisfying(bytes -> assertThat(bytes).hasSize(16).containsOnly(0));
        assertThat(IpAddresses.parse("1::")).hasValueSatisfying(bytes -> assertThat(bytes[1]).isEqualTo((byte) 1));
        assertThat(IpAddresses.parse("::ffff:1.2.3.4")).hasValueSatisfying(bytes -> assertThat(bytes[15]).isEqualTo((byte) 4));
        assertThat(IpAddresses.parse("1.2.3.4::")).isEmpty();
        assertThat(IpAddresses.parse("1.2.3")).isEmpty();
        assertThat(IpAddresses.parse("1.2.3.4.5")).isEmpty();
        assertThat(IpAddresses.parse("1..3.4")).isEmpty();
        assertThat(IpAddresses.parse(":::")).isEmpty();
        assertThat(IpAddresses.parse("1:2:3:4:5:6:7")).isEmpty();
        assertThat(IpAddresses.parse("1:2:3:4:5:6:7::8")).isEmpty();
        assertThat(IpAddresses.parse("12345::")).isEmpty();

        assertThat(IpAddresses.isCidr("10.0.0.0/8")).isTrue();
        assertThat(IpAddresses.isCidr("10.0.0.1")).isTrue();
        assertThat(IpAddresses.isCidr("10.0.0.0/32")).isTrue();
        assertThat(IpAddresses.isCidr("2001:db8::/128")).isTrue();
        assertThat(IpAddresses.isCidr("10.0.0.300/8")).isFalse();
        assertThat(IpAddresses.isCidr("10.0.0.0/33")).isFalse();
        assertThat(IpAddresses.isCidr("2001:db8::/129")).isFalse();
        assertThat(IpAddresses.isCidr("10.0.0.0/")).isFalse();
        assertThat(IpAddresses.isCidr("10.0.0.0/1000")).isFalse();
        assertThat(IpAddresses.isCidr("garbage")).isFalse();
        assertThat(IpAddresses.isCidr("")).isFalse();
    }

    @Test
    void arnOperators()
    {
        Map<String, List<String>> alice = Map.of("aws:principalarn", List.of(ALICE));
        assertHolds("ArnEquals", "\"aws:PrincipalArn\": \"arn:aws:iam::123456789012:user/alice\"", alice);
        assertHolds("ArnLike", "\"aws:PrincipalArn\": \"arn:aws:iam::*:user/*\"", alice);
        assertHolds("ArnEquals", "\"aws:PrincipalArn\": \"arn:aws:iam::123456789012:user/a?ice\"", alice);
        assertFails("ArnLike", "\"aws:PrincipalArn\": \"arn:aws:iam::*:role/*\"", alice);
        assertFails("ArnLike", "\"aws:PrincipalArn\": \"arn:aws:iam::123456789012:user/Alice\"", alice);
        // each component is matched separately: a '*' does not cross the colons of the first five
        assertStoredFails("ArnLike", "\"aws:PrincipalArn\": \"arn:aws:*:user/alice\"", alice);
        assertHolds("ArnLike", "\"aws:PrincipalArn\": \"arn:aws:*:*:*:user/alice\"", alice);
        // ... but a resource part may contain colons
        assertHolds("ArnLike", "\"aws:SourceArn\": \"arn:aws:logs:*:*:log-group:*\"",
                Map.of("aws:sourcearn", List.of("arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:x")));
        assertHolds("ArnLike", "\"aws:PrincipalArn\": \"*\"", alice);
        assertFails("ArnLike", "\"aws:PrincipalArn\": \"arn:aws:iam::*:user/*\"", Map.of("aws:principalarn", List.of("not-an-arn")));
        assertHolds("ArnNotEquals", "\"aws:PrincipalArn\": \"arn:aws:iam::123456789012:user/bob\"", alice);
        assertFails("ArnNotEquals", "\"aws:PrincipalArn\": [\"arn:aws:iam::123456789012:user/bob\", \"arn:aws:iam::123456789012:user/alice\"]", alice);
        assertHolds("ArnNotLike", "\"aws:PrincipalArn\": \"arn:aws:iam::*:role/*\"", alice);
        assertFails("ArnNotLike", "\"aws:PrincipalArn\": \"arn:aws:iam::*:user/*\"", alice);
    }

    @Test
    void conditionKeysAreCaseInsensitive()
    {
        assertHolds("StringEquals", "\"AWS:USERNAME\": \"alice\"", Map.of("aws:username", List.of("alice")));
        assertHolds("StringEquals", "\"aws:username\": \"alice\"", Map.of("AWS:UserName", List.of("alice")));
    }

    @Test
    void allOperatorsAndKeysMustHold()
    {
        PolicyDocument document = policy("""
                {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {
                  "StringEquals": {"aws:UserName": "alice", "aws:RequestedRegion": "us-east-1"},
                  "Bool": {"aws:SecureTransport": "true"}
                }}
                """);
        Map<String, List<String>> context = new HashMap<>();
        context.put("aws:username", List.of("alice"));
        context.put("aws:requestedregion", List.of("us-east-1"));
        context.put("aws:securetransport", List.of("true"));
        assertThat(decide(document, context)).isEqualTo(ALLOW);
        context.put("aws:requestedregion", List.of("eu-west-1"));
        assertThat(decide(document, context)).isEqualTo(IMPLICIT_DENY);
        context.put("aws:requestedregion", List.of("us-east-1"));
        context.put("aws:securetransport", List.of("false"));
        assertThat(decide(document, context)).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void forAnyValue()
    {
        String keys = "\"aws:TagKeys\": [\"team\", \"project\"]";
        assertHolds("ForAnyValue:StringEquals", keys, Map.of("aws:tagkeys", List.of("owner", "team")));
        assertFails("ForAnyValue:StringEquals", keys, Map.of("aws:tagkeys", List.of("owner", "cost")));
        assertFails("ForAnyValue:StringEquals", keys, Map.of());
        assertFails("ForAnyValue:StringEquals", keys, Map.of("aws:tagkeys", List.of()));
        assertHolds("ForAnyValue:StringEqualsIfExists", keys, Map.of());
        // at least one context value matching none of the policy values
        assertHolds("ForAnyValue:StringNotEquals", keys, Map.of("aws:tagkeys", List.of("team", "owner")));
        assertFails("ForAnyValue:StringNotEquals", keys, Map.of("aws:tagkeys", List.of("team", "project")));
        assertFails("ForAnyValue:StringNotEquals", keys, Map.of());
        assertHolds("ForAnyValue:StringLike", "\"aws:TagKeys\": \"cost*\"", Map.of("aws:tagkeys", List.of("team", "costcenter")));
    }

    @Test
    void forAllValues()
    {
        String keys = "\"aws:TagKeys\": [\"team\", \"project\"]";
        assertHolds("ForAllValues:StringEquals", keys, Map.of("aws:tagkeys", List.of("team", "project")));
        assertHolds("ForAllValues:StringEquals", keys, Map.of("aws:tagkeys", List.of("team")));
        assertFails("ForAllValues:StringEquals", keys, Map.of("aws:tagkeys", List.of("team", "owner")));
        // true when the key is absent or has no values
        assertHolds("ForAllValues:StringEquals", keys, Map.of());
        assertHolds("ForAllValues:StringEquals", keys, Map.of("aws:tagkeys", List.of()));
        // every context value matching none of the policy values
        assertHolds("ForAllValues:StringNotEquals", keys, Map.of("aws:tagkeys", List.of("owner", "cost")));
        assertFails("ForAllValues:StringNotEquals", keys, Map.of("aws:tagkeys", List.of("owner", "team")));
        assertHolds("ForAllValues:StringLike", "\"aws:TagKeys\": [\"team*\", \"project*\"]", Map.of("aws:tagkeys", List.of("team-a", "project-b")));
        assertFails("ForAllValues:StringLike", "\"aws:TagKeys\": [\"team*\", \"project*\"]", Map.of("aws:tagkeys", List.of("team-a", "owner")));
    }

    @Test
    void multiValuedContextWithoutSetOperator()
    {
        String keys = "\"aws:TagKeys\": \"team\"";
        assertHolds("StringEquals", keys, Map.of("aws:tagkeys", List.of("owner", "team")));
        assertFails("StringNotEquals", keys, Map.of("aws:tagkeys", List.of("owner", "team")));
        assertHolds("StringNotEquals", keys, Map.of("aws:tagkeys", List.of("owner", "cost")));
    }

    @Test
    void requestRejectsNullsAndLowercasesKeys()
    {
        assertThatThrownBy(() -> new AuthorizationRequest(null, "*")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AuthorizationRequest("iam:GetUser", null)).isInstanceOf(NullPointerException.class);
        AuthorizationRequest request = new AuthorizationRequest("iam:GetUser", "*", Map.of("AWS:UserName", List.of("alice")));
        assertThat(request.context()).containsOnlyKeys("aws:username");
        assertThat(request.values("aws:username")).containsExactly("alice");
        assertThat(request.values("aws:sourceip")).isEmpty();
        assertThat(new AuthorizationRequest("iam:GetUser", "*").context()).isEmpty();
        assertThatThrownBy(() -> new AuthorizationRequest("iam:GetUser", "*", Map.of("aws:UserName", List.of("a"), "AWS:USERNAME", List.of("b"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertHolds(String operator, String body, Map<String, List<String>> context)
    {
        assertThat(decide(condition(operator, body), context))
                .as("%s {%s} with %s", operator, body, context)
                .isEqualTo(ALLOW);
    }

    private static void assertFails(String operator, String body, Map<String, List<String>> context)
    {
        assertThat(decide(condition(operator, body), context))
                .as("%s {%s} with %s", operator, body, context)
                .isEqualTo(IMPLICIT_DENY);
    }

    /** A condition whose value does not suit its operator: refused when written, and never matching when read back. */
    private static void assertStoredFails(String operator, String body, Map<String, List<String>> context)
    {
        String statement = "{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"" + operator + "\": {" + body + "}}}";
        assertThatThrownBy(() -> policy(statement)).isInstanceOf(CairnException.class);
        PolicyDocument stored = PolicyDocument.parseStored("{\"Version\": \"2012-10-17\", \"Statement\": " + statement + "}");
        assertThat(decide(stored, context))
                .as("%s {%s} with %s", operator, body, context)
                .isEqualTo(IMPLICIT_DENY);
    }

    @Test
    public void resourcePoliciesApplyToThePrincipalsTheyName()
    {
        PolicyPrincipal cloudTrail = PolicyPrincipal.service("cloudtrail.amazonaws.com");
        PolicyPrincipal alice = new PolicyPrincipal(PolicyPrincipal.AWS, "arn:aws:iam::111122223333:user/alice", Optional.of("111122223333"));
        PolicyPrincipal stranger = new PolicyPrincipal(PolicyPrincipal.AWS, "arn:aws:iam::444455556666:user/bob", Optional.of("444455556666"));
        AuthorizationRequest put = new AuthorizationRequest("s3:PutObject", "arn:aws:s3:::logs/AWSLogs/111122223333/x");

        PolicyDocument service = resourcePolicy("{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"cloudtrail.amazonaws.com\"}, \"Action\": \"s3:PutObject\", \"Resource\": \"arn:aws:s3:::logs/*\"}");
        assertThat(PolicyEvaluator.evaluateResourcePolicy(service, cloudTrail, put)).isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluateResourcePolicy(service, alice, put)).isEqualTo(Decision.IMPLICIT_DENY);

        PolicyDocument account = resourcePolicy("{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": [\"111122223333\"]}, \"Action\": \"s3:*\", \"Resource\": \"*\"}");
        assertThat(PolicyEvaluator.evaluateResourcePolicy(account, alice, put)).as("an account id names all its principals").isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluateResourcePolicy(account, stranger, put)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluateResourcePolicy(account, cloudTrail, put)).isEqualTo(Decision.IMPLICIT_DENY);
        PolicyDocument root = resourcePolicy("{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, \"Action\": \"s3:*\", \"Resource\": \"*\"}");
        assertThat(PolicyEvaluator.evaluateResourcePolicy(root, alice, put)).isEqualTo(Decision.ALLOW);

        PolicyDocument everyone = resourcePolicy("{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:PutObject\", \"Resource\": \"*\"}");
        assertThat(PolicyEvaluator.evaluateResourcePolicy(everyone, cloudTrail, put)).isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluateResourcePolicy(everyone, stranger, put)).isEqualTo(Decision.ALLOW);

        PolicyDocument allButAlice = resourcePolicy("[{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"*\"}, "
                + "{\"Effect\": \"Deny\", \"NotPrincipal\": {\"AWS\": \"arn:aws:iam::111122223333:user/alice\"}, \"Action\": \"s3:PutObject\", \"Resource\": \"*\"}]");
        assertThat(PolicyEvaluator.evaluateResourcePolicy(allButAlice, alice, put)).isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluateResourcePolicy(allButAlice, stranger, put)).isEqualTo(Decision.EXPLICIT_DENY);
    }

    @Test
    public void resourcePoliciesNameTheirPrincipals()
    {
        assertThatThrownBy(() -> resourcePolicy("{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}"))
                .hasMessage("Missing required field Principal");
        assertThatThrownBy(() -> resourcePolicy("{\"Effect\": \"Allow\", \"Principal\": {\"Bogus\": \"x\"}, \"Action\": \"s3:*\", \"Resource\": \"*\"}"))
                .hasMessageContaining("Invalid principal");
        assertThatThrownBy(() -> resourcePolicy("{\"Effect\": \"Allow\", \"Principal\": \"*\", \"NotPrincipal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"*\"}"))
                .hasMessageContaining("both Principal and NotPrincipal");
        assertThatThrownBy(() -> policy("{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"*\"}"))
                .as("identity policies name none")
                .hasMessage(PolicyParser.PRINCIPAL);
    }

    private static PolicyDocument resourcePolicy(String statement)
    {
        return PolicyDocument.parseResourcePolicy("{\"Version\": \"2012-10-17\", \"Statement\": " + statement + "}");
    }

    private static Decision decide(PolicyDocument document, Map<String, List<String>> context)
    {
        return PolicyEvaluator.evaluate(List.of(document), request(context));
    }

    private static AuthorizationRequest request(Map<String, List<String>> context)
    {
        return new AuthorizationRequest("iam:GetUser", ALICE, context);
    }

    private static PolicyDocument condition(String operator, String body)
    {
        return condition("Allow", operator, body);
    }

    private static PolicyDocument condition(String effect, String operator, String body)
    {
        return policy("{\"Effect\": \"" + effect + "\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"" + operator + "\": {" + body + "}}}");
    }

    private static PolicyDocument policy(String statement)
    {
        return PolicyDocument.parse("{\"Version\": \"2012-10-17\", \"Statement\": " + statement + "}");
    }

    private static Decision evaluate(PolicyDocument document, String action, String resource)
    {
        return PolicyEvaluator.evaluate(List.of(document), new AuthorizationRequest(action, resource));
    }
}
