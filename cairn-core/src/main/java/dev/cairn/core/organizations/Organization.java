package dev.cairn.core.organizations;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An AWS organization: its management account, its one root and its feature set.
 *
 * @param id {@code o-} and 10 lowercase letters or digits
 * @param rootId {@code r-} and 4 lowercase letters or digits
 * @param featureSet {@code ALL} or {@code CONSOLIDATED_BILLING}
 */
public record Organization(String id, String managementAccountId, String rootId, String featureSet, Instant createDate)
{
    public static final String ALL_FEATURES = "ALL";
    public static final String ROOT_NAME = "Root";

    public Organization
    {
        requireNonNull(id, "id is null");
        requireNonNull(managementAccountId, "managementAccountId is null");
        requireNonNull(rootId, "rootId is null");
        requireNonNull(featureSet, "featureSet is null");
        requireNonNull(createDate, "createDate is null");
    }

    public String arn()
    {
        return prefix() + "organization/" + id;
    }

    public String accountArn(String accountId)
    {
        return prefix() + "account/" + id + "/" + accountId;
    }

    public String rootArn()
    {
        return prefix() + "root/" + id + "/" + rootId;
    }

    public String organizationalUnitArn(String organizationalUnitId)
    {
        return prefix() + "ou/" + id + "/" + organizationalUnitId;
    }

    /** The path of the root, {@code o-.../r-.../}, under which every OU's and account's path lies. */
    public String rootPath()
    {
        return id + "/" + rootId + "/";
    }

    public boolean allFeatures()
    {
        return featureSet.equals(ALL_FEATURES);
    }

    private String prefix()
    {
        return "arn:aws:organizations::" + managementAccountId + ":";
    }
}
