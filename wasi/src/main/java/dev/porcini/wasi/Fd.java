package dev.porcini.wasi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

import com.oracle.truffle.api.TruffleFile;

/** One open WASI file descriptor: what it refers to, its rights and its {@code fdflags}. */
abstract class Fd {
    static final int FILETYPE_UNKNOWN = 0;
    static final int FILETYPE_CHARACTER_DEVICE = 2;
    static final int FILETYPE_DIRECTORY = 3;
    static final int FILETYPE_REGULAR_FILE = 4;
    static final int FILETYPE_SYMBOLIC_LINK = 7;

    static final int FDFLAG_APPEND = 1;
    static final int FDFLAG_DSYNC = 2;
    static final int FDFLAG_NONBLOCK = 4;
    static final int FDFLAG_RSYNC = 8;
    static final int FDFLAG_SYNC = 16;

    long rightsBase;
    long rightsInheriting;
    int flags;

    Fd(long rightsBase, long rightsInheriting) {
        this.rightsBase = rightsBase;
        this.rightsInheriting = rightsInheriting;
    }

    abstract int filetype();

    void close() throws IOException {
    }

    /** Fails with {@code ENOTCAPABLE} unless this descriptor holds all of {@code rights}. */
    final void require(long rights) {
        if ((rightsBase & rights) != rights) {
            throw Errno.fail(Errno.NOTCAPABLE);
        }
    }

    /** A standard stream (fd 0, 1 or 2): the context's stdin, stdout or stderr. */
    static final class Stream extends Fd {
        final InputStream in;
        final OutputStream out;

        Stream(InputStream in, OutputStream out, long rights) {
            super(rights, 0);
            this.in = in;
            this.out = out;
        }

        @Override
        int filetype() {
            return FILETYPE_CHARACTER_DEVICE;
        }
    }

    /** An open regular file. */
    static final class File extends Fd {
        final TruffleFile file;
        final SeekableByteChannel channel;

        File(TruffleFile file, SeekableByteChannel channel, long rightsBase, long rightsInheriting) {
            super(rightsBase, rightsInheriting);
            this.file = file;
            this.channel = channel;
        }

        @Override
        int filetype() {
            return FILETYPE_REGULAR_FILE;
        }

        @Override
        void close() throws IOException {
            channel.close();
        }
    }

    /**
     * An open directory: a preopen root plus the guest-relative components below it. Paths are
     * always resolved from the root through {@link Sandbox}, never from a host path alone.
     */
    static final class Dir extends Fd {
        final TruffleFile root;
        final List<String> components;
        /** The guest name for preopens ({@code fd_prestat_*}); null for directories opened later. */
        final String preopenName;
        /** The entries of the last {@code fd_readdir} listing, refreshed when a listing starts at cookie 0. */
        List<Sandbox.Entry> listing;

        Dir(TruffleFile root, List<String> components, String preopenName, long rightsBase, long rightsInheriting) {
            super(rightsBase, rightsInheriting);
            this.root = root;
            this.components = components;
            this.preopenName = preopenName;
        }

        TruffleFile host() {
            return Sandbox.host(root, components);
        }

        @Override
        int filetype() {
            return FILETYPE_DIRECTORY;
        }
    }
}
