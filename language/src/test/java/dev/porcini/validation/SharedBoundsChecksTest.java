package dev.porcini.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.porcini.binary.ModuleDecoder;
import dev.porcini.bytecode.Bytecode;
import dev.porcini.bytecode.LoweredCode;
import dev.porcini.module.WasmModule;
import dev.porcini.text.Wat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Which loads and stores share a bounds check ({@link SharedBoundsChecks}): the reach immediate of
 * each access, and the verifier's independent check that every unchecked access is covered.
 */
class SharedBoundsChecksTest {

    private static LoweredCode lowerFunction(String wat) {
        WasmModule m = ModuleDecoder.decode(Wat.encodeModule(wat));
        LoweredCode code = Validator.validate(m)[0];
        LoweredCodeVerifier.verify(m, m.importedFunctions(), code);
        return code;
    }

    /** The reach immediate of every load and store, in code order. */
    private static List<Integer> reaches(byte[] code) {
        List<Integer> reaches = new ArrayList<>();
        for (int pc = 0; pc < code.length; pc = Disassembler.next(code, pc)) {
            int op = code[pc] & 0xFF;
            if (op >= Bytecode.I32_LOAD && op <= Bytecode.I64_STORE32) {
                reaches.add(Bytecode.readInt(code, pc + 9));
            }
        }
        return reaches;
    }

    private static List<Integer> reaches(String body) {
        return reaches(lowerFunction("(module (memory 1) (func (param $p i32) (param $q i32) (local $f f64) " + body + "))").code());
    }

    @Test
    void theFirstAccessOfABaseChecksUpToTheEndOfTheFurthest() {
        // Fields at 4, 0 and 12 of $p: the first checks [p+4, p+16), the others nothing.
        assertEquals(List.of(12, 0, 0), reaches("""
                        (drop (i32.load offset=4 (local.get $p)))
                        (drop (i32.load8_u (local.get $p)))
                        (i32.store offset=12 (local.get $p) (i32.const 1))
                        """));
        // A store's address is below its value, so the load comes first; an f64 is 8 bytes.
        assertEquals(List.of(8, 0), reaches("""
                        (f64.store (local.get $p) (f64.load offset=8 (local.get $p)))
                        """));
    }

    @Test
    void differentBasesAreCheckedApart() {
        assertEquals(List.of(4, 4, 0), reaches("""
                        (drop (i32.load (local.get $p)))
                        (drop (i32.load (local.get $q)))
                        (drop (i32.load (local.get $p)))
                        """));
        // A product is no known address.
        assertEquals(List.of(4, 4), reaches("""
                        (drop (i32.load (i32.mul (local.get $p) (i32.const 4))))
                        (drop (i32.load (i32.mul (local.get $p) (i32.const 4))))
                        """));
    }

    @Test
    void addedConstantsAreDisplacementsOfTheSameValue() {
        // clang's static arrays: $p + 1040 and $p + 1042 (+ an offset) share the first check.
        assertEquals(List.of(7, 0, 0), reaches("""
                        (drop (i32.load8_u (i32.add (local.get $p) (i32.const 1040))))
                        (drop (i32.load8_u offset=4 (i32.add (i32.const 1042) (local.get $p))))
                        (drop (i32.load8_u (i32.add (i32.add (local.get $p) (i32.const 1040)) (i32.const 1))))
                        """));
        // Constant addresses are displacements of zero; a local keeps its displacement.
        assertEquals(List.of(8, 0, 12, 0), reaches("""
                        (drop (i32.load (i32.const 16)))
                        (drop (i32.load offset=4 (i32.const 16)))
                        (local.set $q (i32.add (local.get $p) (i32.const 4)))
                        (drop (i32.load (local.get $q)))
                        (drop (i32.load offset=8 (local.get $q)))
                        """));
    }

    /** The reach immediate of a check that also covers {@code below} bytes under its address. */
    private static int reachBelow(int reach, int below) {
        return reach | below << Bytecode.Reach.BELOW_SHIFT;
    }

    @Test
    void aSmallerDisplacementIsCoveredByCheckingBelow() {
        // clang's unrolled loop from the top down: $p + 3 checks from $p + 0 to $p + 4. Where
        // $p + 3 is below 3 the check fails, as $p would wrap around.
        assertEquals(List.of(reachBelow(1, 3), 0, 0, 0), reaches("""
                        (drop (i32.load8_s (i32.add (local.get $p) (i32.const 3))))
                        (drop (i32.load8_s (i32.add (local.get $p) (i32.const 2))))
                        (drop (i32.load8_s (i32.add (local.get $p) (i32.const 1))))
                        (drop (i32.load8_s (local.get $p)))
                        """));
        // The first access's offset counts too: $p + 4 with offset 8 is 12 bytes above $p.
        assertEquals(List.of(reachBelow(4, 12), 0), reaches("""
                        (drop (i32.load offset=8 (i32.add (local.get $p) (i32.const 4))))
                        (drop (i32.load (local.get $p)))
                        """));
        // At most 127 bytes below: $p is 128 under $p + 128 and has a check of its own.
        assertEquals(List.of(4, 4), reaches("""
                        (drop (i32.load (i32.add (local.get $p) (i32.const 128))))
                        (drop (i32.load (local.get $p)))
                        """));
    }

