;; call_indirect cost, for CallIndirectBenchmark. Each export loops $n times through one kind of call;
;; the loop body is otherwise the same, so the difference between exports is the call itself.
(module
  (type $unop (func (param i32) (result i32)))
  (type $binop (func (param i32 i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $inc $dbl $neg $mix)
  (func $inc (type $unop) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (type $unop) (i32.shl (local.get 0) (i32.const 1)))
  (func $neg (type $unop) (i32.sub (i32.const 0) (local.get 0)))
  (func $mix (type $unop) (i32.xor (local.get 0) (i32.const 0x5a5a)))
  (func $binop (type $binop) (i32.add (local.get 0) (local.get 1)))

  ;; Baseline: a direct call.
  (func (export "direct") (param $n i32) (result i32) (local $acc i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $acc (call $inc (local.get $acc)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $acc))

  ;; One call site that always reaches the same table slot (monomorphic).
  (func (export "same_target") (param $n i32) (param $slot i32) (result i32) (local $acc i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $acc (call_indirect (type $unop) (local.get $acc) (local.get $slot)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $acc))

  ;; One call site cycling through all four slots (polymorphic).
  (func (export "four_targets") (param $n i32) (result i32) (local $acc i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $acc (call_indirect (type $unop) (local.get $acc) (i32.and (local.get $n) (i32.const 3))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $acc))

  ;; The signature check fails on every call: the caller traps at once (for the error path's cost).
  (func (export "wrong_type") (param $slot i32) (result i32)
    (call_indirect (type $binop) (i32.const 1) (i32.const 2) (local.get $slot))))
