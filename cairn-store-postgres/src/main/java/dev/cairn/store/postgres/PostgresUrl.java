package dev.cairn.store.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where the PostgreSQL store is, as given to {@code cairn serve --store}: a libpq-style URL
 * {@code postgresql://user:password@host:5432/database?sslmode=require} (user, password and port optional; query
 * parameters passed to the JDBC driver), or a JDBC URL {@code jdbc:postgresql://...}.
 *
 * @param jdbcUrl the JDBC URL without credentials
 */
public record PostgresUrl(String jdbcUrl, Optional<String> user, Optional<String> password)
{
    public PostgresUrl
    {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
    }

    /** Whether {@code store} names a PostgreSQL store (rather than the embedded one). */
    public static boolean isPostgres(String store)
    {
        return store.startsWith("postgresql://") || store.startsWith("postgres://") || store.startsWith("jdbc:postgresql://");
    }

    /**
     * @throws IllegalArgumentException with a message that says what is wrong (never the password)
     */
    public static PostgresUrl parse(String store)
    {
        requireNonNull(store, "store is null");
        if (store.startsWith("jdbc:postgresql://")) {
            return new PostgresUrl(store, Optional.empty(), Optional.empty());
        }
        if (!isPostgres(store)) {
            throw new IllegalArgumentException("not a PostgreSQL URL: expected postgresql://user:password@host:5432/database");
        }
        URI uri;
        try {
            uri = new URI(store);
        }
        catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL (percent-encode special characters in the user name and password): " + e.getReason());
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("the PostgreSQL URL names no host: expected postgresql://user:password@host:5432/database");
        }
        String database = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (database.isEmpty()) {
            throw new IllegalArgumentException("the PostgreSQL URL names no database: expected postgresql://user:password@host:5432/database");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(decode(parts[0]));
            if (parts.length == 2) {
                password = Optional.of(decode(parts[1]));
            }
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
        String jdbc = "jdbc:postgresql://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + "/" + database
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new PostgresUrl(jdbc, user, password);
    }

    private static String decode(String text)
    {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** For logs: the JDBC URL and user, never the password. */
    @Override
    public String toString()
    {
        return jdbcUrl + user.map(name -> " as " + name).orElse("");
    }
}
