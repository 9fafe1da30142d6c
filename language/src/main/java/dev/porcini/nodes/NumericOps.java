package dev.porcini.nodes;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.frame.VirtualFrame;

import dev.porcini.error.WasmException;
import dev.porcini.numeric.Numerics;

/**
 * The numeric instructions (0x45..0xC4 and the saturating truncations), kept out of the main
 * dispatch method so that stays small. {@code op} is a constant in compiled code, so each call
 * folds to the single operation.
 */
final class NumericOps {
    private NumericOps() {
    }

    /** Executes numeric op {@code op} on the top of the stack; returns the new stack pointer. */
    static int execute(FunctionRootNode root, VirtualFrame f, int op, int pc, int sp) {
        if (op >= 0x45 && op <= 0x66) {
            f.setIntStatic(sp - compareArity(op), compare(root, f, op, sp, pc));
            return sp - compareArity(op) + 1;
        }
        if (op >= 0x67 && op <= 0x78) {
            return i32(root, f, op, sp, pc);
        }
        if (op >= 0x79 && op <= 0x8A) {
            return i64(root, f, op, sp, pc);
        }
        if (op >= 0x8B && op <= 0x98) {
            return f32(f, op, sp);
        }
        if (op >= 0x99 && op <= 0xA6) {
            return f64(f, op, sp);
        }
        convert(root, f, op, sp - 1, pc);
        return sp;
    }

    private static int compareArity(int op) {
        return op == 0x45 || op == 0x50 ? 1 : 2;
    }

    private static int compare(FunctionRootNode root, VirtualFrame f, int op, int sp, int pc) {
        boolean r;
        if (op == 0x45) {
            r = f.getIntStatic(sp - 1) == 0;
        } else if (op <= 0x4F) {
            int a = f.getIntStatic(sp - 2);
            int b = f.getIntStatic(sp - 1);
            r = switch (op) {
                case 0x46 -> a == b;
                case 0x47 -> a != b;
                case 0x48 -> a < b;
                case 0x49 -> Integer.compareUnsigned(a, b) < 0;
                case 0x4A -> a > b;
                case 0x4B -> Integer.compareUnsigned(a, b) > 0;
                case 0x4C -> a <= b;
                case 0x4D -> Integer.compareUnsigned(a, b) <= 0;
                case 0x4E -> a >= b;
                default -> Integer.compareUnsigned(a, b) >= 0;
            };
        } else if (op == 0x50) {
            r = f.getLongStatic(sp - 1) == 0;
        } else if (op <= 0x5A) {
            long a = f.getLongStatic(sp - 2);
            long b = f.getLongStatic(sp - 1);
            r = switch (op) {
                case 0x51 -> a == b;
                case 0x52 -> a != b;
                case 0x53 -> a < b;
                case 0x54 -> Long.compareUnsigned(a, b) < 0;
                case 0x55 -> a > b;
                case 0x56 -> Long.compareUnsigned(a, b) > 0;
                case 0x57 -> a <= b;
                case 0x58 -> Long.compareUnsigned(a, b) <= 0;
                case 0x59 -> a >= b;
                default -> Long.compareUnsigned(a, b) >= 0;
            };
        } else if (op <= 0x60) {
            float a = f.getFloatStatic(sp - 2);
            float b = f.getFloatStatic(sp - 1);
            r = switch (op) {
                case 0x5B -> a == b;
                case 0x5C -> a != b;
                case 0x5D -> a < b;
                case 0x5E -> a > b;
                case 0x5F -> a <= b;
                default -> a >= b;
            };
        } else {
            double a = f.getDoubleStatic(sp - 2);
            double b = f.getDoubleStatic(sp - 1);
            r = switch (op) {
                case 0x61 -> a == b;
                case 0x62 -> a != b;
                case 0x63 -> a < b;
                case 0x64 -> a > b;
                case 0x65 -> a <= b;
                default -> a >= b;
            };
        }
        return r ? 1 : 0;
    }

    private static int i32(FunctionRootNode root, VirtualFrame f, int op, int sp, int pc) {
        if (op <= 0x69) {
            int a = f.getIntStatic(sp - 1);
            f.setIntStatic(sp - 1, switch (op) {
                case 0x67 -> Integer.numberOfLeadingZeros(a);
                case 0x68 -> Integer.numberOfTrailingZeros(a);
                default -> Integer.bitCount(a);
            });
            return sp;
        }
        int a = f.getIntStatic(sp - 2);
        int b = f.getIntStatic(sp - 1);
        int r = switch (op) {
            case 0x6A -> a + b;
            case 0x6B -> a - b;
            case 0x6C -> a * b;
            case 0x6D -> {
                if (b == 0) {
                    throw root.trap("integer divide by zero", pc);
                }
                if (a == Integer.MIN_VALUE && b == -1) {
                    throw root.trap("integer overflow", pc);
                }
                yield a / b;
            }
            case 0x6E -> {
                if (b == 0) {
                    throw root.trap("integer divide by zero", pc);
                }
                yield Integer.divideUnsigned(a, b);
            }
            case 0x6F -> {
                if (b == 0) {
                    throw root.trap("integer divide by zero", pc);
                }
                yield b == -1 ? 0 : a % b;
            }
            case 0x70 -> {
                if (b == 0) {
                    throw root.trap("integer divide by zero", pc);
                }
                yield Integer.remainderUnsigned(a, b);
            }
            case 0x71 -> a & b;
            case 0x72 -> a | b;
            case 0x73 -> a ^ b;
            case 0x74 -> a << b;
            case 0x75 -> a >> b;
            case 0x76 -> a >>> b;
            case 0x77 -> Integer.rotateLeft(a, b);
            default -> Integer.rotateRight(a, b);
        };
        f.setIntStatic(sp - 2, r);
        return sp - 1;
    }

