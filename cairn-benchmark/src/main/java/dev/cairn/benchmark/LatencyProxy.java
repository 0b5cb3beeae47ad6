package dev.cairn.benchmark;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on {@code 127.0.0.1} that holds back each answer until {@code latency} after the request that asked
 * for it, as a network round trip would: an S3 endpoint in another rack or region rather than on loopback. One
 * request at a time per connection (HTTP/1.1 without pipelining), which is how both the AWS CLI and Cairn use
 * connections.
 */
final class LatencyProxy
        implements Closeable
{
    private final ServerSocket server;
    private final int targetPort;
    private final long latencyNanos;

    LatencyProxy(int targetPort, long latencyMillis)
            throws IOException
    {
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.latencyNanos = TimeUnit.MILLISECONDS.toNanos(latencyMillis);
        Thread acceptor = new Thread(this::accept, "latency-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port()
    {
        return server.getLocalPort();
    }

    private void accept()
    {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                Exchange exchange = new Exchange();
                start(() -> pump(client, target, exchange, true));
                start(() -> pump(target, client, exchange, false));
            }
            catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("latency proxy: " + e);
                }
            }
        }
    }

    /** When the request now waiting for its answer was sent (0 when none is waiting). */
    private static final class Exchange
    {
        volatile long requestSentAt;
    }

    private void pump(Socket from, Socket to, Exchange exchange, boolean requests)
    {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (requests) {
                    if (exchange.requestSentAt == 0) {
                        exchange.requestSentAt = System.nanoTime();
                    }
                }
                else {
                    long sent = exchange.requestSentAt;
                    if (sent != 0) {
                        long wait = sent + latencyNanos - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        exchange.requestSentAt = 0;
                    }
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        }
        catch (IOException | InterruptedException e) {
            // the other side closed
        }
        finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void start(Runnable runnable)
    {
        Thread thread = new Thread(runnable, "latency-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket)
    {
        try {
            socket.close();
        }
        catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close()
            throws IOException
    {
        server.close();
    }
}
