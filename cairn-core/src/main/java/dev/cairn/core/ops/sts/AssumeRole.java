package dev.cairn.core.ops.sts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.iam.Authorizer;
import dev.cairn.core.iam.IamRole;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.iam.RoleRepository;
import dev.cairn.core.iam.SessionToken;
import dev.cairn.core.iam.SessionTokens;
import dev.cairn.core.iam.policy.AuthorizationRequest;
import dev.cairn.core.iam.policy.Decision;
import dev.cairn.core.iam.policy.PolicyDocument;
import dev.cairn.core.iam.policy.PolicyEvaluator;
import dev.cairn.core.iam.policy.PolicyEvaluator.TrustDecision;
import dev.cairn.core.iam.policy.PolicyPrincipal;
import dev.cairn.core.ops.ReadOperation;
import dev.cairn.core.recorder.RecordResource;
import dev.cairn.model.LookupResource;
import dev.cairn.model.Principal;
import dev.cairn.model.PrincipalType;
import dev.cairn.model.SessionContext;
import dev.cairn.model.SessionIssuer;
import dev.cairn.spi.MetadataReader;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporary credentials for a role, as IAM decides them: the role's trust policy must allow the caller
 * {@code sts:AssumeRole} (and {@code sts:TagSession} with session tags, {@code sts:SetSourceIdentity} with a source
 * identity), and, unless the trust policy names the caller itself within the role's own account, so must the
 * caller's own policies; an explicit deny in either wins. A role that does not exist is refused like one the caller
 * may not assume, so that a caller cannot probe for roles. The root user may not assume roles, as in AWS. A session
 * lasts 900 s up to the role's {@code MaxSessionDuration} (an hour by default, and at most an hour when a role
 * session assumes a role: role chaining); a session policy limits it further.
 */