    private static int i64(FunctionRootNode root, VirtualFrame f, int op, int sp, int pc) {
        if (op <= 0x7B) {
            long a = f.getLongStatic(sp - 1);
            f.setLongStatic(sp - 1, switch (op) {
                case 0x79 -> Long.numberOfLeadingZeros(a);
                case 0x7A -> Long.numberOfTrailingZeros(a);
                default -> Long.bitCount(a);
            });
            return sp;
        }
        long a = f.getLongStatic(sp - 2);
        long b = f.getLongStatic(sp - 1);
        long r = switch (op) {
            case 0x7C -> a + b;
            case 0x7D -> a - b;
            case 0x7E -> a * b;
            case 0x7F -> {
                if (b == 0) {
                    throw root.trap("integer divide by zero", pc);
                }
                if (a == Long.MIN_VALUE && b == -1) {
                    throw root.trap("integer overflow", pc);
                }
                yield a / b;
            }
            case 0x80 -> {
                if (b == 0) {
                    throw root.trap("integer divide by zero", pc);
                }
                yield Long.divideUnsigned(a, b);
            }
            case 0x81 -> {
                if (b == 0) {
                    throw root.trap("integer divide by zero", pc);
                }
                yield b == -1 ? 0 : a % b;
            }
            case 0x82 -> {
                if (b == 0) {
                    throw root.trap("integer divide by zero", pc);
                }
                yield Long.remainderUnsigned(a, b);
            }
            case 0x83 -> a & b;
            case 0x84 -> a | b;
            case 0x85 -> a ^ b;
            case 0x86 -> a << b;
            case 0x87 -> a >> b;
            case 0x88 -> a >>> b;
            case 0x89 -> Long.rotateLeft(a, (int) b);
            default -> Long.rotateRight(a, (int) b);
        };
        f.setLongStatic(sp - 2, r);
        return sp - 1;
    }

    private static int f32(VirtualFrame f, int op, int sp) {
        if (op <= 0x91) {
            float a = f.getFloatStatic(sp - 1);
            f.setFloatStatic(sp - 1, switch (op) {
                case 0x8B -> Numerics.f32Abs(a);
                case 0x8C -> Numerics.f32Neg(a);
                case 0x8D -> Numerics.f32Ceil(a);
                case 0x8E -> Numerics.f32Floor(a);
                case 0x8F -> Numerics.f32Trunc(a);
                case 0x90 -> Numerics.f32Nearest(a);
                default -> Numerics.f32Sqrt(a);
            });
            return sp;
        }
        float a = f.getFloatStatic(sp - 2);
        float b = f.getFloatStatic(sp - 1);
        f.setFloatStatic(sp - 2, switch (op) {
            case 0x92 -> a + b;
            case 0x93 -> a - b;
            case 0x94 -> a * b;
            case 0x95 -> a / b;
            case 0x96 -> Numerics.f32Min(a, b);
            case 0x97 -> Numerics.f32Max(a, b);
            default -> Numerics.f32Copysign(a, b);
        });
        return sp - 1;
    }

    private static int f64(VirtualFrame f, int op, int sp) {
        if (op <= 0x9F) {
            double a = f.getDoubleStatic(sp - 1);
            f.setDoubleStatic(sp - 1, switch (op) {
                case 0x99 -> Numerics.f64Abs(a);
                case 0x9A -> Numerics.f64Neg(a);
                case 0x9B -> Numerics.f64Ceil(a);
                case 0x9C -> Numerics.f64Floor(a);
                case 0x9D -> Numerics.f64Trunc(a);
                case 0x9E -> Numerics.f64Nearest(a);
                default -> Numerics.f64Sqrt(a);
            });
            return sp;
        }
        double a = f.getDoubleStatic(sp - 2);
        double b = f.getDoubleStatic(sp - 1);
        f.setDoubleStatic(sp - 2, switch (op) {
            case 0xA0 -> a + b;
            case 0xA1 -> a - b;
            case 0xA2 -> a * b;
            case 0xA3 -> a / b;
            case 0xA4 -> Numerics.f64Min(a, b);
            case 0xA5 -> Numerics.f64Max(a, b);
            default -> Numerics.f64Copysign(a, b);
        });
        return sp - 1;
    }

