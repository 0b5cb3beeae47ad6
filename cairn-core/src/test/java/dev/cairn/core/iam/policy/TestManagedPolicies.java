package dev.cairn.core.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

class TestManagedPolicies
{
    @Test
    void bundlesTheFivePolicies()
    {
        assertThat(ManagedPolicies.all())
                .extracting(ManagedPolicy::name)
                .containsExactly("AdministratorAccess", "ReadOnlyAccess", "IAMFullAccess", "AWSCloudTrail_FullAccess", "AWSCloudTrail_ReadOnlyAccess");
        for (ManagedPolicy policy : ManagedPolicies.all()) {
            assertThat(policy.arn()).isEqualTo("arn:aws:iam::aws:policy/" + policy.name());
            assertThat(policy.path()).isEqualTo("/");
            assertThat(policy.policyId()).matches("ANPA[0-9A-Z]{17}");
            assertThat(policy.defaultVersionId()).matches("v[1-9][0-9]*");
            assertThat(policy.updateDate()).isAfterOrEqualTo(policy.createDate());
            assertThat(policy.description()).isNotBlank();
            assertThat(ManagedPolicies.byArn(policy.arn())).containsSame(policy);
        }
        assertThat(ManagedPolicies.all()).extracting(ManagedPolicy::policyId).doesNotHaveDuplicates();
    }

    @Test
    void awsMetadata()
    {
        ManagedPolicy administrator = ManagedPolicies.byArn("arn:aws:iam::aws:policy/AdministratorAccess").orElseThrow();
        assertThat(administrator.policyId()).isEqualTo("ANPAIWMBCKSKIEE64ZLYK");
        assertThat(administrator.defaultVersionId()).isEqualTo("v1");
        assertThat(administrator.createDate()).isEqualTo(Instant.parse("2015-02-06T18:39:46Z"));
        assertThat(administrator.description()).isEqualTo("Provides full access to AWS services and resources.");
        ManagedPolicy cloudTrail = ManagedPolicies.byArn("arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess").orElseThrow();
        assertThat(cloudTrail.defaultVersionId()).isEqualTo("v3");
        assertThat(cloudTrail.policyId()).isEqualTo("ANPAZKAPJZG4CA4SIJQAM");
    }

    @Test
    void unknownArns()
    {
        assertThat(ManagedPolicies.byArn("arn:aws:iam::aws:policy/PowerUserAccess")).isEmpty();
        assertThat(ManagedPolicies.byArn("arn:aws:iam::aws:policy/administratoraccess")).isEmpty();
        assertThat(ManagedPolicies.byArn("arn:aws:iam::123456789012:policy/AdministratorAccess")).isEmpty();
    }

    @Test
    void everyBundledDocumentParses()
            throws IOException
    {
        for (ManagedPolicy policy : ManagedPolicies.all()) {
            String json;
            try (InputStream in = TestManagedPolicies.class.getResourceAsStream("/iam/managed-policies/" + policy.name() + ".json")) {
                assertThat(in).as(policy.name()).isNotNull();
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            PolicyDocument document = PolicyDocument.parse(json);
            assertThat(document).isEqualTo(policy.document());
            assertThat(PolicyDocument.parse(policy.documentJson())).isEqualTo(document);
            assertThat(document.version()).contains("2012-10-17");
        }
    }

    @Test
    void administratorAccessAllowsEverything()
    {
        assertThat(decide("AdministratorAccess", "iam:CreateUser", "arn:aws:iam::123456789012:user/alice")).isEqualTo(Decision.ALLOW);
        assertThat(decide("AdministratorAccess", "cloudtrail:DeleteTrail", "arn:aws:cloudtrail:us-east-1:123456789012:trail/t")).isEqualTo(Decision.ALLOW);
        assertThat(decide("AdministratorAccess", "sts:GetCallerIdentity", "*")).isEqualTo(Decision.ALLOW);
    }

    @Test
    void readOnlyAccess()
    {
        assertThat(decide("ReadOnlyAccess", "iam:GetUser", "arn:aws:iam::123456789012:user/alice")).isEqualTo(Decision.ALLOW);
        assertThat(decide("ReadOnlyAccess", "iam:ListUsers", "*")).isEqualTo(Decision.ALLOW);
        assertThat(decide("ReadOnlyAccess", "cloudtrail:LookupEvents", "*")).isEqualTo(Decision.ALLOW);
        assertThat(decide("ReadOnlyAccess", "cloudtrail:DescribeTrails", "*")).isEqualTo(Decision.ALLOW);
        assertThat(decide("ReadOnlyAccess", "sts:GetCallerIdentity", "*")).isEqualTo(Decision.ALLOW);
        assertThat(decide("ReadOnlyAccess", "iam:CreateUser", "arn:aws:iam::123456789012:user/alice")).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide("ReadOnlyAccess", "cloudtrail:CreateTrail", "arn:aws:cloudtrail:us-east-1:123456789012:trail/t")).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide("ReadOnlyAccess", "sts:AssumeRole", "arn:aws:iam::123456789012:role/r")).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void iamFullAccess()
    {
        assertThat(decide("IAMFullAccess", "iam:CreateUser", "arn:aws:iam::123456789012:user/alice")).isEqualTo(Decision.ALLOW);
        assertThat(decide("IAMFullAccess", "iam:DeleteAccessKey", "arn:aws:iam::123456789012:user/alice")).isEqualTo(Decision.ALLOW);
        assertThat(decide("IAMFullAccess", "organizations:DescribeOrganization", "*")).isEqualTo(Decision.ALLOW);
        assertThat(decide("IAMFullAccess", "cloudtrail:LookupEvents", "*")).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void cloudTrailPolicies()
    {
        String trail = "arn:aws:cloudtrail:us-east-1:123456789012:trail/management";
        assertThat(decide("AWSCloudTrail_FullAccess", "cloudtrail:CreateTrail", trail)).isEqualTo(Decision.ALLOW);
        assertThat(decide("AWSCloudTrail_FullAccess", "cloudtrail:LookupEvents", "*")).isEqualTo(Decision.ALLOW);
        assertThat(decide("AWSCloudTrail_FullAccess", "iam:GetUser", "arn:aws:iam::123456789012:user/alice")).isEqualTo(Decision.ALLOW);
        assertThat(decide("AWSCloudTrail_FullAccess", "iam:CreateUser", "arn:aws:iam::123456789012:user/alice")).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide("AWSCloudTrail_ReadOnlyAccess", "cloudtrail:LookupEvents", "*")).isEqualTo(Decision.ALLOW);
        assertThat(decide("AWSCloudTrail_ReadOnlyAccess", "cloudtrail:GetTrailStatus", trail)).isEqualTo(Decision.ALLOW);
        assertThat(decide("AWSCloudTrail_ReadOnlyAccess", "cloudtrail:ListTrails", "*")).isEqualTo(Decision.ALLOW);
        assertThat(decide("AWSCloudTrail_ReadOnlyAccess", "cloudtrail:CreateTrail", trail)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decide("AWSCloudTrail_ReadOnlyAccess", "cloudtrail:StopLogging", trail)).isEqualTo(Decision.IMPLICIT_DENY);
    }

    private static Decision decide(String name, String action, String resource)
    {
        PolicyDocument document = ManagedPolicies.byArn(ManagedPolicies.ARN_PREFIX + name).orElseThrow().document();
        return PolicyEvaluator.evaluate(List.of(document), new AuthorizationRequest(action, resource));
    }
}
