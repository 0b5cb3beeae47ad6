package dev.cairn.benchmark;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Runs a closed-loop load: {@code connections} threads, each on its own keep-alive connection, sending requests
 * back to back for a duration (after a warm-up) and recording each latency.
 */
final class LoadRun
{
    private LoadRun() {}

    record Result(long requests, long errors, Duration elapsed, Histogram latencies)
    {
        double throughput()
        {
            return requests / (elapsed.toNanos() / 1e9);
        }

        double percentileMillis(double percentile)
        {
            return latencies.getValueAtPercentile(percentile) / 1e6;
        }

        String summary()
        {
            return String.format("%,d requests in %.1f s = %,.0f req/s; p50 %.2f ms, p99 %.2f ms, max %.1f ms; %d non-2xx",
                    requests, elapsed.toNanos() / 1e9, throughput(), percentileMillis(50), percentileMillis(99), latencies.getMaxValue() / 1e6, errors);
        }
    }

    /** Runs until {@code stop} is set; every response counts. */
    static Result runUntil(String host, int port, int connections, IntFunction<List<byte[]>> requestsForConnection, java.util.concurrent.atomic.AtomicBoolean stop)
            throws InterruptedException
    {
        AtomicLong requests = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        Histogram total = new Histogram(60_000_000_000L, 3);
        for (int c = 0; c < connections; c++) {
            List<byte[]> requestList = requestsForConnection.apply(c);
            Thread thread = new Thread(() -> {
                try (HttpConnection connection = new HttpConnection(host, port)) {
                    int next = 0;
                    while (!stop.get()) {
                        connection.send(requestList.get(next));
                        next = (next + 1) % requestList.size();
                        requests.incrementAndGet();
                    }
                }
                catch (IOException e) {
                    System.err.println("connection failed: " + e);
                }
            }, "background-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(requests.get(), 0, Duration.ofNanos(System.nanoTime() - start), total);
    }

    /** Like {@link #run}, one request for every connection, with the latencies of each response status apart. */
    static java.util.Map<Integer, Histogram> byStatus(String host, int port, int connections, Duration warmUp, Duration duration, byte[] request)
            throws InterruptedException
    {
        java.util.Map<Integer, Histogram> byStatus = new java.util.concurrent.ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(connections);
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long end = measureFrom + duration.toNanos();
        for (int c = 0; c < connections; c++) {
            Thread thread = new Thread(() -> {
                try (HttpConnection connection = new HttpConnection(host, port)) {
                    while (true) {
                        long sent = System.nanoTime();
                        if (sent >= end) {
                            break;
                        }
                        int status = connection.send(request).status();
                        long received = System.nanoTime();
                        if (sent >= measureFrom) {
                            Histogram histogram = byStatus.computeIfAbsent(status, ignored -> new org.HdrHistogram.ConcurrentHistogram(60_000_000_000L, 3));
                            histogram.recordValue(received - sent);
                        }
                    }
                }
                catch (IOException e) {
                    System.err.println("connection failed: " + e);
                }
                finally {
                    done.countDown();
                }
            }, "overload-" + c);
            thread.start();
        }
        done.await();
        return byStatus;
    }

    /**
     * @param requestsForConnection the requests connection {@code i} cycles through
     * @param expectedStatus responses with another status count as errors
     */
    static Result run(String host, int port, int connections, Duration warmUp, Duration duration, IntFunction<List<byte[]>> requestsForConnection, int expectedStatus)
            throws InterruptedException
    {
        Histogram total = new Histogram(60_000_000_000L, 3);
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(connections);
        List<Histogram> histograms = new ArrayList<>();
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            List<byte[]> requestList = requestsForConnection.apply(c);
            Histogram histogram = new Histogram(60_000_000_000L, 3);
            histograms.add(histogram);
            Thread thread = new Thread(() -> {
                try (HttpConnection connection = new HttpConnection(host, port)) {
                    int next = 0;
                    while (true) {
                        long sent = System.nanoTime();
                        if (sent >= end) {
                            break;
                        }
                        HttpConnection.Response response = connection.send(requestList.get(next));
                        next = (next + 1) % requestList.size();
                        long received = System.nanoTime();
                        if (sent >= measureFrom) {
                            histogram.recordValue(received - sent);
                            requests.incrementAndGet();
                            if (response.status() != expectedStatus) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                }
                catch (IOException e) {
                    System.err.println("connection failed: " + e);
                }
                finally {
                    done.countDown();
                }
            }, "load-" + c);
            threads.add(thread);
            thread.start();
        }
        done.await();
        for (Histogram histogram : histograms) {
            total.add(histogram);
        }
        return new Result(requests.get(), errors.get(), Duration.ofNanos(end - measureFrom), total);
    }
}
