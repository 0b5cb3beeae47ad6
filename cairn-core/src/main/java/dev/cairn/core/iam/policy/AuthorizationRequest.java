package dev.cairn.core.iam.policy;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a principal asks to do, as identity-policy evaluation sees it.
 *
 * @param action the action, e.g. {@code iam:CreateUser}
 * @param resource the resource ARN, or {@code *} for actions without resource-level permissions
 * @param context the request context: condition keys (lowercased here, as keys are case-insensitive), e.g.
 *         {@code aws:sourceip}, {@code aws:username}, {@code aws:currenttime}, each with its values; a key with no
 *         values counts as absent
 */
public record AuthorizationRequest(String action, String resource, Map<String, List<String>> context)
{
    public AuthorizationRequest
    {
        requireNonNull(action, "action is null");
        requireNonNull(resource, "resource is null");
        requireNonNull(context, "context is null");
        context = lowercaseKeys(context);
    }

    /** A request without condition keys. */
    public AuthorizationRequest(String action, String resource)
    {
        this(action, resource, Map.of());
    }

    /** The values of a context key given in lowercase; empty when absent. */
    public List<String> values(String lowercaseKey)
    {
        List<String> values = context.get(lowercaseKey);
        return values == null ? List.of() : values;
    }

    private static Map<String, List<String>> lowercaseKeys(Map<String, List<String>> context)
    {
        boolean lowercase = true;
        for (String key : context.keySet()) {
            if (!key.equals(key.toLowerCase(Locale.ROOT))) {
                lowercase = false;
                break;
            }
        }
        if (lowercase) {
            return Map.copyOf(context);
        }
        Map<String, List<String>> copy = new HashMap<>();
        context.forEach((key, values) -> copy.merge(key.toLowerCase(Locale.ROOT), List.copyOf(values), (first, second) -> {
            throw new IllegalArgumentException("context key given twice: " + key);
        }));
        return Map.copyOf(copy);
    }
}
