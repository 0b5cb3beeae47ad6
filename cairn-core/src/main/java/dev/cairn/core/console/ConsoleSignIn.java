package dev.cairn.core.console;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cairn.core.api.TlsDetails;
import dev.cairn.core.iam.IamUser;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.IdentityService;
import dev.cairn.core.iam.LoginProfile;
import dev.cairn.core.iam.Passwords;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.recorder.EventDescription;
import dev.cairn.core.recorder.EventType;
import dev.cairn.core.recorder.Recorder;
import dev.cairn.model.Principal;
import dev.cairn.model.PrincipalType;
import dev.cairn.model.UserIdentity;
import dev.cairn.spi.Store;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Console sign-in: an account, an IAM user name (none for the root user) and a password, checked against the
 * login profile. Every attempt, successful or not, is recorded as CloudTrail records it: {@code ConsoleLogin} from
 * {@code signin.amazonaws.com}, {@code eventType} {@code AwsConsoleSignIn}, {@code responseElements.ConsoleLogin}
 * {@code Success} or {@code Failure}; an unknown user name is recorded as {@code HIDDEN_DUE_TO_SECURITY_REASONS}
 * with AWS's {@code errorMessage} for it. The record is built by the {@link Recorder}, as every record is.
 * The answer to a failed attempt never says which part was wrong, and takes as long whether the user exists or not.
 */
public final class ConsoleSignIn
{
    public static final String EVENT_SOURCE = "signin.amazonaws.com";
    public static final String EVENT_NAME = "ConsoleLogin";
    static final String HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";
    static final String FAILED_AUTHENTICATION = "Failed authentication";
    static final String NO_SUCH_USER = "No username found in supplied account";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    /** IAM's pattern for account aliases (CreateAccountAlias). */
    static final Pattern ACCOUNT_ALIAS = Pattern.compile("[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]");
    /** Verified when there is no profile, so that an unknown user costs as much time as a wrong password. */
    private static final String NO_PROFILE_HASH = Passwords.hash("no profile: " + System.nanoTime());

    private final Store store;
    private final JournalWriter journal;
    private final Recorder recorder;
    private final Clock clock;
    private final String region;

