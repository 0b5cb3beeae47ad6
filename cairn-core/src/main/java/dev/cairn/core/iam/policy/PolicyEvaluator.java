package dev.cairn.core.iam.policy;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates identity-based policies as IAM does: a statement applies when its action, its resource and all its
 * conditions match; an applying {@code Deny} wins, otherwise an applying {@code Allow} allows, otherwise the default
 * deny. Stateless and thread-safe; evaluation allocates nothing unless a policy uses policy variables or numeric, date
 * or IP conditions.
 */
public final class PolicyEvaluator
{
    private static final int NO_MATCH = 0;
    private static final int MATCH = 1;
    /** A policy variable could not be resolved: the value matches nothing, and cannot confirm a negated match either. */
    private static final int UNRESOLVED = 2;

    private PolicyEvaluator() {}

    /**
     * Decides a request against all identity policies of a principal (inline and attached alike).
     *
     * @return {@link Decision#EXPLICIT_DENY} when any applying statement denies, else {@link Decision#ALLOW} when any
     *         applying statement allows, else {@link Decision#IMPLICIT_DENY}
     */
    public static Decision evaluate(List<PolicyDocument> policies, AuthorizationRequest request)
    {
        requireNonNull(policies, "policies is null");
        requireNonNull(request, "request is null");
        boolean allowed = false;
        for (PolicyDocument policy : policies) {
            boolean variables = policy.policyVariablesEnabled();
            for (Statement statement : policy.statements()) {
                if (statement.effect() == Effect.ALLOW && allowed) {
                    // already allowed: only a deny can change the outcome
                    continue;
                }
                if (applies(statement, request, variables)) {
                    if (statement.effect() == Effect.DENY) {
                        return Decision.EXPLICIT_DENY;
                    }
                    allowed = true;
                }
            }
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    /**
     * Decides a request of {@code principal} against a resource-based policy (a bucket policy): a statement applies
     * when it is about the principal and its action, resource and conditions match; deny wins, as in
     * {@link #evaluate}.
     */
    public static Decision evaluateResourcePolicy(PolicyDocument policy, PolicyPrincipal principal, AuthorizationRequest request)
    {
        requireNonNull(policy, "policy is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(request, "request is null");
        boolean allowed = false;
        boolean variables = policy.policyVariablesEnabled();
        for (Statement statement : policy.statements()) {
            if (statement.principal().isEmpty() || !statement.principal().get().matches(principal) || !applies(statement, request, variables)) {
                continue;
            }
            if (statement.effect() == Effect.DENY) {
                return Decision.EXPLICIT_DENY;
            }
            allowed = true;
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    /** What a role's trust policy decides for a principal that asks to assume the role. */
    public enum TrustDecision
    {
        EXPLICIT_DENY,
        /** Allowed by a statement naming the principal itself: enough within the role's account. */
        ALLOWED_BY_NAME,
        /** Allowed by a statement naming the principal's account: the principal's own policies must allow it too. */
        ALLOWED_FOR_ACCOUNT,
        IMPLICIT_DENY
    }

    /**
     * Decides a request against a role's trust policy: a resource-based policy whose statements have no
     * {@code Resource} (they are about the role they are attached to).
     */
    public static TrustDecision evaluateTrustPolicy(PolicyDocument policy, PolicyPrincipal principal, AuthorizationRequest request)
    {
        requireNonNull(policy, "policy is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(request, "request is null");
        TrustDecision decision = TrustDecision.IMPLICIT_DENY;
        boolean variables = policy.policyVariablesEnabled();
        for (Statement statement : policy.statements()) {
            if (statement.principal().isEmpty() || !statement.principal().get().matches(principal) || !actionMatches(statement, request.action())
                    || !conditionsHold(statement.conditions(), request, variables)) {
                continue;
            }
            if (statement.effect() == Effect.DENY) {
                return TrustDecision.EXPLICIT_DENY;
            }
            if (statement.principal().get().namesDirectly(principal)) {
                decision = TrustDecision.ALLOWED_BY_NAME;
            }
            else if (decision == TrustDecision.IMPLICIT_DENY) {
                decision = TrustDecision.ALLOWED_FOR_ACCOUNT;
            }
        }
        return decision;
    }

    static boolean applies(Statement statement, AuthorizationRequest request, boolean variables)
    {
        return actionMatches(statement, request.action())
                && resourceMatches(statement, request, variables)
                && conditionsHold(statement.conditions(), request, variables);
    }

    private static boolean actionMatches(Statement statement, String action)
    {
        boolean matched = false;
        for (String pattern : statement.actions()) {
            if (GlobMatcher.matchesIgnoreCase(pattern, action)) {
                matched = true;
                break;
            }
        }
        return matched != statement.notAction();
    }

    private static boolean resourceMatches(Statement statement, AuthorizationRequest request, boolean variables)
    {
        String resource = request.resource();
        if (resource.equals("*")) {
            // a request without resource-level permissions: only "Resource": "*" covers it
            if (statement.notResource()) {
                return false;
            }
            for (String pattern : statement.resources()) {
                if (pattern.equals("*")) {
                    return true;
                }
            }
            return false;
        }
        int result = NO_MATCH;
        for (String pattern : statement.resources()) {
            int match = globMatch(pattern, resource, request, variables);
            if (match == MATCH) {
                result = MATCH;
                break;
            }
            if (match == UNRESOLVED) {
                result = UNRESOLVED;
            }
        }
        return statement.notResource() ? result == NO_MATCH : result == MATCH;
    }

    private static int globMatch(String pattern, String text, AuthorizationRequest request, boolean variables)
    {
        if (!variables || !PolicyVariables.hasVariables(pattern)) {
            return GlobMatcher.matches(pattern, text) ? MATCH : NO_MATCH;
        }
        Optional<PolicyVariables.Substituted> substituted = PolicyVariables.substitute(pattern, request);
        if (substituted.isEmpty()) {
            return UNRESOLVED;
        }
        String substitutedText = substituted.get().text();
        return GlobMatcher.matches(substitutedText, 0, substitutedText.length(), substituted.get().literals(), text, 0, text.length(), false) ? MATCH : NO_MATCH;
    }

    private static boolean conditionsHold(List<Condition> conditions, AuthorizationRequest request, boolean variables)
    {
        for (Condition condition : conditions) {
            if (!conditionHolds(condition, request, variables)) {
                return false;
            }
        }
        return true;
    }

    static boolean conditionHolds(Condition condition, AuthorizationRequest request, boolean variables)
    {
        List<String> contextValues = request.values(condition.key());
        ConditionOperator operator = condition.operator();
        if (operator == ConditionOperator.NULL) {
            boolean absent = contextValues.isEmpty();
            for (String value : condition.values()) {
                if ((value.equalsIgnoreCase("true") && absent) || (value.equalsIgnoreCase("false") && !absent)) {
                    return true;
                }
            }
            return false;
        }
        if (contextValues.isEmpty()) {
            if (condition.ifExists()) {
                return true;
            }
            if (condition.setOperator().isPresent()) {
                return condition.setOperator().get() == SetOperator.FOR_ALL_VALUES;
            }
            // a negated operator holds when the key is absent: nothing there matches
            return operator.negated();
        }
        if (condition.setOperator().isEmpty()) {
            // any context value matching any policy value; a negated operator holds when none does
            boolean anyMatch = false;
            boolean anyUnresolved = false;
            for (String contextValue : contextValues) {
                int match = matchAny(condition, contextValue, request, variables);
                if (match == MATCH) {
                    anyMatch = true;
                    break;
                }
                anyUnresolved |= match == UNRESOLVED;
            }
            return operator.negated() ? !anyMatch && !anyUnresolved : anyMatch;
        }
        boolean forAll = condition.setOperator().get() == SetOperator.FOR_ALL_VALUES;
        for (String contextValue : contextValues) {
            int match = matchAny(condition, contextValue, request, variables);
            boolean holds = operator.negated() ? match == NO_MATCH : match == MATCH;
            if (forAll && !holds) {
                return false;
            }
            if (!forAll && holds) {
                return true;
            }
        }
        return forAll;
    }

    /** Whether one context value matches any of the condition's policy values under the operator's positive comparison. */
    private static int matchAny(Condition condition, String contextValue, AuthorizationRequest request, boolean variables)
    {
        boolean substitute = variables && condition.operator().supportsPolicyVariables();
        int result = NO_MATCH;
        for (String policyValue : condition.values()) {
            int match;
            if (substitute && PolicyVariables.hasVariables(policyValue)) {
                Optional<PolicyVariables.Substituted> substituted = PolicyVariables.substitute(policyValue, request);
                match = substituted.isEmpty()
                        ? UNRESOLVED
                        : compare(condition.operator().kind(), contextValue, substituted.get().text(), substituted.get().literals());
            }
            else {
                match = compare(condition.operator().kind(), contextValue, policyValue, GlobMatcher.NO_LITERALS);
            }
            if (match == MATCH) {
                return MATCH;
            }
            if (match == UNRESOLVED) {
                result = UNRESOLVED;
            }
        }
        return result;
    }

    private static int compare(ConditionOperator.Kind kind, String contextValue, String policyValue, boolean[] literals)
    {
        boolean matches = switch (kind) {
            case STRING_EQUALS -> contextValue.equals(policyValue);
            case STRING_EQUALS_IGNORE_CASE, BOOL -> contextValue.equalsIgnoreCase(policyValue);
            case STRING_LIKE -> GlobMatcher.matches(policyValue, 0, policyValue.length(), literals, contextValue, 0, contextValue.length(), false);
            case NUMERIC_EQUALS, NUMERIC_LESS_THAN, NUMERIC_LESS_THAN_EQUALS, NUMERIC_GREATER_THAN, NUMERIC_GREATER_THAN_EQUALS -> compareNumbers(kind, contextValue, policyValue);
            case DATE_EQUALS, DATE_LESS_THAN, DATE_LESS_THAN_EQUALS, DATE_GREATER_THAN, DATE_GREATER_THAN_EQUALS -> compareDates(kind, contextValue, policyValue);
            case IP_ADDRESS -> IpAddresses.inRange(policyValue, contextValue);
            case ARN_LIKE -> arnMatches(policyValue, literals, contextValue);
            case NULL -> throw new IllegalStateException("Null is not a comparison");
        };
        return matches ? MATCH : NO_MATCH;
    }

    private static boolean compareNumbers(ConditionOperator.Kind kind, String contextValue, String policyValue)
    {
        Optional<BigDecimal> left = number(contextValue);
        Optional<BigDecimal> right = number(policyValue);
        if (left.isEmpty() || right.isEmpty()) {
            return false;
        }
        return ordered(kind, left.get().compareTo(right.get()));
    }

    private static boolean compareDates(ConditionOperator.Kind kind, String contextValue, String policyValue)
    {
        Optional<Instant> left = date(contextValue);
        Optional<Instant> right = date(policyValue);
        if (left.isEmpty() || right.isEmpty()) {
            return false;
        }
        return ordered(kind, left.get().compareTo(right.get()));
    }

    /** Whether {@code context <op> policy} holds, given {@code context.compareTo(policy)}. */
    private static boolean ordered(ConditionOperator.Kind kind, int comparison)
    {
        return switch (kind) {
            case NUMERIC_EQUALS, DATE_EQUALS -> comparison == 0;
            case NUMERIC_LESS_THAN, DATE_LESS_THAN -> comparison < 0;
            case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> comparison <= 0;
            case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> comparison > 0;
            case NUMERIC_GREATER_THAN_EQUALS, DATE_GREATER_THAN_EQUALS -> comparison >= 0;
            default -> throw new IllegalStateException("not an ordering: " + kind);
        };
    }

    /** A number as {@code Numeric*} conditions compare it: what {@link BigDecimal#BigDecimal(String)} reads. */
    static Optional<BigDecimal> number(String text)
    {
        if (text.isEmpty() || text.length() > 100) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(text));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * ISO 8601 as in its W3C profile (a date and time, UTC unless it has an offset; a date; a year and month: both from
     * their first instant in UTC) or epoch seconds. A year alone ({@code 2026}) reads as epoch seconds.
     */
    static Optional<Instant> date(String text)
    {
        if (text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        if (isEpochSeconds(text)) {
            try {
                BigDecimal seconds = new BigDecimal(text);
                BigDecimal whole = new BigDecimal(seconds.toBigInteger());
                long nanos = seconds.subtract(whole).movePointRight(9).longValue();
                return Optional.of(Instant.ofEpochSecond(whole.longValueExact(), nanos));
            }
            catch (ArithmeticException | NumberFormatException | DateTimeException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        }
        catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        }
        catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Optional.of(YearMonth.parse(text).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        catch (DateTimeParseException ignored) {
            return Optional.empty();
        }
    }

    private static boolean isEpochSeconds(String text)
    {
        int start = text.charAt(0) == '-' ? 1 : 0;
        if (start == text.length()) {
            return false;
        }
        boolean dot = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' && !dot && i > start && i < text.length() - 1) {
                dot = true;
            }
            else if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code ArnEquals}/{@code ArnLike}: case-sensitive; each of the six colon-separated components
     * ({@code arn:partition:service:region:account:resource}) is matched separately, with wildcards; the resource
     * component may contain colons. A pattern that is not an ARN (such as {@code *}) is matched against the whole value;
     * an ARN pattern with fewer than six components matches nothing.
     */
    private static boolean arnMatches(String pattern, boolean[] literals, String arn)
    {
        int colons = 0;
        for (int i = 0; i < pattern.length() && colons < 5; i++) {
            if (pattern.charAt(i) == ':') {
                colons++;
            }
        }
        if (colons < 5) {
            // an ARN pattern with missing components matches no ARN; anything else, such as "*", is a plain pattern
            return !pattern.startsWith("arn:") && GlobMatcher.matches(pattern, 0, pattern.length(), literals, arn, 0, arn.length(), false);
        }
        int patternStart = 0;
        int arnStart = 0;
        for (int component = 0; component < 5; component++) {
            int patternColon = pattern.indexOf(':', patternStart);
            int arnColon = arn.indexOf(':', arnStart);
            if (arnColon < 0 || !GlobMatcher.matches(pattern, patternStart, patternColon, literals, arn, arnStart, arnColon, false)) {
                return false;
            }
            patternStart = patternColon + 1;
            arnStart = arnColon + 1;
        }
        return GlobMatcher.matches(pattern, patternStart, pattern.length(), literals, arn, arnStart, arn.length(), false);
    }
}
