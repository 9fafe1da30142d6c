package dev.porcini.wasi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.OpenOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.oracle.truffle.api.TruffleFile;
import com.oracle.truffle.api.TruffleLanguage;

import dev.porcini.error.WasmException;
import dev.porcini.memory.LinearMemory;
import dev.porcini.memory.MemoryAccessException;
import dev.porcini.runtime.WasmInstance;
import dev.porcini.runtime.WasmMemory;

/**
 * The state of {@code wasi_snapshot_preview1} for one context: arguments, environment, the file
 * descriptor table, and the implementation of every call. Each call returns an errno; the glue in
 * {@link WasiProvider} turns exceptions into errnos.
 */
final class Wasi {
    private static final int ADVICE_NOREUSE = 5;
    private static final int OFLAG_CREAT = 1;
    private static final int OFLAG_DIRECTORY = 2;
    private static final int OFLAG_EXCL = 4;
    private static final int OFLAG_TRUNC = 8;
    private static final int LOOKUP_SYMLINK_FOLLOW = 1;
    private static final int FST_ATIM = 1;
    private static final int FST_ATIM_NOW = 2;
    private static final int FST_MTIM = 4;
    private static final int FST_MTIM_NOW = 8;
    private static final int WHENCE_SET = 0;
    private static final int WHENCE_CUR = 1;
    private static final int WHENCE_END = 2;
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int CLOCK_PROCESS_CPUTIME = 2;
    private static final int CLOCK_THREAD_CPUTIME = 3;
    private static final int EVENTTYPE_CLOCK = 0;
    private static final int EVENTTYPE_FD_READ = 1;
    private static final int EVENTTYPE_FD_WRITE = 2;
    private static final int SUBCLOCK_ABSTIME = 1;

    private final TruffleLanguage.Env env;
    private final byte[][] args;
    private final byte[][] environ;
    private final List<Fd> fds = new ArrayList<>();
    private final long monotonicBase = System.nanoTime();
    private SecureRandom random;
    /** Reused for copying between linear memory and host streams, so hot calls do not allocate. */
    private byte[] scratch = new byte[8192];
    private ByteBuffer scratchBuffer = ByteBuffer.wrap(scratch);
    private WasmInstance lastCaller;
    private LinearMemory lastMemory;

    Wasi(TruffleLanguage.Env env, List<String> args, List<String> environ, List<Preopen> preopens,
                    InputStream in, OutputStream out, OutputStream err) {
        this.env = env;
        this.args = utf8(args);
        this.environ = utf8(environ);
        fds.add(new Fd.Stream(new PollableInput(in), null, Rights.STDIO & ~Rights.FD_WRITE));
        fds.add(new Fd.Stream(null, out, Rights.STDIO & ~Rights.FD_READ));
        fds.add(new Fd.Stream(null, err, Rights.STDIO & ~Rights.FD_READ));
        for (Preopen p : preopens) {
            fds.add(new Fd.Dir(p.root(), List.of(), p.guestName(), Rights.DIRECTORY, Rights.ALL));
        }
    }

    /** A preopened directory: its canonical host root and the name the guest sees. */
    record Preopen(TruffleFile root, String guestName) {
    }

    private static byte[][] utf8(List<String> strings) {
        byte[][] result = new byte[strings.size()][];
        for (int i = 0; i < result.length; i++) {
            result[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return result;
    }

    // ---- memory and descriptor helpers ----

    LinearMemory memory(WasmInstance caller) {
        if (caller == lastCaller && lastMemory != null) {
            return lastMemory;
        }
        Object memory = caller == null ? null : caller.exports().get("memory");
        if (!(memory instanceof WasmMemory m)) {
            throw WasmException.trap("WASI call from a module that exports no memory named \"memory\"", null);
        }
        lastCaller = caller;
        lastMemory = m.memory();
        return lastMemory;
    }

    private static long u32(int value) {
        return Integer.toUnsignedLong(value);
    }

    private Fd fd(int fd) {
        if (fd < 0 || fd >= fds.size() || fds.get(fd) == null) {
            throw Errno.fail(Errno.BADF);
        }
        return fds.get(fd);
    }

    private Fd fd(int fd, long rights) {
        Fd f = fd(fd);
        f.require(rights);
        return f;
    }

    private Fd.Dir dir(int fd, long rights) {
        Fd f = fd(fd);
        if (!(f instanceof Fd.Dir d)) {
            throw Errno.fail(Errno.NOTDIR);
        }
        f.require(rights);
        return d;
    }

    private int allocate(Fd f) {
        for (int i = 0; i < fds.size(); i++) {
            if (fds.get(i) == null) {
                fds.set(i, f);
                return i;
            }
        }
        fds.add(f);
        return fds.size() - 1;
    }

    private byte[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
            scratchBuffer = ByteBuffer.wrap(scratch);
        }
        return scratch;
    }

    private static String string(LinearMemory m, int ptr, int len) {
        byte[] bytes = new byte[len];
        m.readBytes(u32(ptr), bytes, 0, len);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw Errno.fail(Errno.ILSEQ);
        }
    }

    // ---- args and environ ----

    int argsSizesGet(LinearMemory m, int argcPtr, int sizePtr) {
        return sizes(m, args, argcPtr, sizePtr);
    }

    int argsGet(LinearMemory m, int argvPtr, int bufPtr) {
        return strings(m, args, argvPtr, bufPtr);
    }

    int environSizesGet(LinearMemory m, int countPtr, int sizePtr) {
        return sizes(m, environ, countPtr, sizePtr);
    }

    int environGet(LinearMemory m, int environPtr, int bufPtr) {
        return strings(m, environ, environPtr, bufPtr);
    }

    private static int sizes(LinearMemory m, byte[][] strings, int countPtr, int sizePtr) {
        int size = 0;
        for (byte[] s : strings) {
            size += s.length + 1;
        }
        m.storeI32(u32(countPtr), strings.length);
        m.storeI32(u32(sizePtr), size);
        return Errno.SUCCESS;
    }

