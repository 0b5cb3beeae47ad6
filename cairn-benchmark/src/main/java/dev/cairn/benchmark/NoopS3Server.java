package dev.cairn.benchmark;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An S3 API server that stores nothing, on {@code 127.0.0.1}: a PUT's body is read and dropped and only its length
 * kept, a GET of a key put before answers that many bytes of {@code block} repeated, everything else answers 200
 * with no body. Signatures are not checked. It costs next to nothing, so that the gateway's own cost shows in front
 * of it, where a real store's (s3proxy's) would hide it.
 */
final class NoopS3Server
        implements Closeable
{
    private static final String ETAG = "\"d41d8cd98f00b204e9800998ecf8427e\"";
    private static final String LAST_MODIFIED = "Wed, 02 Dec 2026 12:00:00 GMT";

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, Long> lengths = new ConcurrentHashMap<>();
    private final byte[] block;

    NoopS3Server(byte[] block)
            throws Exception
    {
        this.block = block.clone();
        server = new Server(new QueuedThreadPool(256, 8));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new HttpServlet()
        {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response)
                    throws IOException
            {
                answer(request, response);
            }
        }), "/*");
        server.setHandler(context);
        server.start();
    }

    URI endpoint()
    {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    private void answer(HttpServletRequest request, HttpServletResponse response)
            throws IOException
    {
        String path = request.getRequestURI();
        // an object's path is /bucket/key; /bucket is the bucket itself
        boolean object = path.indexOf('/', 1) > 0;
        switch (request.getMethod()) {
            case "PUT" -> {
                long length = drop(request.getInputStream());
                if (object) {
                    lengths.put(path, length);
                    response.setHeader("ETag", ETAG);
                }
                response.setStatus(200);
                response.setContentLength(0);
            }
            case "GET", "HEAD" -> {
                Long length = object ? lengths.get(path) : Long.valueOf(0);
                if (length == null) {
                    byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
                            + "<Key>" + path + "</Key></Error>").getBytes(StandardCharsets.UTF_8);
                    response.setStatus(404);
                    response.setContentType("application/xml");
                    response.setContentLength(error.length);
                    response.getOutputStream().write(error);
                    return;
                }
                response.setStatus(200);
                response.setHeader("ETag", ETAG);
                response.setHeader("Last-Modified", LAST_MODIFIED);
                response.setContentType("application/octet-stream");
                response.setContentLengthLong(length);
                if (request.getMethod().equals("GET")) {
                    write(response.getOutputStream(), length);
                }
            }
            default -> {
                drop(request.getInputStream());
                response.setStatus(request.getMethod().equals("DELETE") ? 204 : 200);
                response.setContentLength(0);
            }
        }
    }

    private static long drop(InputStream in)
            throws IOException
    {
        byte[] buffer = new byte[64 * 1024];
        long length = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            length += read;
        }
        return length;
    }

    private void write(OutputStream out, long length)
            throws IOException
    {
        long left = length;
        while (left > 0) {
            int count = (int) Math.min(block.length, left);
            out.write(block, 0, count);
            left -= count;
        }
    }

    @Override
    public void close()
    {
        try {
            server.stop();
        }
        catch (Exception e) {
            throw new IllegalStateException("stopping the no-op S3 server failed", e);
        }
    }
}
