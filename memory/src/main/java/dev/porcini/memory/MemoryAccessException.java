package dev.porcini.memory;

/**
 * An access outside a linear memory's bounds. The language turns it into the trap whose message is
 * {@link #getMessage()}: "out of bounds memory access".
 *
 * <p>Traps can be frequent (spec tests, guest code probing memory), so the exception records no
 * stack trace; the access that failed is kept for diagnostics.
 */
public final class MemoryAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The spec's wording of the trap. */
    public static final String MESSAGE = "out of bounds memory access";

    private final long address;
    private final long length;
    private final long byteSize;

    MemoryAccessException(long address, long length, long byteSize) {
        super(MESSAGE, null, false, false);
        this.address = address;
        this.length = length;
        this.byteSize = byteSize;
    }

    /** First byte of the failed access, as passed (unsigned). */
    public long address() {
        return address;
    }

    /** Bytes the failed access covered (unsigned). */
    public long length() {
        return length;
    }

    /** Size in bytes of the memory (or data segment) that was accessed. */
    public long byteSize() {
        return byteSize;
    }

    /** "out of bounds memory access" followed by the failed range, for logs and error details. */
    public String describe() {
        return MESSAGE + " (address " + Long.toUnsignedString(address) + ", length "
                + Long.toUnsignedString(length) + ", size " + byteSize + ")";
    }
}
