package dev.cairn.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 client connection with just enough parsing for benchmark responses: status line, headers,
 * {@code Content-Length} or chunked bodies. Reconnects when the server closes the connection (HTTP/1.0 servers).
 */
final class HttpConnection
        implements Closeable
{
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean reconnect = true;

    HttpConnection(String host, int port)
    {
        this.host = host;
        this.port = port;
    }

    record Response(int status, String requestId, byte[] body)
    {
        String text()
        {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Response send(byte[] request)
            throws IOException
    {
        if (reconnect) {
            connect();
        }
        out.write(request);
        out.flush();
        return read();
    }

    private void connect()
            throws IOException
    {
        close();
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 65_536);
        out = socket.getOutputStream();
        reconnect = false;
    }

    /** The answer to a {@link #transfer}: its status, and the length of its body, which was read and dropped. */
    record Transfer(int status, long bodyBytes)
    {
    }

    /**
     * Sends {@code head}, then {@code block} {@code repeat} times as the request's body (a large body streamed from
     * memory), and reads the answer, dropping its body as it arrives: for uploads and downloads larger than the
     * benchmark wants to hold.
     */
    Transfer transfer(byte[] head, byte[] block, int repeat)
            throws IOException
    {
        if (reconnect) {
            connect();
        }
        out.write(head);
        for (int i = 0; i < repeat; i++) {
            out.write(block);
        }
        out.flush();
        Head answer = readHead();
        long bodyBytes = 0;
        byte[] buffer = new byte[256 * 1024];
        if (answer.chunked()) {
            while (true) {
                long size = Long.parseLong(line().trim(), 16);
                if (size == 0) {
                    line();
                    break;
                }
                bodyBytes += drain(buffer, size);
                line();
            }
        }
        else if (answer.length() >= 0) {
            bodyBytes = drain(buffer, answer.length());
        }
        else {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                bodyBytes += read;
            }
        }
        if (answer.close() || answer.length() < 0 && !answer.chunked()) {
            reconnect = true;
        }
        return new Transfer(answer.status(), bodyBytes);
    }

    private long drain(byte[] buffer, long size)
            throws IOException
    {
        long left = size;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("connection closed " + left + " bytes before the end of the body");
            }
            left -= read;
        }
        return size;
    }

    /** A response's status line and the headers that frame its body. */
    private record Head(int status, long length, boolean chunked, boolean close, String requestId)
    {
    }

    private Head readHead()
            throws IOException
    {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        boolean http10 = statusLine.startsWith("HTTP/1.0");
        long length = -1;
        boolean chunked = false;
        boolean close = http10;
        String requestId = null;
        String header;
        while ((header = line()) != null && !header.isEmpty()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close") || (http10 && !value.equalsIgnoreCase("keep-alive"));
                case "x-amzn-requestid" -> requestId = value;
                default -> {
                    // not needed
                }
            }
        }
        return new Head(status, length, chunked, close, requestId);
    }

    private Response read()
            throws IOException
    {
        Head head = readHead();
        boolean close = head.close();
        byte[] body;
        if (head.chunked()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line().trim(), 16);
                if (size == 0) {
                    line();
                    break;
                }
                bytes.write(in.readNBytes(size));
                line();
            }
            body = bytes.toByteArray();
        }
        else if (head.length() >= 0) {
            body = in.readNBytes((int) head.length());
        }
        else {
            body = in.readAllBytes();
            close = true;
        }
        if (close) {
            reconnect = true;
        }
        return new Response(head.status(), head.requestId(), body);
    }

    private String line()
            throws IOException
    {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close()
    {
        if (socket != null) {
            try {
                socket.close();
            }
            catch (IOException ignored) {
                // closing is best effort
            }
            socket = null;
        }
    }
}
