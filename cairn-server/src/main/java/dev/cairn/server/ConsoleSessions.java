package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import dev.cairn.model.Principal;
import dev.cairn.model.SessionContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's signed-in browsers: a random session id (the cookie) for each, ending after {@code idleTimeout}
 * without requests, at sign-out, or when the server stops. Each session acts with a session key id ({@code ASIA...})
 * and a session context created at sign-in, as AWS's console sessions use temporary credentials, so the records of
 * its calls carry both. Thread-safe.
 */
final class ConsoleSessions
{
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Clock clock;
    private final Duration idleTimeout;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    ConsoleSessions(Clock clock, Duration idleTimeout)
    {
        this.clock = requireNonNull(clock, "clock is null");
        this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout is null");
    }

    /**
     * A signed-in browser.
     *
     * @param principal the signed-in principal in its console session
     * @param csrfToken the token every change must carry
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

        @Override
        public String toString()
        {
            return "Session{" + principal.arn() + ", since " + signedIn + "}";
        }
    }

    /** A new session for a principal that just signed in; returns its id. */
    String create(Principal signedIn, boolean passwordResetRequired)
    {
        Instant now = clock.instant();
        sessions.values().removeIf(existing -> expired(existing, now));
        String id = token();
        Principal inSession = signedIn.inSession(sessionKeyId(), new SessionContext(now, false));
        sessions.put(id, new Session(inSession, token(), now, now, passwordResetRequired));
        return id;
    }

    /** The session of this id, when it exists and has not been idle too long; touching it keeps it alive. */
    Optional<Session> touch(String id)
    {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return Optional.ofNullable(sessions.computeIfPresent(id, (key, existing) -> expired(existing, now) ? null : existing.seen(now)));
    }

    /** Whether the session is alive, without touching it (for live streams, which must not keep it alive). */
    boolean alive(String id)
    {
        Session session = id == null ? null : sessions.get(id);
        return session != null && !expired(session, clock.instant());
    }

    void passwordChanged(String id)
    {
        if (id != null) {
            sessions.computeIfPresent(id, (key, existing) -> existing.passwordChanged());
        }
    }

    void remove(String id)
    {
        if (id != null) {
            sessions.remove(id);
        }
    }

    static boolean csrfMatches(String given, Session session)
    {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    private boolean expired(Session session, Instant now)
    {
        return session.lastSeen().plus(idleTimeout).isBefore(now);
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
        StringBuilder id = new StringBuilder("ASIA");
        for (int i = 0; i < 16; i++) {
            id.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        return id.toString();
    }
}
