package dev.cairn.core.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

class TestPolicyDocument
{
    @Test
    void parsesSingleStatementObject()
    {
        PolicyDocument document = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Id": "doc1", "Statement": {"Sid": "One", "Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}}
                """);
        assertThat(document.version()).contains("2012-10-17");
        assertThat(document.id()).contains("doc1");
        assertThat(document.policyVariablesEnabled()).isTrue();
        assertThat(document.statements()).containsExactly(
                new Statement(Optional.of("One"), Effect.ALLOW, false, List.of("iam:GetUser"), false, List.of("*"), List.of()));
    }

    @Test
    void parsesStatementArray()
    {
        PolicyDocument document = PolicyDocument.parse("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": ["arn:aws:iam::123456789012:user/*", "*"]},
                    {"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:iam::123456789012:user/admin"}
                  ]
                }
                """);
        assertThat(document.statements()).containsExactly(
                new Statement(Optional.empty(), Effect.ALLOW, false, List.of("iam:Get*", "iam:List*"), false, List.of("arn:aws:iam::123456789012:user/*", "*"), List.of()),
                new Statement(Optional.empty(), Effect.DENY, true, List.of("iam:*"), true, List.of("arn:aws:iam::123456789012:user/admin"), List.of()));
    }

    @Test
    void versionIsOptional()
    {
        PolicyDocument withoutVersion = PolicyDocument.parse("""
                {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}
                """);
        assertThat(withoutVersion.version()).isEmpty();
        assertThat(withoutVersion.id()).isEmpty();
        assertThat(withoutVersion.policyVariablesEnabled()).isFalse();

        PolicyDocument legacy = PolicyDocument.parse("""
                {"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}
                """);
        assertThat(legacy.version()).contains("2008-10-17");
        assertThat(legacy.policyVariablesEnabled()).isFalse();
    }

    @Test
    void rejectsOtherVersions()
    {
        assertMalformed("""
                {"Version": "2012-10-18", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}
                """, "The policy failed legacy parsing");
        assertMalformed("""
                {"Version": 2012, "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}
                """, "Syntax errors in policy.");
    }

    @Test
    void rejectsWhatIsNotAJsonObject()
    {
        assertMalformed("", "Syntax errors in policy.");
        assertMalformed("   ", "Syntax errors in policy.");
        assertMalformed("not json", "Syntax errors in policy.");
        assertMalformed("{\"Statement\": ", "Syntax errors in policy.");
        assertMalformed("[]", "Syntax errors in policy.");
        assertMalformed("\"policy\"", "Syntax errors in policy.");
        assertMalformed("42", "Syntax errors in policy.");
        assertMalformed("null", "Syntax errors in policy.");
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}} {}
                """, "Syntax errors in policy.");
    }

    @Test
    void rejectsDuplicateKeys()
    {
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}}
                """, "Syntax errors in policy.");
    }

    @Test
    void rejectsUnknownKeys()
    {
        assertMalformed("""
                {"Version": "2012-10-17", "Statements": [], "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}
                """, "Syntax errors in policy.");
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Actions": "*", "Action": "*", "Resource": "*"}}
                """, "Syntax errors in policy.");
        // keys are case-sensitive
        assertMalformed("""
                {"statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}
                """, "Syntax errors in policy.");
    }

    @Test
    void rejectsPrincipals()
    {
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}
                """, "Policy document should not specify a principal.");
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "*", "Resource": "*"}}
                """, "Policy document should not specify a principal.");
    }

    @Test
    void requiresStatements()
    {
        assertMalformed("""
                {"Version": "2012-10-17"}
                """, "Missing required field Statement");
        assertMalformed("""
                {"Statement": "Allow everything"}
                """, "Syntax errors in policy.");
        assertMalformed("""
                {"Statement": []}
                """, "Syntax errors in policy.");
        assertMalformed("""
                {"Statement": ["Allow"]}
                """, "Syntax errors in policy.");
    }

    @Test
    void requiresValidEffect()
    {
        assertMalformed("""
                {"Statement": {"Action": "*", "Resource": "*"}}
                """, "Missing required field Effect");
        assertMalformed("""
                {"Statement": {"Effect": "allow", "Action": "*", "Resource": "*"}}
                """, "The policy failed legacy parsing");
        assertMalformed("""
                {"Statement": {"Effect": "Permit", "Action": "*", "Resource": "*"}}
                """, "The policy failed legacy parsing");
        assertMalformed("""
                {"Statement": {"Effect": true, "Action": "*", "Resource": "*"}}
                """, "Syntax errors in policy.");
    }

    @Test
    void requiresExactlyOneOfActionAndNotAction()
    {
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Resource": "*"}}
                """, "Missing required field Action");
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Action": "iam:*", "NotAction": "iam:DeleteUser", "Resource": "*"}}
                """, "Statement cannot contain both Action and NotAction");
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Action": [], "Resource": "*"}}
                """, "Policy statement must contain actions.");
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "NotAction": [], "Resource": "*"}}
                """, "Policy statement must contain actions.");
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Action": ["iam:GetUser", 7], "Resource": "*"}}
                """, "Syntax errors in policy.");
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Action": {"iam": "GetUser"}, "Resource": "*"}}
                """, "Syntax errors in policy.");
    }

    @Test
    void validatesActions()
    {
        assertMalformed(action("CreateUser"), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
        assertMalformed(action(":CreateUser"), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
        assertMalformed(action(""), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
        assertMalformed(action("iam:Create:User"), "Actions/Condition can contain only one colon.");
        assertMalformed(action("*:GetUser"), "Action vendors (e.g., aws, ec2, etc.) must not contain wildcards.");
        assertMalformed(action("i?m:GetUser"), "Action vendors (e.g., aws, ec2, etc.) must not contain wildcards.");
        // accepted
        PolicyDocument.parse(action("*"));
        PolicyDocument.parse(action("iam:*"));
        PolicyDocument.parse(action("iam:*AccessKey*"));
        PolicyDocument.parse(action("iam:Get?ser"));
    }

    @Test
    void requiresExactlyOneOfResourceAndNotResource()
    {
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Action": "*"}}
                """, "Missing required field Resource");
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "NotResource": "arn:aws:iam::123456789012:user/admin"}}
                """, "Statement cannot contain both Resource and NotResource");
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Action": "*", "Resource": []}}
                """, "Policy statement must contain resources.");
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Action": "*", "Resource": 12}}
                """, "Syntax errors in policy.");
    }

    @Test
    void validatesResources()
    {
        assertMalformed(resource("my-bucket"), "Resource my-bucket must be in ARN format or \"*\".");
        assertMalformed(resource(""), "Resource  must be in ARN format or \"*\".");
        assertMalformed(resource("ARN:aws:iam::123456789012:user/bob"), "Resource ARN:aws:iam::123456789012:user/bob must be in ARN format or \"*\".");
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Action": "*", "NotResource": ["arn:aws:s3:::bucket", "bucket"]}}
                """, "Resource bucket must be in ARN format or \"*\".");
        PolicyDocument.parse(resource("arn:aws:iam::123456789012:user/${aws:username}"));
        PolicyDocument.parse(resource("arn:aws:s3:::*"));
    }

    @Test
    void validatesSids()
    {
        assertMalformed("""
                {"Statement": {"Sid": "Allow all", "Effect": "Allow", "Action": "*", "Resource": "*"}}
                """, "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*");
        assertMalformed("""
                {"Statement": {"Sid": 1, "Effect": "Allow", "Action": "*", "Resource": "*"}}
                """, "Syntax errors in policy.");
        assertMalformed("""
                {"Statement": [
                  {"Sid": "Same", "Effect": "Allow", "Action": "*", "Resource": "*"},
                  {"Sid": "Same", "Effect": "Deny", "Action": "iam:*", "Resource": "*"}
                ]}
                """, "Statement IDs (SID) in a single policy must be unique.");
    }

    @Test
    void parsesConditions()
    {
        PolicyDocument document = PolicyDocument.parse("""
                {
                  "Version": "2012-10-17",
                  "Statement": {
                    "Effect": "Allow",
                    "Action": "*",
                    "Resource": "*",
                    "Condition": {
                      "StringEquals": {"aws:UserName": "alice", "aws:RequestedRegion": ["us-east-1", "eu-west-1"]},
                      "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": "team*"},
                      "forallvalues:stringequals": {"aws:TagKeys": []},
                      "NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
                      "Bool": {"aws:SecureTransport": true},
                      "Null": {"aws:TokenIssueTime": "true"}
                    }
                  }
                }
                """);
        assertThat(document.statements().get(0).conditions()).containsExactly(
                new Condition(ConditionOperator.STRING_EQUALS, Optional.empty(), false, "aws:username", List.of("alice")),
                new Condition(ConditionOperator.STRING_EQUALS, Optional.empty(), false, "aws:requestedregion", List.of("us-east-1", "eu-west-1")),
                new Condition(ConditionOperator.STRING_LIKE, Optional.of(SetOperator.FOR_ANY_VALUE), true, "aws:tagkeys", List.of("team*")),
                new Condition(ConditionOperator.STRING_EQUALS, Optional.of(SetOperator.FOR_ALL_VALUES), false, "aws:tagkeys", List.of()),
                new Condition(ConditionOperator.NUMERIC_LESS_THAN, Optional.empty(), false, "aws:multifactorauthage", List.of("3600")),
                new Condition(ConditionOperator.BOOL, Optional.empty(), false, "aws:securetransport", List.of("true")),
                new Condition(ConditionOperator.NULL, Optional.empty(), false, "aws:tokenissuetime", List.of("true")));
        assertThat(document.statements().get(0).conditions().get(2).operatorName()).isEqualTo("ForAnyValue:StringLikeIfExists");
    }

    @Test
    void parsesEveryOperator()
    {
        for (ConditionOperator operator : ConditionOperator.values()) {
            Condition condition = PolicyDocument.parse(condition(operator.policyName(), "\"aws:SomeKey\": \"1\""))
                    .statements().get(0).conditions().get(0);
            assertThat(condition.operator()).isEqualTo(operator);
            assertThat(condition.ifExists()).isFalse();
            if (operator != ConditionOperator.NULL) {
                Condition ifExists = PolicyDocument.parse(condition(operator.policyName() + "IfExists", "\"aws:SomeKey\": \"1\""))
                        .statements().get(0).conditions().get(0);
                assertThat(ifExists.operator()).isEqualTo(operator);
                assertThat(ifExists.ifExists()).isTrue();
            }
        }
    }

    @Test
    void rejectsUnsupportedConditionOperators()
    {
        assertMalformed(condition("BinaryEquals", "\"aws:SomeKey\": \"QmluYXJ5\""), "Cairn does not support the condition operator BinaryEquals");
        assertMalformed(condition("StringMatches", "\"aws:SomeKey\": \"x\""), "Cairn does not support the condition operator StringMatches");
        assertMalformed(condition("NullIfExists", "\"aws:SomeKey\": \"true\""), "Cairn does not support the condition operator NullIfExists");
        assertMalformed(condition("ForSomeValues:StringEquals", "\"aws:SomeKey\": \"x\""), "Cairn does not support the condition operator ForSomeValues:StringEquals");
        assertMalformed(condition("IfExists", "\"aws:SomeKey\": \"x\""), "Cairn does not support the condition operator IfExists");
    }

    @Test
    void rejectsMalformedConditions()
    {
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": "aws:SecureTransport"}}
                """, "Syntax errors in policy.");
        assertMalformed(condition("StringEquals", "\"aws:SomeKey\": {\"nested\": \"x\"}"), "Syntax errors in policy.");
        assertMalformed(condition("StringEquals", "\"aws:SomeKey\": null"), "Syntax errors in policy.");
        assertMalformed(condition("StringEquals", "\"aws:SomeKey\": [\"x\", [\"y\"]]"), "Syntax errors in policy.");
        assertMalformed("""
                {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": "x"}}}
                """, "Syntax errors in policy.");
        assertMalformed(condition("StringEquals", "\"SomeKey\": \"x\""), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
    }

    @Test
    void rejectsNullJson()
    {
        assertThatThrownBy(() -> PolicyDocument.parse(null)).isInstanceOf(NullPointerException.class);
    }

    private static String action(String action)
    {
        return "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"" + action + "\", \"Resource\": \"*\"}}";
    }

    private static String resource(String resource)
    {
        return "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"" + resource + "\"}}";
    }

    private static String condition(String operator, String body)
    {
        return "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"" + operator + "\": {" + body + "}}}}";
    }

    static void assertMalformed(String json, String message)
    {
        assertThatThrownBy(() -> PolicyDocument.parse(json))
                .isInstanceOf(CairnException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((CairnException) e).errorCode()).isEqualTo(ErrorCode.MALFORMED_POLICY_DOCUMENT));
    }
}
