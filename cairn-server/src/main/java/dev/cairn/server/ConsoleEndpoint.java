package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Cairn;
import dev.cairn.core.Json;
import dev.cairn.core.api.ApiResult;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.api.Protocol;
import dev.cairn.core.api.Service;
import dev.cairn.core.console.ConsoleSignIn;
import dev.cairn.core.history.EventLookup;
import dev.cairn.model.Principal;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sign-in, session, sign-out and calls, under {@code /console/}. A session is a random id in a cookie
 * ({@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} under TLS) that ends after {@code idleTimeout} without
 * requests, at sign-out, or when the server stops; every change needs the session's CSRF token in the
 * {@code X-Cairn-Csrf} header. After {@value #FREE_FAILURES} failed sign-ins within {@link #FAILURE_WINDOW} for one
 * user or from one address, further attempts are refused for a time that doubles with each failure (at most
 * {@link #MAXIMUM_LOCKOUT}); refused attempts are recorded as failures too. A user whose login profile requires a
 * password reset may only call {@code iam:ChangePassword} until they have.
 */
final class ConsoleEndpoint
        implements java.io.Closeable
{
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConsoleEndpoint.class);
    private static final String CONSOLE_OPTIONS = "Cairn";
    private static final int LIVE_BATCH = 50;
    private static final Duration LIVE_KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Duration LIVE_CATCH_UP = Duration.ofMinutes(5);
    static final String SESSION_COOKIE = "cairn-session";
    static final String CSRF_HEADER = "X-Cairn-Csrf";
    static final int FREE_FAILURES = 5;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
    static final Duration MAXIMUM_LOCKOUT = Duration.ofMinutes(5);
    private static final String FAILED = "Your authentication information is incorrect. Please try again.";
    /** The policy of the console's JSON answers (pages have {@link ConsoleAssets#PAGE_POLICY}). */
    private static final String DATA_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private final Cairn cairn;
    private final ErrorMapper errors;
    private final ConsoleSignIn signIn;
    private final Clock clock;
    private final Duration idleTimeout;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper mapper = Json.mapper();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final java.util.Set<LiveSearch> liveSearches = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ScheduledExecutorService ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "console-live");
        thread.setDaemon(true);
        return thread;
    });

    ConsoleEndpoint(Cairn cairn, Duration idleTimeout)
    {
        this.cairn = requireNonNull(cairn, "cairn is null");
        this.errors = new ErrorMapper(cairn.catalog());
        this.signIn = cairn.consoleSignIn();
        this.clock = cairn.clock();
        this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout is null");
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * A signed-in browser. Its principal carries a session key id ({@code ASIA...}, as AWS's console sessions use
     * temporary credentials), which the records of its calls show.
     */
    record Session(Principal principal, String csrfToken, Instant signedIn, Instant lastSeen, boolean passwordResetRequired)
    {
        Session seen(Instant now)
        {
            return new Session(principal, csrfToken, signedIn, now, passwordResetRequired);
        }

        Session passwordChanged()
        {
            return new Session(principal, csrfToken, signedIn, lastSeen, false);
        }
    }

    /**
     * {@code POST /console/api/{service}/{operation}}: the console's calls, with the operation's input members as a
     * JSON object and the region in {@code X-Cairn-Region} (default: the first served). They go through the same
     * validation, authorization, handlers and recording as API calls, as the signed-in principal, recorded with
     * {@code sessionCredentialFromConsole} and the browser's user agent. Answers: the operation's output members, or
     * {@code {"__type", "message"}} with the status the API would give.
     */
    void api(Context ctx)
            throws IOException
    {
        secure(ctx);
        Optional<Session> session = sessionForChange(ctx);
        if (session.isEmpty()) {
            return;
        }
        String requestId = ctx.attribute(ApiEndpoint.REQUEST_ID_ATTRIBUTE);
        Optional<Service> service = java.util.Arrays.stream(Service.values()).filter(candidate -> candidate.signingName().equals(ctx.pathParam("service"))).findFirst();
        String operation = ctx.pathParam("operation");
        if (service.isEmpty() || cairn.operations().find(service.get(), operation).isEmpty()) {
            ctx.status(400);
            json(ctx, mapper.createObjectNode().put("__type", "UnknownOperationException").put("message", "No operation " + ctx.pathParam("service") + " " + operation + "."));
            return;
        }
        boolean changesPassword = service.get() == Service.IAM && operation.equals("ChangePassword");
        if (session.get().passwordResetRequired() && !changesPassword) {
            ctx.status(403);
            json(ctx, mapper.createObjectNode().put("__type", "PasswordResetRequired").put("message", "Your password must be changed before you continue (iam:ChangePassword)."));
            return;
        }
        String region = Optional.ofNullable(ctx.header("X-Cairn-Region")).filter(name -> !name.isBlank()).orElse(cairn.config().regions().get(0));
        if (!cairn.config().regions().contains(region)) {
            ctx.status(400);
            json(ctx, mapper.createObjectNode().put("__type", "ValidationException").put("message", "Region " + region + " is not served: " + cairn.config().regions()));
            return;
        }
        ObjectNode input;
        try {
            byte[] body = ctx.bodyAsBytes();
            input = body.length == 0 ? mapper.createObjectNode() : (ObjectNode) mapper.readTree(body);
        }
        catch (IOException | ClassCastException e) {
            ctx.status(400);
            json(ctx, mapper.createObjectNode().put("__type", "SerializationException").put("message", "The body must be a JSON object of the operation's input."));
            return;
        }
        CallContext call = new CallContext(requestId, service.get(), operation, region, session.get().principal(), input, ctx.ip(),
                Optional.ofNullable(ctx.header("User-Agent")), Optional.empty(), true, clock.instant());
        ApiResult result = isLookupEvents(call) ? cairn.lookupEventsFromConsole(call.withInput(withoutConsoleOptions(input)), consoleOptions(input)) : cairn.invoke(call);
        if (result instanceof ApiResult.Success success) {
            if (changesPassword) {
                sessions.computeIfPresent(ctx.cookie(SESSION_COOKIE), (id, existing) -> existing.passwordChanged());
            }
            json(ctx, success.output());
            return;
        }
        ErrorMapper.WireError wire = errors.map(Protocol.JSON, service.get(), ((ApiResult.Failure) result).error(), requestId);
        ctx.status(wire.status());
        ctx.contentType("application/json");
        ctx.result(wire.body());
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
     * LookupEvents call; it then polls the history once a second (unrecorded: those polls would otherwise be the
     * stream's own news) and sends {@code events} ({@code {"Events": [...], "Truncated"}}), and {@code signedout}
     * when the session ends. EventSource sends no CSRF header: this only reads.
     */
    void live(SseClient client)
    {
        Context ctx = client.ctx();
        String sessionId = ctx.cookie(SESSION_COOKIE);
        Optional<Session> session = current(ctx);
        if (session.isEmpty()) {
            client.sendEvent("signedout", "{}");
            client.close();
            return;
        }
        if (session.get().passwordResetRequired()) {
            refuse(client, "Your password must be changed before you continue.");
            return;
        }
        String region = Optional.ofNullable(ctx.queryParam("region")).filter(name -> !name.isBlank()).orElse(cairn.config().regions().get(0));
        if (!cairn.config().regions().contains(region)) {
            refuse(client, "Region " + region + " is not served.");
            return;
        }
        ObjectNode search;
        try {
            search = (ObjectNode) mapper.readTree(Optional.ofNullable(ctx.queryParam("search")).orElse("{}"));
        }
        catch (IOException | ClassCastException e) {
            refuse(client, "The search must be a JSON object of LookupEvents members.");
            return;
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
        String requestId = ctx.attribute(ApiEndpoint.REQUEST_ID_ATTRIBUTE);
        CallContext call = new CallContext(requestId, Service.CLOUDTRAIL, "LookupEvents", region, session.get().principal(), opening, ctx.ip(),
                Optional.ofNullable(ctx.header("User-Agent")), Optional.empty(), true, now);
        EventLookup.ConsoleOptions options = new EventLookup.ConsoleOptions(consoleOptions(search).errorsOnly(), false);
        ApiResult opened = cairn.lookupEventsFromConsole(call, options);
        if (opened instanceof ApiResult.Failure failure) {
            ErrorMapper.WireError wire = errors.map(Protocol.JSON, Service.CLOUDTRAIL, failure.error(), requestId);
            client.sendEvent("failure", wire.body());
            client.close();
            return;
        }
        LiveSearch live = new LiveSearch(client, sessionId, call, options, since);
        client.onClose(() -> liveSearches.remove(live));
        liveSearches.add(live);
        client.keepAlive();
    }

    /** Ends a live stream before it starts, saying why ({@code failure}: {@code {"message"}}). */
    private void refuse(SseClient client, String message)
    {
        client.sendEvent("failure", message(message).toString());
        client.close();
    }

    /**
     * One open live stream: it has sent every matching event up to {@code since} (epoch second), and of that second
     * the ones in {@code sentAtSince}. Those two and {@code lastWrite} are touched by the ticker thread only. More
     * than {@value #LIVE_BATCH} new events between two ticks: the newest are sent, marked {@code Truncated}.
     */
    private static final class LiveSearch
    {
        final SseClient client;
        final String sessionId;
        final CallContext call;
        final EventLookup.ConsoleOptions options;
        long since;
        java.util.Set<String> sentAtSince = new java.util.HashSet<>();
        long lastWrite;

        LiveSearch(SseClient client, String sessionId, CallContext call, EventLookup.ConsoleOptions options, long since)
        {
            this.client = client;
            this.sessionId = sessionId;
            this.call = call;
            this.options = options;
            this.since = since;
        }
    }

    /** Once a second: each live stream's new events, or its end when its session has ended. */
    private void tick()
    {
        Instant now = clock.instant();
        for (LiveSearch live : liveSearches) {
            try {
                Session session = sessions.get(live.sessionId);
                if (session == null || session.lastSeen().plus(idleTimeout).isBefore(now)) {
                    live.client.sendEvent("signedout", "{}");
                    live.client.close();
                    continue;
                }
                ObjectNode input = live.call.input().deepCopy();
                input.put("StartTime", live.since);
                input.put("MaxResults", LIVE_BATCH);
                ObjectNode found = cairn.eventLookup().lookup(live.call.withInput(input), live.options);
                ObjectNode message = mapper.createObjectNode();
                ArrayNode events = message.putArray("Events");
                long newest = live.since;
                for (JsonNode event : found.path("Events")) {
                    if (event.path("EventTime").asLong() == live.since && live.sentAtSince.contains(event.path("EventId").asText())) {
                        continue;
                    }
                    events.add(event);
                    newest = Math.max(newest, event.path("EventTime").asLong());
                }
                if (!events.isEmpty()) {
                    message.put("Truncated", found.has("NextToken"));
                    if (newest != live.since) {
                        live.sentAtSince.clear();
                        live.since = newest;
                    }
                    for (JsonNode event : events) {
                        if (event.path("EventTime").asLong() == newest) {
                            live.sentAtSince.add(event.path("EventId").asText());
                        }
                    }
                    live.client.sendEvent("events", mapper.writeValueAsString(message));
                    live.lastWrite = now.toEpochMilli();
                }
                else if (now.toEpochMilli() - live.lastWrite > LIVE_KEEP_ALIVE.toMillis()) {
                    live.client.sendComment("keep-alive");
                    live.lastWrite = now.toEpochMilli();
                }
                if (live.client.terminated()) {
                    liveSearches.remove(live);
                }
            }
            catch (IOException | RuntimeException e) {
                log.warn("live event stream failed; closing it", e);
                liveSearches.remove(live);
                live.client.close();
            }
        }
    }

    @Override
    public void close()
    {
        ticker.shutdownNow();
        for (LiveSearch live : liveSearches) {
            live.client.close();
        }
        liveSearches.clear();
    }

    /** {@code POST /console/signin}, form fields {@code account}, {@code username} (empty for the root user), {@code password}. */
    void signIn(Context ctx)
            throws IOException
    {
        secure(ctx);
        String account = Optional.ofNullable(ctx.formParam("account")).orElse("").trim();
        Optional<String> user = Optional.ofNullable(ctx.formParam("username")).map(String::trim).filter(name -> !name.isEmpty());
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        ConsoleSignIn.Attempt attempt = new ConsoleSignIn.Attempt(account, user, password, ctx.ip(), Optional.ofNullable(ctx.header("User-Agent")));
        Instant now = clock.instant();
        String userKey = "user:" + account + "/" + user.orElse("#root").toLowerCase(java.util.Locale.ROOT);
        String addressKey = "address:" + ctx.ip();
        Duration lockout = max(lockout(userKey, now), lockout(addressKey, now));
        if (!lockout.isZero()) {
            signIn.reject(attempt);
            ctx.status(429);
            ctx.header("Retry-After", Long.toString(Math.max(1, lockout.toSeconds())));
            json(ctx, message("Too many failed sign-in attempts. Try again in " + Math.max(1, lockout.toSeconds()) + " seconds."));
            return;
        }
        ConsoleSignIn.Result result = signIn.signIn(attempt);
        if (!result.succeeded()) {
            fail(userKey, now);
            fail(addressKey, now);
            ctx.status(401);
            json(ctx, message(FAILED));
            return;
        }
        failures.remove(userKey);
        sessions.values().removeIf(existing -> existing.lastSeen().plus(idleTimeout).isBefore(now));
        String id = token();
        Principal signedIn = result.principal().orElseThrow();
        Principal withSessionKey = new Principal(signedIn.accountId(), signedIn.type(), signedIn.principalId(), signedIn.arn(), signedIn.userName(), sessionKeyId());
        Session session = new Session(withSessionKey, token(), now, now, result.passwordResetRequired());
        sessions.put(id, session);
        ctx.header("Set-Cookie", SESSION_COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict" + (ctx.scheme().equals("https") ? "; Secure" : ""));
        json(ctx, describe(session));
    }

    /**
     * {@code GET /console/session}: who is signed in, and the CSRF token for changes; {@code {"signedIn": false}}
     * without a session (a 200: the page asks this on every load, and a browser logs every 4xx as an error).
     */
    void session(Context ctx)
            throws IOException
    {
        secure(ctx);
        Optional<Session> session = current(ctx);
        if (session.isEmpty()) {
            json(ctx, mapper.createObjectNode().put("signedIn", false));
            return;
        }
        json(ctx, describe(session.get()));
    }

    /** {@code POST /console/signout}. */
    void signOut(Context ctx)
            throws IOException
    {
        secure(ctx);
        Optional<String> id = Optional.ofNullable(ctx.cookie(SESSION_COOKIE));
        Optional<Session> session = sessionForChange(ctx);
        if (session.isEmpty()) {
            return;
        }
        id.ifPresent(sessions::remove);
        ctx.header("Set-Cookie", SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        ctx.status(204);
    }

    /**
     * The session of a request that changes something: signed in (else 401) and carrying the session's CSRF token
     * (else 403). Empty when the request was answered with the refusal.
     */
    private Optional<Session> sessionForChange(Context ctx)
            throws IOException
    {
        Optional<Session> session = current(ctx);
        if (session.isEmpty()) {
            ctx.status(401);
            json(ctx, message("Not signed in."));
            return Optional.empty();
        }
        if (!csrfMatches(ctx, session.get())) {
            ctx.status(403);
            json(ctx, message("The request's CSRF token is missing or wrong: reload the page."));
            return Optional.empty();
        }
        return session;
    }

    /** The session of the request's cookie, when it exists and has not been idle too long; touching it keeps it alive. */
    Optional<Session> current(Context ctx)
    {
        String id = ctx.cookie(SESSION_COOKIE);
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session session = sessions.computeIfPresent(id, (key, existing) -> existing.lastSeen().plus(idleTimeout).isBefore(now) ? null : existing.seen(now));
        return Optional.ofNullable(session);
    }

    static boolean csrfMatches(Context ctx, Session session)
    {
        String given = ctx.header(CSRF_HEADER);
        return given != null && MessageDigest.isEqual(given.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                session.csrfToken().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private ObjectNode describe(Session session)
    {
        ObjectNode node = mapper.createObjectNode();
        node.put("signedIn", true);
        node.put("accountId", session.principal().accountId());
        node.put("userName", session.principal().userName());
        node.put("arn", session.principal().arn());
        node.put("csrfToken", session.csrfToken());
        node.put("passwordResetRequired", session.passwordResetRequired());
        ArrayNode regions = node.putArray("regions");
        cairn.config().regions().forEach(regions::add);
        return node;
    }

    private Duration lockout(String key, Instant now)
    {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(FAILURE_WINDOW))) {
                times.pollFirst();
            }
            if (times.size() < FREE_FAILURES) {
                return Duration.ZERO;
            }
            long seconds = Math.min(MAXIMUM_LOCKOUT.toSeconds(), 1L << Math.min(20, times.size() - FREE_FAILURES));
            Duration remaining = Duration.between(now, times.peekLast().plusSeconds(seconds));
            return remaining.isNegative() ? Duration.ZERO : remaining;
        }
    }

    private void fail(String key, Instant now)
    {
        Deque<Instant> times = failures.computeIfAbsent(key, ignored -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (times.size() > 64) {
                times.pollFirst();
            }
        }
        if (failures.size() > 100_000) {
            failures.clear();
        }
    }

    private static Duration max(Duration a, Duration b)
    {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private String token()
    {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code ASIA} and 16 characters of [A-Z2-7], the shape of a temporary access key id. */
    private String sessionKeyId()
    {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder id = new StringBuilder("ASIA");
        for (int i = 0; i < 16; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private ObjectNode message(String text)
    {
        return mapper.createObjectNode().put("message", text);
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
