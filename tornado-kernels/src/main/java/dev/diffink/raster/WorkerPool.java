package dev.diffink.raster;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a kernel over an index range on a fixed set of threads; the calling thread works too.
 * Indices are claimed in chunks, so which thread runs an index varies from run to run; kernels
 * write only their own outputs, so results do not. Each call passes the worker number so a kernel
 * can use that worker's scratch.
 */
public final class WorkerPool implements AutoCloseable {

    /** A kernel launch body: runs work item {@code index} on worker {@code worker}. */
    @FunctionalInterface
    public interface Body {
        void run(int worker, int index);
    }

    private final int threads;
    private final ExecutorService executor;

    public WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.executor = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "diffink-raster");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code body} for every index in [0, n) and returns when all are done. */
    public void run(int n, Body body) {
        if (n <= 0) return;
        int workers = Math.min(threads, n);
        if (workers == 1) {
            for (int i = 0; i < n; i++) body.run(0, i);
            return;
        }
        int chunk = Math.max(1, n / (workers * 8));
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(workers - 1);
        for (int w = 1; w < workers; w++) {
            int worker = w;
            executor.execute(() -> {
                try {
                    drain(worker, n, chunk, next, body, failure);
                } finally {
                    done.countDown();
                }
            });
        }
        drain(0, n, chunk, next, body, failure);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error err) throw err;
        if (t != null) throw new IllegalStateException(t);
    }

    private static void drain(int worker, int n, int chunk, AtomicInteger next, Body body,
            AtomicReference<Throwable> failure) {
        try {
            for (int start = next.getAndAdd(chunk); start < n && failure.get() == null;
                    start = next.getAndAdd(chunk)) {
                int end = Math.min(n, start + chunk);
                for (int i = start; i < end; i++) body.run(worker, i);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    @Override
    public void close() {
        if (executor != null) executor.shutdownNow();
    }
}
