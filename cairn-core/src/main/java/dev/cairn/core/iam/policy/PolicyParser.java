package dev.cairn.core.iam.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses policy documents, rejecting what IAM rejects with IAM's messages: identity-based ones, which name no
 * principal, resource-based ones, whose every statement does, and roles' trust policies, resource-based ones about
 * STS actions on the role itself. Condition values are checked against their operator when a document is written
 * ({@code IpAddress} takes addresses and CIDRs, {@code Numeric*} numbers, ...), so that a stored document holds no
 * value its evaluation would silently never match.
 */
final class PolicyParser
{
    static final String SYNTAX_ERROR = "Syntax errors in policy.";
    static final String LEGACY_PARSING = "The policy failed legacy parsing";
    static final String PRINCIPAL = "Policy document should not specify a principal.";
    static final String MISSING_PRINCIPAL = "Missing required field Principal";
    static final String VENDOR_PREFIX = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    static final String ONE_COLON = "Actions/Condition can contain only one colon.";
    static final String VENDOR_WILDCARD = "Action vendors (e.g., aws, ec2, etc.) must not contain wildcards.";
    static final String SID_ALPHANUMERIC = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*";
    static final String SID_UNIQUE = "Statement IDs (SID) in a single policy must be unique.";
    static final String TRUST_ACTIONS = "AssumeRole policy may only specify STS AssumeRole actions.";
    static final String TRUST_RESOURCE = "Has prohibited field Resource";
    static final String TRUST_NOT_RESOURCE = "AssumeRole policy must not contain resources.";
    static final String TRUST_ALLOW_NOT_PRINCIPAL = "Allow with NotPrincipal is not allowed.";

    /** What a document is for, which decides what it must and must not hold. */
    enum Kind
    {
        /** Attached to a user or role: no principal. */
        IDENTITY,
        /** Attached to a resource (a bucket): every statement names its principal. */
        RESOURCE,
        /** A role's trust policy: principals, STS actions, and no resource (it is the role). */
        TRUST,
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final Set<String> DOCUMENT_KEYS = Set.of("Version", "Id", "Statement");
    private static final Set<String> PRINCIPAL_KINDS = Set.of("AWS", "Service", "Federated", "CanonicalUser");
    /**
     * What a trust policy's {@code AWS} principal may be besides {@code *}: an account id, an account's root, a user,
     * a role, or a role session.
     */
    private static final Pattern TRUST_AWS_PRINCIPAL = Pattern.compile(
            "\\d{12}|arn:aws:iam::\\d{12}:root|arn:aws:iam::\\d{12}:(user|role)/([\\x21-\\x7E]*/)?[\\w+=,.@-]{1,64}"
                    + "|arn:aws:sts::\\d{12}:assumed-role/[\\w+=,.@-]{1,64}/[\\w+=,.@-]{2,64}");
    private static final Set<String> STATEMENT_KEYS = Set.of(
            "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal", "NotPrincipal");

    private PolicyParser() {}

    /**
     * @param checkConditionValues whether each condition value must suit its operator; off only for documents read back
     *        from the store, which may predate that check and are evaluated as they always were
     */
    static PolicyDocument parse(String json, Kind kind, boolean checkConditionValues)
    {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        }
        catch (JacksonException e) {
            throw malformed(SYNTAX_ERROR);
        }
        if (root == null || !root.isObject()) {
            throw malformed(SYNTAX_ERROR);
        }
        requireKnownKeys(root, DOCUMENT_KEYS);

        Optional<String> version = optionalText(root, "Version");
        if (version.isPresent() && !version.get().equals(PolicyDocument.VERSION_2012_10_17) && !version.get().equals(PolicyDocument.VERSION_2008_10_17)) {
            throw malformed(LEGACY_PARSING);
        }
        Optional<String> id = optionalText(root, "Id");
        // policy variables are substituted only in the current version; in older documents "${...}" is literal text
        boolean variables = version.isPresent() && version.get().equals(PolicyDocument.VERSION_2012_10_17);
        ValueCheck valueCheck = new ValueCheck(checkConditionValues, variables);

        JsonNode statementNode = root.get("Statement");
        if (statementNode == null) {
            throw malformed("Missing required field Statement");
        }
        List<JsonNode> statementNodes = new ArrayList<>();
        if (statementNode.isObject()) {
            statementNodes.add(statementNode);
        }
        else if (statementNode.isArray()) {
            statementNode.forEach(statementNodes::add);
        }
        else {
            throw malformed(SYNTAX_ERROR);
        }
        if (statementNodes.isEmpty()) {
            throw malformed(SYNTAX_ERROR);
        }

