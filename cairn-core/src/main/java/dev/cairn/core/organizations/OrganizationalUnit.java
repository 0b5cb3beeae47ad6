package dev.cairn.core.organizations;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.iam.Tag;

import java.time.Instant;
import java.util.List;

/**
 * An organizational unit. OUs do not move, so the path is fixed when the OU is created.
 *
 * @param id {@code ou-}, the root id's 4 characters, {@code -} and 8 lowercase letters or digits
 * @param parentId the root or OU it is in
 * @param path {@code o-.../r-.../ou-.../}, ending with this OU's id and a slash
 * @param tags as given when it was created (Cairn has no tagging operations for OUs yet)
 */
public record OrganizationalUnit(String organizationId, String id, String name, String parentId, String path, Instant createDate, List<Tag> tags)
{
    public OrganizationalUnit
    {
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(parentId, "parentId is null");
        requireNonNull(path, "path is null");
        requireNonNull(createDate, "createDate is null");
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
    }

    /** How deep the OU is: 1 directly under the root. */
    public int depth()
    {
        return (int) path.chars().filter(c -> c == '/').count() - 2;
    }
}