    @Test
    void aWrittenLocalIsANewBaseAndCopiesShareOne() {
        assertEquals(List.of(4, 4), reaches("""
                        (drop (i32.load (local.get $p)))
                        (local.set $p (local.get $q))
                        (drop (i32.load (local.get $p)))
                        """));
        // local.tee's result and a copy through local.set are the same value as the local.
        assertEquals(List.of(8, 0, 0), reaches("""
                        (drop (i32.load (local.tee $q (local.get $p))))
                        (drop (i32.load offset=4 (local.get $q)))
                        (drop (i32.load (local.get $p)))
                        """));
    }

    @Test
    void runsEndAtBranchTargetsAndCalls() {
        // The then branch is entered only from before the if; after its end (a join) and after a
        // call, $p is checked again.
        assertEquals(List.of(4, 0, 4, 4), reaches("""
                        (drop (i32.load (local.get $p)))
                        (if (local.get $q) (then (drop (i32.load (local.get $p)))))
                        (drop (i32.load (local.get $p)))
                        (call 0 (local.get $p) (local.get $q))
                        (drop (i32.load (local.get $p)))
                        """));
        assertEquals(List.of(4, 4), reaches("""
                        (drop (i32.load (local.get $p)))
                        (loop (drop (i32.load (local.get $p))))
                        """));
        assertEquals(List.of(4, 4), reaches("""
                        (if (local.get $q) (then (drop (i32.load (local.get $p)))) (else (drop (i32.load (local.get $p)))))
                        """));
        // Where paths join, copies made before may differ: $q is checked by itself in the loop.
        assertEquals(List.of(4, 4), reaches("""
                        (local.set $q (local.get $p))
                        (loop (drop (i32.load (local.get $p))) (drop (i32.load offset=4 (local.get $q)))
                              (local.set $q (i32.add (local.get $q) (i32.const 4))) (br_if 0 (local.get $q)))
                        """));
        // Only the fall-through path of br_if goes on to the second load.
        assertEquals(List.of(12, 0), reaches("""
                        (block (drop (i32.load (local.get $p))) (br_if 0 (local.get $q)) (drop (i32.load offset=8 (local.get $p))))
                        """));
    }

    @Test
    void theWidenedCheckHasALimit() {
        // 16 MiB - 1 is the most one check reaches; the access beyond is checked by itself.
        assertEquals(List.of(0xFFFFFF, 0, 4), reaches("""
                        (drop (i32.load (local.get $p)))
                        (drop (i32.load offset=0xFFFFFB (local.get $p)))
                        (drop (i32.load offset=0xFFFFFC (local.get $p)))
                        """));
    }

    @Test
    void theVerifierRejectsAnUncoveredAccess() {
        WasmModule m = ModuleDecoder.decode(Wat.encodeModule("""
                        (module (memory 1) (func (param $p i32) (param $q i32)
                          (drop (i32.load (local.get $p)))
                          (local.set $p (local.get $q))
                          (drop (i32.load offset=4 (local.get $p)))))
                        """));
        LoweredCode code = Validator.validate(m)[0];
        byte[] bytes = code.code();
        List<Integer> loads = new ArrayList<>();
        for (int pc = 0; pc < bytes.length; pc = Disassembler.next(bytes, pc)) {
            if ((bytes[pc] & 0xFF) == Bytecode.I32_LOAD) {
                loads.add(pc);
            }
        }
        assertEquals(List.of(4, 4), reaches(bytes));
        // As if the lowering had missed the local.set: the first load covers the second.
        setInt(bytes, loads.get(0) + 9, 8);
        setInt(bytes, loads.get(1) + 9, 0);
        LoweredCode mutated = new LoweredCode(bytes, code.localTypes(), code.maxStackHeight(), code.callSites(), code.profiles(),
                        code.offsets(), code.usesV128(), code.loopDeadLocals(), code.branchDeadLocals());
        AssertionError e = assertThrows(AssertionError.class, () -> LoweredCodeVerifier.verify(m, 0, mutated));
        assertTrue(e.getMessage().contains("not covered"), e.getMessage());
    }

    private static void setInt(byte[] code, int at, int value) {
        for (int i = 0; i < 4; i++) {
            code[at + i] = (byte) (value >>> 8 * i);
        }
    }

    /** clang's code: every kernel build passes the verifier, and many accesses share a check. */
    @Test
    void kernelsShareChecksThatTheVerifierAccepts() throws IOException {
        int accesses = 0;
        int unchecked = 0;
        for (LoweredCode code : KernelBuilds.verifiedFunctions(".wasm", 60)) {
            List<Integer> reaches = reaches(code.code());
            accesses += reaches.size();
            unchecked += (int) reaches.stream().filter(r -> r == 0).count();
        }
        assertTrue(unchecked > accesses / 10, unchecked + " of " + accesses + " accesses share a check");
    }
}
