package dev.cairn.testing;

import static java.util.Objects.requireNonNull;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cairn serve} as a separate JVM, for tests that need a real process: exit codes, what it prints, signals,
 * and restarts over the same data directory after a crash.
 *
 * <p>The child runs {@code dev.cairn.cli.Main} with the current JVM's {@code java} and the test's class path (see
 * {@link #classPath()}). Its standard output and standard error go to files in a fresh run directory, which is also
 * its working directory unless one is given. The child's environment is this JVM's, less every {@code CAIRN_*}
 * variable and the variables that make a JVM print to standard error on its own ({@code JAVA_TOOL_OPTIONS},
 * {@code JDK_JAVA_OPTIONS}, {@code _JAVA_OPTIONS}), plus what the builder sets.
 *
 * <p>AWS SDK clients from this class never retry: every call is one HTTP exchange, and the request id of its
 * response (or error) is the one the server answered with.
 */
public final class CairnProcess
        implements Closeable
{
    /** Overrides the class path of the child JVM. */
    public static final String CLASS_PATH_PROPERTY = "cairn.process.classpath";
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private static final String MAIN_CLASS = "dev.cairn.cli.Main";
    private static final Pattern READY = Pattern.compile("Cairn is ready: http://(\\S+?):(\\d+)(?:\\s|$)");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final List<String> STRIPPED_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final Process process;
    private final List<String> command;
    private final Path runDirectory;
    private final Path stdoutFile;
    private final Path stderrFile;
    private volatile int port = -1;
    private volatile String host;

    private CairnProcess(Process process, List<String> command, Path runDirectory, Path stdoutFile, Path stderrFile)
    {
        this.process = process;
        this.command = command;
        this.runDirectory = runDirectory;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** Starts {@code cairn serve ARGS} and waits until it is ready. */
    public static CairnProcess serve(String... args)
    {
        return builder().serve(args).start();
    }

    /**
     * The class path that holds {@code cairn-cli} and its dependencies: the system property
     * {@value #CLASS_PATH_PROPERTY} if set; else {@code surefire.test.class.path}, which surefire and failsafe set to
     * the test class path; else {@code java.class.path}, with a manifest-only jar (as the surefire booter is)
     * replaced by the entries of its {@code Class-Path}.
     */
    public static String classPath()
    {
        String explicit = System.getProperty(CLASS_PATH_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            return surefire;
        }
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            entries.addAll(expandManifestOnlyJar(Path.of(entry)).orElse(List.of(entry)));
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Optional<List<String>> expandManifestOnlyJar(Path jar)
    {
        if (!Files.isRegularFile(jar) || !jar.getFileName().toString().endsWith(".jar")) {
            return Optional.empty();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null || classPath.isBlank() || file.stream().anyMatch(entry -> entry.getName().endsWith(".class"))) {
                return Optional.empty();
            }
            List<String> entries = new ArrayList<>();
            for (String relative : classPath.trim().split("\\s+")) {
                entries.add(Path.of(jar.toUri().resolve(relative)).toString());
            }
            return Optional.of(entries);
        }
        catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String javaBinary()
    {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    /**
     * Waits until the process printed its ready line and {@code GET /health} answers 200. On failure the process is
     * killed and the error carries what it printed.
     */
    public CairnProcess awaitReady(Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (port < 0) {
                Matcher ready = READY.matcher(stdout());
                if (ready.find()) {
                    host = "0.0.0.0".equals(ready.group(1)) ? "127.0.0.1" : ready.group(1);
                    port = Integer.parseInt(ready.group(2));
                }
            }
            if (port >= 0 && healthStatus(http) == 200) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("cairn exited with code " + process.exitValue() + " before it was ready\n" + describe());
            }
            if (System.nanoTime() - deadline > 0) {
                sigkill();
                throw new IllegalStateException("cairn was not ready within " + timeout.toMillis() + " ms; killed it\n" + describe());
            }
            pause(POLL_INTERVAL);
        }
    }

    private int healthStatus(HttpClient http)
    {
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/health")).timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (IOException e) {
            // not listening yet, or refused
            return -1;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for cairn", e);
        }
    }

    /** The command, the exit code if any, and everything the process printed, for failure messages. */
    public String describe()
    {
        List<String> shown = new ArrayList<>(command);
        int classPath = shown.indexOf("-cp") + 1;
        if (classPath > 0) {
            shown.set(classPath, "<" + shown.get(classPath).split(File.pathSeparator).length + " class path entries>");
        }
        return "command: " + String.join(" ", shown) + "\n"
                + (process.isAlive() ? "still running" : "exit code: " + process.exitValue()) + "\n"
                + "--- stdout (" + stdoutFile + ") ---\n" + stdout()
                + "--- stderr (" + stderrFile + ") ---\n" + stderr();
    }

    /** The port from the ready line. */
    public int port()
    {
        if (port < 0) {
            throw new IllegalStateException("cairn is not ready (call awaitReady first)");
        }
        return port;
    }

    public URI endpoint()
    {
        port();
        return URI.create("http://" + host + ":" + port);
    }

    public long pid()
    {
        return process.pid();
    }

    public boolean isAlive()
    {
        return process.isAlive();
    }

    /** Sends SIGTERM ({@link Process#destroy()}); does not wait. */
    public void sigterm()
    {
        process.destroy();
    }

    /** Sends SIGTERM and waits for the exit; returns the exit code, or empty when it did not exit in time. */
    public OptionalInt sigterm(Duration timeout)
    {
        sigterm();
        return awaitExit(timeout);
    }

    /** Sends SIGKILL ({@link Process#destroyForcibly()}) and waits until the process is gone. */
    public int sigkill()
    {
        process.destroyForcibly();
        try {
            return process.waitFor();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for cairn to die", e);
        }
    }

    /** Waits for the exit; returns the exit code, or empty when the process is still running after the timeout. */
    public OptionalInt awaitExit(Duration timeout)
    {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
            return OptionalInt.empty();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for cairn to exit", e);
        }
    }

    /** The exit code; fails while the process runs. */
    public int exitCode()
    {
        return process.exitValue();
    }

    /** Everything printed on standard output so far. */
    public String stdout()
    {
        return read(stdoutFile);
    }

    /** Everything printed on standard error so far. */
    public String stderr()
    {
        return read(stderrFile);
    }

    public Path stdoutFile()
    {
        return stdoutFile;
    }

    public Path stderrFile()
    {
        return stderrFile;
    }

    /** Holds the output files; the working directory unless the builder set one. */
    public Path runDirectory()
    {
        return runDirectory;
    }

    private static String read(Path file)
    {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClientOverrideConfiguration noRetries()
    {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(Duration.ofSeconds(30))
                .build();
    }

    public CloudTrailClient cloudTrail(AwsCredentialsProvider credentials, String region)
    {
        return CloudTrailClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries())
                .build();
    }

    /**
     * IAM signed for us-east-1, the region AWS's own IAM endpoint expects. (With an endpoint override,
     * {@code Region.AWS_GLOBAL} makes the SDK sign for the literal region "aws-global".)
     */
    public IamClient iam(AwsCredentialsProvider credentials)
    {
        return IamClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries())
                .build();
    }

    public StsClient sts(AwsCredentialsProvider credentials)
    {
        return sts(credentials, "us-east-1");
    }

    public StsClient sts(AwsCredentialsProvider credentials, String region)
    {
        return StsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries())
                .build();
    }

    /** Kills the process if it still runs. The run directory stays, for post-mortems. */
    @Override
    public void close()
    {
        if (process.isAlive()) {
            sigkill();
        }
    }

    private static void pause(Duration duration)
    {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static final class Builder
    {
        private final List<String> arguments = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        private Optional<Path> workingDirectory = Optional.empty();
        private Optional<Path> outputParent = Optional.empty();
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;

        private Builder() {}

        /** {@code cairn ARGS}, e.g. {@code args("serve", "--port", "0")}. */
        public Builder args(String... args)
        {
            arguments.addAll(Arrays.asList(args));
            return this;
        }

        /** {@code cairn serve ARGS}. */
        public Builder serve(String... args)
        {
            arguments.add("serve");
            return args(args);
        }

        /** Sets a variable in the child's environment. */
        public Builder env(String name, String value)
        {
            environment.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
            return this;
        }

        public Builder env(Map<String, String> variables)
        {
            variables.forEach(this::env);
            return this;
        }

        /** Replaces the default JVM options of the child. */
        public Builder jvmOptions(String... options)
        {
            jvmOptions.clear();
            jvmOptions.addAll(Arrays.asList(options));
            return this;
        }

        public Builder workingDirectory(Path directory)
        {
            this.workingDirectory = Optional.of(directory);
            return this;
        }

        /** Where to create the run directory (stdout.log, stderr.log); default: the system's temporary directory. */
        public Builder outputDirectory(Path parent)
        {
            this.outputParent = Optional.of(parent);
            return this;
        }

        public Builder startupTimeout(Duration timeout)
        {
            this.startupTimeout = requireNonNull(timeout, "timeout is null");
            return this;
        }

        /** Starts the process and returns at once, e.g. to check how it fails. */
        public CairnProcess launch()
        {
            try {
                Path runDirectory;
                if (outputParent.isPresent()) {
                    Files.createDirectories(outputParent.get());
                    runDirectory = Files.createTempDirectory(outputParent.get(), "cairn-process-");
                }
                else {
                    runDirectory = Files.createTempDirectory("cairn-process-");
                }
                Path stdout = runDirectory.resolve("stdout.log");
                Path stderr = runDirectory.resolve("stderr.log");
                List<String> command = new ArrayList<>();
                command.add(javaBinary());
                command.addAll(jvmOptions);
                command.add("-cp");
                command.add(classPath());
                command.add(MAIN_CLASS);
                command.addAll(arguments);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(workingDirectory.orElse(runDirectory).toFile())
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile());
                Map<String, String> childEnvironment = builder.environment();
                childEnvironment.keySet().removeIf(name -> name.startsWith("CAIRN_") || STRIPPED_VARIABLES.contains(name));
                childEnvironment.putAll(environment);
                Process process = builder.start();
                // no standard input: the server never reads it
                process.getOutputStream().close();
                return new CairnProcess(process, List.copyOf(command), runDirectory, stdout, stderr);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Starts the process and waits until it is ready (see {@link CairnProcess#awaitReady}). */
        public CairnProcess start()
        {
            return launch().awaitReady(startupTimeout);
        }

        /** Runs the process to its end, e.g. a start that must fail; kills it when it outlives the timeout. */
        public CairnProcess run(Duration timeout)
        {
            CairnProcess process = launch();
            if (process.awaitExit(timeout).isEmpty()) {
                process.sigkill();
                throw new IllegalStateException("cairn did not exit within " + timeout.toMillis() + " ms; killed it\n" + process.describe());
            }
            return process;
        }
    }
}
