;; Black-Scholes-Merton price and delta of a chunk of options, two at a time (f64x2 SIMD).
;;
;; Built by `npm run wasm:build` (scripts/build-wasm.mjs: wabt's wat2wasm, a devDependency)
;; into bsmPriceDelta.wasm.ts, which holds the module's bytes; a test checks that those
;; bytes are this file's. The caller is src/pricing/batch.ts (bsmPriceDeltaBatch).
;;
;; Memory: one chunk of CHUNK = 2048 options, column after column (byte offsets):
;;   0      type  (int8: +1 call, -1 put)
;;   2048   spot, 18432 strike, 34816 years, 51200 rate, 67584 div, 83968 vol   (f64)
;;   100352 price, 116736 delta   (f64, written)
;;   133120 pairs left to the caller (i32 pair indices, written)
;; priceDelta(pairs) prices options 0 .. 2·pairs-1 and returns how many pairs it left to
;; the caller: those with an element outside the fast domain below, where it writes nothing.
;;
;; Fast domain (per element; anything else, invalid inputs included, goes to the scalar
;; kernel): type ±1; spot, strike, years, vol > 0 and finite; |rate·years|, |div·years| <= 700;
;; spot/strike, spot·e^(-div·years), strike·e^(-rate·years) normal doubles; |d1|, |d2| <= 37.
;;
;; Numerics, the same formulas as the scalar kernel (bsm.ts, normal.ts):
;; - d1 = (ln(S/K) + (r - q)T)/σ√T + σ√T/2, d2 = d1 - σ√T, one d1 for price and delta;
;; - n(d1) = e^(-d1²/2) from an exact split of d1² (hi multiple of 1/16) plus a first-order
;;   correction, and n(d2) = n(d1)·F/K exactly;
;; - N(x) from W. J. Cody's rational Chebyshev approximations of erf / erfcx (Math. Comp. 23,
;;   1969), N(x) = ½·erfcx(|x|/√2)·n(x) in the tails, so deep out-of-the-money prices keep
;;   their relative precision;
;; - exp: Cody-Waite reduction by ln 2 (fdlibm's split ln2hi/ln2lo), Taylor polynomial of
;;   degree 13 on |r| <= ln2/2 (truncation < 5e-18) in Estrin's scheme, 2^n put into the
;;   exponent bits;
;; - log: fdlibm's e_log.c (Sun Microsystems, 1993): m in [√2/2, √2), s = f/(2+f) and its
;;   degree-14 minimax polynomial Lg1..Lg7.
(module
  (memory (export "memory") 3)

  ;; e^x for -708 <= x <= 708 (the caller keeps it there).
  (func $exp (param $x v128) (result v128)
    (local $t v128) (local $n v128) (local $r v128) (local $r2 v128) (local $r4 v128) (local $p v128)
    ;; t = x/ln2 + 1.5·2^52: its low bits hold n = round(x/ln2)
    (local.set $t (f64x2.add (f64x2.mul (local.get $x) (v128.const f64x2 1.4426950408889634 1.4426950408889634))
                             (v128.const f64x2 6755399441055744 6755399441055744)))
    (local.set $n (f64x2.sub (local.get $t) (v128.const f64x2 6755399441055744 6755399441055744)))
    (local.set $r (f64x2.sub (f64x2.sub (local.get $x) (f64x2.mul (local.get $n) (v128.const f64x2 0.6931471803691238 0.6931471803691238)))
                             (f64x2.mul (local.get $n) (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))))
    ;; e^r = 1 + (r + r²·P(r)), P(r) = Σ r^(k-2)/k! for k = 2..13 in Estrin's scheme (a short
    ;; dependency chain; Horner's 13 steps in a row cost three times as long)
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $r4 (f64x2.mul (local.get $r2) (local.get $r2)))
    (local.set $p
      (f64x2.add
        (f64x2.add
          (f64x2.add (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (v128.const f64x2 0.16666666666666666 0.16666666666666666) (local.get $r))) (f64x2.mul (local.get $r2) (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664) (f64x2.mul (v128.const f64x2 0.008333333333333333 0.008333333333333333) (local.get $r)))))
          (f64x2.mul (local.get $r4) (f64x2.add (f64x2.add (v128.const f64x2 0.001388888888888889 0.001388888888888889) (f64x2.mul (v128.const f64x2 0.0001984126984126984 0.0001984126984126984) (local.get $r))) (f64x2.mul (local.get $r2) (f64x2.add (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05) (f64x2.mul (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06) (local.get $r)))))))
        (f64x2.mul (f64x2.mul (local.get $r4) (local.get $r4))
          (f64x2.add (f64x2.add (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07) (f64x2.mul (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08) (local.get $r))) (f64x2.mul (local.get $r2) (f64x2.add (v128.const f64x2 2.08767569878681e-09 2.08767569878681e-09) (f64x2.mul (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10) (local.get $r))))))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.add (local.get $r) (f64x2.mul (local.get $r2) (local.get $p)))))
    ;; 2^n: (n + 1023) << 52, from t's low bits (the magic's own bits shift out)
    (f64x2.mul (local.get $p)
      (i64x2.shl (i64x2.add (local.get $t) (v128.const i64x2 1023 1023)) (i32.const 52))))

  ;; ln x for a normal positive finite x (fdlibm e_log.c).
  (func $log (param $x v128) (result v128)
    (local $k v128) (local $m v128) (local $big v128) (local $f v128) (local $s v128) (local $z v128)
    (local $w v128) (local $r v128) (local $h v128)
    ;; k = biased exponent - 1023, as a double: (2^52 + e) - (2^52 + 1023)
    (local.set $k (f64x2.sub (v128.or (i64x2.shr_u (local.get $x) (i32.const 52)) (v128.const i64x2 0x4330000000000000 0x4330000000000000))
                             (v128.const f64x2 4503599627371519 4503599627371519)))
    (local.set $m (v128.or (v128.and (local.get $x) (v128.const i64x2 0x000fffffffffffff 0x000fffffffffffff))
                           (v128.const i64x2 0x3ff0000000000000 0x3ff0000000000000)))
    (local.set $big (f64x2.gt (local.get $m) (v128.const f64x2 1.4142135623730951 1.4142135623730951)))
    (local.set $m (v128.bitselect (f64x2.mul (local.get $m) (v128.const f64x2 0.5 0.5)) (local.get $m) (local.get $big)))
    (local.set $k (f64x2.add (local.get $k) (v128.and (local.get $big) (v128.const f64x2 1 1))))
    (local.set $f (f64x2.sub (local.get $m) (v128.const f64x2 1 1)))
    (local.set $s (f64x2.div (local.get $f) (f64x2.add (local.get $f) (v128.const f64x2 2 2))))
    (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
    (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
    ;; r = z·(Lg1 + w(Lg3 + w(Lg5 + w·Lg7))) + w·(Lg2 + w(Lg4 + w·Lg6))
    (local.set $r
      (f64x2.add
        (f64x2.mul (local.get $z)
          (f64x2.add (v128.const f64x2 0.6666666666666735 0.6666666666666735)
            (f64x2.mul (local.get $w)
              (f64x2.add (v128.const f64x2 0.2857142874366239 0.2857142874366239)
                (f64x2.mul (local.get $w)
                  (f64x2.add (v128.const f64x2 0.1818357216161805 0.1818357216161805)
                    (f64x2.mul (local.get $w) (v128.const f64x2 0.14798198605116586 0.14798198605116586))))))))
        (f64x2.mul (local.get $w)
          (f64x2.add (v128.const f64x2 0.3999999999940942 0.3999999999940942)
            (f64x2.mul (local.get $w)
              (f64x2.add (v128.const f64x2 0.22222198432149784 0.22222198432149784)
                (f64x2.mul (local.get $w) (v128.const f64x2 0.15313837699209373 0.15313837699209373))))))))
    (local.set $h (f64x2.mul (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $f) (local.get $f))))
    ;; k·ln2hi - ((h - (s·(h + r) + k·ln2lo)) - f)
    (f64x2.sub (f64x2.mul (local.get $k) (v128.const f64x2 0.6931471803691238 0.6931471803691238))
      (f64x2.sub
        (f64x2.sub (local.get $h)
          (f64x2.add (f64x2.mul (local.get $s) (f64x2.add (local.get $h) (local.get $r)))
                     (f64x2.mul (local.get $k) (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))))
        (local.get $f))))

  ;; e^(-x²/2) for |x| <= 37: x = xh + xl with xh a multiple of 1/16 so that xh²/2 is exact;
  ;; the rounding error of the exponent is applied as a first-order correction.
  (func $gauss (param $x v128) (result v128)
    (local $ax v128) (local $xh v128) (local $hi v128) (local $lo v128) (local $e v128)
    (local.set $ax (f64x2.abs (local.get $x)))
    (local.set $xh (f64x2.mul (f64x2.trunc (f64x2.mul (local.get $ax) (v128.const f64x2 16 16))) (v128.const f64x2 0.0625 0.0625)))
    (local.set $hi (f64x2.mul (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $xh) (local.get $xh))))
    (local.set $lo (f64x2.mul (v128.const f64x2 0.5 0.5)
      (f64x2.mul (f64x2.sub (local.get $ax) (local.get $xh)) (f64x2.add (local.get $ax) (local.get $xh)))))
    (local.set $e (f64x2.add (local.get $hi) (local.get $lo)))
    ;; (1 - err) with err = (hi - e) + lo
    (f64x2.mul (call $exp (f64x2.neg (local.get $e)))
      (f64x2.sub (v128.const f64x2 1 1) (f64x2.add (f64x2.sub (local.get $hi) (local.get $e)) (local.get $lo)))))

  ;; N(x) given g = e^(-x²/2), |x| <= 37 (normal.ts normCdfFromGauss).
  (func $ncdf (param $x v128) (param $g v128) (result v128)
    (local $y v128) (local $ay v128) (local $small v128) (local $big v128) (local $z v128)
    (local $rs v128) (local $rc v128) (local $rb v128) (local $tail v128)
    (local.set $y (f64x2.mul (local.get $x) (v128.const f64x2 0.7071067811865476 0.7071067811865476)))
    (local.set $ay (f64x2.abs (local.get $y)))
    (local.set $small (f64x2.le (local.get $ay) (v128.const f64x2 0.46875 0.46875)))
    (local.set $big (f64x2.gt (local.get $ay) (v128.const f64x2 4 4)))
    ;; |y| <= 0.46875: ½ + ½·erf(y), erf(y) = y·A(y²)/B(y²)
    (if (v128.any_true (local.get $small))
      (then
        (local.set $z (f64x2.mul (local.get $y) (local.get $y)))
        (local.set $rs
          (f64x2.add (v128.const f64x2 0.5 0.5)
            (f64x2.mul (v128.const f64x2 0.5 0.5)
              (f64x2.div
                (f64x2.mul (local.get $y)
                  (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add
                    (f64x2.mul (v128.const f64x2 0.18577770618460315 0.18577770618460315) (local.get $z))
                    (v128.const f64x2 3.1611237438705655 3.1611237438705655)) (local.get $z))
                    (v128.const f64x2 113.86415415105016 113.86415415105016)) (local.get $z))
                    (v128.const f64x2 377.485237685302 377.485237685302)) (local.get $z))
                    (v128.const f64x2 3209.3775891384694 3209.3775891384694)))
                (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add
                  (local.get $z)
                  (v128.const f64x2 23.601290952344122 23.601290952344122)) (local.get $z))
                  (v128.const f64x2 244.02463793444417 244.02463793444417)) (local.get $z))
                  (v128.const f64x2 1282.6165260773723 1282.6165260773723)) (local.get $z))
                  (v128.const f64x2 2844.236833439171 2844.236833439171))))))
        ;; every element small: done
        (if (i64x2.all_true (local.get $small)) (then (return (local.get $rs))))))
    ;; 0.46875 < y <= 4: erfcx(y) = C(y)/D(y), degree 8/8
    (if (v128.any_true (v128.andnot (v128.not (local.get $small)) (local.get $big)))
      (then
        (local.set $rc
          (f64x2.div
            (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul
            (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul
              (v128.const f64x2 2.1531153547440383e-8 2.1531153547440383e-8) (local.get $ay))
              (v128.const f64x2 0.5641884969886701 0.5641884969886701)) (local.get $ay))
              (v128.const f64x2 8.883149794388375 8.883149794388375)) (local.get $ay))
              (v128.const f64x2 66.11919063714163 66.11919063714163)) (local.get $ay))
              (v128.const f64x2 298.6351381974001 298.6351381974001)) (local.get $ay))
              (v128.const f64x2 881.952221241769 881.952221241769)) (local.get $ay))
              (v128.const f64x2 1712.0476126340707 1712.0476126340707)) (local.get $ay))
              (v128.const f64x2 2051.0783778260716 2051.0783778260716)) (local.get $ay))
              (v128.const f64x2 1230.3393547979972 1230.3393547979972))
            (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul
            (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add
              (local.get $ay)
              (v128.const f64x2 15.744926110709835 15.744926110709835)) (local.get $ay))
              (v128.const f64x2 117.6939508913125 117.6939508913125)) (local.get $ay))
              (v128.const f64x2 537.1811018620099 537.1811018620099)) (local.get $ay))
              (v128.const f64x2 1621.3895745666903 1621.3895745666903)) (local.get $ay))
              (v128.const f64x2 3290.7992357334597 3290.7992357334597)) (local.get $ay))
              (v128.const f64x2 4362.619090143247 4362.619090143247)) (local.get $ay))
              (v128.const f64x2 3439.3676741437216 3439.3676741437216)) (local.get $ay))
              (v128.const f64x2 1230.3393548037495 1230.3393548037495))))))
    ;; y > 4: erfcx(y) = (1/√π - z·P(z)/Q(z))/y, z = 1/y²
    (if (v128.any_true (local.get $big))
      (then
        (local.set $z (f64x2.div (v128.const f64x2 1 1) (f64x2.mul (local.get $ay) (local.get $ay))))
        (local.set $rb
          (f64x2.div
            (f64x2.sub (v128.const f64x2 0.5641895835477563 0.5641895835477563)
              (f64x2.div
                (f64x2.mul (local.get $z)
                  (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add
                    (f64x2.mul (v128.const f64x2 0.016315387137302097 0.016315387137302097) (local.get $z))
                    (v128.const f64x2 0.30532663496123236 0.30532663496123236)) (local.get $z))
                    (v128.const f64x2 0.36034489994980445 0.36034489994980445)) (local.get $z))
                    (v128.const f64x2 0.12578172611122926 0.12578172611122926)) (local.get $z))
                    (v128.const f64x2 0.016083785148742275 0.016083785148742275)) (local.get $z))
                    (v128.const f64x2 0.0006587491615298367 0.0006587491615298367)))
                (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add
                  (local.get $z)
                  (v128.const f64x2 2.5685201922898684 2.5685201922898684)) (local.get $z))
                  (v128.const f64x2 1.8729528499234604 1.8729528499234604)) (local.get $z))
                  (v128.const f64x2 0.5279051029514283 0.5279051029514283)) (local.get $z))
                  (v128.const f64x2 0.06051834131244132 0.06051834131244132)) (local.get $z))
                  (v128.const f64x2 0.0023352049762686918 0.0023352049762686918))))
            (local.get $ay)))
        (local.set $rc (v128.bitselect (local.get $rb) (local.get $rc) (local.get $big)))))
    ;; tail = ½·erfcx(|y|)·g: N(x) = tail for x < 0, 1 - tail above
    (local.set $tail (f64x2.mul (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $rc)) (local.get $g)))
    (v128.bitselect (local.get $rs)
      (v128.bitselect (local.get $tail) (f64x2.sub (v128.const f64x2 1 1) (local.get $tail))
        (f64x2.lt (local.get $x) (v128.const f64x2 0 0)))
      (local.get $small)))

  (func (export "priceDelta") (param $pairs i32) (result i32)
    (local $i i32) (local $j i32) (local $end i32) (local $left i32)
    (local $th v128) (local $S v128) (local $K v128) (local $T v128) (local $R v128) (local $Q v128) (local $V v128)
    (local $rt v128) (local $qt v128) (local $sd v128) (local $x v128) (local $dfq v128) (local $dfr v128) (local $F v128)
    (local $Kd v128) (local $d1 v128) (local $d2 v128) (local $g1 v128) (local $n1 v128) (local $n2 v128) (local $ok v128)
    (local $p v128)
    (local.set $end (i32.shl (local.get $pairs) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        ;; two int8 types → f64x2
        (local.set $th (f64x2.convert_low_i32x4_s (i32x4.extend_low_i16x8_s (i16x8.extend_low_i8x16_s
          (v128.load16_splat (i32.shr_u (local.get $i) (i32.const 3)))))))
        (local.set $S (v128.load offset=2048 (local.get $i)))
        (local.set $K (v128.load offset=18432 (local.get $i)))
        (local.set $T (v128.load offset=34816 (local.get $i)))
        (local.set $R (v128.load offset=51200 (local.get $i)))
        (local.set $Q (v128.load offset=67584 (local.get $i)))
        (local.set $V (v128.load offset=83968 (local.get $i)))
        (local.set $rt (f64x2.mul (local.get $R) (local.get $T)))
        (local.set $qt (f64x2.mul (local.get $Q) (local.get $T)))
        (local.set $sd (f64x2.mul (local.get $V) (f64x2.sqrt (local.get $T))))
        (local.set $x (f64x2.div (local.get $S) (local.get $K)))
        ;; the domain, before any call that needs it (NaN fails every comparison)
        (local.set $ok
          (v128.and
            (v128.and
              (v128.and (f64x2.eq (f64x2.mul (local.get $th) (local.get $th)) (v128.const f64x2 1 1))
                        (v128.and (f64x2.gt (local.get $S) (v128.const f64x2 0 0)) (f64x2.lt (local.get $S) (v128.const f64x2 inf inf))))
              (v128.and (f64x2.lt (local.get $K) (v128.const f64x2 inf inf))
                        (f64x2.lt (local.get $sd) (v128.const f64x2 inf inf))))
            (v128.and
              (v128.and (f64x2.le (f64x2.abs (local.get $rt)) (v128.const f64x2 700 700))
                        (f64x2.le (f64x2.abs (local.get $qt)) (v128.const f64x2 700 700)))
              (v128.and (f64x2.ge (local.get $x) (v128.const f64x2 0x1p-1022 0x1p-1022))
                        (f64x2.lt (local.get $x) (v128.const f64x2 inf inf))))))
        ;; sd > 0 (then years, vol > 0; strike > 0 from spot > 0 and x's range)
        (local.set $ok (v128.and (local.get $ok) (f64x2.gt (local.get $sd) (v128.const f64x2 0 0))))
        (if (i64x2.all_true (local.get $ok))
          (then
            (local.set $dfq (call $exp (f64x2.neg (local.get $qt))))
            (local.set $dfr (call $exp (f64x2.neg (local.get $rt))))
            (local.set $F (f64x2.mul (local.get $S) (local.get $dfq)))
            (local.set $Kd (f64x2.mul (local.get $K) (local.get $dfr)))
            (local.set $d1 (f64x2.add
              (f64x2.div (f64x2.add (call $log (local.get $x)) (f64x2.sub (local.get $rt) (local.get $qt))) (local.get $sd))
              (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $sd))))
            (local.set $d2 (f64x2.sub (local.get $d1) (local.get $sd)))
            (local.set $ok
              (v128.and
                (v128.and (f64x2.le (f64x2.abs (local.get $d1)) (v128.const f64x2 37 37))
                          (f64x2.le (f64x2.abs (local.get $d2)) (v128.const f64x2 37 37)))
                (v128.and
                  (v128.and (f64x2.ge (local.get $F) (v128.const f64x2 0x1p-1022 0x1p-1022))
                            (f64x2.lt (local.get $F) (v128.const f64x2 inf inf)))
                  (v128.and (f64x2.ge (local.get $Kd) (v128.const f64x2 0x1p-1022 0x1p-1022))
                            (f64x2.lt (local.get $Kd) (v128.const f64x2 inf inf))))))))
        (if (i64x2.all_true (local.get $ok))
          (then
            (local.set $g1 (call $gauss (local.get $d1)))
            ;; N(θd1) with n(d1); N(θd2) with n(d2) = n(d1)·F/K
            (local.set $n1 (call $ncdf (f64x2.mul (local.get $th) (local.get $d1)) (local.get $g1)))
            (local.set $n2 (call $ncdf (f64x2.mul (local.get $th) (local.get $d2))
              (f64x2.mul (local.get $g1) (f64x2.div (local.get $F) (local.get $Kd)))))
            (local.set $p (f64x2.mul (local.get $th)
              (f64x2.sub (f64x2.mul (local.get $F) (local.get $n1)) (f64x2.mul (local.get $Kd) (local.get $n2)))))
            (v128.store offset=100352 (local.get $i) (f64x2.max (local.get $p) (v128.const f64x2 0 0)))
            (v128.store offset=116736 (local.get $i) (f64x2.mul (f64x2.mul (local.get $th) (local.get $dfq)) (local.get $n1))))
          (else
            (i32.store offset=133120 (i32.shl (local.get $left) (i32.const 2)) (i32.shr_u (local.get $i) (i32.const 4)))
            (local.set $left (i32.add (local.get $left) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (local.get $left))
)
