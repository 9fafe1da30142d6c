;; A load/store loop over linear memory, for MemoryLoopBenchmark: dst[i] = 3 * src[i] + dst[i] over
;; $n i32 elements, src at 0 and dst right after it. Every access is bounds-checked by the engine,
;; so this measures how well checks are hoisted or folded out of the loop.
(module
  (memory (export "memory") 4)
  (func (export "fill") (param $n i32) (local $i i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $i))
      (i32.store (i32.shl (i32.add (local.get $i) (local.get $n)) (i32.const 2)) (i32.const 1))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))
  (func (export "saxpy") (param $n i32) (result i32) (local $i i32) (local $src i32) (local $dst i32)
    (local.set $dst (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store (local.get $dst)
        (i32.add (i32.mul (i32.load (local.get $src)) (i32.const 3)) (i32.load (local.get $dst))))
      (local.set $src (i32.add (local.get $src) (i32.const 4)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    ;; The last element, so the result depends on the whole loop.
    (i32.load (i32.sub (local.get $dst) (i32.const 4)))))
