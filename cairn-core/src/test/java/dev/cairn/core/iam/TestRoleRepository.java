package dev.cairn.core.iam;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

public class TestRoleRepository
{
    private static final String ACCOUNT = "111122223333";
    private static final String OTHER_ACCOUNT = "444455556666";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"sts:AssumeRole\"}]}";

    private final InMemoryMetadata metadata = new InMemoryMetadata();
    private final RoleRepository roles = new RoleRepository(metadata);
    private final IdGenerator ids = new IdGenerator();

    private IamRole role(String accountId, String name)
    {
        return new IamRole(accountId, name, ids.roleId(), "/", TRUST, IamRole.DEFAULT_MAX_SESSION_DURATION, Optional.empty(), Instant.parse("2026-01-02T03:04:05Z"),
                List.of(new Tag("team", "audit")));
    }

    @Test
    public void roleIdsAreAwsShaped()
    {
        assertThat(ids.roleId()).matches("AROA[A-Z2-7]{17}");
    }

    @Test
    public void namesAreUniqueRegardlessOfCaseAndKeepTheirCase()
            throws Exception
    {
        IamRole role = role(ACCOUNT, "Deployer");
        assertThat(roles.createRole(role)).isTrue();
        assertThat(roles.createRole(role(ACCOUNT, "DEPLOYER"))).isFalse();
        assertThat(roles.role(ACCOUNT, "deployer")).contains(role);
        assertThat(roles.role(OTHER_ACCOUNT, "deployer")).isEmpty();
        assertThat(roles.createRole(role(OTHER_ACCOUNT, "deployer"))).isTrue();
        assertThat(roles.roleCount(ACCOUNT)).isEqualTo(1);
        // the stored document keeps the case; the key is lower case
        assertThat(metadata.text("iam.role", ACCOUNT, "deployer")).hasValueSatisfying(text -> assertThat(text).contains("\"roleName\":\"Deployer\""));
    }

    @Test
    public void rolesAreFoundByTheirIdUntilDeleted()
            throws Exception
    {
        IamRole role = role(ACCOUNT, "Reader");
        roles.createRole(role);
        assertThat(roles.roleById(role.roleId())).contains(role);
        assertThat(roles.roleById("AROANOSUCHROLE1234567")).isEmpty();
        IamRole updated = role.withDescription(Optional.of("reads")).withMaxSessionDuration(7_200);
        roles.putRole(updated);
        assertThat(roles.roleById(role.roleId())).contains(updated);

        roles.deleteRole(updated);
        assertThat(roles.role(ACCOUNT, "Reader")).isEmpty();
        assertThat(roles.roleById(role.roleId())).isEmpty();
        // a role created again under the name has another id
        IamRole again = role(ACCOUNT, "reader");
        roles.createRole(again);
        assertThat(roles.roleById(role.roleId())).isEmpty();
        assertThat(roles.roleById(again.roleId())).contains(again);
    }

    @Test
    public void rolesArePaged()
            throws Exception
    {
        for (String name : List.of("c", "A", "b", "E", "d")) {
            roles.createRole(role(ACCOUNT, name));
        }
        List<String> names = new ArrayList<>();
        Optional<String> marker = Optional.empty();
        int pages = 0;
        do {
            var page = roles.roles(ACCOUNT, marker, 2);
            page.items().forEach(role -> names.add(role.roleName()));
            marker = page.nextMarker();
            pages++;
        }
        while (marker.isPresent());
        assertThat(names).containsExactly("A", "b", "c", "d", "E");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    public void inlineAndAttachedPoliciesBelongToOneRole()
            throws Exception
    {
        roles.createRole(role(ACCOUNT, "Writer"));
        roles.createRole(role(ACCOUNT, "Writer2"));
        roles.putRolePolicy(ACCOUNT, "writer", new InlinePolicy("Logs", "{}"));
        roles.putRolePolicy(ACCOUNT, "Writer2", new InlinePolicy("other", "{}"));
        assertThat(roles.rolePolicies(ACCOUNT, "WRITER")).containsExactly(new InlinePolicy("Logs", "{}"));
        assertThat(roles.rolePolicy(ACCOUNT, "Writer", "logs")).contains(new InlinePolicy("Logs", "{}"));
        roles.putRolePolicy(ACCOUNT, "Writer", new InlinePolicy("LOGS", "{\"v\":2}"));
        assertThat(roles.rolePolicies(ACCOUNT, "Writer")).containsExactly(new InlinePolicy("LOGS", "{\"v\":2}"));
        assertThat(roles.deleteRolePolicy(ACCOUNT, "Writer", "logs")).isTrue();
        assertThat(roles.deleteRolePolicy(ACCOUNT, "Writer", "logs")).isFalse();
        assertThat(roles.rolePolicies(ACCOUNT, "Writer")).isEmpty();

        String readOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        assertThat(roles.attachRolePolicy(ACCOUNT, "Writer", readOnly)).isTrue();
        assertThat(roles.attachRolePolicy(ACCOUNT, "writer", readOnly)).isFalse();
        assertThat(roles.attachRolePolicy(ACCOUNT, "Writer2", readOnly)).isTrue();
        assertThat(roles.attachedRolePolicyArns(ACCOUNT, "Writer")).containsExactly(readOnly);
        assertThat(roles.attachmentCount(ACCOUNT, readOnly)).isEqualTo(2);
        assertThat(roles.attachmentCount(OTHER_ACCOUNT, readOnly)).isZero();
        assertThat(roles.detachRolePolicy(ACCOUNT, "Writer", readOnly)).isTrue();
        assertThat(roles.detachRolePolicy(ACCOUNT, "Writer", readOnly)).isFalse();
        assertThat(roles.attachedRolePolicyArns(ACCOUNT, "Writer")).isEmpty();
    }

    @Test
    public void arnsIncludeThePath()
    {
        assertThat(IamRole.arn(ACCOUNT, "/service/", "builder")).isEqualTo("arn:aws:iam::111122223333:role/service/builder");
        assertThat(role(ACCOUNT, "x").arn()).isEqualTo("arn:aws:iam::111122223333:role/x");
    }
}
