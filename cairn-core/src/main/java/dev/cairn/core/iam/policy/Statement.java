package dev.cairn.core.iam.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One statement of a policy: an identity-based one, or a resource-based one (which names its {@link #principal}).
 *
 * @param sid the {@code Sid}, when given
 * @param effect {@code Allow} or {@code Deny}
 * @param notAction whether {@link #actions()} came from {@code NotAction} rather than {@code Action}
 * @param actions the action patterns, e.g. {@code iam:Get*} or {@code *}
 * @param notResource whether {@link #resources()} came from {@code NotResource} rather than {@code Resource}
 * @param resources the resource patterns: ARNs, possibly with wildcards and policy variables, or {@code *}
 * @param conditions every condition of the {@code Condition} block, all of which must hold
 * @param principal whom a resource-based policy's statement is about; empty in identity-based policies
 */
public record Statement(
        Optional<String> sid,
        Effect effect,
        boolean notAction,
        List<String> actions,
        boolean notResource,
        List<String> resources,
        List<Condition> conditions,
        Optional<Principals> principal)
{
    public Statement
    {
        requireNonNull(principal, "principal is null");
        requireNonNull(sid, "sid is null");
        requireNonNull(effect, "effect is null");
        actions = List.copyOf(requireNonNull(actions, "actions is null"));
        resources = List.copyOf(requireNonNull(resources, "resources is null"));
        conditions = List.copyOf(requireNonNull(conditions, "conditions is null"));
    }

    /** A statement of an identity-based policy. */
    public Statement(Optional<String> sid, Effect effect, boolean notAction, List<String> actions, boolean notResource, List<String> resources, List<Condition> conditions)
    {
        this(sid, effect, notAction, actions, notResource, resources, conditions, Optional.empty());
    }
}
