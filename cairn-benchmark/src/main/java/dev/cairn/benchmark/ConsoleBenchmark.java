package dev.cairn.benchmark;

import org.HdrHistogram.Histogram;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's event history page in Debian's headless Chromium against Cairn with a million stored events: how
 * long from navigation until the first page of events is on screen (the page's {@code cairn-events-rendered} mark,
 * set when the table has been built), the browser's first contentful paint, and until the count, histogram and top
 * lists are shown ({@code cairn-summary-rendered}). Each load is a fresh navigation of a signed-in browser; the
 * server, the browser and the benchmark share the machine's cores.
 *
 * <p>Usage: {@code SE_OFFLINE=true SE_AVOID_STATS=true java -cp cairn-benchmark/target/cairn-benchmark.jar
 * dev.cairn.benchmark.ConsoleBenchmark [--events 1000000] [--days 30] [--loads 20] [--data DIR] [--jar cairn-cli/target/cairn.jar]}
 * (with {@code --data} of an earlier run, its events are reused).
 */
public final class ConsoleBenchmark
{
    private static final String PASSWORD = "Console-Benchmark-Passw0rd";

    private ConsoleBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        long size = 1_000_000;
        int days = 30;
        int loads = 20;
        Optional<Path> dataOption = Optional.empty();
        Path jar = Path.of("cairn-cli/target/cairn.jar");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> size = Long.parseLong(args[++i]);
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--loads" -> loads = Integer.parseInt(args[++i]);
                case "--data" -> dataOption = Optional.of(Path.of(args[++i]));
                case "--jar" -> jar = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (known: --events N, --days D, --loads N, --data DIR, --jar FILE)");
            }
        }
        Path data = dataOption.isPresent() ? dataOption.get() : Files.createTempDirectory("cairn-console-benchmark-");
        Path loadedMarker = data.resolve("console-benchmark-events");
        String account;
        if (Files.exists(loadedMarker) && Files.readString(loadedMarker).startsWith(size + " ")) {
            account = Files.readString(loadedMarker).split(" ")[1].trim();
            System.out.printf("reusing %,d events in %s%n", size, data);
        }
        else {
            account = HistoryBenchmark.bootstrap(data);
            Instant end = Instant.now().minusSeconds(60);
            HistoryBenchmark.load(data, new SyntheticEvents(7, account), 0, size, size, end.minus(Duration.ofDays(days)), end);
            Files.writeString(loadedMarker, size + " " + account + "\n");
        }
        System.out.printf("machine: %d cores, %s %s; %,d events over %d days in %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), size, days, data);

        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("last 24 hours (the default)", "#/events");
        pages.put("last 90 days, all events", "#/events?range=90d");
        pages.put("last 90 days, one frequent user", "#/events?attr=Username%3A" + SyntheticEvents.user(0) + "&range=90d");
        pages.put("last 90 days, errors only", "#/events?range=90d&errors=true");
        pages.put("last 7 days, one event name, errors only", "#/events?attr=EventName%3ACreateUser&range=7d&errors=true");

        Path profile = Files.createTempDirectory("cairn-console-benchmark-chromium-");
        List<String> rows = new ArrayList<>();
        try (ServerProcess cairn = ServerProcess.cairn(jar, List.of(), data, List.of("--regions", "us-east-1,us-west-2"), Map.of("CAIRN_ROOT_PASSWORD", PASSWORD))) {
            String base = "http://127.0.0.1:" + cairn.port() + "/";
            ChromeOptions options = new ChromeOptions();
            options.setBinary(new File("/usr/bin/chromium"));
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic", "--user-data-dir=" + profile, "--window-size=1280,800");
            ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
                driver.get(base);
                wait.until(d -> !d.findElements(By.id("signin")).isEmpty());
                driver.findElement(By.cssSelector("input[name=kind][value=root]")).click();
                driver.findElement(By.id("account")).sendKeys(account);
                driver.findElement(By.id("password")).sendKeys(PASSWORD, Keys.ENTER);
                wait.until(d -> !d.findElements(By.cssSelector("#events tbody tr")).isEmpty());

                for (Map.Entry<String, String> page : pages.entrySet()) {
                    Histogram events = new Histogram(3);
                    Histogram paint = new Histogram(3);
                    Histogram summary = new Histogram(3);
                    long count = 0;
                    System.out.print(page.getKey() + ": ");
                    for (int i = -3; i < loads; i++) {
                        System.out.print(".");
                        System.out.flush();
                        driver.get("about:blank"); // a new document each time, not a change of the hash
                        driver.get(base + page.getValue());
                        wait.until(d -> mark(driver, "cairn-summary-rendered") != null);
                        if (i < 0) {
                            continue; // warm-up
                        }
                        events.recordValue(Math.round(mark(driver, "cairn-events-rendered") * 1000));
                        summary.recordValue(Math.round(mark(driver, "cairn-summary-rendered") * 1000));
                        Object fcp = driver.executeScript("const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null;");
                        if (fcp != null) {
                            paint.recordValue(Math.round(((Number) fcp).doubleValue() * 1000));
                        }
                        count = Long.parseLong(driver.findElement(By.id("event-count")).getText().replaceAll("[^0-9]", ""));
                    }
                    System.out.println();
                    String row = String.format("| %s | %,d | %.0f ms | %.0f ms / %.0f ms / %.0f ms | %.0f ms / %.0f ms |", page.getKey(), count,
                            paint.getValueAtPercentile(50) / 1000.0,
                            events.getValueAtPercentile(50) / 1000.0, events.getValueAtPercentile(90) / 1000.0, events.getMaxValue() / 1000.0,
                            summary.getValueAtPercentile(50) / 1000.0, summary.getMaxValue() / 1000.0);
                    rows.add(row);
                    System.out.println(row);
                }
            }
            finally {
                driver.quit();
            }
        }
        System.out.println();
        System.out.printf("%,d stored events, %d loads of each page after 3 warm-ups:%n", size, loads);
        System.out.println("| page | matching events | first contentful paint (p50) | events on screen p50 / p90 / max | count, histogram, top lists p50 / max |");
        System.out.println("| --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
    }

    private static Double mark(ChromeDriver driver, String name)
    {
        Object time = driver.executeScript("const m = performance.getEntriesByName(arguments[0])[0]; return m ? m.startTime : null;", name);
        return time == null ? null : ((Number) time).doubleValue();
    }
}
