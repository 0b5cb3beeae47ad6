package dev.cairn.core.lake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

public class TestLakeSchema
{
    @Test
    public void cloudTrailEventsHaveTheColumnsOfAwsLake()
    {
        // AWS's "Supported SQL schemas for event data stores", CloudTrail event record fields (eventjson and
        // eventjsonchecksum left out), spelled as the record's members
        assertThat(LakeSchema.CLOUDTRAIL_EVENTS.columns()).extracting(LakeSchema.Column::name).containsExactly(
                "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode",
                "errorMessage", "requestParameters", "responseElements", "additionalEventData", "requestID", "eventID", "readOnly", "resources",
                "eventType", "apiVersion", "managementEvent", "recipientAccountId", "sharedEventID", "annotation", "vpcEndpointId",
                "vpcEndpointAccountId", "serviceEventDetails", "addendum", "edgeDeviceDetails", "insightDetails", "eventCategory", "tlsDetails",
                "sessionCredentialFromConsole");
        assertThat(LakeSchema.ACTIVITY_AUDIT_LOG.columns()).extracting(LakeSchema.Column::name).containsExactly(
                "eventVersion", "eventCategory", "eventType", "eventID", "eventTime", "awsRegion", "recipientAccountId", "addendum", "metadata", "eventData");
    }

    @Test
    public void readsTimestampsWithTheirOffsetAndRenamesResourceArns()
    {
        assertThat(LakeSchema.CLOUDTRAIL_EVENTS.readColumns()).contains("'eventTime': 'TIMESTAMPTZ'").contains("creationDate TIMESTAMPTZ").contains("ARN VARCHAR");
        assertThat(LakeSchema.CLOUDTRAIL_EVENTS.selectList())
                .contains("CAST(\"eventTime\" AS TIMESTAMP) AS \"eventTime\"")
                .contains("arn := r.ARN")
                .contains("\"eventName\" AS \"eventName\"");
    }

    @Test
    public void picksTheSchemaOfAnEventCategory()
    {
        assertThat(LakeSchema.forEventCategory("ActivityAuditLog")).isEqualTo(LakeSchema.ACTIVITY_AUDIT_LOG);
        assertThat(LakeSchema.forEventCategory("Management")).isEqualTo(LakeSchema.CLOUDTRAIL_EVENTS);
        assertThat(LakeSchema.forEventCategory("Data")).isEqualTo(LakeSchema.CLOUDTRAIL_EVENTS);
    }

    @Test
    public void viewNamesFollowTheTranslatorsRule()
    {
        assertThat(LakeEngine.viewName("EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE")).isEqualTo("eds_example_f852_4e8f_8bd1_bcf6cexample");
    }
}
