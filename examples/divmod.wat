;; Several results, floats, and a trap.
;;
;;   launcher/porcini run examples/divmod.wat --invoke divmod 17 5     prints 3 and 2
;;   launcher/porcini run examples/divmod.wat --invoke divmod 1 0      traps: integer divide by zero
;;   launcher/porcini run examples/divmod.wat --invoke hypot 3 4       prints 5
(module
  (func (export "divmod") (param $a i32) (param $b i32) (result i32 i32)
    (i32.div_s (local.get $a) (local.get $b))
    (i32.rem_s (local.get $a) (local.get $b)))

  (func (export "hypot") (param $x f64) (param $y f64) (result f64)
    (f64.sqrt
      (f64.add (f64.mul (local.get $x) (local.get $x))
               (f64.mul (local.get $y) (local.get $y))))))
