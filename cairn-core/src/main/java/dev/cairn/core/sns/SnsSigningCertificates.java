package dev.cairn.core.sns;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.Json;
import dev.cairn.core.journal.JournalWriter;
import dev.cairn.core.secrets.MasterKey;
import dev.cairn.spi.Store;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The one certificate that signs the messages of every topic, made on first start and kept as a metadata document
 * ({@code sns.signing-certificate / - / current}) with its private key encrypted with the master key, as the digest
 * signing keys are. Nodes that share a store share it: the first to start makes it, the others (and restarts) load it.
 * Thread-safe.
 */
public final class SnsSigningCertificates
{
    static final String KIND = "sns.signing-certificate";
    private static final String SCOPE = "-";
    private static final String KEY = "current";
    private static final String ENCRYPTION_CONTEXT = "sns-signing-certificate";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final Store store;
    private final JournalWriter journal;
    private final Clock clock;
    private final MasterKey masterKey;
    private final ObjectMapper mapper = Json.mapper();
    private final Object lock = new Object();
    private volatile SnsSigningCertificate current;

    /** As stored: the private key encrypted, the certificate's DER. */
    record Stored(byte[] privateKey, byte[] certificate)
    {
    }

    public SnsSigningCertificates(Store store, JournalWriter journal, Clock clock, MasterKey masterKey)
    {
        this.store = requireNonNull(store, "store is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.masterKey = requireNonNull(masterKey, "masterKey is null");
    }

    /** The certificate: loaded, or made and stored on first use (the journal writer must be running). */
    public SnsSigningCertificate certificate()
            throws IOException
    {
        SnsSigningCertificate known = current;
        if (known != null) {
            return known;
        }
        synchronized (lock) {
            if (current == null) {
                current = loadOrCreate();
            }
            return current;
        }
    }

    private SnsSigningCertificate loadOrCreate()
            throws IOException
    {
        Optional<SnsSigningCertificate> stored = load();
        if (stored.isPresent()) {
            return stored.get();
        }
        SnsSigningCertificate made = SnsSigningCertificate.generate(clock.instant());
        byte[] value = mapper.writeValueAsBytes(new Stored(masterKey.encrypt(made.privateKey(), ENCRYPTION_CONTEXT), made.encoded()));
        boolean inserted = journal.applyUnrecorded("store the SNS signing certificate", metadata -> metadata.insert(KIND, SCOPE, KEY, value), WRITE_TIMEOUT);
        if (inserted) {
            return made;
        }
        // another node made one first: use it
        return load().orElseThrow(() -> new IOException("the SNS signing certificate another node stored is gone"));
    }

    private Optional<SnsSigningCertificate> load()
            throws IOException
    {
        Optional<byte[]> document = store.read(reader -> reader.get(KIND, SCOPE, KEY));
        if (document.isEmpty()) {
            return Optional.empty();
        }
        Stored stored = mapper.readValue(document.get(), Stored.class);
        return Optional.of(SnsSigningCertificate.load(masterKey.decrypt(stored.privateKey(), ENCRYPTION_CONTEXT), stored.certificate()));
    }
}
