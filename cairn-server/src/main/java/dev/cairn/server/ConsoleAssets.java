package dev.cairn.server;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's pages: a few files from the classpath ({@code dev/cairn/server/console/}), read once, served with
 * an ETag (revalidated on every load, so a new version shows at once) and a Content-Security-Policy that allows
 * only the server's own scripts, styles and requests: no inline script or style, no other origin.
 */
final class ConsoleAssets
{
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final String FOLDER = "dev/cairn/server/console/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    /** The files, by name; the page is {@code index.html}. */
    private static final List<String> FILES = List.of("index.html", "app.js", "app.css", "cairn.svg");

    private record Asset(byte[] bytes, String type, String etag) {}

    private final Map<String, Asset> assets = new ConcurrentHashMap<>();

    ConsoleAssets()
    {
        for (String name : FILES) {
            try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
                if (in == null) {
                    throw new IllegalStateException("console file missing from the build: " + FOLDER + name);
                }
                byte[] bytes = in.readAllBytes();
                String extension = name.substring(name.lastIndexOf('.') + 1);
                assets.put(name, new Asset(bytes, TYPES.getOrDefault(extension, "text/plain; charset=utf-8"), etag(bytes)));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code GET /}: the console's page. */
    void page(Context ctx)
    {
        serve(ctx, "index.html");
    }

    /** {@code GET /console/assets/{name}}. */
    void asset(Context ctx)
    {
        serve(ctx, ctx.pathParam("name"));
    }

    private void serve(Context ctx, String name)
    {
        securityHeaders(ctx, PAGE_POLICY);
        Optional<Asset> asset = Optional.ofNullable(assets.get(name));
        if (asset.isEmpty()) {
            ctx.status(404);
            ctx.contentType("text/plain; charset=utf-8");
            ctx.result("Not found.");
            return;
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", asset.get().etag());
        if (asset.get().etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.get().type());
        ctx.result(asset.get().bytes());
    }

    /** The headers of every console answer, pages and JSON alike, with the answer's Content-Security-Policy. */
    static void securityHeaders(Context ctx, String contentSecurityPolicy)
    {
        ctx.header("Content-Security-Policy", contentSecurityPolicy);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }

    private static String etag(byte[] bytes)
    {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
