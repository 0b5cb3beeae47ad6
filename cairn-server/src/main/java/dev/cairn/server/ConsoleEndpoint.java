package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Cairn;
import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.Json;
import dev.cairn.core.api.ApiResult;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.JsonInput;
import dev.cairn.core.api.Protocol;
import dev.cairn.core.api.Service;
import dev.cairn.core.console.ConsoleSignIn;
import dev.cairn.core.console.ConsoleSwitchRole;
import dev.cairn.core.history.EventLookup;
import dev.cairn.model.Principal;
import dev.cairn.model.SessionContext;
import dev.cairn.model.SessionIssuer;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's sign-in, session, sign-out and calls, under {@code /console/}. Sessions are {@link ConsoleSessions}
 * (a cookie: {@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} when the browser's connection is HTTPS, also
 * behind a trusted proxy); every change needs the session's CSRF token in the {@code X-Cairn-Csrf} header; failed
 * sign-ins are slowed down by {@link SignInThrottle} (refused attempts are recorded as failures too); live updates are
 * {@link LiveSearches}. A user whose login profile requires a password reset may only call {@code iam:ChangePassword}
 * until they have. After a switch of role ({@link #switchRole}) the session's calls act as the role session until it
 * switches back. Every error is answered through the {@link ErrorMapper}, as {@code {"__type", "message"}}.
 */
final class ConsoleEndpoint
        implements Closeable
{
    private static final String CONSOLE_OPTIONS = "Cairn";
    private static final Duration LIVE_CATCH_UP = Duration.ofMinutes(5);
    static final String SESSION_COOKIE = "cairn-session";
    static final String CSRF_HEADER = "X-Cairn-Csrf";
    static final String REGION_HEADER = "X-Cairn-Region";
    private static final String ROOT = "#root";
    private static final String FAILED = "Your authentication information is incorrect. Please try again.";
    /** The policy of the console's JSON answers (pages have {@link ConsoleAssets#PAGE_POLICY}). */
    private static final String DATA_POLICY = "default-src 'none'; frame-ancestors 'none'";
    /** The console calls the same operations as the API, with JSON inputs of IAM's and CloudTrail's sizes. */
    private static final long MAXIMUM_API_BODY_BYTES = ApiEndpoint.maximumRequestBytes(Protocol.QUERY);
    /** An account, a user name and a password; or an account, a role and a display name. */
    private static final long MAXIMUM_SIGN_IN_BODY_BYTES = 16 * 1024;
    /** The longest display name of a role the console takes, as AWS's console. */
    static final int MAXIMUM_DISPLAY_NAME = 64;

    private final Cairn cairn;
    private final ErrorMapper errors;
    private final TrustedProxies proxies;
    private final ConsoleSignIn signIn;
    private final ConsoleSwitchRole switchRole;
    private final Clock clock;
    private final ConsoleSessions sessions;
    private final SignInThrottle throttle = new SignInThrottle();
    private final LiveSearches live;
    private final ObjectMapper mapper = Json.mapper();
    private final Duration bodyTimeout;

    ConsoleEndpoint(Cairn cairn, TrustedProxies proxies, Duration idleTimeout, Duration bodyTimeout)
    {
        this.cairn = requireNonNull(cairn, "cairn is null");
        this.proxies = requireNonNull(proxies, "proxies is null");
        this.bodyTimeout = requireNonNull(bodyTimeout, "bodyTimeout is null");
        this.errors = new ErrorMapper(cairn.catalog());
        this.signIn = cairn.consoleSignIn();
        this.switchRole = cairn.consoleSwitchRole();
        this.clock = cairn.clock();
        this.sessions = new ConsoleSessions(clock, idleTimeout);
        this.live = new LiveSearches(cairn.eventLookup(), sessions, clock);
    }

    /**
     * {@code POST /console/api/{service}/{operation}}: the console's calls, with the operation's input members as a
     * JSON object and the region in {@code X-Cairn-Region} (default: the first served). They go through the same
     * validation, authorization, handlers and recording as API calls, as the signed-in principal in its console
     * session, recorded with {@code sessionCredentialFromConsole} and the browser's user agent. Answers: the
     * operation's output members, or {@code {"__type", "message"}} with the status the API would give.
     */
    void api(Context ctx)
            throws IOException
    {
        secure(ctx);
        String sessionId = ctx.cookie(SESSION_COOKIE);
        ConsoleSessions.Session session = sessionForChange(ctx);
        String requestId = ctx.attribute(ApiEndpoint.REQUEST_ID_ATTRIBUTE);
        Optional<Service> service = Arrays.stream(Service.values()).filter(candidate -> candidate.signingName().equals(ctx.pathParam("service"))).findFirst();
        String operation = ctx.pathParam("operation");
        if (service.isEmpty() || cairn.operations().find(service.get(), operation).isEmpty()) {
            throw new CairnException(ErrorCode.UNKNOWN_OPERATION, "No operation " + ctx.pathParam("service") + " " + operation + ".");
        }
        boolean changesPassword = service.get() == Service.IAM && operation.equals("ChangePassword");
        if (session.passwordResetRequired() && !changesPassword) {
            throw new CairnException(ErrorCode.PASSWORD_RESET_REQUIRED, "Your password must be changed before you continue (iam:ChangePassword).");
        }
        String region = region(ctx.header(REGION_HEADER));
        ObjectNode input = JsonInput.parseObject(RequestBodies.read(ctx, MAXIMUM_API_BODY_BYTES, bodyTimeout));
        RequestOrigin origin = proxies.origin(ctx.req());
        CallContext call = new CallContext(requestId, service.get(), operation, region, acting(session), input, origin.clientAddress(),
                Optional.ofNullable(ctx.header("User-Agent")), Optional.empty(), true, clock.instant());
        ApiResult result = isLookupEvents(call) ? cairn.lookupEventsFromConsole(call.withInput(withoutConsoleOptions(input)), consoleOptions(input)) : cairn.invoke(call);
        if (result instanceof ApiResult.Failure failure) {
            throw failure.error();
        }
        if (changesPassword) {
            sessions.passwordChanged(sessionId);
        }
        json(ctx, ((ApiResult.Success) result).output());
    }

    /** The region a console call names (the first served when it names none); one Cairn does not serve is refused. */
    private String region(String named)
    {
        String region = Optional.ofNullable(named).filter(name -> !name.isBlank()).orElse(cairn.config().regions().get(0));
        if (!cairn.config().regions().contains(region)) {
            throw new CairnException(ErrorCode.VALIDATION, "Region " + region + " is not served: " + cairn.config().regions());
        }
        return region;
    }

    private static boolean isLookupEvents(CallContext call)
    {
        return call.service() == Service.CLOUDTRAIL && call.operation().equals("LookupEvents");
    }

    /**
     * The console's own LookupEvents members, in a {@code "Cairn"} object beside the API's: {@code ErrorsOnly},
     * {@code Summary}.
     */
    private static EventLookup.ConsoleOptions consoleOptions(ObjectNode input)
    {
        JsonNode options = input.path(CONSOLE_OPTIONS);
        return new EventLookup.ConsoleOptions(options.path("ErrorsOnly").asBoolean(false), options.path("Summary").asBoolean(false));
    }

    private static ObjectNode withoutConsoleOptions(ObjectNode input)
    {
        ObjectNode copy = input.deepCopy();
        copy.remove(CONSOLE_OPTIONS);
        return copy;
    }

    /**
     * {@code GET /console/live?region=R&search=JSON&since=S}: server-sent events with the events of a search
     * (LookupEvents members, and the console's options) as they are recorded, from epoch second {@code since} (the
     * newest the page shows; at most {@link #LIVE_CATCH_UP} back) or from now; events of that second may repeat. Opening it is a recorded, authorized
     * LookupEvents call; then {@link LiveSearches} sends what is new, and {@code signedout} when the session ends; a
     * stream that cannot start sends {@code failure} ({@code {"__type", "message"}}). EventSource sends no CSRF
     * header: this only reads.
     */
    void live(SseClient client)
    {
        Context ctx = client.ctx();
        String sessionId = ctx.cookie(SESSION_COOKIE);
        String requestId = ctx.attribute(ApiEndpoint.REQUEST_ID_ATTRIBUTE);
        Optional<ConsoleSessions.Session> session = sessions.touch(sessionId);
        if (session.isEmpty()) {
            client.sendEvent("signedout", "{}");
            client.close();
            return;
        }
        try {
            if (session.get().passwordResetRequired()) {
                throw new CairnException(ErrorCode.PASSWORD_RESET_REQUIRED, "Your password must be changed before you continue.");
            }
            String region = region(ctx.queryParam("region"));
            ObjectNode search;
            try {
                search = (ObjectNode) mapper.readTree(Optional.ofNullable(ctx.queryParam("search")).orElse("{}"));
            }
            catch (IOException | ClassCastException e) {
                throw new CairnException(ErrorCode.SERIALIZATION, "The search must be a JSON object of LookupEvents members.");
            }
            Instant now = clock.instant();
            // from the newest event the page already shows (it drops repeats), at most a few minutes back; else from now
            long since = now.getEpochSecond();
            try {
                since = Math.max(now.getEpochSecond() - LIVE_CATCH_UP.toSeconds(), Math.min(since, Long.parseLong(Optional.ofNullable(ctx.queryParam("since")).orElse(""))));
            }
            catch (NumberFormatException e) {
                // from now
            }
            ObjectNode opening = mapper.createObjectNode();
            if (search.has("LookupAttributes")) {
                opening.set("LookupAttributes", search.get("LookupAttributes"));
            }
            opening.put("StartTime", since);
            opening.put("MaxResults", 1);
            RequestOrigin origin = proxies.origin(ctx.req());
            CallContext call = new CallContext(requestId, Service.CLOUDTRAIL, "LookupEvents", region, acting(session.get()), opening, origin.clientAddress(),
                    Optional.ofNullable(ctx.header("User-Agent")), Optional.empty(), true, now);
            EventLookup.ConsoleOptions options = new EventLookup.ConsoleOptions(consoleOptions(search).errorsOnly(), false);
            ApiResult opened = cairn.lookupEventsFromConsole(call, options);
            if (opened instanceof ApiResult.Failure failure) {
                throw failure.error();
            }
            live.open(client, sessionId, call, options, since);
        }
        catch (RuntimeException e) {
            client.sendEvent("failure", errors.map(Protocol.JSON, Service.CLOUDTRAIL, ErrorMapper.forException(e, requestId), requestId).body());
            client.close();
        }
    }

    @Override
    public void close()
    {
        live.close();
    }

    /** {@code POST /console/signin}, form fields {@code account}, {@code username} (empty for the root user), {@code password}. */
    void signIn(Context ctx)
            throws IOException
    {
        secure(ctx);
        RequestOrigin origin = proxies.origin(ctx.req());
        Map<String, List<String>> form = ApiEndpoint.parseParameters(new String(RequestBodies.read(ctx, MAXIMUM_SIGN_IN_BODY_BYTES, bodyTimeout), StandardCharsets.UTF_8));
        String account = formField(form, "account").trim();
        Optional<String> user = Optional.of(formField(form, "username").trim()).filter(name -> !name.isEmpty());
        String password = formField(form, "password");
        ConsoleSignIn.Attempt attempt = new ConsoleSignIn.Attempt(account, user, password, origin.clientAddress(), Optional.ofNullable(ctx.header("User-Agent")),
                origin.tls(), origin.consoleUrl());
        Instant now = clock.instant();
        Duration lockout = throttle.lockout(account, user.orElse(ROOT), origin.clientAddress(), now);
        if (!lockout.isZero()) {
            signIn.reject(attempt);
            long seconds = Math.max(1, lockout.toSeconds());
            ctx.header("Retry-After", Long.toString(seconds));
            throw new CairnException(ErrorCode.SIGN_IN_LOCKED_OUT, "Too many failed sign-in attempts. Try again in " + seconds + " seconds.");
        }
        ConsoleSignIn.Result result = signIn.signIn(attempt);
        if (!result.succeeded()) {
            throttle.failed(account, user.orElse(ROOT), origin.clientAddress(), now);
            throw new CairnException(ErrorCode.SIGN_IN_FAILED, FAILED);
        }
        throttle.succeeded(account, user.orElse(ROOT));
        String id = sessions.create(result.principal().orElseThrow(), result.passwordResetRequired());
        ctx.header("Set-Cookie", SESSION_COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict" + (origin.secure() ? "; Secure" : ""));
        json(ctx, describe(sessions.touch(id).orElseThrow()));
    }

    private static String formField(Map<String, List<String>> form, String name)
    {
        List<String> values = form.get(name);
        return values == null ? "" : values.get(0);
    }

    /**
     * {@code GET /console/session}: who is signed in, and the CSRF token for changes; {@code {"signedIn": false}}
     * without a session (a 200: the page asks this on every load, and a browser logs every 4xx as an error).
     */
    void session(Context ctx)
            throws IOException
    {
        secure(ctx);
        Optional<ConsoleSessions.Session> session = sessions.touch(ctx.cookie(SESSION_COOKIE));
        if (session.isEmpty()) {
            json(ctx, mapper.createObjectNode().put("signedIn", false));
            return;
        }
        json(ctx, describe(session.get()));
    }

    /** {@code POST /console/signout}. */
    void signOut(Context ctx)
    {
        secure(ctx);
        sessionForChange(ctx);
        sessions.remove(ctx.cookie(SESSION_COOKIE));
        ctx.header("Set-Cookie", SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        ctx.status(204);
    }

    /**
     * {@code POST /console/switchrole}, form fields {@code account} (id or alias), {@code role} (its name, after its
     * path if it has one) and {@code displayName} (optional, at most {@value #MAXIMUM_DISPLAY_NAME} characters): the
     * session continues as a session of that role, named after the signed-in user, for an hour, if {@code AssumeRole}
     * allows the signed-in principal (see {@link ConsoleSwitchRole}, which records it). Always from the signed-in
     * principal, also when the session already acts as a role. Answers the session as {@code GET /console/session}.
     */
    void switchRole(Context ctx)
            throws IOException
    {
        secure(ctx);
        String sessionId = ctx.cookie(SESSION_COOKIE);
        ConsoleSessions.Session session = sessionForChange(ctx);
        if (session.passwordResetRequired()) {
            throw new CairnException(ErrorCode.PASSWORD_RESET_REQUIRED, "Your password must be changed before you continue (iam:ChangePassword).");
        }
        Map<String, List<String>> form = ApiEndpoint.parseParameters(new String(RequestBodies.read(ctx, MAXIMUM_SIGN_IN_BODY_BYTES, bodyTimeout), StandardCharsets.UTF_8));
        String account = formField(form, "account").trim();
        String role = formField(form, "role").trim();
        Optional<String> displayName = Optional.of(formField(form, "displayName").trim()).filter(name -> !name.isEmpty());
        if (displayName.isPresent() && displayName.get().length() > MAXIMUM_DISPLAY_NAME) {
            throw new CairnException(ErrorCode.VALIDATION, "The display name may have at most " + MAXIMUM_DISPLAY_NAME + " characters.");
        }
        RequestOrigin origin = proxies.origin(ctx.req());
        ConsoleSwitchRole.RoleSession roleSession = switchRole.switchRole(new ConsoleSwitchRole.Request(ctx.attribute(ApiEndpoint.REQUEST_ID_ATTRIBUTE),
                session.principal(), account, role, origin.clientAddress(), Optional.ofNullable(ctx.header("User-Agent")), origin.tls(), origin.consoleUrl()));
        ConsoleSessions.SwitchedRole switched = new ConsoleSessions.SwitchedRole(roleSession.principal(), roleSession.expiration(),
                new ConsoleSessions.RecentRole(account, role, displayName));
        ConsoleSessions.Session now = sessions.switchRole(sessionId, switched)
                .orElseThrow(() -> new CairnException(ErrorCode.NOT_SIGNED_IN, "Not signed in."));
        json(ctx, describe(now));
    }

    /** {@code POST /console/switchback}: the session acts as the signed-in principal again. Answers the session. */
    void switchBack(Context ctx)
            throws IOException
    {
        secure(ctx);
        sessionForChange(ctx);
        ConsoleSessions.Session now = sessions.switchBack(ctx.cookie(SESSION_COOKIE))
                .orElseThrow(() -> new CairnException(ErrorCode.NOT_SIGNED_IN, "Not signed in."));
        json(ctx, describe(now));
    }

    /**
     * Who a session's calls act as: the signed-in principal, or the role session it switched to while that lasts
     * (then calls are refused as AWS refuses expired credentials, until the browser switches again or back).
     */
    private Principal acting(ConsoleSessions.Session session)
    {
        if (session.role().isPresent() && session.role().get().expired(clock.instant())) {
            throw new CairnException(ErrorCode.EXPIRED_TOKEN, "Your role session has expired: switch role again, or switch back.");
        }
        return session.acting();
    }

    /** Answers any error of a console request, through the {@link ErrorMapper}. */

    void fail(Exception error, Context ctx)
    {
        String requestId = ctx.attribute(ApiEndpoint.REQUEST_ID_ATTRIBUTE);
        secure(ctx);
        ErrorMapper.WireError wire = errors.map(Protocol.JSON, Service.CLOUDTRAIL, ErrorMapper.forException(error, requestId), requestId);
        ctx.status(wire.status());
        ctx.contentType("application/json");
        ctx.result(wire.body());
    }

    /** The session of a request that changes something: signed in, and carrying the session's CSRF token. */
    private ConsoleSessions.Session sessionForChange(Context ctx)
    {
        ConsoleSessions.Session session = sessions.touch(ctx.cookie(SESSION_COOKIE))
                .orElseThrow(() -> new CairnException(ErrorCode.NOT_SIGNED_IN, "Not signed in."));
        if (!ConsoleSessions.csrfMatches(ctx.header(CSRF_HEADER), session)) {
            throw new CairnException(ErrorCode.INVALID_CSRF_TOKEN, "The request's CSRF token is missing or wrong: reload the page.");
        }
        return session;
    }

    /**
     * A session as the page sees it: the signed-in principal ({@code accountId}, {@code userName}, {@code arn},
     * {@code root}), the role session it acts as after a switch ({@code role}: {@code accountId}, {@code roleName},
     * {@code sessionName}, {@code arn}, {@code expiration} in epoch seconds, {@code displayName}), the roles it
     * switched to ({@code recentRoles}: {@code account}, {@code role}, {@code displayName}), the CSRF token, and the
     * regions served.
     */
    private ObjectNode describe(ConsoleSessions.Session session)
    {
        ObjectNode node = mapper.createObjectNode();
        node.put("signedIn", true);
        node.put("accountId", session.principal().accountId());
        node.put("userName", session.principal().userName());
        node.put("arn", session.principal().arn());
        node.put("root", session.principal().isRoot());
        if (session.role().isPresent()) {
            ConsoleSessions.SwitchedRole switched = session.role().get();
            Principal role = switched.principal();
            ObjectNode described = node.putObject("role");
            described.put("accountId", role.accountId());
            described.put("roleName", role.session().flatMap(SessionContext::sessionIssuer).map(SessionIssuer::userName).orElse(""));
            described.put("sessionName", role.userName());
            described.put("arn", role.arn());
            described.put("expiration", switched.expiration().getEpochSecond());
            switched.named().displayName().ifPresent(name -> described.put("displayName", name));
        }
        ArrayNode recent = node.putArray("recentRoles");
        for (ConsoleSessions.RecentRole role : session.recentRoles()) {
            ObjectNode described = recent.addObject().put("account", role.account()).put("role", role.role());
            role.displayName().ifPresent(name -> described.put("displayName", name));
        }
        node.put("csrfToken", session.csrfToken());
        node.put("passwordResetRequired", session.passwordResetRequired());
        ArrayNode regions = node.putArray("regions");
        cairn.config().regions().forEach(regions::add);
        return node;
    }

    private static void secure(Context ctx)
    {
        ConsoleAssets.securityHeaders(ctx, DATA_POLICY);
        ctx.header("Cache-Control", "no-store");
    }

    private void json(Context ctx, ObjectNode body)
            throws IOException
    {
        ctx.contentType("application/json");
        ctx.result(mapper.writeValueAsBytes(body));
    }
}