        List<Statement> statements = new ArrayList<>(statementNodes.size());
        Set<String> sids = new HashSet<>();
        for (JsonNode node : statementNodes) {
            Statement statement = statement(node, kind, valueCheck);
            if (statement.sid().isPresent() && !statement.sid().get().isEmpty() && !sids.add(statement.sid().get())) {
                throw malformed(SID_UNIQUE);
            }
            statements.add(statement);
        }
        return new PolicyDocument(version, id, statements);
    }

    private static Statement statement(JsonNode node, Kind kind, ValueCheck valueCheck)
    {
        if (!node.isObject()) {
            throw malformed(SYNTAX_ERROR);
        }
        requireKnownKeys(node, STATEMENT_KEYS);
        Optional<Principals> principal = Optional.empty();
        if (kind == Kind.IDENTITY && (node.has("Principal") || node.has("NotPrincipal"))) {
            throw malformed(PRINCIPAL);
        }
        if (kind != Kind.IDENTITY) {
            if (!node.has("Principal") && !node.has("NotPrincipal")) {
                throw malformed(MISSING_PRINCIPAL);
            }
            boolean negated = exclusive(node, "Principal", "NotPrincipal");
            principal = Optional.of(principals(node.get(negated ? "NotPrincipal" : "Principal"), negated));
            if (kind == Kind.TRUST) {
                checkTrustPrincipals(principal.get());
            }
        }
        if (kind == Kind.TRUST && node.has("Resource")) {
            throw malformed(TRUST_RESOURCE);
        }
        if (kind == Kind.TRUST && node.has("NotResource")) {
            throw malformed(TRUST_NOT_RESOURCE);
        }

        Optional<String> sid = optionalText(node, "Sid");
        if (sid.isPresent() && !isAlphanumeric(sid.get())) {
            throw malformed(SID_ALPHANUMERIC);
        }

        JsonNode effectNode = node.get("Effect");
        if (effectNode == null) {
            throw malformed("Missing required field Effect");
        }
        if (!effectNode.isTextual()) {
            throw malformed(SYNTAX_ERROR);
        }
        Effect effect;
        if (effectNode.textValue().equals(Effect.ALLOW.policyName())) {
            effect = Effect.ALLOW;
        }
        else if (effectNode.textValue().equals(Effect.DENY.policyName())) {
            effect = Effect.DENY;
        }
        else {
            throw malformed(LEGACY_PARSING);
        }

        if (kind == Kind.TRUST && effect == Effect.ALLOW && principal.orElseThrow().negated()) {
            throw malformed(TRUST_ALLOW_NOT_PRINCIPAL);
        }

        boolean notAction = exclusive(node, "Action", "NotAction");
        List<String> actions = stringList(node.get(notAction ? "NotAction" : "Action"));
        if (actions.isEmpty()) {
            throw malformed("Policy statement must contain actions.");
        }
        actions.forEach(PolicyParser::validateAction);
        if (kind == Kind.TRUST && (notAction || !actions.stream().allMatch(PolicyParser::isTrustAction))) {
            throw malformed(TRUST_ACTIONS);
        }

        boolean notResource = false;
        List<String> resources = List.of("*");
        if (kind != Kind.TRUST) {
            notResource = exclusive(node, "Resource", "NotResource");
            resources = stringList(node.get(notResource ? "NotResource" : "Resource"));
            if (resources.isEmpty()) {
                throw malformed("Policy statement must contain resources.");
            }
            for (String resource : resources) {
                if (!resource.equals("*") && !resource.startsWith("arn:")) {
                    throw malformed("Resource " + resource + " must be in ARN format or \"*\".");
                }
            }
        }

        List<Condition> conditions = conditions(node.get("Condition"), valueCheck);
        return new Statement(sid, effect, notAction, actions, notResource, resources, conditions, principal);
    }

