package dev.cairn.core.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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
            String body = "\"aws:SomeKey\": \"" + validValue(operator) + "\"";
            Condition condition = PolicyDocument.parse(condition(operator.policyName(), body))
                    .statements().get(0).conditions().get(0);
            assertThat(condition.operator()).isEqualTo(operator);
            assertThat(condition.ifExists()).isFalse();
            if (operator != ConditionOperator.NULL) {
                Condition ifExists = PolicyDocument.parse(condition(operator.policyName() + "IfExists", body))
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

    /**
     * Values by operator, as JSON, in version 2012-10-17: whether the document is accepted. Each row is tried with the
     * plain operator, with {@code IfExists} (except {@code Null}, which has none) and with {@code ForAnyValue:} and
     * {@code ForAllValues:}.
     */
    static Stream<Arguments> conditionValues()
    {
        return Stream.of(
                // IPv4 or IPv6 addresses or CIDRs
                accepted("IpAddress", "\"10.0.0.0/8\""),
                accepted("IpAddress", "\"203.0.113.7\""),
                accepted("IpAddress", "\"0.0.0.0/0\""),
                accepted("IpAddress", "\"10.0.0.1/32\""),
                accepted("NotIpAddress", "[\"192.0.2.0/24\", \"2001:DB8:1234:5678::/64\"]"),
                accepted("IpAddress", "\"::1\""),
                accepted("IpAddress", "\"::/0\""),
                accepted("IpAddress", "\"2001:db8::/128\""),
                accepted("IpAddress", "\"::ffff:192.0.2.1\""),
                accepted("IpAddress", "\"fe80::1\""),
                rejected("IpAddress", "\"10.0.0.300/8\""),
                rejected("IpAddress", "\"256.0.0.1\""),
                rejected("IpAddress", "\"10.0.0.0/33\""),
                rejected("IpAddress", "\"2001:db8::/129\""),
                rejected("IpAddress", "\"10.0.0\""),
                rejected("IpAddress", "\"10.0.0.0.0\""),
                rejected("IpAddress", "\"10.0.0.0/\""),
                rejected("IpAddress", "\"/8\""),
                rejected("IpAddress", "\"10.0.0.0/-1\""),
                rejected("IpAddress", "\"10.0.0.0/8/8\""),
                rejected("IpAddress", "\"10.0.0.0/8 \""),
                rejected("IpAddress", "\"\""),
                rejected("IpAddress", "\"localhost\""),
                rejected("IpAddress", "\"2001:db8::g\""),
                rejected("IpAddress", "\"1::2::3\""),
                rejected("IpAddress", "\"1:2:3:4:5:6:7:8:9\""),
                rejected("NotIpAddress", "[\"10.0.0.0/8\", \"10.0.0.300/8\"]"),
                rejected("IpAddress", "10"),
                rejected("IpAddress", "\"${aws:SourceIp}\""),
                // integers and decimals; what BigDecimal reads, as the evaluator compares them
                accepted("NumericEquals", "\"10\""),
                accepted("NumericNotEquals", "\"1.5\""),
                accepted("NumericLessThan", "\"-3\""),
                accepted("NumericLessThanEquals", "3600"),
                accepted("NumericGreaterThan", "1.5"),
                accepted("NumericGreaterThanEquals", "[\"0\", \"1e3\"]"),
                rejected("NumericEquals", "\"abc\""),
                rejected("NumericEquals", "\"\""),
                rejected("NumericEquals", "\"1,000\""),
                rejected("NumericEquals", "\" 10\""),
                rejected("NumericEquals", "\"0x10\""),
                rejected("NumericEquals", "\"NaN\""),
                rejected("NumericLessThan", "true"),
                rejected("NumericLessThan", "\"${aws:MultiFactorAuthAge}\""),
                // ISO 8601 in its W3C profile, or epoch seconds
                accepted("DateEquals", "\"2026-01-01T00:00:00Z\""),
                accepted("DateNotEquals", "\"2026-01-01\""),
                accepted("DateLessThan", "\"2026-01\""),
                accepted("DateLessThanEquals", "\"2026-01-01T00:00Z\""),
                accepted("DateGreaterThan", "\"2026-01-01T00:00:00.123+02:00\""),
                accepted("DateGreaterThanEquals", "\"2026-01-01T00:00:00\""),
                accepted("DateGreaterThan", "\"1700000000\""),
                accepted("DateGreaterThan", "1700000000"),
                accepted("DateGreaterThan", "\"1700000000.5\""),
                rejected("DateEquals", "\"yesterday\""),
                rejected("DateEquals", "\"\""),
                rejected("DateEquals", "\"2026-13-01\""),
                rejected("DateEquals", "\"2026-02-30\""),
                rejected("DateEquals", "\"2026-01-01T25:00:00Z\""),
                rejected("DateEquals", "\"01/01/2026\""),
                rejected("DateEquals", "\"2026-01-01 00:00:00\""),
                rejected("DateEquals", "\"2026-01-*\""),
                rejected("DateEquals", "true"),
                rejected("DateLessThan", "\"${aws:CurrentTime}\""),
                // true or false, any case; policy variables allowed
                accepted("Bool", "\"true\""),
                accepted("Bool", "\"False\""),
                accepted("Bool", "true"),
                accepted("Bool", "[false, \"TRUE\"]"),
                accepted("Bool", "\"${aws:PrincipalTag/mfa}\""),
                rejected("Bool", "\"yes\""),
                rejected("Bool", "\"1\""),
                rejected("Bool", "1"),
                rejected("Bool", "\"\""),
                rejected("Bool", "\" true\""),
                accepted("Null", "\"true\""),
                accepted("Null", "\"FALSE\""),
                accepted("Null", "false"),
                rejected("Null", "\"yes\""),
                rejected("Null", "\"\""),
                rejected("Null", "\"${aws:username}\""),
                // arn: and six components, wildcards allowed, or *; policy variables allowed
                accepted("ArnEquals", "\"arn:aws:iam::123456789012:user/alice\""),
                accepted("ArnLike", "\"arn:aws:s3:::bucket\""),
                accepted("ArnNotEquals", "\"arn:aws:iam::*:role/*\""),
                accepted("ArnNotLike", "\"arn:*:*:*:*:*\""),
                accepted("ArnLike", "\"arn:aws:logs:*:*:log-group:app:*\""),
                accepted("ArnLike", "\"*\""),
                accepted("ArnLike", "\"${aws:PrincipalArn}\""),
                accepted("ArnEquals", "\"arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}\""),
                rejected("ArnEquals", "\"arn:aws:iam::123456789012\""),
                rejected("ArnLike", "\"arn:aws:*:user/alice\""),
                rejected("ArnLike", "\"not-an-arn\""),
                rejected("ArnLike", "\"\""),
                rejected("ArnLike", "\"*:*:*:*:*:*\""),
                rejected("ArnLike", "\"ARN:aws:iam::123456789012:user/alice\""),
                rejected("ArnNotLike", "12"),
                // strings: anything
                accepted("StringEquals", "\"\""),
                accepted("StringNotEquals", "\"10.0.0.300/8\""),
                accepted("StringEqualsIgnoreCase", "12"),
                accepted("StringNotEqualsIgnoreCase", "true"),
                accepted("StringLike", "\"home/${aws:username}/*\""),
                accepted("StringNotLike", "[\"*\", \"?\"]"),
                // an empty list of values is accepted, as before; only strings, numbers and booleans are values
                accepted("StringEquals", "[]"),
                accepted("IpAddress", "[]"),
                rejected("IpAddress", "{\"cidr\": \"10.0.0.0/8\"}"),
                rejected("IpAddress", "[[\"10.0.0.0/8\"]]"),
                rejected("NumericEquals", "null"));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("conditionValues")
    void conditionValuesMustSuitTheirOperator(String operator, String value, boolean accepted)
    {
        List<String> forms = new ArrayList<>(List.of(operator, "ForAnyValue:" + operator, "ForAllValues:" + operator));
        if (!operator.equals("Null")) {
            forms.add(operator + "IfExists");
            forms.add("ForAnyValue:" + operator + "IfExists");
        }
        for (String form : forms) {
            String json = currentCondition(form, "\"aws:SomeKey\": " + value);
            if (accepted) {
                assertThat(PolicyDocument.parse(json).statements().get(0).conditions()).as(form).hasSize(1);
                assertThat(PolicyDocument.parseResourcePolicy(json.replace("\"Effect\"", "\"Principal\": \"*\", \"Effect\""))).as(form).isNotNull();
            }
            else {
                assertThatThrownBy(() -> PolicyDocument.parse(json))
                        .as(form)
                        .isInstanceOfSatisfying(CairnException.class, e -> {
                            assertThat(e.errorCode()).isEqualTo(ErrorCode.MALFORMED_POLICY_DOCUMENT);
                            assertThat(e.getMessage()).startsWith("Syntax errors in policy.");
                        });
                // resource policies (bucket policies) are held to the same rules
                assertThatThrownBy(() -> PolicyDocument.parseResourcePolicy(json.replace("\"Effect\"", "\"Principal\": \"*\", \"Effect\"")))
                        .as(form)
                        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.MALFORMED_POLICY_DOCUMENT));
            }
        }
    }

    private static Arguments accepted(String operator, String value)
    {
        return Arguments.of(operator, value, true);
    }

    private static Arguments rejected(String operator, String value)
    {
        return Arguments.of(operator, value, false);
    }

    @Test
    void conditionValueErrorsSayWhatIsWrongAndWhere()
    {
        assertMalformed(currentCondition("IpAddress", "\"aws:SourceIp\": \"10.0.0.300/8\""),
                "Syntax errors in policy. Invalid IP address or CIDR '10.0.0.300/8' for condition key aws:SourceIp.");
        assertMalformed(currentCondition("NumericLessThanIfExists", "\"aws:MultiFactorAuthAge\": [\"3600\", \"abc\"]"),
                "Syntax errors in policy. Invalid number 'abc' for condition key aws:MultiFactorAuthAge.");
        assertMalformed(currentCondition("DateGreaterThan", "\"aws:CurrentTime\": \"yesterday\""),
                "Syntax errors in policy. Invalid date 'yesterday' for condition key aws:CurrentTime: use ISO 8601 (such as 2026-01-01T00:00:00Z) or epoch seconds.");
        assertMalformed(currentCondition("Bool", "\"aws:SecureTransport\": \"yes\""),
                "Syntax errors in policy. Invalid boolean 'yes' for condition key aws:SecureTransport: use true or false.");
        assertMalformed(currentCondition("Null", "\"aws:TokenIssueTime\": 1"),
                "Syntax errors in policy. Invalid boolean '1' for condition key aws:TokenIssueTime: use true or false.");
        assertMalformed(currentCondition("ArnLike", "\"aws:SourceArn\": \"arn:aws:s3\""),
                "Syntax errors in policy. Invalid ARN 'arn:aws:s3' for condition key aws:SourceArn: use arn:partition:service:region:account:resource (wildcards allowed) or *.");
        assertMalformed(currentCondition("ForAnyValue:IpAddress", "\"aws:SourceIp\": \"${aws:SourceIp}\""),
                "Syntax errors in policy. ForAnyValue:IpAddress cannot use policy variables: '${aws:SourceIp}' for condition key aws:SourceIp.");
    }

    @Test
    void policyVariablesAreLiteralBeforeVersion20121017()
    {
        // without a Version, "${...}" is text: a Bool value that is not true or false
        assertMalformed(condition("Bool", "\"aws:SecureTransport\": \"${aws:PrincipalTag/secure}\""),
                "Syntax errors in policy. Invalid boolean '${aws:PrincipalTag/secure}' for condition key aws:SecureTransport: use true or false.");
        assertMalformed(condition("ArnLike", "\"aws:SourceArn\": \"${aws:PrincipalArn}\""),
                "Syntax errors in policy. Invalid ARN '${aws:PrincipalArn}' for condition key aws:SourceArn: use arn:partition:service:region:account:resource (wildcards allowed) or *.");
        PolicyDocument.parse(condition("ArnLike", "\"aws:SourceArn\": \"arn:aws:iam::123456789012:user/${aws:username}\""));
        PolicyDocument.parse(condition("StringEquals", "\"aws:UserName\": \"${aws:username}\""));
    }

    @Test
    void storedDocumentsAreReadWithoutCheckingConditionValues()
    {
        // a document stored before values were checked is read back as it was written, and evaluated as before: here
        // the deny still applies (no address is in the range it cannot parse), instead of the document being dropped
        String json = """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": []}}},
                  {"Effect": "Deny", "Action": "iam:Delete*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.300/8"}}}
                ]}
                """;
        assertThatThrownBy(() -> PolicyDocument.parse(json)).isInstanceOf(CairnException.class);
        PolicyDocument stored = PolicyDocument.parseStored(json);
        assertThat(stored.statements().get(0).conditions()).containsExactly(
                new Condition(ConditionOperator.STRING_EQUALS, Optional.of(SetOperator.FOR_ALL_VALUES), false, "aws:tagkeys", List.of()));
        assertThat(stored.statements().get(1).conditions()).containsExactly(
                new Condition(ConditionOperator.NOT_IP_ADDRESS, Optional.empty(), false, "aws:sourceip", List.of("10.0.0.300/8")));
        Map<String, List<String>> context = Map.of("aws:sourceip", List.of("10.1.2.3"));
        assertThat(PolicyEvaluator.evaluate(List.of(stored), new AuthorizationRequest("iam:DeleteUser", "*", context))).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(List.of(stored), new AuthorizationRequest("iam:GetUser", "*", context))).isEqualTo(Decision.ALLOW);
        // everything else is still checked
        assertThatThrownBy(() -> PolicyDocument.parseStored(condition("BinaryEquals", "\"aws:SomeKey\": \"QmluYXJ5\"")))
                .hasMessage("Cairn does not support the condition operator BinaryEquals");
        assertThatThrownBy(() -> PolicyDocument.parseStored(condition("IpAddress", "\"aws:SourceIp\": [[\"10.0.0.0/8\"]]")))
                .hasMessage("Syntax errors in policy.");
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

    /** In version 2012-10-17, where policy variables are substituted. */
    private static String currentCondition(String operator, String body)
    {
        return "{\"Version\": \"2012-10-17\", " + condition(operator, body).substring(1);
    }

    private static String validValue(ConditionOperator operator)
    {
        return switch (operator.kind()) {
            case STRING_EQUALS, STRING_EQUALS_IGNORE_CASE, STRING_LIKE, NUMERIC_EQUALS, NUMERIC_LESS_THAN, NUMERIC_LESS_THAN_EQUALS, NUMERIC_GREATER_THAN, NUMERIC_GREATER_THAN_EQUALS -> "1";
            case DATE_EQUALS, DATE_LESS_THAN, DATE_LESS_THAN_EQUALS, DATE_GREATER_THAN, DATE_GREATER_THAN_EQUALS -> "2026-01-01T00:00:00Z";
            case BOOL, NULL -> "true";
            case IP_ADDRESS -> "10.0.0.0/8";
            case ARN_LIKE -> "arn:aws:iam::123456789012:user/*";
        };
    }

    static void assertMalformed(String json, String message)
    {
        assertThatThrownBy(() -> PolicyDocument.parse(json))
                .isInstanceOf(CairnException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((CairnException) e).errorCode()).isEqualTo(ErrorCode.MALFORMED_POLICY_DOCUMENT));
    }
}