    /** Conversions, reinterpretations and sign extensions: one operand in slot s, result in slot s. */
    private static void convert(FunctionRootNode root, VirtualFrame f, int op, int s, int pc) {
        try {
            switch (op) {
                case 0xA7 -> f.setIntStatic(s, (int) f.getLongStatic(s));
                case 0xA8 -> f.setIntStatic(s, Numerics.i32TruncF32S(f.getFloatStatic(s), root));
                case 0xA9 -> f.setIntStatic(s, Numerics.i32TruncF32U(f.getFloatStatic(s), root));
                case 0xAA -> f.setIntStatic(s, Numerics.i32TruncF64S(f.getDoubleStatic(s), root));
                case 0xAB -> f.setIntStatic(s, Numerics.i32TruncF64U(f.getDoubleStatic(s), root));
                case 0xAC -> f.setLongStatic(s, f.getIntStatic(s));
                case 0xAD -> f.setLongStatic(s, f.getIntStatic(s) & 0xFFFFFFFFL);
                case 0xAE -> f.setLongStatic(s, Numerics.i64TruncF32S(f.getFloatStatic(s), root));
                case 0xAF -> f.setLongStatic(s, Numerics.i64TruncF32U(f.getFloatStatic(s), root));
                case 0xB0 -> f.setLongStatic(s, Numerics.i64TruncF64S(f.getDoubleStatic(s), root));
                case 0xB1 -> f.setLongStatic(s, Numerics.i64TruncF64U(f.getDoubleStatic(s), root));
                case 0xB2 -> f.setFloatStatic(s, f.getIntStatic(s));
                case 0xB3 -> f.setFloatStatic(s, Numerics.f32ConvertI32U(f.getIntStatic(s)));
                case 0xB4 -> f.setFloatStatic(s, Numerics.f32ConvertI64S(f.getLongStatic(s)));
                case 0xB5 -> f.setFloatStatic(s, Numerics.f32ConvertI64U(f.getLongStatic(s)));
                case 0xB6 -> f.setFloatStatic(s, Numerics.f32DemoteF64(f.getDoubleStatic(s)));
                case 0xB7 -> f.setDoubleStatic(s, f.getIntStatic(s));
                case 0xB8 -> f.setDoubleStatic(s, Numerics.f64ConvertI32U(f.getIntStatic(s)));
                case 0xB9 -> f.setDoubleStatic(s, f.getLongStatic(s));
                case 0xBA -> f.setDoubleStatic(s, Numerics.f64ConvertI64U(f.getLongStatic(s)));
                case 0xBB -> f.setDoubleStatic(s, Numerics.f64PromoteF32(f.getFloatStatic(s)));
                case 0xBC -> f.setIntStatic(s, Float.floatToRawIntBits(f.getFloatStatic(s)));
                case 0xBD -> f.setLongStatic(s, Double.doubleToRawLongBits(f.getDoubleStatic(s)));
                case 0xBE -> f.setFloatStatic(s, Float.intBitsToFloat(f.getIntStatic(s)));
                case 0xBF -> f.setDoubleStatic(s, Double.longBitsToDouble(f.getLongStatic(s)));
                case 0xC0 -> f.setIntStatic(s, (byte) f.getIntStatic(s));
                case 0xC1 -> f.setIntStatic(s, (short) f.getIntStatic(s));
                case 0xC2 -> f.setLongStatic(s, (byte) f.getLongStatic(s));
                case 0xC3 -> f.setLongStatic(s, (short) f.getLongStatic(s));
                case 0xC4 -> f.setLongStatic(s, (int) f.getLongStatic(s));
                case 0xE0 -> f.setIntStatic(s, Numerics.i32TruncSatF32S(f.getFloatStatic(s)));
                case 0xE1 -> f.setIntStatic(s, Numerics.i32TruncSatF32U(f.getFloatStatic(s)));
                case 0xE2 -> f.setIntStatic(s, Numerics.i32TruncSatF64S(f.getDoubleStatic(s)));
                case 0xE3 -> f.setIntStatic(s, Numerics.i32TruncSatF64U(f.getDoubleStatic(s)));
                case 0xE4 -> f.setLongStatic(s, Numerics.i64TruncSatF32S(f.getFloatStatic(s)));
                case 0xE5 -> f.setLongStatic(s, Numerics.i64TruncSatF32U(f.getFloatStatic(s)));
                case 0xE6 -> f.setLongStatic(s, Numerics.i64TruncSatF64S(f.getDoubleStatic(s)));
                case 0xE7 -> f.setLongStatic(s, Numerics.i64TruncSatF64U(f.getDoubleStatic(s)));
                default -> throw CompilerDirectives.shouldNotReachHere("unknown opcode " + op);
            }
        } catch (WasmException e) {
            // Numerics traps name no position; re-raise naming the function and offset.
            throw root.trap(e.getMessage(), pc);
        }
    }
}
