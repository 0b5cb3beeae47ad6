package dev.cairn.core.iam.policy;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Substitutes IAM policy variables ({@code ${aws:username}}, {@code ${aws:username, 'default'}} and the escapes
 * {@code ${*}}, {@code ${?}}, {@code ${$}}) from the request context. Substituted text is literal: a {@code *} that
 * came from a variable is not a wildcard.
 */
final class PolicyVariables
{
    private PolicyVariables() {}

    /** A value after substitution. */
    static final class Substituted
    {
        private final String text;
        private final boolean[] literals;

        private Substituted(String text, boolean[] literals)
        {
            this.text = text;
            this.literals = literals;
        }

        String text()
        {
            return text;
        }

        /** Indexed like {@link #text()}: true where the character came from a variable and is never a wildcard. */
        boolean[] literals()
        {
            return literals;
        }
    }

    static boolean hasVariables(String value)
    {
        return value.indexOf("${") >= 0;
    }

    /** Empty when a variable names a context key that is absent (or multi-valued) and has no default. */
    static Optional<Substituted> substitute(String value, AuthorizationRequest request)
    {
        StringBuilder text = new StringBuilder(value.length() + 16);
        BitSet literal = new BitSet();
        int position = 0;
        while (position < value.length()) {
            int start = value.indexOf("${", position);
            int end = start < 0 ? -1 : value.indexOf('}', start + 2);
            if (end < 0) {
                text.append(value, position, value.length());
                break;
            }
            text.append(value, position, start);
            Optional<String> resolved = resolve(value.substring(start + 2, end), request);
            if (resolved.isEmpty()) {
                return Optional.empty();
            }
            literal.set(text.length(), text.length() + resolved.get().length());
            text.append(resolved.get());
            position = end + 1;
        }
        boolean[] literals = new boolean[text.length()];
        for (int i = literal.nextSetBit(0); i >= 0 && i < literals.length; i = literal.nextSetBit(i + 1)) {
            literals[i] = true;
        }
        return Optional.of(new Substituted(text.toString(), literals));
    }

    private static Optional<String> resolve(String variable, AuthorizationRequest request)
    {
        if (variable.equals("*") || variable.equals("?") || variable.equals("$")) {
            return Optional.of(variable);
        }
        String key = variable;
        Optional<String> defaultValue = Optional.empty();
        int comma = variable.indexOf(',');
        if (comma >= 0) {
            key = variable.substring(0, comma);
            String defaultText = variable.substring(comma + 1).trim();
            if (defaultText.length() < 2 || defaultText.charAt(0) != '\'' || defaultText.charAt(defaultText.length() - 1) != '\'') {
                return Optional.empty();
            }
            defaultValue = Optional.of(defaultText.substring(1, defaultText.length() - 1));
        }
        List<String> values = request.values(key.trim().toLowerCase(Locale.ROOT));
        // multi-valued context keys cannot be used as policy variables
        if (values.size() == 1) {
            return Optional.of(values.get(0));
        }
        return defaultValue;
    }
}
