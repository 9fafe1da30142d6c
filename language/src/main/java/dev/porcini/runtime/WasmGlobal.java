package dev.porcini.runtime;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.TruffleObject;
import com.oracle.truffle.api.interop.UnknownIdentifierException;
import com.oracle.truffle.api.interop.UnsupportedMessageException;
import com.oracle.truffle.api.interop.UnsupportedTypeException;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;

import dev.porcini.module.GlobalType;
import dev.porcini.module.ValType;

/**
 * A global variable. Numbers are kept as raw bits in {@code bits} (i32 and f32 in the low 32 bits),
 * references in {@code ref}, so reads and writes never box. Hosts see a member {@code value},
 * writable when the global is mutable.
 */
@ExportLibrary(InteropLibrary.class)
public final class WasmGlobal implements TruffleObject {
    private static final String VALUE = "value";

    private final GlobalType type;
    private long bits;
    private Object ref;

    public WasmGlobal(GlobalType type) {
        this.type = type;
        this.ref = type.type() == ValType.V128 ? V128.ZERO : WasmNull.INSTANCE;
    }

    public GlobalType type() {
        return type;
    }

    public ValType valueType() {
        return type.type();
    }

    public long bits() {
        return bits;
    }

    public void setBits(long bits) {
        this.bits = bits;
    }

    public Object ref() {
        return ref;
    }

    public void setRef(Object ref) {
        this.ref = ref;
    }

    /** The value as a boxed Java object (Integer, Long, Float, Double or a reference). */
    public Object value() {
        return Values.box(type.type(), bits, ref);
    }

    /** Stores a boxed value of this global's type. */
    public void setValue(Object value) {
        if (type.type().isReference() || type.type() == ValType.V128) {
            ref = value;
        } else {
            bits = Values.bitsOf(type.type(), value);
        }
    }

    @ExportMessage
    boolean hasMembers() {
        return true;
    }

    @ExportMessage
    Object getMembers(@SuppressWarnings("unused") boolean includeInternal) {
        return new InteropArray(new Object[]{VALUE});
    }

    @ExportMessage
    boolean isMemberReadable(String member) {
        return VALUE.equals(member);
    }

    @ExportMessage
    boolean isMemberModifiable(String member) {
        return VALUE.equals(member) && type.mutable();
    }

    @ExportMessage
    boolean isMemberInsertable(@SuppressWarnings("unused") String member) {
        return false;
    }

    @ExportMessage
    @TruffleBoundary
    Object readMember(String member) throws UnknownIdentifierException {
        if (!VALUE.equals(member)) {
            throw UnknownIdentifierException.create(member);
        }
        return value();
    }

    @ExportMessage
    @TruffleBoundary
    void writeMember(String member, Object value) throws UnknownIdentifierException, UnsupportedMessageException, UnsupportedTypeException {
        if (!VALUE.equals(member)) {
            throw UnknownIdentifierException.create(member);
        }
        if (!type.mutable()) {
            throw UnsupportedMessageException.create();
        }
        setValue(InteropConversions.toWasm(type.type(), value, new Object[]{value}));
    }
}
