package dev.cairn.core.console;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.Dispatcher;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.ApiResult;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Service;
import dev.cairn.core.api.TlsDetails;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.IdentityService;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.recorder.EventDescription;
import dev.cairn.core.recorder.EventType;
import dev.cairn.core.recorder.Recorder;
import dev.cairn.model.Principal;
import dev.cairn.model.UserIdentity;
import dev.cairn.spi.Store;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's "Switch role": a signed-in principal continues as a session of a role, in its own account or another,
 * named by account (id or alias) and role name (with its path, if any), as in AWS's console.
 *
 * <p>The switch is STS's {@code AssumeRole} itself, called through the {@link Dispatcher} as the signed-in principal
 * in its console session, so the role's trust policy and the principal's own policies decide exactly as for an
 * {@code AssumeRole} call (the root user is refused: "Roles may not be assumed by root accounts."). The session is
 * named after the signed-in user and lasts an hour, as AWS's console makes it. It is recorded as AWS records a
 * console switch:
 * <ul>
 * <li>the {@code AssumeRole} call, with {@code AWS Internal} as its source address and user agent (the console's
 * backend calls STS, not the browser; a policy's {@code aws:SourceIp} condition therefore does not match the
 * browser's address, as in AWS), in the caller's account and, for another account's role, in that account too;</li>
 * <li>a {@code SwitchRole} event from {@code signin.amazonaws.com} ({@code eventType} {@code AwsConsoleSignIn}):
 * on success in the role's account, by the new role session, with {@code responseElements.SwitchRole}
 * {@code Success} and {@code additionalEventData} {@code SwitchFrom} (the signed-in principal's ARN) and
 * {@code RedirectTo} (the console); a refused switch in the caller's account, by the caller, with {@code Failure}
 * and the reason as {@code errorMessage}.</li>
 * </ul>
 * Thread-safe.
 */
public final class ConsoleSwitchRole
{
    public static final String EVENT_NAME = "SwitchRole";
    /** The source address and user agent AWS records for the {@code AssumeRole} its console makes for a user. */
    public static final String AWS_INTERNAL = "AWS Internal";
    /** What AWS's console answers a switch it cannot make. */
    static final String INVALID = "Invalid information in one or more fields. Check your information or contact your administrator.";
    /** AWS's console takes a role whose path and name together are at most this long. */
    static final int MAXIMUM_ROLE_LENGTH = 64;
    /** A role as the console's form names it: its path without the leading slash, if any, and its name. */
    private static final Pattern ROLE = Pattern.compile("([\\x21-\\x7E]*/)?([\\w+=,.@-]+)");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Store store;
    private final Dispatcher dispatcher;
    private final IdentityService identities;
    private final JournalWriter journal;
    private final Recorder recorder;
    private final Clock clock;
    private final String region;

    /**
     * @param region the region the switch's events are recorded in (sign-in events' region)
     */
    public ConsoleSwitchRole(Store store, Dispatcher dispatcher, IdentityService identities, JournalWriter journal, Recorder recorder, Clock clock, String region)
    {
        this.store = requireNonNull(store, "store is null");
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.identities = requireNonNull(identities, "identities is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.region = requireNonNull(region, "region is null");
    }

    /**
     * A switch the browser asked for.
     *
     * @param requestId the console request's id, which the {@code AssumeRole} record carries
     * @param signedIn the signed-in principal in its console session (not a role it switched to: a switch always
     *         starts from the signed-in identity, as in AWS's console)
     * @param account the role's account: a 12-digit account id or an account alias
     * @param role the role's name, after its path if it has one ({@code team/auditor})
     * @param sourceIp the browser's address
     * @param redirectTo the console's URL, recorded as {@code additionalEventData.RedirectTo}
     */
    public record Request(String requestId, Principal signedIn, String account, String role, String sourceIp, Optional<String> userAgent, Optional<TlsDetails> tls,
            String redirectTo)
    {
        public Request
        {
            requireNonNull(requestId, "requestId is null");
            requireNonNull(signedIn, "signedIn is null");
            requireNonNull(account, "account is null");
            requireNonNull(role, "role is null");
            requireNonNull(sourceIp, "sourceIp is null");
            requireNonNull(userAgent, "userAgent is null");
            requireNonNull(tls, "tls is null");
            requireNonNull(redirectTo, "redirectTo is null");
        }
    }

    /**
     * The role session the console continues as: the principal exactly as its temporary credentials authenticate
     * (the role as session issuer, its access key id), and when it expires.
     */
    public record RoleSession(Principal principal, Instant expiration)
    {
        public RoleSession
        {
            requireNonNull(principal, "principal is null");
            requireNonNull(expiration, "expiration is null");
        }
    }

    /**
     * Switches, and records the switch; the records are durable when this returns.
     *
     * @throws CairnException {@code AccessDenied} as {@code AssumeRole} refuses (the role's trust policy or the
     *         caller's policies, no such role, the root user), {@code ValidationException} for an account or role
     *         the form cannot name; both recorded as failed switches
     */
    public RoleSession switchRole(Request request)
            throws IOException
    {
        Instant now = clock.instant();
        String roleArn;
        try {
            roleArn = roleArn(request);
        }
        catch (CairnException invalid) {
            recordFailure(request, now, invalid.getMessage());
            throw invalid;
        }

        ObjectNode input = NODES.objectNode();
        input.put("RoleArn", roleArn);
        input.put("RoleSessionName", request.signedIn().userName());
        CallContext assumeRole = new CallContext(request.requestId(), Service.STS, "AssumeRole", region, request.signedIn(), input, AWS_INTERNAL,
                Optional.of(AWS_INTERNAL), Optional.empty(), true, now);
        ApiResult result = dispatcher.invoke(assumeRole);
        if (result instanceof ApiResult.Failure failure) {
            recordFailure(request, now, failure.error().getMessage());
            throw failure.error();
        }
        ObjectNode credentials = (ObjectNode) ((ApiResult.Success) result).output().path("Credentials");
        IdentityService.SessionCredential session = identities.sessionCredential(credentials.path("AccessKeyId").asText(), credentials.path("SessionToken").asText(),
                now);
        Principal role = session.principal();
        recordSuccess(request, role, now);
        return new RoleSession(role, session.session().expiration());
    }

    /** The ARN the form names; the account by its alias is looked up. */
    private String roleArn(Request request)
            throws IOException
    {
        String account = request.account().trim();
        if (!ConsoleSignIn.ACCOUNT_ID.matcher(account).matches()) {
            String alias = account.toLowerCase(Locale.ROOT);
            if (!ConsoleSignIn.ACCOUNT_ALIAS.matcher(alias).matches()) {
                throw new CairnException(ErrorCode.VALIDATION, INVALID + " The account must be a 12-digit account ID or an account alias.");
            }
            account = store.read(reader -> new IdentityRepository(reader).accountOfAlias(alias))
                    .orElseThrow(() -> new CairnException(ErrorCode.VALIDATION, INVALID + " No account has the alias " + alias + "."));
        }
        String role = request.role().trim();
        if (role.startsWith("/")) {
            role = role.substring(1);
        }
        Matcher named = ROLE.matcher(role);
        if (!named.matches() || role.length() > MAXIMUM_ROLE_LENGTH) {
            throw new CairnException(ErrorCode.VALIDATION, INVALID + " The role must be a role name, after its path if it has one (path/name), of at most "
                    + MAXIMUM_ROLE_LENGTH + " characters together.");
        }
        return "arn:aws:iam::" + account + ":role/" + role;
    }

    /** In the role's account, by the role session, as AWS records it: no access key, no session context. */
    private void recordSuccess(Request request, Principal role, Instant now)
            throws IOException
    {
        UserIdentity identity = new UserIdentity(role.type().recordName(), Optional.of(role.principalId()), Optional.of(role.arn()), role.accountId(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(role.userName()));
        EventDescription.Builder description = describe(request, identity, now)
                .responseElements(Optional.of(NODES.objectNode().put(EVENT_NAME, "Success")));
        SignInEvents.append(journal, recorder.record(description.build()), "a switch of role");
    }

    /** In the caller's account, by the caller (without its session's access key), with the reason. */
    private void recordFailure(Request request, Instant now, String reason)
            throws IOException
    {
        UserIdentity caller = UserIdentity.of(request.signedIn());
        UserIdentity identity = new UserIdentity(caller.type(), caller.principalId(), caller.arn(), caller.accountId(), Optional.empty(), caller.userName(),
                Optional.empty(), caller.lookupUsername());
        EventDescription.Builder description = describe(request, identity, now)
                .responseElements(Optional.of(NODES.objectNode().put(EVENT_NAME, "Failure")))
                .error(Optional.empty(), reason);
        SignInEvents.append(journal, recorder.record(description.build()), "a switch of role");
    }

    private EventDescription.Builder describe(Request request, UserIdentity identity, Instant now)
    {
        return EventDescription.builder(now, region, identity, ConsoleSignIn.EVENT_SOURCE, EVENT_NAME, EventType.AWS_CONSOLE_SIGN_IN)
                .source(request.sourceIp(), request.userAgent(), request.tls())
                .additionalEventData(NODES.objectNode().put("SwitchFrom", request.signedIn().arn()).put("RedirectTo", request.redirectTo()));
    }
}
