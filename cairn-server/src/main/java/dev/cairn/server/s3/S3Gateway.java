package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.Cairn;
import dev.cairn.server.RequestAuthenticator;
import dev.cairn.server.TrustedProxies;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.Closeable;
import java.io.IOException;
import java.security.KeyStore;
import java.util.Optional;

/**
 * The S3 gateway's HTTP server: its own port ({@code --s3-gateway-port}), HTTP/1.1, HTTPS when Cairn has a TLS
 * certificate. Every request goes to {@link GatewayHandler}. URIs are taken as clients send them (S3 keys may hold
 * what a web server would call ambiguous: {@code //}, {@code %2F}, {@code ..}); nothing is served from files.
 */
public final class S3Gateway
        implements Closeable
{
    private final Server server;
    private final GatewayHandler handler;
    private final ServerConnector connector;
    private final boolean secure;

    private S3Gateway(Server server, GatewayHandler handler, ServerConnector connector, boolean secure)
    {
        this.server = server;
        this.handler = handler;
        this.connector = connector;
        this.secure = secure;
    }

    /**
     * @param tls the certificate's key store and its password, when Cairn serves HTTPS
     */
    public static S3Gateway start(Cairn cairn, GatewayConfig config, String bindAddress, int maximumThreads, RequestAuthenticator authenticator, TrustedProxies proxies,
            Optional<TlsKeys> tls)
            throws IOException
    {
        requireNonNull(cairn, "cairn is null");
        requireNonNull(config, "config is null");
        GatewayHandler handler = new GatewayHandler(cairn, config, authenticator, proxies);
        Server server = new Server(new QueuedThreadPool(maximumThreads, 8, 60_000, null, null));
        server.setStopTimeout(10_000);
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Jetty's parser otherwise takes a header it knows case-insensitively and hands out its own value: a signed
        // "Content-Type: text/plain; charset=UTF-8" would read as "...charset=utf-8" and its signature would not match
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector;
        if (tls.isPresent()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(tls.get().keyStore());
            ssl.setKeyStorePassword(tls.get().password());
            ssl.setCertAlias(tls.get().alias());
            ssl.setSniRequired(false);
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer customizer = new SecureRequestCustomizer();
            customizer.setSniHostCheck(false);
            https.addCustomizer(customizer);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        }
        else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(bindAddress);
        connector.setPort(config.port());
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addServlet(new ServletHolder(new HttpServlet()
        {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response)
            {
                handler.handle(request, response);
            }
        }), "/*");
        server.setHandler(context);
        try {
            server.start();
        }
        catch (Exception e) {
            try {
                server.stop();
                handler.close();
            }
            catch (Exception stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw new IOException("could not start the S3 gateway on " + bindAddress + ":" + config.port() + ": " + e.getMessage(), e);
        }
        return new S3Gateway(server, handler, connector, tls.isPresent());
    }

    /** A TLS certificate's key store, as Cairn's HTTPS port has it. */
    public record TlsKeys(KeyStore keyStore, String password, String alias)
    {
        public TlsKeys
        {
            requireNonNull(keyStore, "keyStore is null");
            requireNonNull(password, "password is null");
            requireNonNull(alias, "alias is null");
        }
    }

    public int port()
    {
        return connector.getLocalPort();
    }

    /** Where the gateway answers, e.g. {@code http://127.0.0.1:4748}. */
    public String url()
    {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return (secure ? "https" : "http") + "://" + host + ":" + port();
    }

    @Override
    public void close()
    {
        try {
            server.stop();
            handler.close();
        }
        catch (Exception e) {
            throw new IllegalStateException("stopping the S3 gateway failed", e);
        }
    }
}