    private static int strings(LinearMemory m, byte[][] strings, int pointersPtr, int bufPtr) {
        long pointer = u32(pointersPtr);
        long buf = u32(bufPtr);
        for (byte[] s : strings) {
            m.storeI32(pointer, (int) buf);
            m.writeBytes(buf, s, 0, s.length);
            m.storeI8(buf + s.length, 0);
            pointer += 4;
            buf += s.length + 1;
        }
        return Errno.SUCCESS;
    }

    // ---- clocks, random, scheduling, process ----

    int clockResGet(LinearMemory m, int id, int resPtr) {
        long res = switch (id) {
            case CLOCK_REALTIME -> 1_000L;
            case CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME, CLOCK_THREAD_CPUTIME -> 1L;
            default -> throw Errno.fail(Errno.INVAL);
        };
        m.storeI64(u32(resPtr), res);
        return Errno.SUCCESS;
    }

    int clockTimeGet(LinearMemory m, int id, long precision, int timePtr) {
        long time = now(id);
        m.storeI64(u32(timePtr), time);
        return Errno.SUCCESS;
    }

    private long now(int id) {
        switch (id) {
            case CLOCK_REALTIME: {
                Instant t = Instant.now();
                return t.getEpochSecond() * 1_000_000_000L + t.getNano();
            }
            case CLOCK_MONOTONIC:
                // Offset so the guest never sees a negative or wrapping value.
                return System.nanoTime() - monotonicBase + 1;
            case CLOCK_PROCESS_CPUTIME: {
                var os = ManagementFactory.getOperatingSystemMXBean();
                if (os instanceof com.sun.management.OperatingSystemMXBean sun && sun.getProcessCpuTime() >= 0) {
                    return sun.getProcessCpuTime();
                }
                return threadCpuTime();
            }
            case CLOCK_THREAD_CPUTIME:
                return threadCpuTime();
            default:
                throw Errno.fail(Errno.INVAL);
        }
    }

