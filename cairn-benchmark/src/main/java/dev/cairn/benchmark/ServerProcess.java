package dev.cairn.benchmark;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own process: Cairn from its runnable jar, or moto_server.
 */
final class ServerProcess
        implements Closeable
{
    private static final Pattern READY = Pattern.compile("Cairn is ready: http://[^:]+:(\\d+)");

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port)
    {
        this.process = process;
        this.port = port;
    }

    int port()
    {
        return port;
    }

    long pid()
    {
        return process.pid();
    }

    static ServerProcess cairn(Path jar, List<String> jvmOptions, Path dataDirectory, List<String> extraArguments, Map<String, String> environment)
            throws IOException
    {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--port", "0", "--data-dir", dataDirectory.toString()));
        command.addAll(extraArguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher matcher = READY.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    }
                    catch (IOException ignored) {
                        // process ended
                    }
                }, "cairn-stdout");
                drain.setDaemon(true);
                drain.start();
                return new ServerProcess(process, Integer.parseInt(matcher.group(1)));
            }
        }
        throw new IOException("Cairn exited before it was ready");
    }

    static ServerProcess moto(int port)
            throws IOException
    {
        Process process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new ServerProcess(process, port);
            }
            catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("moto_server exited (is moto installed? pip install 'moto[server]')");
                }
                sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IOException("moto_server did not listen on port " + port + " within 30 s");
    }

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM and wait. */
    @Override
    public void close()
    {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
