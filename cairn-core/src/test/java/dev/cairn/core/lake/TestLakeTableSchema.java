package dev.cairn.core.lake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

public class TestLakeTableSchema
{
    @Test
    public void cloudTrailEventsHaveTheColumnsOfAwsLake()
    {
        // AWS's "Supported SQL schemas for event data stores", CloudTrail event record fields (eventjson and
        // eventjsonchecksum left out), spelled as the record's members
        assertThat(LakeTableSchema.CLOUDTRAIL_EVENTS.columns()).extracting(LakeTableSchema.Column::name).containsExactly(
                "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode",
                "errorMessage", "requestParameters", "responseElements", "additionalEventData", "requestID", "eventID", "readOnly", "resources",
                "eventType", "apiVersion", "managementEvent", "recipientAccountId", "sharedEventID", "annotation", "vpcEndpointId",
                "vpcEndpointAccountId", "serviceEventDetails", "addendum", "edgeDeviceDetails", "insightDetails", "eventCategory", "tlsDetails",
                "sessionCredentialFromConsole");
        assertThat(LakeTableSchema.ACTIVITY_AUDIT_LOG.columns()).extracting(LakeTableSchema.Column::name).containsExactly(
                "eventVersion", "eventCategory", "eventType", "eventID", "eventTime", "awsRegion", "recipientAccountId", "addendum", "metadata", "eventData");
    }

    @Test
    public void readsTimestampsWithTheirOffsetAndRenamesResourceArns()
    {
        assertThat(LakeTableSchema.CLOUDTRAIL_EVENTS.readColumns()).contains("'eventTime': 'TIMESTAMPTZ'").contains("creationDate TIMESTAMPTZ").contains("ARN VARCHAR");
        assertThat(LakeTableSchema.CLOUDTRAIL_EVENTS.selectList())
                .contains("CAST(\"eventTime\" AS TIMESTAMP) AS \"eventTime\"")
                .contains("arn := r.ARN")
                .contains("\"eventName\" AS \"eventName\"");
    }

    @Test
    public void picksTheSchemaOfAnEventCategory()
    {
        assertThat(LakeTableSchema.forEventCategory("ActivityAuditLog")).isEqualTo(LakeTableSchema.ACTIVITY_AUDIT_LOG);
        assertThat(LakeTableSchema.forEventCategory("Management")).isEqualTo(LakeTableSchema.CLOUDTRAIL_EVENTS);
        assertThat(LakeTableSchema.forEventCategory("Data")).isEqualTo(LakeTableSchema.CLOUDTRAIL_EVENTS);
    }

    @Test
    public void viewNamesFollowTheTranslatorsRule()
    {
        assertThat(LakeEngine.viewName("EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE")).isEqualTo("eds_example_f852_4e8f_8bd1_bcf6cexample");
    }
}
