package dev.cairn.core;

import dev.cairn.core.api.Service;
import dev.cairn.core.ops.Operation;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.ops.UnsupportedOperation;
import dev.cairn.core.secrets.MasterKey;
import dev.cairn.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class TestOperationRegistry
{
    @TempDir
    Path directory;

    @Test
    public void everyCloudTrailOperationOfTheModelIsDispatched()
            throws IOException
    {
        try (SqliteStore store = SqliteStore.open(directory); Cairn cairn = new Cairn(store, CairnConfig.defaults(List.of("us-east-1")), Clock.systemUTC(), new dev.cairn.target.local.LocalBucketStore(directory.resolve("buckets")),
                NodeConfig.single().withMasterKey(MasterKey.generate()), directory.resolve("lake"))) {
            Set<String> modelled = cairn.catalog().model(Service.CLOUDTRAIL).operations().keySet();
            assertThat(modelled).hasSize(60);
            assertThat(cairn.operations().operations(Service.CLOUDTRAIL).keySet()).isEqualTo(modelled);
            for (Operation operation : cairn.operations().operations(Service.CLOUDTRAIL).values()) {
                if (operation instanceof UnsupportedOperation unsupported) {
                    assertThatThrownBy(() -> unsupported.execute(null, null))
                            .isInstanceOfSatisfying(CairnException.class, error -> assertThat(error.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_OPERATION));
                }
            }
            assertThat(cairn.operations().find(Service.CLOUDTRAIL, "LookupEvents")).get().isInstanceOf(ReadOperation.class).isNotInstanceOf(UnsupportedOperation.class);
            assertThat(cairn.operations().operations(Service.IAM)).hasSize(56);
            assertThat(cairn.operations().operations(Service.STS)).containsOnlyKeys("GetCallerIdentity", "AssumeRole", "GetSessionToken", "GetAccessKeyInfo");
            assertThat(cairn.operations().operations(Service.ORGANIZATIONS)).hasSize(25).containsKeys("CreateOrganization", "CreateAccount", "RegisterDelegatedAdministrator");
            assertThat(cairn.operations().find(Service.ORGANIZATIONS, "InviteAccountToOrganization")).isEmpty();
            assertThat(cairn.operations().operations(Service.LOGS)).containsOnlyKeys("CreateLogGroup", "DescribeLogGroups", "DeleteLogGroup", "PutRetentionPolicy",
                    "DeleteRetentionPolicy", "CreateLogStream", "DescribeLogStreams", "DeleteLogStream", "TagResource", "UntagResource", "ListTagsForResource", "TagLogGroup",
                    "UntagLogGroup", "ListTagsLogGroup", "PutMetricFilter", "DescribeMetricFilters", "DeleteMetricFilter", "TestMetricFilter", "PutLogEvents", "GetLogEvents",
                    "FilterLogEvents");
            assertThat(cairn.operations().operations(Service.EVENTS)).containsOnlyKeys("PutRule", "DescribeRule", "ListRules", "DeleteRule", "EnableRule", "DisableRule",
                    "PutTargets", "RemoveTargets", "ListTargetsByRule", "ListRuleNamesByTarget", "TestEventPattern", "PutEvents", "CreateConnection", "DescribeConnection", "ListConnections",
                    "UpdateConnection", "DeleteConnection", "DeauthorizeConnection", "CreateApiDestination", "DescribeApiDestination", "ListApiDestinations",
                    "UpdateApiDestination", "DeleteApiDestination");
            assertThat(cairn.operations().operations(Service.SNS)).containsOnlyKeys("CreateTopic", "DeleteTopic", "ListTopics", "GetTopicAttributes", "SetTopicAttributes",
                    "Subscribe", "ConfirmSubscription", "Unsubscribe", "ListSubscriptions", "ListSubscriptionsByTopic", "Publish");
            // read-only follows AWS's naming
            assertThat(cairn.operations().find(Service.CLOUDTRAIL, "DescribeTrails").orElseThrow().readOnly()).isTrue();
            assertThat(cairn.operations().find(Service.CLOUDTRAIL, "CreateTrail").orElseThrow().readOnly()).isFalse();
        }
    }
}
