package dev.cairn.core.trail;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where trails are read from: the metadata of a transaction ({@link TrailRepository}), or the cache read operations
 * use ({@link TrailCatalog}).
 */
public interface TrailSource
{
    /** Every trail of the account, all home regions, ordered by home region then name. */
    List<Trail> trails(String accountId)
            throws IOException;

    /** The account's trails that appear in {@code region}: its own and the shadows of multi-region trails. */
    default List<Trail> visibleIn(String accountId, String region)
            throws IOException
    {
        return trails(accountId).stream().filter(trail -> trail.visibleIn(region)).toList();
    }

    /**
     * The organization trails a member account sees: those of its organization, which belong to the organization's
     * management account (none for the management account itself, whose own trails they are).
     */
    List<Trail> organizationTrailsFor(String accountId)
            throws IOException;

    /** Whether the account may change an organization trail: CloudTrail's delegated administrator for its organization. */
    boolean managesOrganizationTrail(String accountId, Trail trail)
            throws IOException;

    /** What the account sees in {@code region}: {@link #visibleIn}, then its organization's trails there. */
    default List<Trail> visibleWithOrganizationIn(String accountId, String region)
            throws IOException
    {
        List<Trail> visible = new java.util.ArrayList<>(visibleIn(accountId, region));
        organizationTrailsFor(accountId).stream().filter(trail -> trail.visibleIn(region)).forEach(visible::add);
        return visible;
    }

    default Optional<Trail> trail(String accountId, String homeRegion, String name)
            throws IOException
    {
        return trails(accountId).stream().filter(trail -> trail.homeRegion().equals(homeRegion) && trail.name().equals(name)).findFirst();
    }
}
