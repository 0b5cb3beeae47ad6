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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's signed-in browsers: a random session id (the cookie) for each, ending after {@code idleTimeout}
 * without requests, at sign-out, or when the server stops. Each session acts with a session key id ({@code ASIA...})
 * and a session context created at sign-in, as AWS's console sessions use temporary credentials, so the records of
 * its calls carry both. After a switch of role a session acts as the role session until it switches back (or switches
 * to another role, always from the signed-in principal). Thread-safe.
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

    /** How many roles a session remembers for switching again, as AWS's console remembers five. */
    static final int RECENT_ROLES = 5;

    /**
     * A signed-in browser.
     *
     * @param principal the signed-in principal in its console session
     * @param role the role session it acts as after a switch of role, until it switches back
     * @param recentRoles the roles it switched to, the latest first
     * @param csrfToken the token every change must carry
     */
    record Session(Principal principal, Optional<SwitchedRole> role, List<RecentRole> recentRoles, String csrfToken, Instant signedIn, Instant lastSeen,
            boolean passwordResetRequired)
    {
        Session
        {
            requireNonNull(principal, "principal is null");
            requireNonNull(role, "role is null");
            recentRoles = List.copyOf(recentRoles);
            requireNonNull(csrfToken, "csrfToken is null");
            requireNonNull(signedIn, "signedIn is null");
            requireNonNull(lastSeen, "lastSeen is null");
        }

        /** Who the session's calls act as: the role session after a switch, else the signed-in principal. */
        Principal acting()
        {
            return role.map(SwitchedRole::principal).orElse(principal);
        }

        Session seen(Instant now)
        {
            return new Session(principal, role, recentRoles, csrfToken, signedIn, now, passwordResetRequired);
        }

        Session passwordChanged()
        {
            return new Session(principal, role, recentRoles, csrfToken, signedIn, lastSeen, false);
        }

        Session switched(SwitchedRole newRole)
        {
            List<RecentRole> recent = new ArrayList<>();
            recent.add(newRole.named());
            recentRoles.stream()
                    .filter(known -> !(known.account().equals(newRole.named().account()) && known.role().equals(newRole.named().role())))
                    .limit(RECENT_ROLES - 1)
                    .forEach(recent::add);
            return new Session(principal, Optional.of(newRole), recent, csrfToken, signedIn, lastSeen, passwordResetRequired);
        }

        Session switchedBack()
        {
            return new Session(principal, Optional.empty(), recentRoles, csrfToken, signedIn, lastSeen, passwordResetRequired);
        }

        @Override
        public String toString()
        {
            return "Session{" + acting().arn() + ", since " + signedIn + "}";
        }
    }

    /**
     * A role session the console acts as.
     *
     * @param principal the role session, as its temporary credentials authenticate
     * @param expiration when the role session ends (an hour after the switch, as in AWS's console)
     * @param named the role as the browser named it, to switch to it again
     */
    record SwitchedRole(Principal principal, Instant expiration, RecentRole named)
    {
        SwitchedRole
        {
            requireNonNull(principal, "principal is null");
            requireNonNull(expiration, "expiration is null");
            requireNonNull(named, "named is null");
        }

        boolean expired(Instant now)
        {
            return !now.isBefore(expiration);
        }
    }

    /**
     * A role switched to, as the switch-role form names it.
     *
     * @param account the account id or alias entered
     * @param role the role's name, after its path if any
     * @param displayName the name the console shows for it, if one was given
     */
    record RecentRole(String account, String role, Optional<String> displayName)
    {
        RecentRole
        {
            requireNonNull(account, "account is null");
            requireNonNull(role, "role is null");
            requireNonNull(displayName, "displayName is null");
        }
    }

    /** A new session for a principal that just signed in; returns its id. */
    String create(Principal signedIn, boolean passwordResetRequired)
    {
        Instant now = clock.instant();
        sessions.values().removeIf(existing -> expired(existing, now));
        String id = token();
        Principal inSession = signedIn.inSession(sessionKeyId(), new SessionContext(now, false));
        sessions.put(id, new Session(inSession, Optional.empty(), List.of(), token(), now, now, passwordResetRequired));
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

    /** The session when it is alive, without touching it (for live streams, which must not keep it alive). */
    Optional<Session> peek(String id)
    {
        Session session = id == null ? null : sessions.get(id);
        return session == null || expired(session, clock.instant()) ? Optional.empty() : Optional.of(session);
    }

    /** From now on the session acts as this role session; returns the session as it is now. */
    Optional<Session> switchRole(String id, SwitchedRole role)
    {
        requireNonNull(role, "role is null");
        return Optional.ofNullable(id == null ? null : sessions.computeIfPresent(id, (key, existing) -> existing.switched(role)));
    }

    /** From now on the session acts as the signed-in principal again; returns the session as it is now. */
    Optional<Session> switchBack(String id)
    {
        return Optional.ofNullable(id == null ? null : sessions.computeIfPresent(id, (key, existing) -> existing.switchedBack()));
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