    /** {@code "*"}, or an object of principal kinds ({@code AWS}, {@code Service}, ...), each a string or strings. */
    private static Principals principals(JsonNode node, boolean negated)
    {
        if (node.isTextual()) {
            if (!node.textValue().equals("*")) {
                throw malformed("Invalid principal in policy: " + node.textValue());
            }
            return new Principals(negated, Map.of(PolicyPrincipal.AWS, List.of("*")));
        }
        if (!node.isObject() || node.isEmpty()) {
            throw malformed(SYNTAX_ERROR);
        }
        Map<String, List<String>> byType = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> kind : node.properties()) {
            if (!PRINCIPAL_KINDS.contains(kind.getKey())) {
                throw malformed("Invalid principal in policy: " + kind.getKey());
            }
            List<String> values = stringList(kind.getValue());
            if (values.isEmpty()) {
                throw malformed(SYNTAX_ERROR);
            }
            byType.put(kind.getKey(), values);
        }
        return new Principals(negated, byType);
    }

    /** Principals a trust policy may name: no {@code CanonicalUser}, and only well-formed {@code AWS} principals. */
    private static void checkTrustPrincipals(Principals principals)
    {
        for (Map.Entry<String, List<String>> kind : principals.byType().entrySet()) {
            for (String value : kind.getValue()) {
                boolean valid = switch (kind.getKey()) {
                    case PolicyPrincipal.AWS -> value.equals("*") || TRUST_AWS_PRINCIPAL.matcher(value).matches();
                    case PolicyPrincipal.SERVICE, "Federated" -> !value.isBlank();
                    default -> false;
                };
                if (!valid) {
                    // IAM names the kind in upper case: "AWS", "SERVICE", "CANONICALUSER"
                    throw malformed("Invalid principal in policy: \"" + kind.getKey().toUpperCase(Locale.ROOT) + "\":\"" + value + "\"");
                }
            }
        }
    }

    /** One of the STS actions, or a wildcard within {@code sts:} that matches one. */
    private static boolean isTrustAction(String action)
    {
        if (!action.regionMatches(true, 0, "sts:", 0, 4)) {
            return false;
        }
        return PolicyDocument.TRUST_POLICY_ACTIONS.stream().anyMatch(known -> GlobMatcher.matchesIgnoreCase(action, known));
    }

    /** Whether the statement uses the negated element; fails unless exactly one of the two is present. */
    private static boolean exclusive(JsonNode node, String element, String negatedElement)
    {
        boolean plain = node.has(element);
        boolean negated = node.has(negatedElement);
        if (plain && negated) {
            throw malformed("Statement cannot contain both " + element + " and " + negatedElement);
        }
        if (!plain && !negated) {
            throw malformed("Missing required field " + element);
        }
        return negated;
    }

    private static void validateAction(String action)
    {
        if (action.equals("*")) {
            return;
        }
        int colon = action.indexOf(':');
        if (colon <= 0) {
            throw malformed(VENDOR_PREFIX);
        }
        if (action.indexOf(':', colon + 1) >= 0) {
            throw malformed(ONE_COLON);
        }
        for (int i = 0; i < colon; i++) {
            char c = action.charAt(i);
            if (c == '*' || c == '?') {
                throw malformed(VENDOR_WILDCARD);
            }
        }
    }

    private static List<Condition> conditions(JsonNode node, ValueCheck valueCheck)
    {
        if (node == null) {
            return List.of();
        }
        if (!node.isObject()) {
            throw malformed(SYNTAX_ERROR);
        }
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> operatorEntry : node.properties()) {
            if (!operatorEntry.getValue().isObject()) {
                throw malformed(SYNTAX_ERROR);
            }
            ParsedOperator operator = operator(operatorEntry.getKey());
            for (Map.Entry<String, JsonNode> keyEntry : operatorEntry.getValue().properties()) {
                String key = keyEntry.getKey();
                if (key.indexOf(':') <= 0) {
                    throw malformed(VENDOR_PREFIX);
                }
                List<String> values = conditionValues(keyEntry.getValue());
                valueCheck.check(operatorEntry.getKey(), operator.operator(), key, values);
                conditions.add(new Condition(operator.operator(), operator.setOperator(), operator.ifExists(), key, values));
            }
        }
        return conditions;
    }

    private record ParsedOperator(ConditionOperator operator, Optional<SetOperator> setOperator, boolean ifExists) {}

    private static ParsedOperator operator(String name)
    {
        String rest = name;
        Optional<SetOperator> setOperator = Optional.empty();
        for (SetOperator candidate : SetOperator.values()) {
            String prefix = candidate.policyName() + ":";
            if (rest.regionMatches(true, 0, prefix, 0, prefix.length())) {
                setOperator = Optional.of(candidate);
                rest = rest.substring(prefix.length());
                break;
            }
        }
        boolean ifExists = false;
        String suffix = "IfExists";
        if (rest.length() > suffix.length() && rest.regionMatches(true, rest.length() - suffix.length(), suffix, 0, suffix.length())) {
            ifExists = true;
            rest = rest.substring(0, rest.length() - suffix.length());
        }
        Optional<ConditionOperator> operator = ConditionOperator.fromPolicyName(rest);
        // IAM allows IfExists on every operator except Null
        if (operator.isEmpty() || (ifExists && operator.get() == ConditionOperator.NULL)) {
            throw malformed("Cairn does not support the condition operator " + name);
        }
        return new ParsedOperator(operator.get(), setOperator, ifExists);
    }

    /** Whether, and how, condition values are checked against their operators. */
    private record ValueCheck(boolean enabled, boolean variables)
    {
        /**
         * Fails unless there are values and each suits the operator. Values are the text of JSON strings, numbers and
         * booleans (so {@code 3600} passes where {@code "3600"} does); what passes is what {@link PolicyEvaluator}
         * can compare.
         */
        void check(String operatorName, ConditionOperator operator, String key, List<String> values)
        {
            if (!enabled) {
                return;
            }
            // an empty list of values is accepted, as it was: no AWS document refuses it, and a set operator
            // (ForAllValues: with no values) gives it a meaning
            for (String value : values) {
                if (!PolicyVariables.hasVariables(value)) {
                    checkValue(operator, key, value);
                }
                else if (!operator.supportsPolicyVariables()) {
                    throw malformed(SYNTAX_ERROR + " " + operatorName + " cannot use policy variables: '" + value + "' for condition key " + key + ".");
                }
                else if (!variables) {
                    // before version 2012-10-17, "${...}" is literal text
                    checkValue(operator, key, value);
                }
                // else known only once substituted, at evaluation
            }
        }

        private static void checkValue(ConditionOperator operator, String key, String value)
        {
            switch (operator.kind()) {
                case STRING_EQUALS, STRING_EQUALS_IGNORE_CASE, STRING_LIKE -> {}
                case NUMERIC_EQUALS, NUMERIC_LESS_THAN, NUMERIC_LESS_THAN_EQUALS, NUMERIC_GREATER_THAN, NUMERIC_GREATER_THAN_EQUALS ->
                        require(PolicyEvaluator.number(value).isPresent(), "Invalid number", value, key, "");
                case DATE_EQUALS, DATE_LESS_THAN, DATE_LESS_THAN_EQUALS, DATE_GREATER_THAN, DATE_GREATER_THAN_EQUALS ->
                        require(PolicyEvaluator.date(value).isPresent(), "Invalid date", value, key, ": use ISO 8601 (such as 2026-01-01T00:00:00Z) or epoch seconds");
                case BOOL, NULL -> require(value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"), "Invalid boolean", value, key, ": use true or false");
                case IP_ADDRESS -> require(IpAddresses.isCidr(value), "Invalid IP address or CIDR", value, key, "");
                case ARN_LIKE -> require(isArnPattern(value), "Invalid ARN", value, key, ": use arn:partition:service:region:account:resource (wildcards allowed) or *");
            }
        }

        private static void require(boolean valid, String problem, String value, String key, String hint)
        {
            if (!valid) {
                throw malformed(SYNTAX_ERROR + " " + problem + " '" + value + "' for condition key " + key + hint + ".");
            }
        }

        /**
         * {@code *}, or {@code arn:} and six colon-separated components (the last may hold more colons), each of which
         * may use wildcards. {@link PolicyEvaluator} matches an {@code arn:} pattern with fewer components to nothing.
         */
        private static boolean isArnPattern(String value)
        {
            if (value.equals("*")) {
                return true;
            }
            if (!value.startsWith("arn:")) {
                return false;
            }
            int colons = 0;
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) == ':') {
                    colons++;
                }
            }
            return colons >= 5;
        }
    }

    private static List<String> conditionValues(JsonNode node)
    {
        if (node.isArray()) {
            List<String> values = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                values.add(scalar(element));
            }
            return values;
        }
        return List.of(scalar(node));
    }

    private static String scalar(JsonNode node)
    {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return Boolean.toString(node.booleanValue());
        }
        if (node.isBigDecimal()) {
            return node.decimalValue().toPlainString();
        }
        if (node.isNumber()) {
            return node.asText();
        }
        throw malformed(SYNTAX_ERROR);
    }

    /** A string or an array of strings. */
    private static List<String> stringList(JsonNode node)
    {
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw malformed(SYNTAX_ERROR);
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw malformed(SYNTAX_ERROR);
            }
            values.add(element.textValue());
        }
        return values;
    }

    private static Optional<String> optionalText(JsonNode node, String field)
    {
        JsonNode value = node.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw malformed(SYNTAX_ERROR);
        }
        return Optional.of(value.textValue());
    }

    private static void requireKnownKeys(JsonNode node, Set<String> known)
    {
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            if (!known.contains(property.getKey())) {
                throw malformed(SYNTAX_ERROR);
            }
        }
    }

    private static boolean isAlphanumeric(String value)
    {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    private static CairnException malformed(String message)
    {
        return new CairnException(ErrorCode.MALFORMED_POLICY_DOCUMENT, message);
    }
}