public final class AssumeRole
        implements ReadOperation
{
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role(/(?:[\\x21-\\x7E]*/)?)([\\w+=,.@-]+)");
    static final int DEFAULT_DURATION_SECONDS = 3_600;
    static final int CHAINED_MAXIMUM_DURATION_SECONDS = 3_600;
    /** The packed size limit of session policies and tags, as the share {@code PackedPolicySize} reports. */
    static final int PACKED_POLICY_BYTES = 2_048;
    static final String ACTION = "sts:AssumeRole";

    private final IdGenerator ids;
    private final SessionTokens tokens;
    private final Authorizer authorizer;

    public AssumeRole(IdGenerator ids, SessionTokens tokens, Authorizer authorizer)
    {
        this.ids = requireNonNull(ids, "ids is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
    }

    @Override
    public Service service()
    {
        return Service.STS;
    }

    @Override
    public String name()
    {
        return "AssumeRole";
    }

    /** Decided in {@link #execute}: the role's trust policy has a say. */
    @Override
    public boolean requiresAuthorization()
    {
        return false;
    }

    @Override
    public ObjectNode execute(CallContext call, MetadataReader metadata)
            throws IOException
    {
        Principal caller = call.principal();
        String roleArn = call.input().path("RoleArn").asText();
        String sessionName = call.input().path("RoleSessionName").asText();
        Matcher arn = ROLE_ARN.matcher(roleArn);
        if (!arn.matches()) {
            throw new CairnException(ErrorCode.VALIDATION, "Value '" + roleArn + "' at 'roleArn' failed to satisfy constraint: Member must be the ARN of an IAM role "
                    + "(arn:aws:iam::<account>:role/<path/><name>)");
        }
        if (caller.isRoot()) {
            throw new CairnException(ErrorCode.ACCESS_DENIED, "Roles may not be assumed by root accounts.");
        }
        Optional<SessionContext> callerSession = caller.session().filter(session -> session.sessionIssuer().isPresent());
        Optional<String> sourceIdentity = optionalText(call, "SourceIdentity");
        Optional<String> inheritedSource = callerSession.flatMap(SessionContext::sourceIdentity);
        if (inheritedSource.isPresent() && sourceIdentity.isPresent() && !inheritedSource.equals(sourceIdentity)) {
            throw new CairnException(ErrorCode.ACCESS_DENIED, "The source identity of a role session cannot be changed: this session's is " + inheritedSource.get() + ".");
        }
        sourceIdentity = sourceIdentity.or(() -> inheritedSource);
        Map<String, String> tags = tags(call);

        // the request context the trust policy and the caller's policies see
        Map<String, List<String>> extra = new HashMap<>();
        extra.put("sts:rolesessionname", List.of(sessionName));
        optionalText(call, "ExternalId").ifPresent(id -> extra.put("sts:externalid", List.of(id)));
        sourceIdentity.ifPresent(source -> extra.put("sts:sourceidentity", List.of(source)));
        if (!tags.isEmpty()) {
            tags.forEach((key, value) -> extra.put("aws:requesttag/" + key.toLowerCase(Locale.ROOT), List.of(value)));
            extra.put("aws:tagkeys", List.copyOf(tags.keySet()));
        }
        Map<String, List<String>> context = Authorizer.requestContext(call, extra);

        IamRole role = new RoleRepository(metadata).role(arn.group(1), arn.group(3))
                .filter(found -> found.path().equals(arn.group(2)))
                .orElseThrow(() -> denied(caller, roleArn));
        List<String> actions = new ArrayList<>();
        actions.add(ACTION);
        if (!tags.isEmpty()) {
            actions.add("sts:TagSession");
        }
        if (call.input().hasNonNull("SourceIdentity")) {
            actions.add("sts:SetSourceIdentity");
        }
        PolicyDocument trust = PolicyDocument.parseStoredTrustPolicy(role.assumeRolePolicyDocument());
        PolicyPrincipal principal = PolicyPrincipal.of(caller);
        boolean sameAccount = caller.accountId().equals(role.accountId());
        for (String action : actions) {
            AuthorizationRequest request = new AuthorizationRequest(action, role.arn(), context);
            TrustDecision trusted = PolicyEvaluator.evaluateTrustPolicy(trust, principal, request);
            Decision own = authorizer.decide(caller, request);
            boolean allowed = switch (trusted) {
                case EXPLICIT_DENY, IMPLICIT_DENY -> false;
                case ALLOWED_BY_NAME -> own != Decision.EXPLICIT_DENY && (sameAccount || own == Decision.ALLOW);
                case ALLOWED_FOR_ACCOUNT -> own == Decision.ALLOW;
            };
            if (!allowed) {
                throw new CairnException(ErrorCode.ACCESS_DENIED, "User: " + caller.arn() + " is not authorized to perform: " + action + " on resource: " + roleArn);
            }
        }

        int duration = call.input().has("DurationSeconds") ? call.input().get("DurationSeconds").asInt() : DEFAULT_DURATION_SECONDS;
        boolean chained = caller.type() == PrincipalType.ASSUMED_ROLE;
        if (chained && duration > CHAINED_MAXIMUM_DURATION_SECONDS) {
            throw new CairnException(ErrorCode.VALIDATION, "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        if (duration > role.maxSessionDuration()) {
            throw new CairnException(ErrorCode.VALIDATION, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }

        Optional<String> policy = optionalText(call, "Policy");
        if (policy.isPresent()) {
            try {
                PolicyDocument.parse(policy.get());
            }
            catch (CairnException e) {
                throw new CairnException(ErrorCode.STS_MALFORMED_POLICY_DOCUMENT, e.getMessage());
            }
        }
        List<String> policyArns = new ArrayList<>();
        for (JsonNode descriptor : call.input().path("PolicyArns")) {
            policyArns.add(descriptor.path("arn").asText());
        }
        int packed = packedSize(policy, policyArns, tags);
        if (packed > 100) {
            throw new CairnException(ErrorCode.PACKED_POLICY_TOO_LARGE, "Packed size of the session policies and tags is " + packed + "% of the allowed size.");
        }

        Instant issued = call.receivedAt().truncatedTo(ChronoUnit.SECONDS);
        SessionToken.RoleSession roleSession = new SessionToken.RoleSession(role.roleId(), role.roleName(), role.path(), sessionName, sourceIdentity, policy,
                policyArns, tags, chained);
        SessionToken session = new SessionToken(ids.temporaryAccessKeyId(role.accountId()), ids.secretAccessKey(), issued, issued.plusSeconds(duration),
                role.accountId(), Optional.empty(), Optional.of(roleSession), false);

        ObjectNode output = Sts.NODES.objectNode();
        output.set("Credentials", Sts.credentials(session, tokens.seal(session)));
        SessionIssuer issuer = new SessionIssuer(SessionIssuer.ROLE, role.roleId(), role.arn(), role.accountId(), role.roleName());
        Principal assumed = Principal.assumedRole(issuer, sessionName, session.accessKeyId(), new SessionContext(issued, false));
        ObjectNode user = output.putObject("AssumedRoleUser");
        user.put("AssumedRoleId", assumed.principalId());
        user.put("Arn", assumed.arn());
        if (policy.isPresent() || !policyArns.isEmpty() || !tags.isEmpty()) {
            output.put("PackedPolicySize", packed);
        }
        sourceIdentity.ifPresent(source -> output.put("SourceIdentity", source));
        return output;
    }

    private static CairnException denied(Principal caller, String roleArn)
    {
        return new CairnException(ErrorCode.ACCESS_DENIED, "User: " + caller.arn() + " is not authorized to perform: " + ACTION + " on resource: " + roleArn);
    }

    /** Session tags; keys unique regardless of case, as in AWS. */
    private static Map<String, String> tags(CallContext call)
    {
        Map<String, String> tags = new LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>();
        for (JsonNode tag : call.input().path("Tags")) {
            String key = tag.path("Key").asText();
            if (seen.put(key.toLowerCase(Locale.ROOT), key) != null) {
                throw new CairnException(ErrorCode.VALIDATION, "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
            tags.put(key, tag.path("Value").asText());
        }
        for (JsonNode key : call.input().path("TransitiveTagKeys")) {
            if (!seen.containsKey(key.asText().toLowerCase(Locale.ROOT))) {
                throw new CairnException(ErrorCode.VALIDATION, "The specified transitive tag key must be included in the requested tags.");
            }
        }
        return tags;
    }

    /**
     * {@code PackedPolicySize}: the session policy (without whitespace), the managed policy ARNs and the tags, as a
     * percentage of the packed limit. AWS compresses them into a binary format it does not document; this counts
     * their characters, so a request near the limit may be judged differently than by AWS.
     */
    private static int packedSize(Optional<String> policy, List<String> policyArns, Map<String, String> tags)
    {
        int bytes = policy.map(text -> text.replaceAll("\\s+", "").length()).orElse(0);
        for (String arn : policyArns) {
            bytes += arn.length();
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            bytes += tag.getKey().length() + tag.getValue().length();
        }
        return (int) Math.ceil(bytes * 100.0 / PACKED_POLICY_BYTES);
    }

    private static Optional<String> optionalText(CallContext call, String member)
    {
        return call.input().hasNonNull(member) ? Optional.of(call.input().get(member).asText()) : Optional.empty();
    }

    @Override
    public Optional<ObjectNode> responseElements(ObjectNode output)
    {
        return Optional.of(Sts.withoutSecrets(output));
    }

    /** The role, as AWS's records of AssumeRole name it. */
    @Override
    public List<RecordResource> recordResources(CallContext call)
    {
        String roleArn = call.input().path("RoleArn").asText();
        Matcher arn = ROLE_ARN.matcher(roleArn);
        return arn.matches() ? List.of(new RecordResource(arn.group(1), "AWS::IAM::Role", roleArn)) : List.of();
    }

    /** Another account's role: the call is recorded in that account too, as AWS does, allowed or denied. */
    @Override
    public Optional<String> alsoRecordedIn(CallContext call)
    {
        Matcher arn = ROLE_ARN.matcher(call.input().path("RoleArn").asText());
        return arn.matches() ? Optional.of(arn.group(1)) : Optional.empty();
    }

    @Override
    public List<LookupResource> lookupResources(CallContext call, Optional<ObjectNode> output)
    {
        return List.of(new LookupResource("AWS::IAM::Role", call.input().path("RoleArn").asText()));
    }
}
