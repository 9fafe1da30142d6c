package dev.porcini.wasi;

import java.io.IOException;
import java.io.InputStream;

/**
 * Standard input that {@code poll_oneoff} can wait on with a deadline. Java streams offer only a
 * blocking {@code read} and an {@code available} that cannot tell "nothing yet" from end of
 * input, so a wait hands one blocking single-byte read to a daemon thread; the byte it gets (or
 * the end of input) is kept and returned first by the next {@link #read}.
 */
final class PollableInput extends InputStream {
    private static final int NONE = -2;

    private final InputStream in;
    /** A byte read ahead for a poll, -1 for end of input, or {@link #NONE}. */
    private int peeked = NONE;
    private boolean peeking;
    private IOException peekFailure;

    PollableInput(InputStream in) {
        this.in = in;
    }

    /**
     * Waits until a read would not block (data or end of input) or {@code deadlineNanos} (a
     * {@link System#nanoTime} value, or {@code Long.MAX_VALUE} for none) passes. Returns whether input is ready.
     */
    synchronized boolean awaitReadable(long deadlineNanos) throws IOException, InterruptedException {
        if (peeked != NONE || peekFailure != null || in.available() > 0) {
            return true;
        }
        if (!peeking) {
            peeking = true;
            Thread reader = new Thread(this::peek, "wasi-stdin-poll");
            reader.setDaemon(true);
            reader.start();
        }
        long wait;
        while (peeking && deadlineNanos == Long.MAX_VALUE) {
            wait();
        }
        while (peeking && (wait = deadlineNanos - System.nanoTime()) > 0) {
            wait(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        return !peeking;
    }

    private void peek() {
        int b;
        IOException failure = null;
        try {
            b = in.read();
        } catch (IOException e) {
            b = -1;
            failure = e;
        }
        synchronized (this) {
            peeked = b;
            peekFailure = failure;
            peeking = false;
            notifyAll();
        }
    }

    /** Waits for a read-ahead in flight, so that bytes are never taken out of order. */
    private void awaitPeek() throws IOException {
        boolean interrupted = false;
        while (peeking) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (peekFailure != null) {
            IOException e = peekFailure;
            peekFailure = null;
            throw e;
        }
    }

    @Override
    public synchronized int read() throws IOException {
        awaitPeek();
        if (peeked != NONE) {
            int b = peeked;
            peeked = NONE;
            return b;
        }
        return in.read();
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        awaitPeek();
        if (len == 0) {
            return 0;
        }
        if (peeked == NONE) {
            return in.read(b, off, len);
        }
        if (peeked == -1) {
            peeked = NONE;
            return -1;
        }
        b[off] = (byte) peeked;
        peeked = NONE;
        int more = len > 1 && in.available() > 0 ? in.read(b, off + 1, Math.min(len - 1, in.available())) : 0;
        return 1 + Math.max(0, more);
    }

    @Override
    public synchronized int available() throws IOException {
        return (peeked >= 0 ? 1 : 0) + (peeking ? 0 : in.available());
    }
}
