package dev.cairn.core.iam.policy;

/**
 * IAM wildcard matching: {@code *} matches any sequence of characters, including none and including {@code :} and
 * {@code /}; {@code ?} matches exactly one character. Iterative two-pointer matching with a single backtrack point:
 * O(pattern × text) in the worst case, never exponential, and allocation-free. Thread-safe.
 */
final class GlobMatcher
{
    /** For patterns in which every {@code *} and {@code ?} is a wildcard. */
    static final boolean[] NO_LITERALS = new boolean[0];

    private GlobMatcher() {}

    /** Case-sensitive, as for resources and {@code StringLike}. */
    static boolean matches(String pattern, String text)
    {
        return matches(pattern, 0, pattern.length(), NO_LITERALS, text, 0, text.length(), false);
    }

    /** Case-insensitive, as for actions. */
    static boolean matchesIgnoreCase(String pattern, String text)
    {
        return matches(pattern, 0, pattern.length(), NO_LITERALS, text, 0, text.length(), true);
    }

    /**
     * Matches {@code pattern[patternStart, patternEnd)} against {@code text[textStart, textEnd)}.
     *
     * @param literals either {@link #NO_LITERALS} or, indexed like {@code pattern}, true where a {@code *} or {@code ?}
     *         is a literal character (it came from a policy variable's value)
     */
    static boolean matches(String pattern, int patternStart, int patternEnd, boolean[] literals, String text, int textStart, int textEnd, boolean ignoreCase)
    {
        int p = patternStart;
        int t = textStart;
        int starPattern = -1;
        int starText = -1;
        while (t < textEnd) {
            if (p < patternEnd) {
                char patternChar = pattern.charAt(p);
                boolean wildcard = literals.length == 0 || !literals[p];
                if (wildcard && patternChar == '*') {
                    // remember the star; first try matching it against nothing
                    starPattern = p;
                    starText = t;
                    p++;
                    continue;
                }
                if ((wildcard && patternChar == '?') || same(patternChar, text.charAt(t), ignoreCase)) {
                    p++;
                    t++;
                    continue;
                }
            }
            if (starPattern >= 0) {
                // let the last star swallow one more character and retry the rest of the pattern after it
                p = starPattern + 1;
                starText++;
                t = starText;
                continue;
            }
            return false;
        }
        while (p < patternEnd && pattern.charAt(p) == '*' && (literals.length == 0 || !literals[p])) {
            p++;
        }
        return p == patternEnd;
    }

    private static boolean same(char patternChar, char textChar, boolean ignoreCase)
    {
        if (patternChar == textChar) {
            return true;
        }
        if (!ignoreCase) {
            return false;
        }
        char upperPattern = Character.toUpperCase(patternChar);
        char upperText = Character.toUpperCase(textChar);
        return upperPattern == upperText || Character.toLowerCase(upperPattern) == Character.toLowerCase(upperText);
    }
}
