package dev.cairn.core.iam.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code Principal} (or {@code NotPrincipal}) element of a resource-based policy's statement: whom the statement
 * is about, by kind ({@code AWS}, {@code Service}, ...). {@code "*"} is everyone; an account id or
 * {@code arn:aws:iam::<account>:root} is every principal of that account; another ARN is that principal; a service
 * principal is that service.
 *
 * @param negated whether it came from {@code NotPrincipal}: the statement is about everyone else
 * @param byType the principals named, by kind; {@code "*"} alone is {@code {"AWS": ["*"]}} and matches any kind
 */
public record Principals(boolean negated, Map<String, List<String>> byType)
{
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ACCOUNT_ROOT = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):root");

    public Principals
    {
        byType = Map.copyOf(byType);
    }

    /** Whether the statement is about this principal. */
    public boolean matches(PolicyPrincipal principal)
    {
        return named(principal) != negated;
    }

    /**
     * Whether the statement names this principal itself (by its ARN, or {@code "*"}), rather than only its account
     * (an account id or the account's root ARN), which leaves the decision to the account's identity policies.
     */
    public boolean namesDirectly(PolicyPrincipal principal)
    {
        if (negated) {
            return false;
        }
        for (Map.Entry<String, List<String>> entry : byType.entrySet()) {
            for (String value : entry.getValue()) {
                boolean sameKind = entry.getKey().equals(principal.type()) || (entry.getKey().equals(PolicyPrincipal.AWS) && value.equals("*"));
                if (sameKind && (value.equals("*") || value.equals(principal.id()) || principal.alsoNamedBy().contains(value)
                        || (principal.type().equals(PolicyPrincipal.SERVICE) && value.equalsIgnoreCase(principal.id())))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean named(PolicyPrincipal principal)
    {
        for (Map.Entry<String, List<String>> entry : byType.entrySet()) {
            boolean everyKind = entry.getKey().equals(PolicyPrincipal.AWS) && entry.getValue().contains("*");
            if (!everyKind && !entry.getKey().equals(principal.type())) {
                continue;
            }
            for (String value : entry.getValue()) {
                if (value.equals("*") || names(value, principal)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean names(String value, PolicyPrincipal principal)
    {
        if (principal.type().equals(PolicyPrincipal.SERVICE)) {
            return value.toLowerCase(Locale.ROOT).equals(principal.id().toLowerCase(Locale.ROOT));
        }
        if (value.equals(principal.id()) || principal.alsoNamedBy().contains(value)) {
            return true;
        }
        String account = ACCOUNT_ID.matcher(value).matches() ? value : accountOfRoot(value);
        return account != null && principal.accountId().map(account::equals).orElse(false);
    }

    private static String accountOfRoot(String value)
    {
        var matcher = ACCOUNT_ROOT.matcher(value);
        return matcher.matches() ? matcher.group(1) : null;
    }
}
