package dev.cairn.core;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.iam.AccessKey;
import dev.cairn.core.iam.AccessKeySecrets;
import dev.cairn.core.iam.Account;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.iam.IdentityRepository;
import dev.cairn.core.iam.IdentityService;
import dev.cairn.core.iam.LoginProfile;
import dev.cairn.core.iam.Passwords;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.journal.WriteTask;
import dev.cairn.spi.Store;
import dev.cairn.spi.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Accounts that no API call creates: the first one, on the first start (with its root access key and console
 * password), and more for tests. None of this is recorded: it is not an API call. Organizations' {@code CreateAccount}
 * creates member accounts itself, recorded, without root credentials, as AWS's member accounts have none.
 */
public final class Accounts
{
    private static final Logger log = LoggerFactory.getLogger(Accounts.class);
    private static final String FIRST_ACCOUNT = "the first account exists";
    private static final String BOOTSTRAP_KIND = "cairn.bootstrap";
    private static final String FIRST_ACCOUNT_KEY = "first-account";

    private final Store store;
    private final JournalWriter journal;
    private final IdentityService identities;
    private final AccessKeySecrets secrets;
    private final Clock clock;
    private final BooleanSupplier started;
    private final IdGenerator ids = new IdGenerator();

    /**
     * @param started whether the journal writer has started: from then on it is the only writer, and changes go
     *         through it
     */
    Accounts(Store store, JournalWriter journal, IdentityService identities, AccessKeySecrets secrets, Clock clock, BooleanSupplier started)
    {
        this.store = requireNonNull(store, "store is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.identities = requireNonNull(identities, "identities is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.started = requireNonNull(started, "started is null");
    }

    /**
     * An account's root access key, as created (shown once).
     */
    public record RootCredentials(String accountId, String accessKeyId, String secretAccessKey)
    {
        @Override
        public String toString()
        {
            return "RootCredentials{" + accountId + ", " + accessKeyId + "}";
        }
    }

    /**
     * Creates the first account and its root access key when the store has no account yet: with the given key,
     * else a generated one. Returns empty when an account already exists. Call before Cairn starts.
     */
    public Optional<RootCredentials> bootstrap(Optional<String> rootAccessKeyId, Optional<String> rootSecretAccessKey)
            throws IOException
    {
        if (started.getAsBoolean()) {
            throw new IllegalStateException("bootstrap before start");
        }
        if (rootAccessKeyId.isPresent() != rootSecretAccessKey.isPresent()) {
            throw new IllegalArgumentException("set both the root access key id and the root secret access key, or neither");
        }
        boolean exists = store.read(reader -> !new IdentityRepository(reader).accounts().isEmpty());
        if (exists) {
            return Optional.empty();
        }
        try {
            return Optional.of(create(rootAccessKeyId, rootSecretAccessKey, true));
        }
        catch (CairnException e) {
            if (e.errorCode() != ErrorCode.ENTITY_ALREADY_EXISTS || !FIRST_ACCOUNT.equals(e.getMessage())) {
                throw e;
            }
            // another node sharing the store started at the same moment and created it
            return Optional.empty();
        }
    }

    /**
     * The account the first start created (older stores have no marker: their first account is the oldest); empty
     * before the first start.
     */
    public Optional<Account> firstAccount()
            throws IOException
    {
        return store.read(reader -> {
            IdentityRepository identities = new IdentityRepository(reader);
            Optional<byte[]> marker = reader.get(BOOTSTRAP_KIND, "", FIRST_ACCOUNT_KEY);
            if (marker.isPresent()) {
                return identities.account(new String(marker.get(), StandardCharsets.UTF_8));
            }
            return identities.accounts().stream().min(Comparator.comparing(Account::createDate));
        });
    }

    /**
     * The first account's root user's console password: {@code given} replaces it (at every start, so the operator's
     * setting wins); without one, a password is generated when the root user has none, and returned (to be shown
     * once). Call before Cairn starts.
     */
    public Optional<String> rootPassword(Optional<String> given)
            throws IOException
    {
        if (started.getAsBoolean()) {
            throw new IllegalStateException("set the root password before start");
        }
        Optional<Account> first = firstAccount();
        if (first.isEmpty()) {
            return Optional.empty();
        }
        String accountId = first.get().accountId();
        Optional<LoginProfile> existing = store.read(reader -> new IdentityRepository(reader).loginProfile(accountId, Optional.empty()));
        if (given.isEmpty() && existing.isPresent()) {
            return Optional.empty();
        }
        String password = given.orElseGet(Passwords::generate);
        LoginProfile profile = new LoginProfile(accountId, Optional.empty(), Passwords.hash(password), existing.map(LoginProfile::createDate).orElse(clock.instant()),
                false);
        try (WriteBatch batch = store.beginBatch()) {
            new IdentityRepository(batch.metadata()).putLoginProfile(profile);
            batch.commit();
        }
        return given.isPresent() ? Optional.empty() : Optional.of(password);
    }

    /**
     * Creates an account with a root access key (the given one, else a generated one). Used on first start; later by
     * Organizations and by tests that need several accounts.
     */
    public RootCredentials create(Optional<String> rootAccessKeyId, Optional<String> rootSecretAccessKey)
            throws IOException
    {
        return create(rootAccessKeyId, rootSecretAccessKey, false);
    }

    private RootCredentials create(Optional<String> rootAccessKeyId, Optional<String> rootSecretAccessKey, boolean first)
            throws IOException
    {
        String accountId = ids.accountId();
        String accessKeyId = rootAccessKeyId.orElseGet(ids::accessKeyId);
        String secret = rootSecretAccessKey.orElseGet(ids::secretAccessKey);
        WriteTask.Change<Void> change = metadata -> {
            IdentityRepository repository = new IdentityRepository(metadata);
            // nodes starting together on an empty shared store: the one that inserts this marker creates the first account
            if (first && !metadata.insert(BOOTSTRAP_KIND, "", FIRST_ACCOUNT_KEY, accountId.getBytes(StandardCharsets.UTF_8))) {
                throw new CairnException(ErrorCode.ENTITY_ALREADY_EXISTS, FIRST_ACCOUNT);
            }
            if (repository.accessKey(accessKeyId).isPresent()) {
                throw new CairnException(ErrorCode.ENTITY_ALREADY_EXISTS, "access key " + accessKeyId + " exists");
            }
            repository.createAccount(new Account(accountId, clock.instant()));
            repository.putAccessKey(new AccessKey(accessKeyId, secrets.encrypt(accessKeyId, secret), accountId, Optional.empty(), true, clock.instant()));
            return null;
        };
        if (started.getAsBoolean()) {
            journal.applyUnrecorded("create account", change, Duration.ofMinutes(1));
        }
        else {
            try (WriteBatch batch = store.beginBatch()) {
                change.apply(batch.metadata());
                batch.commit();
            }
        }
        identities.invalidate();
        log.info("created account {} with root access key {}", accountId, accessKeyId);
        return new RootCredentials(accountId, accessKeyId, secret);
    }
}