    private static long threadCpuTime() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        if (t < 0) {
            throw Errno.fail(Errno.NOTSUP);
        }
        return t;
    }

    int randomGet(LinearMemory m, int bufPtr, int len) {
        if (random == null) {
            random = new SecureRandom();
        }
        long address = u32(bufPtr);
        long remaining = u32(len);
        byte[] buf = scratch(8192);
        while (remaining > 0) {
            int n = (int) Math.min(remaining, buf.length);
            byte[] chunk = n == buf.length ? buf : new byte[n];
            random.nextBytes(chunk);
            m.writeBytes(address, chunk, 0, n);
            address += n;
            remaining -= n;
        }
        return Errno.SUCCESS;
    }

    int schedYield() {
        Thread.yield();
        return Errno.SUCCESS;
    }

    void procExit(int code) {
        flushAll();
        throw WasmException.exit(code);
    }

    /**
     * Signals have no host meaning for a guest: 0 only checks, signals whose default action is to be
     * ignored do nothing, and every other valid signal ends the program with status 128 + signal,
     * as a POSIX shell reports a death by signal.
     */
    int procRaise(int sig) {
        if (sig < 0 || sig > 30) {
            return Errno.INVAL;
        }
        // SIGCHLD (6), SIGCONT (8), SIGURG (19), SIGWINCH (28) in WASI's numbering default to ignore.
        if (sig == 0 || sig == 6 || sig == 8 || sig == 19 || sig == 28) {
            return Errno.SUCCESS;
        }
        flushAll();
        throw WasmException.exit(128 + sig);
    }

    private void flushAll() {
        for (Fd f : fds) {
            if (f instanceof Fd.Stream s && s.out != null) {
                try {
                    s.out.flush();
                } catch (IOException e) {
                    // The stream is gone; nothing left to report to.
                }
            }
        }
    }

    // ---- fd calls ----

    int fdAdvise(int fd, long offset, long len, int advice) {
        Fd f = fd(fd, Rights.FD_ADVISE);
        if (advice < 0 || advice > ADVICE_NOREUSE || offset < 0 || len < 0) {
            return Errno.INVAL;
        }
        if (f instanceof Fd.Dir) {
            return Errno.BADF;
        }
        if (f instanceof Fd.Stream) {
            return Errno.SPIPE;
        }
        // Advice is only a hint; the JVM gives us nothing to pass it to.
        return Errno.SUCCESS;
    }

    int fdAllocate(int fd, long offset, long len) throws IOException {
        Fd f = fd(fd, Rights.FD_ALLOCATE);
        if (offset < 0 || len <= 0) {
            return Errno.INVAL;
        }
        if (offset + len < 0) {
            return Errno.FBIG;
        }
        Fd.File file = regularFile(f);
        if (file.channel.size() < offset + len) {
            extend(file.channel, offset + len);
        }
        return Errno.SUCCESS;
    }

    private static Fd.File regularFile(Fd f) {
        if (f instanceof Fd.File file) {
            return file;
        }
        throw Errno.fail(f instanceof Fd.Dir ? Errno.ISDIR : Errno.SPIPE);
    }

    /** Grows a file to {@code size} bytes with zeros, keeping its position. */
    private static void extend(SeekableByteChannel channel, long size) throws IOException {
        long position = channel.position();
        channel.position(size - 1);
        channel.write(ByteBuffer.wrap(new byte[1]));
        channel.position(position);
    }

    int fdClose(int fd) throws IOException {
        Fd f = fd(fd);
        fds.set(fd, null);
        f.close();
        return Errno.SUCCESS;
    }

    int fdSync(int fd, boolean dataOnly) throws IOException {
        Fd f = fd(fd, dataOnly ? Rights.FD_DATASYNC : Rights.FD_SYNC);
        if (f instanceof Fd.File file && file.channel instanceof FileChannel channel) {
            channel.force(!dataOnly);
        } else if (f instanceof Fd.Stream s && s.out != null) {
            s.out.flush();
        }
        return Errno.SUCCESS;
    }

    int fdFdstatGet(LinearMemory m, int fd, int ptr) {
        Fd f = fd(fd);
        long p = u32(ptr);
        m.storeI8(p, f.filetype());
        m.storeI8(p + 1, 0);
        m.storeI16(p + 2, f.flags);
        m.storeI32(p + 4, 0);
        m.storeI64(p + 8, f.rightsBase);
        m.storeI64(p + 16, f.rightsInheriting);
        return Errno.SUCCESS;
    }

    int fdFdstatSetFlags(int fd, int flags) {
        Fd f = fd(fd, Rights.FD_FDSTAT_SET_FLAGS);
        if ((flags & ~0x1F) != 0) {
            return Errno.INVAL;
        }
        f.flags = flags;
        return Errno.SUCCESS;
    }

    int fdFdstatSetRights(int fd, long base, long inheriting) {
        Fd f = fd(fd);
        // Rights can only be dropped, never gained.
        if ((base & ~f.rightsBase) != 0 || (inheriting & ~f.rightsInheriting) != 0) {
            return Errno.NOTCAPABLE;
        }
        f.rightsBase = base;
        f.rightsInheriting = inheriting;
        return Errno.SUCCESS;
    }

    int fdFilestatGet(LinearMemory m, int fd, int ptr) throws IOException {
        Fd f = fd(fd, Rights.FD_FILESTAT_GET);
        long p = u32(ptr);
        if (f instanceof Fd.Stream) {
            m.fill(p, 64, (byte) 0);
            m.storeI8(p + 16, Fd.FILETYPE_CHARACTER_DEVICE);
            m.storeI64(p + 24, 1);
            return Errno.SUCCESS;
        }
        TruffleFile file = f instanceof Fd.File file1 ? file1.file : ((Fd.Dir) f).host();
        writeFilestat(m, p, file);
        if (f instanceof Fd.File file1) {
            // The channel knows the size even when the path has since been renamed.
            m.storeI64(p + 32, file1.channel.size());
        }
        return Errno.SUCCESS;
    }

    private static final List<TruffleFile.AttributeDescriptor<?>> STAT_ATTRIBUTES = List.of(
                    TruffleFile.IS_DIRECTORY, TruffleFile.IS_REGULAR_FILE, TruffleFile.IS_SYMBOLIC_LINK,
                    TruffleFile.SIZE, TruffleFile.LAST_ACCESS_TIME, TruffleFile.LAST_MODIFIED_TIME);

    private static void writeFilestat(LinearMemory m, long p, TruffleFile file) throws IOException {
        TruffleFile.Attributes a = file.getAttributes(STAT_ATTRIBUTES, Sandbox.NOFOLLOW);
        int type = a.get(TruffleFile.IS_DIRECTORY) ? Fd.FILETYPE_DIRECTORY
                        : a.get(TruffleFile.IS_REGULAR_FILE) ? Fd.FILETYPE_REGULAR_FILE
                                        : a.get(TruffleFile.IS_SYMBOLIC_LINK) ? Fd.FILETYPE_SYMBOLIC_LINK : unixType(file);
        long dev = 0;
        long ino = 0;
        long nlink = 1;
        long ctim = nanos(a.get(TruffleFile.LAST_MODIFIED_TIME));
        try {
            TruffleFile.Attributes u = file.getAttributes(List.of(TruffleFile.UNIX_DEV, TruffleFile.UNIX_INODE,
                            TruffleFile.UNIX_NLINK, TruffleFile.UNIX_CTIME), Sandbox.NOFOLLOW);
            dev = u.get(TruffleFile.UNIX_DEV);
            ino = u.get(TruffleFile.UNIX_INODE);
            nlink = u.get(TruffleFile.UNIX_NLINK);
            ctim = nanos(u.get(TruffleFile.UNIX_CTIME));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: keep the portable values.
        }
        m.storeI64(p, dev);
        m.storeI64(p + 8, ino);
        m.storeI64(p + 16, type); // filetype u8 and zero padding
        m.storeI64(p + 24, nlink);
        m.storeI64(p + 32, a.get(TruffleFile.SIZE));
        m.storeI64(p + 40, nanos(a.get(TruffleFile.LAST_ACCESS_TIME)));
        m.storeI64(p + 48, nanos(a.get(TruffleFile.LAST_MODIFIED_TIME)));
        m.storeI64(p + 56, ctim);
    }

    /** Character and block devices, sockets and FIFOs, from the POSIX mode bits where available. */
    private static int unixType(TruffleFile file) {
        try {
            int mode = file.getAttribute(TruffleFile.UNIX_MODE, Sandbox.NOFOLLOW);
            return switch (mode & 0170000) {
                case 0020000 -> Fd.FILETYPE_CHARACTER_DEVICE;
                case 0060000 -> 1; // block device
                case 0140000 -> 6; // socket (stream)
                default -> Fd.FILETYPE_UNKNOWN;
            };
        } catch (IOException | UnsupportedOperationException e) {
            return Fd.FILETYPE_UNKNOWN;
        }
    }

    private static long nanos(FileTime time) {
        Instant t = time.toInstant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    int fdFilestatSetSize(int fd, long size) throws IOException {
        Fd f = fd(fd, Rights.FD_FILESTAT_SET_SIZE);
        Fd.File file = regularFile(f);
        if (size < 0) {
            return Errno.INVAL;
        }
        long current = file.channel.size();
        if (size < current) {
            long position = file.channel.position();
            file.channel.truncate(size);
            file.channel.position(position);
        } else if (size > current) {
            extend(file.channel, size);
        }
        return Errno.SUCCESS;
    }

    int fdFilestatSetTimes(int fd, long atim, long mtim, int fstFlags) throws IOException {
        Fd f = fd(fd, Rights.FD_FILESTAT_SET_TIMES);
        checkTimeFlags(fstFlags);
        if (f instanceof Fd.Stream) {
            return Errno.SUCCESS;
        }
        TruffleFile file = f instanceof Fd.File file1 ? file1.file : ((Fd.Dir) f).host();
        setTimes(file, atim, mtim, fstFlags);
        return Errno.SUCCESS;
    }

    private static void checkTimeFlags(int fstFlags) {
        if ((fstFlags & ~0xF) != 0 || (fstFlags & (FST_ATIM | FST_ATIM_NOW)) == (FST_ATIM | FST_ATIM_NOW)
                        || (fstFlags & (FST_MTIM | FST_MTIM_NOW)) == (FST_MTIM | FST_MTIM_NOW)) {
            throw Errno.fail(Errno.INVAL);
        }
    }

    private static void setTimes(TruffleFile file, long atim, long mtim, int fstFlags) throws IOException {
        Instant now = Instant.now();
        if ((fstFlags & (FST_ATIM | FST_ATIM_NOW)) != 0) {
            FileTime t = (fstFlags & FST_ATIM_NOW) != 0 ? FileTime.from(now) : FileTime.from(atim, TimeUnit.NANOSECONDS);
            file.setLastAccessTime(t, Sandbox.NOFOLLOW);
        }
        if ((fstFlags & (FST_MTIM | FST_MTIM_NOW)) != 0) {
            FileTime t = (fstFlags & FST_MTIM_NOW) != 0 ? FileTime.from(now) : FileTime.from(mtim, TimeUnit.NANOSECONDS);
            file.setLastModifiedTime(t, Sandbox.NOFOLLOW);
        }
    }

    int fdRead(LinearMemory m, int fd, int iovs, int iovsLen, int nreadPtr) throws IOException {
        if (fd(fd) instanceof Fd.Dir) {
            return Errno.ISDIR;
        }
        Fd f = fd(fd, Rights.FD_READ);
        long total;
        if (f instanceof Fd.Stream s) {
            total = readStream(m, s, iovs, iovsLen);
        } else {
            Fd.File file = regularFile(f);
            total = readChannel(m, file.channel, iovs, iovsLen, -1);
        }
        m.storeI32(u32(nreadPtr), (int) total);
        return Errno.SUCCESS;
    }

    int fdPread(LinearMemory m, int fd, int iovs, int iovsLen, long offset, int nreadPtr) throws IOException {
        Fd f = fd(fd, Rights.FD_READ | Rights.FD_SEEK);
        Fd.File file = regularFile(f);
        if (offset < 0) {
            return Errno.INVAL;
        }
        long total = readChannel(m, file.channel, iovs, iovsLen, offset);
        m.storeI32(u32(nreadPtr), (int) total);
        return Errno.SUCCESS;
    }

    private long readStream(LinearMemory m, Fd.Stream s, int iovs, int iovsLen) throws IOException {
        if (s.in == null) {
            throw Errno.fail(Errno.BADF);
        }
        long total = 0;
        for (int i = 0; i < iovsLen; i++) {
            long iov = u32(iovs) + 8L * i;
            long buf = m.loadU32(iov);
            int len = m.loadI32(iov + 4);
            if (len == 0) {
                continue;
            }
            byte[] b = scratch(Math.min(len, 1 << 16));
            int n = s.in.read(b, 0, Math.min(len, b.length));
            if (n <= 0) {
                break;
            }
            m.writeBytes(buf, b, 0, n);
            total += n;
            // Return what has arrived rather than block for more.
            if (n < len || s.in.available() <= 0) {
                break;
            }
        }
        return total;
    }

    /** Reads into the iovecs at the channel's position, or at {@code offset} (leaving the position) if it is not negative. */
    private long readChannel(LinearMemory m, SeekableByteChannel channel, int iovs, int iovsLen, long offset) throws IOException {
        long saved = offset >= 0 ? channel.position() : -1;
        long position = offset;
        long total = 0;
        try {
            outer: for (int i = 0; i < iovsLen; i++) {
                long iov = u32(iovs) + 8L * i;
                long buf = m.loadU32(iov);
                long len = m.loadU32(iov + 4);
                while (len > 0) {
                    int chunk = (int) Math.min(len, 1 << 16);
                    byte[] b = scratch(chunk);
                    ByteBuffer bb = scratchBuffer;
                    bb.clear().limit(chunk);
                    int n = position >= 0 ? positionalRead(channel, bb, position) : channel.read(bb);
                    if (n <= 0) {
                        break outer;
                    }
                    m.writeBytes(buf, b, 0, n);
                    total += n;
                    buf += n;
                    len -= n;
                    if (position >= 0) {
                        position += n;
                    }
                    if (n < chunk) {
                        break outer;
                    }
                }
            }
        } finally {
            if (saved >= 0 && !(channel instanceof FileChannel)) {
                channel.position(saved);
            }
        }
        return total;
    }

    private static int positionalRead(SeekableByteChannel channel, ByteBuffer bb, long position) throws IOException {
        if (channel instanceof FileChannel fc) {
            return fc.read(bb, position);
        }
        channel.position(position);
        return channel.read(bb);
    }

    int fdWrite(LinearMemory m, int fd, int iovs, int iovsLen, int nwrittenPtr) throws IOException {
        Fd f = fd(fd, Rights.FD_WRITE);
        long total;
        if (f instanceof Fd.Stream s) {
            if (s.out == null) {
                return Errno.BADF;
            }
            total = 0;
            for (int i = 0; i < iovsLen; i++) {
                long iov = u32(iovs) + 8L * i;
                long buf = m.loadU32(iov);
                long len = m.loadU32(iov + 4);
                while (len > 0) {
                    int chunk = (int) Math.min(len, 1 << 16);
                    byte[] b = scratch(chunk);
                    m.readBytes(buf, b, 0, chunk);
                    s.out.write(b, 0, chunk);
                    buf += chunk;
                    len -= chunk;
                    total += chunk;
                }
            }
            // The guest's libc buffers already; the host stream must not hold bytes back.
            s.out.flush();
        } else {
            Fd.File file = regularFile(f);
            if ((file.flags & Fd.FDFLAG_APPEND) != 0) {
                file.channel.position(file.channel.size());
            }
            total = writeChannel(m, file.channel, iovs, iovsLen, -1);
            syncIfAsked(file);
        }
        m.storeI32(u32(nwrittenPtr), (int) total);
        return Errno.SUCCESS;
    }

    int fdPwrite(LinearMemory m, int fd, int iovs, int iovsLen, long offset, int nwrittenPtr) throws IOException {
        Fd f = fd(fd, Rights.FD_WRITE | Rights.FD_SEEK);
        Fd.File file = regularFile(f);
        if (offset < 0) {
            return Errno.INVAL;
        }
        long total = writeChannel(m, file.channel, iovs, iovsLen, offset);
        syncIfAsked(file);
        m.storeI32(u32(nwrittenPtr), (int) total);
        return Errno.SUCCESS;
    }

    private static void syncIfAsked(Fd.File file) throws IOException {
        if ((file.flags & (Fd.FDFLAG_SYNC | Fd.FDFLAG_DSYNC | Fd.FDFLAG_RSYNC)) != 0 && file.channel instanceof FileChannel fc) {
            fc.force((file.flags & Fd.FDFLAG_SYNC) != 0);
        }
    }

    private long writeChannel(LinearMemory m, SeekableByteChannel channel, int iovs, int iovsLen, long offset) throws IOException {
        long saved = offset >= 0 ? channel.position() : -1;
        long position = offset;
        long total = 0;
        try {
            for (int i = 0; i < iovsLen; i++) {
                long iov = u32(iovs) + 8L * i;
                long buf = m.loadU32(iov);
                long len = m.loadU32(iov + 4);
                while (len > 0) {
                    int chunk = (int) Math.min(len, 1 << 16);
                    byte[] b = scratch(chunk);
                    m.readBytes(buf, b, 0, chunk);
                    ByteBuffer bb = scratchBuffer;
                    bb.clear().limit(chunk);
                    while (bb.hasRemaining()) {
                        if (position >= 0) {
                            if (channel instanceof FileChannel fc) {
                                position += fc.write(bb, position);
                            } else {
                                channel.position(position);
                                position += channel.write(bb);
                            }
                        } else {
                            channel.write(bb);
                        }
                    }
                    buf += chunk;
                    len -= chunk;
                    total += chunk;
                }
            }
        } finally {
            if (saved >= 0 && !(channel instanceof FileChannel)) {
                channel.position(saved);
            }
        }
        return total;
    }

    int fdPrestatGet(LinearMemory m, int fd, int ptr) {
        Fd f = fd(fd);
        if (!(f instanceof Fd.Dir d) || d.preopenName == null) {
            return Errno.BADF;
        }
        m.storeI32(u32(ptr), 0); // tag: directory
        m.storeI32(u32(ptr) + 4, d.preopenName.getBytes(StandardCharsets.UTF_8).length);
        return Errno.SUCCESS;
    }

    int fdPrestatDirName(LinearMemory m, int fd, int pathPtr, int pathLen) {
        Fd f = fd(fd);
        if (!(f instanceof Fd.Dir d) || d.preopenName == null) {
            return Errno.BADF;
        }
        byte[] name = d.preopenName.getBytes(StandardCharsets.UTF_8);
        if (u32(pathLen) < name.length) {
            return Errno.NAMETOOLONG;
        }
        m.writeBytes(u32(pathPtr), name, 0, name.length);
        return Errno.SUCCESS;
    }

    int fdReaddir(LinearMemory m, int fd, int bufPtr, int bufLen, long cookie, int bufusedPtr) throws IOException {
        Fd f = fd(fd);
        if (!(f instanceof Fd.Dir d)) {
            return Errno.NOTDIR;
        }
        f.require(Rights.FD_READDIR);
        if (cookie < 0) {
            return Errno.INVAL;
        }
        if (d.listing == null || cookie == 0) {
            d.listing = list(d);
        }
        List<Sandbox.Entry> entries = d.listing;
        long p = u32(bufPtr);
        long end = p + u32(bufLen);
        byte[] header = new byte[24];
        ByteBuffer h = ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long i = cookie; i < entries.size() && p < end; i++) {
            Sandbox.Entry e = entries.get((int) i);
            h.clear();
            h.putLong(i + 1).putLong(e.inode()).putInt(e.utf8().length).put((byte) e.filetype()).put(new byte[3]);
            int n = (int) Math.min(24, end - p);
            m.writeBytes(p, header, 0, n);
            p += n;
            n = (int) Math.min(e.utf8().length, end - p);
            m.writeBytes(p, e.utf8(), 0, n);
            p += n;
        }
        m.storeI32(u32(bufusedPtr), (int) (p - u32(bufPtr)));
        return Errno.SUCCESS;
    }

    /** The entries of a directory: "." and ".." first, then the rest sorted by name so listings are stable. */
    private static List<Sandbox.Entry> list(Fd.Dir d) throws IOException {
        TruffleFile dir = d.host();
        List<Sandbox.Entry> entries = new ArrayList<>();
        long self = inode(dir);
        entries.add(new Sandbox.Entry(".", new byte[]{'.'}, self, Fd.FILETYPE_DIRECTORY));
        // At a preopen root, ".." would describe a host directory outside the sandbox: show the root itself.
        long parent = d.components.isEmpty() ? self : inode(Sandbox.host(d.root, d.components.subList(0, d.components.size() - 1)));
        entries.add(new Sandbox.Entry("..", new byte[]{'.', '.'}, parent, Fd.FILETYPE_DIRECTORY));
        List<Sandbox.Entry> children = new ArrayList<>();
        try (var stream = dir.newDirectoryStream()) {
            for (TruffleFile child : stream) {
                String name = child.getName();
                int type = child.isSymbolicLink() ? Fd.FILETYPE_SYMBOLIC_LINK
                                : child.isDirectory(Sandbox.NOFOLLOW) ? Fd.FILETYPE_DIRECTORY
                                                : child.isRegularFile(Sandbox.NOFOLLOW) ? Fd.FILETYPE_REGULAR_FILE : unixType(child);
                children.add(new Sandbox.Entry(name, name.getBytes(StandardCharsets.UTF_8), inode(child), type));
            }
        }
        children.sort((a, b) -> Arrays.compare(a.utf8(), b.utf8()));
        entries.addAll(children);
        return entries;
    }

    private static long inode(TruffleFile file) {
        try {
            return file.getAttribute(TruffleFile.UNIX_INODE, Sandbox.NOFOLLOW);
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    int fdRenumber(int from, int to) throws IOException {
        Fd f = fd(from);
        Fd old = fd(to);
        if (from == to) {
            return Errno.SUCCESS;
        }
        old.close();
        fds.set(to, f);
        fds.set(from, null);
        return Errno.SUCCESS;
    }

    int fdSeek(LinearMemory m, int fd, long offset, int whence, int newOffsetPtr) throws IOException {
        Fd f = fd(fd);
        if (f instanceof Fd.Stream) {
            return Errno.SPIPE;
        }
        f.require(offset == 0 && whence == WHENCE_CUR ? Rights.FD_TELL : Rights.FD_SEEK);
        Fd.File file = regularFile(f);
        long base = switch (whence) {
            case WHENCE_SET -> 0;
            case WHENCE_CUR -> file.channel.position();
            case WHENCE_END -> file.channel.size();
            default -> throw Errno.fail(Errno.INVAL);
        };
        long target = base + offset;
        if (target < 0) {
            return Errno.INVAL;
        }
        file.channel.position(target);
        m.storeI64(u32(newOffsetPtr), target);
        return Errno.SUCCESS;
    }

    int fdTell(LinearMemory m, int fd, int ptr) throws IOException {
        Fd f = fd(fd);
        if (f instanceof Fd.Stream) {
            return Errno.SPIPE;
        }
        f.require(Rights.FD_TELL);
        m.storeI64(u32(ptr), regularFile(f).channel.position());
        return Errno.SUCCESS;
    }

    // ---- path calls ----

    int pathCreateDirectory(LinearMemory m, int fd, int pathPtr, int pathLen) throws IOException {
        Fd.Dir d = dir(fd, Rights.PATH_CREATE_DIRECTORY);
        Sandbox.Resolved r = Sandbox.resolve(d, string(m, pathPtr, pathLen), false);
        if (r.isRoot() || r.file().exists(Sandbox.NOFOLLOW)) {
            return Errno.EXIST;
        }
        r.file().createDirectory();
        return Errno.SUCCESS;
    }

    int pathFilestatGet(LinearMemory m, int fd, int lookupFlags, int pathPtr, int pathLen, int bufPtr) throws IOException {
        Fd.Dir d = dir(fd, Rights.PATH_FILESTAT_GET);
        Sandbox.Resolved r = Sandbox.resolve(d, string(m, pathPtr, pathLen), (lookupFlags & LOOKUP_SYMLINK_FOLLOW) != 0);
        writeFilestat(m, u32(bufPtr), r.file());
        return Errno.SUCCESS;
    }

    int pathFilestatSetTimes(LinearMemory m, int fd, int lookupFlags, int pathPtr, int pathLen, long atim, long mtim, int fstFlags)
                    throws IOException {
        Fd.Dir d = dir(fd, Rights.PATH_FILESTAT_SET_TIMES);
        checkTimeFlags(fstFlags);
        Sandbox.Resolved r = Sandbox.resolve(d, string(m, pathPtr, pathLen), (lookupFlags & LOOKUP_SYMLINK_FOLLOW) != 0);
        if (!r.file().exists(Sandbox.NOFOLLOW)) {
            return Errno.NOENT;
        }
        setTimes(r.file(), atim, mtim, fstFlags);
        return Errno.SUCCESS;
    }

    int pathLink(LinearMemory m, int oldFd, int oldFlags, int oldPtr, int oldLen, int newFd, int newPtr, int newLen) throws IOException {
        Fd.Dir oldDir = dir(oldFd, Rights.PATH_LINK_SOURCE);
        Fd.Dir newDir = dir(newFd, Rights.PATH_LINK_TARGET);
        Sandbox.Resolved source = Sandbox.resolve(oldDir, string(m, oldPtr, oldLen), (oldFlags & LOOKUP_SYMLINK_FOLLOW) != 0);
        Sandbox.Resolved target = Sandbox.resolve(newDir, string(m, newPtr, newLen), false);
        if (!source.file().exists(Sandbox.NOFOLLOW)) {
            return Errno.NOENT;
        }
        if (source.file().isDirectory(Sandbox.NOFOLLOW)) {
            return Errno.PERM;
        }
        if (target.isRoot() || target.file().exists(Sandbox.NOFOLLOW)) {
            return Errno.EXIST;
        }
        target.file().createLink(source.file());
        return Errno.SUCCESS;
    }

    int pathOpen(LinearMemory m, int fd, int dirFlags, int pathPtr, int pathLen, int oflags, long rightsBase,
                    long rightsInheriting, int fdFlags, int fdPtr) throws IOException {
        Fd.Dir d = dir(fd, Rights.PATH_OPEN);
        if ((oflags & ~0xF) != 0 || (fdFlags & ~0x1F) != 0) {
            return Errno.INVAL;
        }
        long needed = 0;
        if ((oflags & OFLAG_CREAT) != 0) {
            needed |= Rights.PATH_CREATE_FILE;
        }
        if ((oflags & OFLAG_TRUNC) != 0) {
            needed |= Rights.PATH_FILESTAT_SET_SIZE;
        }
        d.require(needed);
        // A derived descriptor gets at most the directory's inheriting rights.
        if (((rightsBase | rightsInheriting) & ~d.rightsInheriting) != 0) {
            return Errno.NOTCAPABLE;
        }
        String path = string(m, pathPtr, pathLen);
        boolean follow = (dirFlags & LOOKUP_SYMLINK_FOLLOW) != 0;
        Sandbox.Resolved r = Sandbox.resolve(d, path, follow);
        TruffleFile file = r.file();
        boolean exists = file.exists(Sandbox.NOFOLLOW);
        if (exists && (oflags & (OFLAG_CREAT | OFLAG_EXCL)) == (OFLAG_CREAT | OFLAG_EXCL)) {
            return Errno.EXIST;
        }
        if (exists && file.isSymbolicLink()) {
            // Only reachable without symlink_follow: O_NOFOLLOW semantics.
            return Errno.LOOP;
        }
        boolean isDir = exists && file.isDirectory(Sandbox.NOFOLLOW);
        boolean wantsWrite = (rightsBase & (Rights.FD_WRITE | Rights.FD_DATASYNC | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE)) != 0;
        if ((oflags & OFLAG_DIRECTORY) != 0 || isDir) {
            if (!exists) {
                return (oflags & OFLAG_CREAT) != 0 && (oflags & OFLAG_DIRECTORY) == 0 ? Errno.ISDIR : Errno.NOENT;
            }
            if (!isDir) {
                return Errno.NOTDIR;
            }
            if ((oflags & OFLAG_TRUNC) != 0 || ((rightsBase & (Rights.FD_WRITE)) != 0 && (oflags & OFLAG_DIRECTORY) == 0)) {
                return Errno.ISDIR;
            }
            Fd.Dir opened = new Fd.Dir(r.root(), r.components(), null, rightsBase & Rights.DIRECTORY, rightsInheriting);
            opened.flags = fdFlags;
            m.storeI32(u32(fdPtr), allocate(opened));
            return Errno.SUCCESS;
        }
        if (r.isRoot()) {
            return Errno.ISDIR;
        }
        Set<OpenOption> options = new HashSet<>();
        options.add(StandardOpenOption.READ);
        options.add(java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (wantsWrite || (oflags & OFLAG_TRUNC) != 0) {
            options.add(StandardOpenOption.WRITE);
        }
        if ((oflags & OFLAG_TRUNC) != 0) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        if ((oflags & OFLAG_CREAT) != 0) {
            options.add((oflags & OFLAG_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
            if (!exists) {
                options.add(StandardOpenOption.WRITE);
            }
        }
        SeekableByteChannel channel;
        try {
            channel = file.newByteChannel(options);
        } catch (java.nio.file.AccessDeniedException e) {
            // An unreadable but writable file may still be opened write-only.
            if (!wantsWrite || (rightsBase & Rights.FD_READ) != 0) {
                throw e;
            }
            options.remove(StandardOpenOption.READ);
            channel = file.newByteChannel(options);
        }
        Fd.File opened = new Fd.File(file, channel, rightsBase & Rights.FILE, rightsInheriting & Rights.FILE);
        opened.flags = fdFlags;
        m.storeI32(u32(fdPtr), allocate(opened));
        return Errno.SUCCESS;
    }

    int pathReadlink(LinearMemory m, int fd, int pathPtr, int pathLen, int bufPtr, int bufLen, int bufusedPtr) throws IOException {
        Fd.Dir d = dir(fd, Rights.PATH_READLINK);
        Sandbox.Resolved r = Sandbox.resolve(d, string(m, pathPtr, pathLen), false);
        if (!r.file().isSymbolicLink()) {
            return r.file().exists(Sandbox.NOFOLLOW) ? Errno.INVAL : Errno.NOENT;
        }
        String link = r.file().readSymbolicLink().getPath();
        // An absolute target names a host path: the guest may neither follow nor see it.
        if (link.startsWith("/")) {
            return Errno.PERM;
        }
        byte[] target = link.getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(target.length, u32(bufLen));
        m.writeBytes(u32(bufPtr), target, 0, n);
        m.storeI32(u32(bufusedPtr), n);
        return Errno.SUCCESS;
    }

    int pathRemoveDirectory(LinearMemory m, int fd, int pathPtr, int pathLen) throws IOException {
        Fd.Dir d = dir(fd, Rights.PATH_REMOVE_DIRECTORY);
        String path = string(m, pathPtr, pathLen);
        Sandbox.Resolved r = Sandbox.resolve(d, path, false);
        if (r.isRoot() || path.equals(".") || path.endsWith("/.")) {
            return r.isRoot() && !path.endsWith(".") ? Errno.PERM : Errno.INVAL;
        }
        if (!r.file().exists(Sandbox.NOFOLLOW)) {
            return Errno.NOENT;
        }
        if (!r.file().isDirectory(Sandbox.NOFOLLOW)) {
            return Errno.NOTDIR;
        }
        r.file().delete();
        return Errno.SUCCESS;
    }

    int pathRename(LinearMemory m, int fd, int oldPtr, int oldLen, int newFd, int newPtr, int newLen) throws IOException {
        Fd.Dir oldDir = dir(fd, Rights.PATH_RENAME_SOURCE);
        Fd.Dir newDir = dir(newFd, Rights.PATH_RENAME_TARGET);
        Sandbox.Resolved source = Sandbox.resolve(oldDir, string(m, oldPtr, oldLen), false);
        Sandbox.Resolved target = Sandbox.resolve(newDir, string(m, newPtr, newLen), false);
        if (source.isRoot() || target.isRoot()) {
            return Errno.BUSY;
        }
        if (!source.file().exists(Sandbox.NOFOLLOW)) {
            return Errno.NOENT;
        }
        boolean sourceIsDir = source.file().isDirectory(Sandbox.NOFOLLOW);
        if (target.file().exists(Sandbox.NOFOLLOW)) {
            boolean targetIsDir = target.file().isDirectory(Sandbox.NOFOLLOW);
            if (sourceIsDir && !targetIsDir) {
                return Errno.NOTDIR;
            }
            if (!sourceIsDir && targetIsDir) {
                return Errno.ISDIR;
            }
        }
        if (sourceIsDir && isPrefix(source, target)) {
            return Errno.INVAL;
        }
        // An atomic move is a plain rename(2): it replaces the target as POSIX does.
        source.file().move(target.file(), StandardCopyOption.ATOMIC_MOVE);
        return Errno.SUCCESS;
    }

    private static boolean isPrefix(Sandbox.Resolved dir, Sandbox.Resolved inner) {
        return dir.root().equals(inner.root()) && inner.components().size() > dir.components().size()
                        && inner.components().subList(0, dir.components().size()).equals(dir.components());
    }

    int pathSymlink(LinearMemory m, int oldPtr, int oldLen, int fd, int newPtr, int newLen) throws IOException {
        Fd.Dir d = dir(fd, Rights.PATH_SYMLINK);
        String target = string(m, oldPtr, oldLen);
        if (target.isEmpty() || target.indexOf('\0') >= 0) {
            return Errno.NOENT;
        }
        // A link to an absolute host path could never be followed inside the sandbox; refuse it outright.
        if (target.charAt(0) == '/') {
            return Errno.PERM;
        }
        Sandbox.Resolved r = Sandbox.resolve(d, string(m, newPtr, newLen), false);
        if (r.isRoot() || r.file().exists(Sandbox.NOFOLLOW)) {
            return Errno.EXIST;
        }
        r.file().createSymbolicLink(env.getPublicTruffleFile(target));
        return Errno.SUCCESS;
    }

    int pathUnlinkFile(LinearMemory m, int fd, int pathPtr, int pathLen) throws IOException {
        Fd.Dir d = dir(fd, Rights.PATH_UNLINK_FILE);
        String path = string(m, pathPtr, pathLen);
        Sandbox.Resolved r = Sandbox.resolve(d, path, false);
        if (r.isRoot()) {
            return Errno.ISDIR;
        }
        if (!r.file().exists(Sandbox.NOFOLLOW)) {
            return Errno.NOENT;
        }
        if (r.file().isDirectory(Sandbox.NOFOLLOW)) {
            return Errno.ISDIR;
        }
        if (path.endsWith("/")) {
            return Errno.NOTDIR;
        }
        r.file().delete();
        return Errno.SUCCESS;
    }

    // ---- poll ----

    int pollOneoff(LinearMemory m, int inPtr, int outPtr, int nsubscriptions, int neventsPtr) throws IOException {
        if (nsubscriptions == 0) {
            return Errno.INVAL;
        }
        long in = u32(inPtr);
        long out = u32(outPtr);
        int n = nsubscriptions;
        int events = 0;
        long earliest = Long.MAX_VALUE;
        long[] deadlines = new long[n];
        Arrays.fill(deadlines, -1);
        // Files and output streams are always ready; stdin is ready once it has data or has ended.
        PollableInput waitingInput = null;
        boolean[] waitsForInput = new boolean[n];
        for (int i = 0; i < n; i++) {
            long s = in + 48L * i;
            long userdata = m.loadI64(s);
            int tag = m.loadU8(s + 8);
            if (tag == EVENTTYPE_CLOCK) {
                int clock = m.loadI32(s + 16);
                long timeout = m.loadI64(s + 24);
                int flags = m.loadU16(s + 40);
                long relative;
                try {
                    relative = (flags & SUBCLOCK_ABSTIME) != 0 ? timeout - now(clock) : timeout;
                } catch (Errno.Failure e) {
                    writeEvent(m, out + 32L * events++, userdata, e.errno, tag, 0);
                    continue;
                }
                long deadline = System.nanoTime() + Math.max(0, relative);
                if (relative > Long.MAX_VALUE / 2) {
                    deadline = Long.MAX_VALUE;
                }
                deadlines[i] = deadline;
                earliest = Math.min(earliest, deadline);
            } else if (tag == EVENTTYPE_FD_READ || tag == EVENTTYPE_FD_WRITE) {
                int fd = m.loadI32(s + 16);
                int error = Errno.SUCCESS;
                long nbytes = 0;
                try {
                    Fd f = fd(fd, Rights.POLL_FD_READWRITE);
                    if (tag == EVENTTYPE_FD_READ) {
                        if (f instanceof Fd.File file) {
                            nbytes = Math.max(0, file.channel.size() - file.channel.position());
                        } else if (f instanceof Fd.Stream st && st.in instanceof PollableInput input) {
                            if (!input.awaitReadable(System.nanoTime())) {
                                waitingInput = input;
                                waitsForInput[i] = true;
                                continue;
                            }
                            nbytes = input.available();
                        }
                    }
                } catch (Errno.Failure e) {
                    error = e.errno;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Errno.INTR;
                }
                writeEvent(m, out + 32L * events++, userdata, error, tag, nbytes);
            } else {
                return Errno.INVAL;
            }
        }
        if (events == 0) {
            try {
                if (waitingInput != null && waitingInput.awaitReadable(earliest)) {
                    for (int i = 0; i < n; i++) {
                        if (waitsForInput[i]) {
                            writeEvent(m, out + 32L * events++, m.loadI64(in + 48L * i), Errno.SUCCESS, EVENTTYPE_FD_READ, waitingInput.available());
                        }
                    }
                } else if (earliest != Long.MAX_VALUE && waitingInput == null) {
                    long wait = earliest - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Errno.INTR;
            }
        }
        if (earliest != Long.MAX_VALUE) {
            long now = System.nanoTime();
            boolean none = events == 0;
            for (int i = 0; i < n; i++) {
                if (deadlines[i] != -1 && (deadlines[i] - now <= 0 || (none && deadlines[i] == earliest))) {
                    writeEvent(m, out + 32L * events++, m.loadI64(in + 48L * i), Errno.SUCCESS, EVENTTYPE_CLOCK, 0);
                }
            }
        }
        m.storeI32(u32(neventsPtr), events);
        return Errno.SUCCESS;
    }

    private static void writeEvent(LinearMemory m, long p, long userdata, int error, int type, long nbytes) {
        m.storeI64(p, userdata);
        m.storeI16(p + 8, error);
        m.storeI16(p + 10, type);
        m.storeI32(p + 12, 0);
        m.storeI64(p + 16, nbytes);
        m.storeI64(p + 24, 0); // flags, padding
    }

    // ---- sockets: Porcini opens none, so any valid descriptor is not a socket ----

    int sockCall(int fd) {
        fd(fd);
        return Errno.NOTSOCK;
    }
}