    /**
     * @param region the region sign-in events are recorded in
     */
    public ConsoleSignIn(Store store, JournalWriter journal, Recorder recorder, Clock clock, String region)
    {
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.store = requireNonNull(store, "store is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.region = requireNonNull(region, "region is null");
    }

    /**
     * A sign-in attempt.
     *
     * @param account the 12-digit account id, or the account's alias
     * @param userName the IAM user; empty for the root user
     * @param sourceIp the browser's address
     * @param tls the TLS session the attempt came over, if any
     * @param loginTo the console's URL, recorded as {@code additionalEventData.LoginTo}
     */
    public record Attempt(String account, Optional<String> userName, String password, String sourceIp, Optional<String> userAgent, Optional<TlsDetails> tls,
            String loginTo)
    {
        public Attempt
        {
            requireNonNull(tls, "tls is null");
            requireNonNull(loginTo, "loginTo is null");
            requireNonNull(account, "account is null");
            requireNonNull(userName, "userName is null");
            requireNonNull(password, "password is null");
            requireNonNull(sourceIp, "sourceIp is null");
            requireNonNull(userAgent, "userAgent is null");
        }

        @Override
        public String toString()
        {
            return "Attempt{" + account + ", " + userName.orElse("root") + ", " + sourceIp + "}";
        }
    }

    /**
     * The outcome: on success the signed-in principal (its access key id is empty: console sessions have none) and
     * whether the password must be changed now.
     */
    public record Result(Optional<Principal> principal, boolean passwordResetRequired)
    {
        public boolean succeeded()
        {
            return principal.isPresent();
        }
    }

    /** Checks the attempt and records it; the record is durable when this returns. */
    public Result signIn(Attempt attempt)
            throws IOException
    {
        Instant now = clock.instant();
        Optional<String> account = accountOf(attempt);
        Lookup lookup = lookup(account, attempt);
        Optional<LoginProfile> profile = lookup.profile();
        boolean matches = Passwords.matches(attempt.password(), profile.map(LoginProfile::passwordHash).orElse(NO_PROFILE_HASH)) && profile.isPresent();
        record(attempt, lookup, matches, now);
        return matches ? new Result(lookup.principal(), profile.get().passwordResetRequired()) : new Result(Optional.empty(), false);
    }

    /** Records the attempt as a failure without checking it (the console refuses it, e.g. after too many failures). */
    public void reject(Attempt attempt)
            throws IOException
    {
        Instant now = clock.instant();
        record(attempt, lookup(accountOf(attempt), attempt), false, now);
    }

    private static Optional<String> accountOf(Attempt attempt)
    {
        return Optional.of(attempt.account().trim()).filter(id -> ACCOUNT_ID.matcher(id).matches());
    }

    private Lookup lookup(Optional<String> account, Attempt attempt)
            throws IOException
    {
        String given = attempt.account().trim().toLowerCase(java.util.Locale.ROOT);
        if (account.isEmpty() && !ACCOUNT_ALIAS.matcher(given).matches()) {
            return new Lookup(Optional.empty(), Optional.empty(), Optional.empty());
        }
        return store.read(reader -> {
            IdentityRepository identities = new IdentityRepository(reader);
            // the account id, or the account its alias names
            Optional<String> named = account.isPresent() ? account : identities.accountOfAlias(given);
            if (named.isEmpty() || identities.account(named.get()).isEmpty()) {
                return new Lookup(Optional.empty(), Optional.empty(), Optional.empty());
            }
            String accountId = named.get();
            if (attempt.userName().isEmpty()) {
                return new Lookup(named, Optional.of(Principal.root(accountId, "", identities.accountAlias(accountId))), identities.loginProfile(accountId, Optional.empty()));
            }
            Optional<IamUser> user = identities.user(accountId, attempt.userName().get());
            if (user.isEmpty()) {
                return new Lookup(named, Optional.empty(), Optional.empty());
            }
            return new Lookup(named, Optional.of(IdentityService.principal(user.get(), "")),
                    identities.loginProfile(accountId, Optional.of(user.get().userName())));
        });
    }

    /**
     * The identity AWS records for a sign-in: the user's (with no access key once signed in); a failed IAM user
     * sign-in without the user's ARN; an unknown user as {@value #HIDDEN}; the root user with an empty access key.
     */
    private static UserIdentity identity(String accountId, Optional<Principal> principal, boolean success)
    {
        if (principal.isEmpty()) {
            return new UserIdentity(PrincipalType.IAM_USER.recordName(), Optional.empty(), Optional.empty(), accountId, Optional.of(""), Optional.of(HIDDEN),
                    Optional.empty(), Optional.of(HIDDEN));
        }
        UserIdentity known = UserIdentity.of(principal.get());
        if (principal.get().isRoot()) {
            return new UserIdentity(known.type(), known.principalId(), known.arn(), accountId, Optional.of(""), known.userName(), Optional.empty(), known.lookupUsername());
        }
        return new UserIdentity(known.type(), known.principalId(), success ? known.arn() : Optional.empty(), accountId, success ? Optional.empty() : Optional.of(""),
                known.userName(), Optional.empty(), known.lookupUsername());
    }

    /** What an attempt names: the account (when it exists), the principal (when it exists) and its login profile. */
    private record Lookup(Optional<String> account, Optional<Principal> principal, Optional<LoginProfile> profile)
    {
    }

    private void record(Attempt attempt, Lookup lookup, boolean success, Instant now)
            throws IOException
    {
        // an attempt for no known account is recorded nowhere: there is no account to record it in
        if (lookup.account().isEmpty()) {
            return;
        }
        String accountId = lookup.account().get();
        EventDescription.Builder description = EventDescription.builder(now, region, identity(accountId, lookup.principal(), success), EVENT_SOURCE, EVENT_NAME,
                        EventType.AWS_CONSOLE_SIGN_IN)
                .source(attempt.sourceIp(), attempt.userAgent(), attempt.tls())
                .responseElements(Optional.of(NODES.objectNode().put("ConsoleLogin", success ? "Success" : "Failure")))
                .additionalEventData(NODES.objectNode().put("LoginTo", attempt.loginTo()).put("MobileVersion", "No").put("MFAUsed", "No"));
        if (!success) {
            description.error(Optional.empty(), lookup.principal().isPresent() ? FAILED_AUTHENTICATION : NO_SUCH_USER);
        }
        SignInEvents.append(journal, recorder.record(description.build()), "a sign-in");
    }
}
