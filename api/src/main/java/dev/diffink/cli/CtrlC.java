package dev.diffink.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (or any JVM shutdown) during long work: {@link #interrupted()} turns true, and the
 * shutdown waits until this is closed — the work has stopped early and written its output and
 * report — for at most a minute (the final compression and check can take that long on a loaded
 * machine). Used as try-with-resources around the work, its write and its report.
 */
final class CtrlC implements AutoCloseable {
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    CtrlC() {
        hook = new Thread(() -> {
            interrupted.set(true);
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
    }

    boolean interrupted() {
        return interrupted.get();
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook is waiting for this thread
        }
    }
}
