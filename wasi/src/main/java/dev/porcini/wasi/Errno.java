package dev.porcini.wasi;

import java.io.IOException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * The {@code errno} values of {@code wasi_snapshot_preview1}, and the one mapping from host
 * exceptions to them. Only the number reaches the guest: no exception text, so no host path.
 */
final class Errno {
    private Errno() {
    }

    static final int SUCCESS = 0;
    static final int TOOBIG = 1;
    static final int ACCES = 2;
    static final int AGAIN = 6;
    static final int BADF = 8;
    static final int BUSY = 10;
    static final int EXIST = 20;
    static final int FAULT = 21;
    static final int FBIG = 22;
    static final int ILSEQ = 25;
    static final int INTR = 27;
    static final int INVAL = 28;
    static final int IO = 29;
    static final int ISDIR = 31;
    static final int LOOP = 32;
    static final int MLINK = 34;
    static final int NAMETOOLONG = 37;
    static final int NOENT = 44;
    static final int NOMEM = 48;
    static final int NOSPC = 51;
    static final int NOSYS = 52;
    static final int NOTDIR = 54;
    static final int NOTEMPTY = 55;
    static final int NOTSOCK = 57;
    static final int NOTSUP = 58;
    static final int NXIO = 60;
    static final int OVERFLOW = 61;
    static final int PERM = 63;
    static final int ROFS = 69;
    static final int SPIPE = 70;
    static final int XDEV = 75;
    static final int NOTCAPABLE = 76;

    /** A failed WASI call: carries only the errno, and no stack trace (it is control flow). */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int errno;

        Failure(int errno) {
            super(null, null, false, false);
            this.errno = errno;
        }
    }

    static Failure fail(int errno) {
        return new Failure(errno);
    }

    /** The errno for a host exception from a file operation. */
    static int of(Throwable e) {
        if (e instanceof Failure f) {
            return f.errno;
        }
        if (e instanceof NoSuchFileException) {
            return NOENT;
        }
        if (e instanceof FileAlreadyExistsException) {
            return EXIST;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return NOTEMPTY;
        }
        if (e instanceof NotDirectoryException) {
            return NOTDIR;
        }
        if (e instanceof AccessDeniedException) {
            return ACCES;
        }
        if (e instanceof NotLinkException) {
            return INVAL;
        }
        if (e instanceof FileSystemLoopException) {
            return LOOP;
        }
        if (e instanceof FileSystemException fse) {
            return ofReason(fse.getReason());
        }
        if (e instanceof NonReadableChannelException || e instanceof NonWritableChannelException) {
            return BADF;
        }
        if (e instanceof InvalidPathException) {
            return INVAL;
        }
        if (e instanceof SecurityException) {
            // The context's IO policy forbids it: the embedder withheld the capability.
            return NOTCAPABLE;
        }
        if (e instanceof UnsupportedOperationException) {
            return NOTSUP;
        }
        if (e instanceof OutOfMemoryError) {
            return NOMEM;
        }
        if (e instanceof IOException) {
            String message = e.getMessage();
            if (message != null && message.contains("No space left")) {
                return NOSPC;
            }
            return IO;
        }
        return IO;
    }

    /** Java reports many errno-level failures only as the C library's strerror text. */
    private static int ofReason(String reason) {
        if (reason == null) {
            return IO;
        }
        if (reason.contains("Not a directory")) {
            return NOTDIR;
        }
        if (reason.contains("Is a directory")) {
            return ISDIR;
        }
        if (reason.contains("Too many levels of symbolic links")) {
            return LOOP;
        }
        if (reason.contains("Read-only file system")) {
            return ROFS;
        }
        if (reason.contains("No space left")) {
            return NOSPC;
        }
        if (reason.contains("File name too long")) {
            return NAMETOOLONG;
        }
        if (reason.contains("cross-device")) {
            return XDEV;
        }
        if (reason.contains("Operation not permitted")) {
            return PERM;
        }
        if (reason.contains("Permission denied")) {
            return ACCES;
        }
        if (reason.contains("Directory not empty")) {
            return NOTEMPTY;
        }
        if (reason.contains("File exists")) {
            return EXIST;
        }
        if (reason.contains("No such file")) {
            return NOENT;
        }
        if (reason.contains("Too many links")) {
            return MLINK;
        }
        if (reason.contains("Invalid argument")) {
            return INVAL;
        }
        return IO;
    }
}
