package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.Accounts;
import dev.cairn.core.Cairn;
import dev.cairn.core.NodeConfig;
import dev.cairn.core.iam.IdGenerator;
import dev.cairn.core.secrets.MasterKey;
import dev.cairn.core.sns.SnsDelivery;
import dev.cairn.core.sns.SnsSigningCertificate;
import dev.cairn.server.s3.S3Gateway;
import dev.cairn.spi.BucketStore;
import dev.cairn.spi.LogGroupTarget;
import dev.cairn.spi.Store;
import dev.cairn.target.local.LocalBucketStore;
import dev.cairn.target.logs.CloudWatchLogsTarget;
import dev.cairn.target.s3.S3BucketStore;
import dev.cairn.store.postgres.PostgresStore;
import dev.cairn.store.sqlite.SqliteStore;
import io.javalin.Javalin;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A running Cairn: the embedded store, the core and the HTTP edge on one port. {@code GET /health} answers 200
 * only while the server is ready. Closing stops HTTP first, then lets the journal writer commit what is queued,
 * then closes the store, so nothing acknowledged is lost.
 */
public final class CairnServer
        implements Closeable
{
    private static final Logger log = LoggerFactory.getLogger(CairnServer.class);
    public static final String ROOT_CREDENTIALS_FILE = "root-credentials";
    public static final String ROOT_PASSWORD_FILE = "root-console-password";
    /**
     * The embedded store's master key, in the data directory, made on the first start when no
     * {@code --master-key-file} is given: it encrypts the secrets in {@code cairn.db}, which are unusable without it.
     */
    public static final String MASTER_KEY_FILE = "master.key";
    /** A console session ends after this long without requests. */
    static final Duration CONSOLE_IDLE_TIMEOUT = Duration.ofHours(1);

    private final ServerConfig config;
    private final Store store;
    private BucketStore buckets;
    private Closeable closeBuckets;
    /** The client of an external CloudWatch Logs service (--cloudwatch-logs-endpoint); null without one. */
    private CloudWatchLogsTarget externalLogGroups;
    private final Cairn cairn;
    private final Optional<Accounts.RootCredentials> bootstrap;
    private final Optional<String> generatedRootPassword;
    private final Javalin http;
    private ConsoleEndpoint console;
    private S3Gateway gateway;
    private volatile boolean ready;
    private boolean closed;

    private CairnServer(ServerConfig config, Clock clock)
            throws IOException
    {
        this.config = config;
        DataDirectory.makePrivate(config.dataDirectory());
        NodeConfig node = config.node();
        if (node.masterKey().isEmpty()) {
            if (config.postgres().isPresent()) {
                throw new IllegalArgumentException("a PostgreSQL store needs a master key (--master-key-file), the same on every node");
            }
            node = node.withMasterKey(MasterKey.readOrCreate(config.dataDirectory().resolve(MASTER_KEY_FILE)));
        }
        this.store = config.postgres().isPresent() ? PostgresStore.open(config.postgres().get()) : SqliteStore.open(config.dataDirectory());
        try {
            if (config.s3().isPresent()) {
                S3BucketStore s3 = new S3BucketStore(config.s3().get());
                this.buckets = s3;
                this.closeBuckets = s3;
            }
            else {
                LocalBucketStore local = new LocalBucketStore(config.bucketDirectory());
                local.createRoot();
                this.buckets = local;
                this.closeBuckets = null;
            }
            this.externalLogGroups = config.cloudWatchLogs().map(CloudWatchLogsTarget::new).orElse(null);
            this.cairn = new Cairn(store, config.core(), clock, buckets, node, config.lakeDirectory(), Optional.<LogGroupTarget>ofNullable(externalLogGroups));
            RequestAuthenticator authenticator = new RequestAuthenticator(cairn.identities(), config.core().regions(), clock);
            TrustedProxies proxies = new TrustedProxies(config.http().trustedProxies());
            ApiEndpoint api = new ApiEndpoint(cairn, authenticator, proxies, config.http().requestBodyTimeout());
            ConsoleEndpoint console = new ConsoleEndpoint(cairn, proxies, CONSOLE_IDLE_TIMEOUT, config.http().requestBodyTimeout());
            this.console = console;
            ConsoleAssets assets = new ConsoleAssets();
            Optional<KeyStore> tls = config.http().tls().isPresent()
                    ? Optional.of(PemKeyStore.load(config.http().tls().get().certificate(), config.http().tls().get().privateKey()))
                    : Optional.empty();
            this.http = Javalin.create(javalin -> {
                javalin.startup.showJavalinBanner = false;
                javalin.startup.showOldJavalinVersionWarning = false;
                // Javalin copies each response through a buffer of this size, allocated per response (32 KB by default)
                javalin.http.responseBufferSize = 8_192;
                javalin.jetty.host = config.http().bindAddress();
                javalin.jetty.port = config.http().port();
                javalin.jetty.threadPool = new QueuedThreadPool(config.http().maximumThreads(), 8, 60_000);
                javalin.jetty.modifyServer(server -> server.setStopTimeout(10_000));
                tls.ifPresent(keyStore -> javalin.jetty.addConnector((server, httpConfiguration) -> httpsConnector(server, httpConfiguration, keyStore, config.http())));
                javalin.routes.before(ctx -> {
                    String requestId = IdGenerator.uuid();
                    ctx.attribute(ApiEndpoint.REQUEST_ID_ATTRIBUTE, requestId);
                    ctx.header(ApiEndpoint.REQUEST_ID_HEADER, requestId);
                });
                javalin.routes.get("/health", ctx -> {
                    ctx.status(ready ? 200 : 503);
                    ctx.contentType("application/json");
                    ctx.result(ready ? "{\"status\":\"ready\"}" : "{\"status\":\"starting\"}");
                });
                javalin.routes.get("/metrics", ctx -> {
                    ctx.contentType("text/plain; version=0.0.4");
                    ctx.result(cairn.metrics());
                });
                javalin.routes.post("/console/signin", ctx -> {
                    if (ready) {
                        console.signIn(ctx);
                    }
                    else {
                        ctx.status(503);
                    }
                });
                javalin.routes.get("/console/session", console::session);
                javalin.routes.post("/console/signout", console::signOut);
                javalin.routes.post("/console/switchrole", console::switchRole);
                javalin.routes.post("/console/switchback", console::switchBack);
                javalin.routes.post("/console/api/{service}/{operation}", console::api);
                javalin.routes.sse("/console/live", console::live);
                // whatever a console or page route throws leaves through the ErrorMapper (API calls answer their own)
                javalin.routes.exception(Exception.class, console::fail);
                javalin.routes.get("/", ctx -> {
                    if (!ApiEndpoint.isQueryGet(ctx)) {
                        assets.page(ctx);
                    }
                    else if (ready) {
                        api.handle(ctx);
                    }
                    else {
                        api.unavailable(ctx);
                    }
                });
                javalin.routes.get("/console/assets/{name}", assets::asset);
                // the certificate of SNS messages' SigningCertURL: public, as AWS's are
                javalin.routes.get("/sns/{name}", ctx -> {
                    SnsSigningCertificate certificate = ready ? cairn.snsCertificates().certificate() : null;
                    if (certificate == null || !SnsDelivery.certificatePath(certificate).equals(ctx.path())) {
                        ctx.status(404);
                        return;
                    }
                    ctx.contentType("application/x-pem-file");
                    ctx.result(certificate.pem());
                });
                // every API call, and the paths of the REST-JSON operations (CloudTrail Data's POST /PutAuditEvents)
                for (String path : java.util.stream.Stream.concat(java.util.stream.Stream.of("/"), api.restPaths().stream()).toList()) {
                    javalin.routes.post(path, ctx -> {
                        if (ready) {
                            api.handle(ctx);
                        }
                        else {
                            api.unavailable(ctx);
                        }
                    });
                }
            });
            // bind first: a bad address or a busy port fails before any account or credential is created
            http.start();
            this.bootstrap = cairn.accounts().bootstrap(config.root().accessKeyId(), config.root().secretAccessKey());
            if (bootstrap.isPresent() && config.root().accessKeyId().isEmpty()) {
                Path credentials = config.dataDirectory().resolve(ROOT_CREDENTIALS_FILE);
                writeOwnerOnly(credentials, rootCredentials(bootstrap.get(), credentials));
            }
            this.generatedRootPassword = cairn.accounts().rootPassword(config.root().password());
            if (generatedRootPassword.isPresent()) {
                writeOwnerOnly(config.dataDirectory().resolve(ROOT_PASSWORD_FILE), "# The root user's console password, generated on start because it had none.\n"
                        + "# Set CAIRN_ROOT_PASSWORD to choose it.\n" + generatedRootPassword.get() + "\n");
            }
            // the messages SNS posts point back here (SubscribeURL, UnsubscribeURL, SigningCertURL)
            cairn.snsDelivery().apiEndpoint(config.http().publicUrl().map(java.net.URI::toString).orElse(url()));
            cairn.start();
            if (config.gateway().isPresent()) {
                Optional<S3Gateway.TlsKeys> gatewayTls = tls.map(keyStore -> new S3Gateway.TlsKeys(keyStore, new String(PemKeyStore.PASSWORD), PemKeyStore.ALIAS));
                this.gateway = S3Gateway.start(cairn, config.gateway().get(), config.http().bindAddress(), config.http().maximumThreads(), authenticator, proxies, gatewayTls);
            }
        }
        catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
        ready = true;
        log.info("Cairn listening on {} (data in {}, regions {}, trails deliver every {} to {})", url(), config.dataDirectory().toAbsolutePath(), config.core().regions(),
                config.core().delivery().interval(), buckets.describe());
        if (gateway != null) {
            log.info("S3 gateway listening on {}, in front of {}", gateway.url(), config.gateway().get().upstream());
        }
    }

    /**
     * HTTPS on the configured port: TLS, then HTTP/2 or HTTP/1.1 as the client offers (ALPN). The TLS session's
     * details reach requests (for {@code tlsDetails}); the SNI name is not checked against the certificate, as a
     * client may reach Cairn by address.
     */
    private static Connector httpsConnector(Server server, HttpConfiguration httpConfiguration, KeyStore keyStore, HttpConfig config)
    {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
        ssl.setCertAlias(PemKeyStore.ALIAS);
        ssl.setSniRequired(false);
        HttpConfiguration https = new HttpConfiguration(httpConfiguration);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        HttpConnectionFactory http11 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(https);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http11.getProtocol());
        SslConnectionFactory tls = new SslConnectionFactory(ssl, alpn.getProtocol());
        ServerConnector connector = new ServerConnector(server, tls, alpn, http2, http11);
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        return connector;
    }

    /** Where the server answers, e.g. {@code http://127.0.0.1:4747}. */
    public String url()
    {
        return config.http().scheme() + "://" + config.http().bindAddress() + ":" + http.port();
    }

    public static CairnServer start(ServerConfig config, Clock clock)
            throws IOException
    {
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        return new CairnServer(config, clock);
    }

    /** The port actually bound (useful with port 0). */
    public int port()
    {
        return http.port();
    }

    /** The S3 gateway, when configured ({@code --s3-gateway-upstream}). */
    public Optional<S3Gateway> gateway()
    {
        return Optional.ofNullable(gateway);
    }

    public boolean ready()
    {
        return ready;
    }

    /**
     * The root credentials created by this start, if it created the first account. They are written to
     * {@value #ROOT_CREDENTIALS_FILE} in the data directory only when generated (not when the operator gave them).
     */
    public Optional<Accounts.RootCredentials> bootstrap()
    {
        return bootstrap;
    }

    public Cairn cairn()
    {
        return cairn;
    }

    public Store store()
    {
        return store;
    }

    /** Where trails deliver. */
    public BucketStore buckets()
    {
        return buckets;
    }

    public ServerConfig config()
    {
        return config;
    }

    /**
     * The root user's console password when this start generated it (the root user had none and
     * {@code CAIRN_ROOT_PASSWORD} was not set); it is also in {@value #ROOT_PASSWORD_FILE} in the data directory.
     */
    public Optional<String> generatedRootPassword()
    {
        return generatedRootPassword;
    }

    /** An AWS shared-credentials file. */
    private static String rootCredentials(Accounts.RootCredentials bootstrap, Path file)
    {
        return "# Root user of Cairn account " + bootstrap.accountId() + ", created on first start.\n"
                + "# Use with AWS_SHARED_CREDENTIALS_FILE=" + file.toAbsolutePath() + " AWS_PROFILE=cairn-root\n"
                + "[cairn-root]\n"
                + "aws_access_key_id = " + bootstrap.accessKeyId() + "\n"
                + "aws_secret_access_key = " + bootstrap.secretAccessKey() + "\n";
    }

    /** Writes a secret to a file only its owner can read. */
    private static void writeOwnerOnly(Path file, String text)
            throws IOException
    {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        catch (UnsupportedOperationException e) {
            Files.deleteIfExists(file);
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    @Override
    public synchronized void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        ready = false;
        closeQuietly();
        log.info("Cairn stopped");
    }

    private void closeQuietly()
    {
        // live streams first: Jetty's graceful stop would otherwise wait for them
        if (console != null) {
            console.close();
        }
        if (gateway != null) {
            try {
                gateway.close();
            }
            catch (RuntimeException e) {
                log.warn("stopping the S3 gateway failed", e);
            }
        }
        try {
            if (http != null) {
                http.stop();
            }
        }
        catch (RuntimeException e) {
            log.warn("stopping HTTP failed", e);
        }

        if (cairn != null) {
            cairn.close();
        }
        if (externalLogGroups != null) {
            externalLogGroups.close();
        }
        if (closeBuckets != null) {
            try {
                closeBuckets.close();
            }
            catch (IOException e) {
                log.warn("closing the S3 client failed", e);
            }
        }
        try {
            store.close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
