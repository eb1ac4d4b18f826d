package org.vmspace.tool;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Progress on stderr for a run that lasts: after 5 s, then every 15 s, one line
 * {@code "NAME: running N s, <state>"} where the state is what the run says it is doing now. Also
 * adapts a library's {@link PrintStream} output to the command's writer ({@link #lines}), remembering
 * the latest complete line as a default state.
 */
final class Progress implements AutoCloseable {
    private final Thread thread;
    private final AtomicReference<String> latest = new AtomicReference<>("");
    private volatile boolean done;

    /** Starts the ticker; {@code quiet} or a null writer: no lines at all. */
    Progress(String name, PrintWriter err, boolean quiet, Supplier<String> state) {
        long t0 = System.nanoTime();
        thread = new Thread(() -> {
            long next = 5;
            while (!done) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                long secs = (System.nanoTime() - t0) / 1_000_000_000L;
                if (!done && secs >= next) {
                    String s = state != null ? state.get() : latest.get();
                    synchronized (err) {
                        err.println(name + ": running " + secs + " s" + (s == null || s.isEmpty() ? "" : ", " + s));
                        err.flush();
                    }
                    next = secs + 15;
                }
            }
        }, name + "-progress");
        thread.setDaemon(true);
        if (!quiet && err != null) {
            thread.start();
        }
    }

    /** The latest complete line written through {@link #lines}. */
    String latest() {
        return latest.get();
    }

    /**
     * A UTF-8 {@link PrintStream} whose lines go to {@code to} (null: nowhere), each remembered as the
     * latest line.
     */
    PrintStream lines(PrintWriter to) {
        OutputStream os = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                line.write(b);
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    latest.set(s.strip());
                    if (to != null) {
                        synchronized (to) {
                            to.print(s);
                            to.flush();
                        }
                    }
                }
            }

            @Override
            public synchronized void flush() {
                if (line.size() > 0 && to != null) {
                    synchronized (to) {
                        to.print(line.toString(StandardCharsets.UTF_8));
                        to.flush();
                    }
                    line.reset();
                }
            }
        };
        return new PrintStream(os, true, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        done = true;
        thread.interrupt();
    }
}
