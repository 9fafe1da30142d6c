package dev.porcini.wasi;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import com.oracle.truffle.api.TruffleFile;

/**
 * The capability sandbox: every guest path is resolved here, against a directory descriptor, one
 * component at a time. {@code ..} pops a component and may never pop past the descriptor's own
 * directory; each symbolic link met on the way is read and its target resolved the same way, so
 * an absolute path or target, or one that climbs out, fails with {@code EPERM}, as in wasmtime and
 * the WASI filesystem's path-resolution rules. The result is
 * a host file whose path below the root consists only of plain names that are not symlinks
 * (except a final one when the caller asked not to follow it).
 *
 * <p>Known limit: the checks and the later operation are separate host calls, so a host process
 * that swaps a component for a symlink in between could race them (Java has no {@code openat}).
 */
final class Sandbox {
    private Sandbox() {
    }

    static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** The most symbolic links one resolution may follow, as Linux's {@code MAXSYMLINKS}. */
    private static final int MAX_LINKS = 40;

    /**
     * A resolved guest path: the host file and its components below the preopen root, of which
     * the first {@code floor} name the directory descriptor it was resolved from.
     */
    record Resolved(TruffleFile root, List<String> components, int floor, TruffleFile file) {
        /** Whether the path names the descriptor's own directory. */
        boolean isRoot() {
            return components.size() == floor;
        }
    }

    /** One directory entry for {@code fd_readdir}. */
    record Entry(String name, byte[] utf8, long inode, int filetype) {
    }

    static TruffleFile host(TruffleFile root, List<String> components) {
        TruffleFile file = root;
        for (String c : components) {
            file = file.resolve(c);
        }
        return file;
    }

    /**
     * Resolves {@code path} relative to {@code dir}.
     *
     * @param followFinal whether a symlink in the last component is followed too
     */
    static Resolved resolve(Fd.Dir dir, String path, boolean followFinal) throws IOException {
        if (path.isEmpty()) {
            throw Errno.fail(Errno.NOENT);
        }
        if (path.indexOf('\0') >= 0) {
            throw Errno.fail(Errno.INVAL);
        }
        if (path.charAt(0) == '/') {
            throw escape();
        }
        boolean mustBeDir = path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..");
        ArrayDeque<String> work = new ArrayDeque<>();
        pushFront(work, path);
        ArrayList<String> current = new ArrayList<>(dir.components);
        // Every directory descriptor is a root of its own: ".." never climbs above it.
        int floor = current.size();
        TruffleFile file = host(dir.root, current);
        int links = 0;
        while (!work.isEmpty()) {
            String c = work.pollFirst();
            if (c.equals("..")) {
                if (current.size() == floor) {
                    throw escape();
                }
                current.remove(current.size() - 1);
                file = host(dir.root, current);
                continue;
            }
            boolean last = work.isEmpty();
            TruffleFile next = file.resolve(c);
            if ((!last || followFinal || mustBeDir) && next.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw Errno.fail(Errno.LOOP);
                }
                String target = next.readSymbolicLink().getPath();
                if (target.isEmpty()) {
                    throw Errno.fail(Errno.NOENT);
                }
                if (target.charAt(0) == '/') {
                    throw escape();
                }
                if (last && target.endsWith("/")) {
                    mustBeDir = true;
                }
                pushFront(work, target);
                continue;
            }
            if (!last && !next.isDirectory(NOFOLLOW)) {
                throw Errno.fail(next.exists(NOFOLLOW) ? Errno.NOTDIR : Errno.NOENT);
            }
            current.add(c);
            file = next;
        }
        if (mustBeDir && file.exists(NOFOLLOW) && !file.isDirectory(NOFOLLOW)) {
            throw Errno.fail(Errno.NOTDIR);
        }
        return new Resolved(dir.root, List.copyOf(current), floor, file);
    }

    /** The failure for a path that would leave the sandbox. */
    static Errno.Failure escape() {
        return Errno.fail(Errno.PERM);
    }

    /** Puts the components of {@code path} (without empty and "." ones) in front of {@code work}, in order. */
    private static void pushFront(ArrayDeque<String> work, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            String p = parts[i];
            if (!p.isEmpty() && !p.equals(".")) {
                work.addFirst(p);
            }
        }
    }
}
