package dev.cairn.core.api;

import java.util.Optional;

/**
 * The AWS services Cairn speaks, each with its model and the {@code eventSource} its events carry.
 */
public enum Service
{
    CLOUDTRAIL("cloudtrail", "cloudtrail.amazonaws.com", "cloudtrail-2013-11-01.service-2.json", false),
    /** CloudTrail's data plane for events from outside AWS: PutAuditEvents (REST-JSON). */
    CLOUDTRAIL_DATA("cloudtrail-data", "cloudtrail-data.amazonaws.com", "cloudtrail-data-2021-08-11.service-2.json", false),
    IAM("iam", "iam.amazonaws.com", "iam-2010-05-08.service-2.json", true),
    STS("sts", "sts.amazonaws.com", "sts-2011-06-15.service-2.json", true),
    ORGANIZATIONS("organizations", "organizations.amazonaws.com", "organizations-2016-11-28.service-2.json", true),
    LOGS("logs", "logs.amazonaws.com", "logs-2014-03-28.service-2.json", false),
    EVENTS("events", "events.amazonaws.com", "events-2015-10-07.service-2.json", false),
    SNS("sns", "sns.amazonaws.com", "sns-2010-03-31.service-2.json", false);

    /** Global services record their events in this region, as AWS does. */
    public static final String GLOBAL_REGION = "us-east-1";
    /** The pseudo-region SDKs sign global services' requests with (e.g. the Java SDK's {@code Region.AWS_GLOBAL}). */
    public static final String GLOBAL_REGION_ALIAS = "aws-global";

    private final String signingName;
    private final String eventSource;
    private final String modelResource;
    private final boolean global;

    Service(String signingName, String eventSource, String modelResource, boolean global)
    {
        this.signingName = signingName;
        this.eventSource = eventSource;
        this.modelResource = modelResource;
        this.global = global;
    }

    /** The SigV4 service name in the credential scope; also the IAM action prefix. */
    public String signingName()
    {
        return signingName;
    }

    public String eventSource()
    {
        return eventSource;
    }

    String modelResource()
    {
        return modelResource;
    }

    public boolean global()
    {
        return global;
    }

    public static Optional<Service> fromSigningName(String name)
    {
        for (Service service : values()) {
            if (service.signingName.equals(name)) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }
}
