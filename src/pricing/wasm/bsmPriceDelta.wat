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
;;   137216 .. 169984 scratch: sixteen columns of one block of 256 options (2048 bytes each)
;; priceDelta(pairs) prices options 0 .. 2·pairs-1 and returns how many pairs it left to
;; the caller: those with an element outside the fast domain below (their price and delta
;; are meaningless; the caller prices them with the scalar kernel).
;;
;; Speed: each step is its own loop over a block of 256 options, so that the long dependency
;; chains of successive pairs (divisions, polynomials) overlap in the processor instead of
;; waiting on each other, each routine (exp, log, N) is written once and inline (a call
;; costs V8 about as much as the routine), and the constants are globals, one load each,
;; instead of the three instructions V8 spends building a v128 constant in place.
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
  ;; Constants, mutable so that V8 loads each (one instruction) instead of building it in place (three).
  (global $EXP_BITS_2P52 (mut v128) (v128.const i64x2 0x4330000000000000 0x4330000000000000))
  (global $TWO52_PLUS_1023 (mut v128) (v128.const f64x2 4503599627371519 4503599627371519))
  (global $MANTISSA_MASK (mut v128) (v128.const i64x2 0x000fffffffffffff 0x000fffffffffffff))
  (global $ONE_BITS (mut v128) (v128.const i64x2 0x3ff0000000000000 0x3ff0000000000000))
  (global $SQRT2 (mut v128) (v128.const f64x2 1.4142135623730951 1.4142135623730951))
  (global $HALF (mut v128) (v128.const f64x2 0.5 0.5))
  (global $ONE (mut v128) (v128.const f64x2 1 1))
  (global $TWO (mut v128) (v128.const f64x2 2 2))
  (global $LG7 (mut v128) (v128.const f64x2 0.14798198605116586 0.14798198605116586))
  (global $LG5 (mut v128) (v128.const f64x2 0.1818357216161805 0.1818357216161805))
  (global $LG3 (mut v128) (v128.const f64x2 0.2857142874366239 0.2857142874366239))
  (global $LG1 (mut v128) (v128.const f64x2 0.6666666666666735 0.6666666666666735))
  (global $LG6 (mut v128) (v128.const f64x2 0.15313837699209373 0.15313837699209373))
  (global $LG4 (mut v128) (v128.const f64x2 0.22222198432149784 0.22222198432149784))
  (global $LG2 (mut v128) (v128.const f64x2 0.3999999999940942 0.3999999999940942))
  (global $LN2HI (mut v128) (v128.const f64x2 0.6931471803691238 0.6931471803691238))
  (global $LN2LO (mut v128) (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))
  (global $SIXTEEN (mut v128) (v128.const f64x2 16 16))
  (global $SIXTEENTH (mut v128) (v128.const f64x2 0.0625 0.0625))
  (global $LOG2E (mut v128) (v128.const f64x2 1.4426950408889634 1.4426950408889634))
  (global $ROUND_MAGIC (mut v128) (v128.const f64x2 6755399441055744 6755399441055744))
  (global $INV3F (mut v128) (v128.const f64x2 0.16666666666666666 0.16666666666666666))
  (global $INV4F (mut v128) (v128.const f64x2 0.041666666666666664 0.041666666666666664))
  (global $INV5F (mut v128) (v128.const f64x2 0.008333333333333333 0.008333333333333333))
  (global $INV6F (mut v128) (v128.const f64x2 0.001388888888888889 0.001388888888888889))
  (global $INV7F (mut v128) (v128.const f64x2 0.0001984126984126984 0.0001984126984126984))
  (global $INV8F (mut v128) (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05))
  (global $INV9F (mut v128) (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06))
  (global $INV10F (mut v128) (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07))
  (global $INV11F (mut v128) (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08))
  (global $INV12F (mut v128) (v128.const f64x2 2.08767569878681e-09 2.08767569878681e-09))
  (global $INV13F (mut v128) (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10))
  (global $EXP_BIAS (mut v128) (v128.const i64x2 1023 1023))
  (global $ZERO (mut v128) (v128.const f64x2 0 0))
  (global $INF (mut v128) (v128.const f64x2 inf inf))
  (global $MAX_CARRY (mut v128) (v128.const f64x2 700 700))
  (global $MIN_NORMAL (mut v128) (v128.const f64x2 0x1p-1022 0x1p-1022))
  (global $MAX_D (mut v128) (v128.const f64x2 37 37))
  (global $SQRT1_2 (mut v128) (v128.const f64x2 0.7071067811865476 0.7071067811865476))
  (global $CODY_SMALL (mut v128) (v128.const f64x2 0.46875 0.46875))
  (global $CODY_BIG (mut v128) (v128.const f64x2 4 4))
  (global $A4 (mut v128) (v128.const f64x2 0.18577770618460315 0.18577770618460315))
  (global $A0 (mut v128) (v128.const f64x2 3.1611237438705655 3.1611237438705655))
  (global $A1 (mut v128) (v128.const f64x2 113.86415415105016 113.86415415105016))
  (global $A2 (mut v128) (v128.const f64x2 377.485237685302 377.485237685302))
  (global $A3 (mut v128) (v128.const f64x2 3209.3775891384694 3209.3775891384694))
  (global $B0 (mut v128) (v128.const f64x2 23.601290952344122 23.601290952344122))
  (global $B1 (mut v128) (v128.const f64x2 244.02463793444417 244.02463793444417))
  (global $B2 (mut v128) (v128.const f64x2 1282.6165260773723 1282.6165260773723))
  (global $B3 (mut v128) (v128.const f64x2 2844.236833439171 2844.236833439171))
  (global $C8 (mut v128) (v128.const f64x2 2.1531153547440383e-08 2.1531153547440383e-08))
  (global $C0 (mut v128) (v128.const f64x2 0.5641884969886701 0.5641884969886701))
  (global $C1 (mut v128) (v128.const f64x2 8.883149794388375 8.883149794388375))
  (global $C2 (mut v128) (v128.const f64x2 66.11919063714163 66.11919063714163))
  (global $C3 (mut v128) (v128.const f64x2 298.6351381974001 298.6351381974001))
  (global $C4 (mut v128) (v128.const f64x2 881.952221241769 881.952221241769))
  (global $C5 (mut v128) (v128.const f64x2 1712.0476126340707 1712.0476126340707))
  (global $C6 (mut v128) (v128.const f64x2 2051.0783778260716 2051.0783778260716))
  (global $C7 (mut v128) (v128.const f64x2 1230.3393547979972 1230.3393547979972))
  (global $D0 (mut v128) (v128.const f64x2 15.744926110709835 15.744926110709835))
  (global $D1 (mut v128) (v128.const f64x2 117.6939508913125 117.6939508913125))
  (global $D2 (mut v128) (v128.const f64x2 537.1811018620099 537.1811018620099))
  (global $D3 (mut v128) (v128.const f64x2 1621.3895745666903 1621.3895745666903))
  (global $D4 (mut v128) (v128.const f64x2 3290.7992357334597 3290.7992357334597))
  (global $D5 (mut v128) (v128.const f64x2 4362.619090143247 4362.619090143247))
  (global $D6 (mut v128) (v128.const f64x2 3439.3676741437216 3439.3676741437216))
  (global $D7 (mut v128) (v128.const f64x2 1230.3393548037495 1230.3393548037495))
  (global $INV_SQRT_PI (mut v128) (v128.const f64x2 0.5641895835477563 0.5641895835477563))
  (global $P5 (mut v128) (v128.const f64x2 0.016315387137302097 0.016315387137302097))
  (global $P0 (mut v128) (v128.const f64x2 0.30532663496123236 0.30532663496123236))
  (global $P1 (mut v128) (v128.const f64x2 0.36034489994980445 0.36034489994980445))
  (global $P2 (mut v128) (v128.const f64x2 0.12578172611122926 0.12578172611122926))
  (global $P3 (mut v128) (v128.const f64x2 0.016083785148742275 0.016083785148742275))
  (global $P4 (mut v128) (v128.const f64x2 0.0006587491615298367 0.0006587491615298367))
  (global $Q0 (mut v128) (v128.const f64x2 2.5685201922898684 2.5685201922898684))
  (global $Q1 (mut v128) (v128.const f64x2 1.8729528499234604 1.8729528499234604))
  (global $Q2 (mut v128) (v128.const f64x2 0.5279051029514283 0.5279051029514283))
  (global $Q3 (mut v128) (v128.const f64x2 0.06051834131244132 0.06051834131244132))
  (global $Q4 (mut v128) (v128.const f64x2 0.0023352049762686918 0.0023352049762686918))

  ;; Scratch columns of the block (byte offsets; j is the pair's offset within the block):
  ;;   137216 type as ±1.0
  ;;   139264 S/K, then ln(S/K)
  ;;   141312 σ√T
  ;;   143360 -qT, 145408 -rT, 147456 -e (d1²/2 rounded)  → their exponentials in place
  ;;   149504 1 - err (the rounding error of e)
  ;;   151552 d1, 153600 d2
  ;;   155648 θd1, 157696 θd2  → N(θd1), N(θd2) in place
  ;;   159744 n(d1), 161792 n(d2)
  ;;   163840 F = S·e^-qT, 165888 K·e^-rT
  ;;   167936 the first part of the fast-domain mask
  (func (export "priceDelta") (param $pairs i32) (result i32)
    (local $base i32) (local $stop i32) (local $j i32) (local $jend i32) (local $seg i32) (local $q i32) (local $left i32)
    (local $th v128) (local $S v128) (local $K v128) (local $T v128) (local $sd v128) (local $x v128) (local $qt v128)
    (local $rt v128) (local $d1 v128) (local $d2 v128) (local $F v128) (local $Kd v128) (local $g1 v128) (local $ok v128)
    (local $kk v128) (local $m v128) (local $big v128) (local $f v128) (local $s v128) (local $z v128) (local $w v128)
    (local $r v128) (local $hf v128) (local $ax v128) (local $xh v128) (local $hi v128) (local $lo v128) (local $e v128)
    (local $t v128) (local $n v128) (local $r2 v128) (local $r4 v128) (local $p v128) (local $y v128) (local $ay v128)
    (local $small v128) (local $rs v128) (local $rc v128) (local $tail v128) (local $n1 v128)
    (local.set $stop (i32.shl (local.get $pairs) (i32.const 4)))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $base) (local.get $stop)))
        (local.set $jend (i32.sub (local.get $stop) (local.get $base)))
        (if (i32.gt_u (local.get $jend) (i32.const 2048)) (then (local.set $jend (i32.const 2048))))
        ;; 1. inputs: S/K, σ√T, -qT, -rT, the first part of the domain
        (local.set $j (i32.const 0))
        (loop $inputs
          (local.set $th (f64x2.convert_low_i32x4_s (i32x4.extend_low_i16x8_s (i16x8.extend_low_i8x16_s
            (v128.load16_splat (i32.shr_u (i32.add (local.get $base) (local.get $j)) (i32.const 3)))))))
          (local.set $T (v128.load offset=34816 (i32.add (local.get $base) (local.get $j))))
          (v128.store offset=137216 (local.get $j) (local.get $th))
          (local.set $S (v128.load offset=2048 (i32.add (local.get $base) (local.get $j))))
          (local.set $K (v128.load offset=18432 (i32.add (local.get $base) (local.get $j))))
          (local.set $x (f64x2.div (local.get $S) (local.get $K)))
          (local.set $sd (f64x2.mul (v128.load offset=83968 (i32.add (local.get $base) (local.get $j))) (f64x2.sqrt (local.get $T))))
          (local.set $qt (f64x2.mul (v128.load offset=67584 (i32.add (local.get $base) (local.get $j))) (local.get $T)))
          (local.set $rt (f64x2.mul (v128.load offset=51200 (i32.add (local.get $base) (local.get $j))) (local.get $T)))
          (v128.store offset=139264 (local.get $j) (local.get $x))
          (v128.store offset=141312 (local.get $j) (local.get $sd))
          (v128.store offset=143360 (local.get $j) (f64x2.neg (local.get $qt)))
          (v128.store offset=145408 (local.get $j) (f64x2.neg (local.get $rt)))
          ;; the fast domain, first part (NaN fails every comparison)
          (v128.store offset=167936 (local.get $j)
            (v128.and
              (v128.and
                (v128.and (f64x2.eq (f64x2.mul (local.get $th) (local.get $th)) (global.get $ONE))
                          (v128.and (f64x2.gt (local.get $S) (global.get $ZERO)) (f64x2.lt (local.get $S) (global.get $INF))))
                (v128.and (f64x2.lt (local.get $K) (global.get $INF))
                          (v128.and (f64x2.gt (local.get $sd) (global.get $ZERO)) (f64x2.lt (local.get $sd) (global.get $INF)))))
              (v128.and
                (v128.and (f64x2.le (f64x2.abs (local.get $qt)) (global.get $MAX_CARRY))
                          (f64x2.le (f64x2.abs (local.get $rt)) (global.get $MAX_CARRY)))
                (v128.and (f64x2.ge (local.get $x) (global.get $MIN_NORMAL))
                          (f64x2.lt (local.get $x) (global.get $INF))))))
          (br_if $inputs (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $jend))))
        ;; 2. ln(S/K) (fdlibm e_log.c)
        (local.set $j (i32.const 0))
        (loop $log
          (local.set $x (v128.load offset=139264 (local.get $j)))
          ;; k = biased exponent - 1023, as a double: (2^52 + e) - (2^52 + 1023); m in [1, 2)
          (local.set $kk (f64x2.sub (v128.or (i64x2.shr_u (local.get $x) (i32.const 52)) (global.get $EXP_BITS_2P52))
                                   (global.get $TWO52_PLUS_1023)))
          (local.set $m (v128.or (v128.and (local.get $x) (global.get $MANTISSA_MASK)) (global.get $ONE_BITS)))
          ;; m in [√2/2, √2)
          (local.set $big (f64x2.gt (local.get $m) (global.get $SQRT2)))
          (local.set $m (v128.bitselect (f64x2.mul (local.get $m) (global.get $HALF)) (local.get $m) (local.get $big)))
          (local.set $kk (f64x2.add (local.get $kk) (v128.and (local.get $big) (global.get $ONE))))
          (local.set $f (f64x2.sub (local.get $m) (global.get $ONE)))
          (local.set $s (f64x2.div (local.get $f) (f64x2.add (local.get $f) (global.get $TWO))))
          (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
          (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
          ;; r = z·(Lg1 + w(Lg3 + w(Lg5 + w·Lg7))) + w·(Lg2 + w(Lg4 + w·Lg6))
          (local.set $r
            (f64x2.add
              (f64x2.mul (local.get $z)
                (f64x2.add (global.get $LG1) (f64x2.mul (local.get $w) (f64x2.add (global.get $LG3) (f64x2.mul (local.get $w) (f64x2.add (global.get $LG5) (f64x2.mul (local.get $w) (global.get $LG7))))))))
              (f64x2.mul (local.get $w)
                (f64x2.add (global.get $LG2) (f64x2.mul (local.get $w) (f64x2.add (global.get $LG4) (f64x2.mul (local.get $w) (global.get $LG6))))))))
          (local.set $hf (f64x2.mul (global.get $HALF) (f64x2.mul (local.get $f) (local.get $f))))
          ;; ln x = k·ln2hi - ((hf - (s·(hf + r) + k·ln2lo)) - f)
          (v128.store offset=139264 (local.get $j)
            (f64x2.sub (f64x2.mul (local.get $kk) (global.get $LN2HI))
              (f64x2.sub
                (f64x2.sub (local.get $hf)
                  (f64x2.add (f64x2.mul (local.get $s) (f64x2.add (local.get $hf) (local.get $r)))
                             (f64x2.mul (local.get $kk) (global.get $LN2LO))))
                (local.get $f))))
          (br_if $log (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $jend))))
        ;; 3. d1, d2, and d1²/2 split for n(d1)
        (local.set $j (i32.const 0))
        (loop $d
          (local.set $sd (v128.load offset=141312 (local.get $j)))
          (local.set $T (v128.load offset=34816 (i32.add (local.get $base) (local.get $j))))
          (local.set $d1 (f64x2.add
            (f64x2.div (f64x2.add (v128.load offset=139264 (local.get $j))
                                  (f64x2.mul (f64x2.sub (v128.load offset=51200 (i32.add (local.get $base) (local.get $j))) (v128.load offset=67584 (i32.add (local.get $base) (local.get $j)))) (local.get $T)))
                       (local.get $sd))
            (f64x2.mul (global.get $HALF) (local.get $sd))))
          (local.set $d2 (f64x2.sub (local.get $d1) (local.get $sd)))
          (v128.store offset=151552 (local.get $j) (local.get $d1))
          (v128.store offset=153600 (local.get $j) (local.get $d2))
          ;; e^(-d1²/2): d1 = xh + xl with xh a multiple of 1/16, so that xh²/2 is exact; e = hi + lo
          ;; rounded, and its rounding error err = (hi - e) + lo is applied as a factor (1 - err)
          (local.set $ax (f64x2.abs (local.get $d1)))
          (local.set $xh (f64x2.mul (f64x2.trunc (f64x2.mul (local.get $ax) (global.get $SIXTEEN))) (global.get $SIXTEENTH)))
          (local.set $hi (f64x2.mul (global.get $HALF) (f64x2.mul (local.get $xh) (local.get $xh))))
          (local.set $lo (f64x2.mul (global.get $HALF)
            (f64x2.mul (f64x2.sub (local.get $ax) (local.get $xh)) (f64x2.add (local.get $ax) (local.get $xh)))))
          (local.set $e (f64x2.add (local.get $hi) (local.get $lo)))
          (v128.store offset=147456 (local.get $j) (f64x2.neg (local.get $e)))
          (v128.store offset=149504 (local.get $j)
            (f64x2.sub (global.get $ONE) (f64x2.add (f64x2.sub (local.get $hi) (local.get $e)) (local.get $lo))))
          (br_if $d (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $jend))))
        ;; 4. e^x in place over the three exponent columns
        (local.set $seg (i32.const 0))
        (loop $exps
          (local.set $j (i32.const 0))
          (loop $exp
            (local.set $q (i32.add (local.get $seg) (local.get $j)))
            (local.set $x (v128.load offset=143360 (local.get $q)))
            ;; t = x/ln2 + 1.5·2^52: its low bits hold n = round(x/ln2); r = x - n·ln2 (Cody-Waite)
            (local.set $t (f64x2.add (f64x2.mul (local.get $x) (global.get $LOG2E)) (global.get $ROUND_MAGIC)))
            (local.set $n (f64x2.sub (local.get $t) (global.get $ROUND_MAGIC)))
            (local.set $r (f64x2.sub (f64x2.sub (local.get $x) (f64x2.mul (local.get $n) (global.get $LN2HI)))
                                     (f64x2.mul (local.get $n) (global.get $LN2LO))))
            ;; e^r = 1 + (r + r²·P(r)), P(r) = Σ r^(k-2)/k! for k = 2..13 in Estrin's scheme
            (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
            (local.set $r4 (f64x2.mul (local.get $r2) (local.get $r2)))
            (local.set $p
              (f64x2.add
                (f64x2.add
                  (f64x2.add (f64x2.add (global.get $HALF) (f64x2.mul (global.get $INV3F) (local.get $r))) (f64x2.mul (local.get $r2) (f64x2.add (global.get $INV4F) (f64x2.mul (global.get $INV5F) (local.get $r)))))
                  (f64x2.mul (local.get $r4) (f64x2.add (f64x2.add (global.get $INV6F) (f64x2.mul (global.get $INV7F) (local.get $r))) (f64x2.mul (local.get $r2) (f64x2.add (global.get $INV8F) (f64x2.mul (global.get $INV9F) (local.get $r)))))))
                (f64x2.mul (f64x2.mul (local.get $r4) (local.get $r4))
                  (f64x2.add (f64x2.add (global.get $INV10F) (f64x2.mul (global.get $INV11F) (local.get $r))) (f64x2.mul (local.get $r2) (f64x2.add (global.get $INV12F) (f64x2.mul (global.get $INV13F) (local.get $r))))))))
            ;; × 2^n: (n + 1023) << 52, from t's low bits (the magic's own bits shift out)
            (v128.store offset=143360 (local.get $q)
              (f64x2.mul (f64x2.add (global.get $ONE) (f64x2.add (local.get $r) (f64x2.mul (local.get $r2) (local.get $p))))
                (i64x2.shl (i64x2.add (local.get $t) (global.get $EXP_BIAS)) (i32.const 52))))
            (br_if $exp (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $jend))))
          (br_if $exps (i32.lt_u (local.tee $seg (i32.add (local.get $seg) (i32.const 2048))) (i32.const 6144))))
        ;; 5. discounted forward and strike, n(d1), n(d2) = n(d1)·F/K, the rest of the domain
        (local.set $j (i32.const 0))
        (loop $terms
          (local.set $th (v128.load offset=137216 (local.get $j)))
          (local.set $S (v128.load offset=2048 (i32.add (local.get $base) (local.get $j))))
          (local.set $K (v128.load offset=18432 (i32.add (local.get $base) (local.get $j))))
          (local.set $d1 (v128.load offset=151552 (local.get $j)))
          (local.set $d2 (v128.load offset=153600 (local.get $j)))
          (local.set $F (f64x2.mul (local.get $S) (v128.load offset=143360 (local.get $j))))
          (local.set $Kd (f64x2.mul (local.get $K) (v128.load offset=145408 (local.get $j))))
          (v128.store offset=163840 (local.get $j) (local.get $F))
          (v128.store offset=165888 (local.get $j) (local.get $Kd))
          ;; n(d1), and n(d2) = n(d1)·F/K exactly
          (local.set $g1 (f64x2.mul (v128.load offset=147456 (local.get $j)) (v128.load offset=149504 (local.get $j))))
          (v128.store offset=155648 (local.get $j) (f64x2.mul (local.get $th) (local.get $d1)))
          (v128.store offset=157696 (local.get $j) (f64x2.mul (local.get $th) (local.get $d2)))
          (v128.store offset=159744 (local.get $j) (local.get $g1))
          (v128.store offset=161792 (local.get $j) (f64x2.mul (local.get $g1) (f64x2.div (local.get $F) (local.get $Kd))))
          ;; the fast domain, second part
          (local.set $ok
            (v128.and (v128.load offset=167936 (local.get $j))
              (v128.and
                (v128.and (f64x2.le (f64x2.abs (local.get $d1)) (global.get $MAX_D))
                          (f64x2.le (f64x2.abs (local.get $d2)) (global.get $MAX_D)))
                (v128.and
                  (v128.and (f64x2.ge (local.get $F) (global.get $MIN_NORMAL)) (f64x2.lt (local.get $F) (global.get $INF)))
                  (v128.and (f64x2.ge (local.get $Kd) (global.get $MIN_NORMAL)) (f64x2.lt (local.get $Kd) (global.get $INF)))))))
          (if (i32.eqz (i64x2.all_true (local.get $ok)))
            (then
              (i32.store offset=133120 (i32.shl (local.get $left) (i32.const 2)) (i32.shr_u (i32.add (local.get $base) (local.get $j)) (i32.const 4)))
              (local.set $left (i32.add (local.get $left) (i32.const 1)))))
          (br_if $terms (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $jend))))
        ;; 6. N(x) in place over θd1 and θd2 (Cody; normal.ts normCdfFromGauss)
        (local.set $seg (i32.const 0))
        (loop $cdfs
          (local.set $j (i32.const 0))
          (loop $cdf
            (local.set $q (i32.add (local.get $seg) (local.get $j)))
            (local.set $x (v128.load offset=155648 (local.get $q)))
            (local.set $y (f64x2.mul (local.get $x) (global.get $SQRT1_2)))
            (local.set $ay (f64x2.abs (local.get $y)))
            (local.set $small (f64x2.le (local.get $ay) (global.get $CODY_SMALL)))
            (local.set $big (f64x2.gt (local.get $ay) (global.get $CODY_BIG)))
            ;; |y| <= 0.46875: ½ + ½·erf(y), erf(y) = y·A(y²)/B(y²)
            (if (v128.any_true (local.get $small))
              (then
                (local.set $z (f64x2.mul (local.get $y) (local.get $y)))
                (local.set $rs (f64x2.add (global.get $HALF) (f64x2.mul (global.get $HALF)
                  (f64x2.div (f64x2.mul (local.get $y) (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (global.get $A4) (local.get $z)) (global.get $A0)) (local.get $z)) (global.get $A1)) (local.get $z)) (global.get $A2)) (local.get $z)) (global.get $A3))) (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (local.get $z) (global.get $B0)) (local.get $z)) (global.get $B1)) (local.get $z)) (global.get $B2)) (local.get $z)) (global.get $B3))))))))
            (if (i32.eqz (i64x2.all_true (local.get $small)))
              (then
                ;; 0.46875 < y <= 4: erfcx(y) = C(y)/D(y), degree 8/8
                (if (v128.any_true (v128.andnot (v128.not (local.get $small)) (local.get $big)))
                  (then (local.set $rc (f64x2.div (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (global.get $C8) (local.get $ay)) (global.get $C0)) (local.get $ay)) (global.get $C1)) (local.get $ay)) (global.get $C2)) (local.get $ay)) (global.get $C3)) (local.get $ay)) (global.get $C4)) (local.get $ay)) (global.get $C5)) (local.get $ay)) (global.get $C6)) (local.get $ay)) (global.get $C7)) (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (local.get $ay) (global.get $D0)) (local.get $ay)) (global.get $D1)) (local.get $ay)) (global.get $D2)) (local.get $ay)) (global.get $D3)) (local.get $ay)) (global.get $D4)) (local.get $ay)) (global.get $D5)) (local.get $ay)) (global.get $D6)) (local.get $ay)) (global.get $D7))))))
                ;; y > 4: erfcx(y) = (1/√π - z·P(z)/Q(z))/y, z = 1/y²
                (if (v128.any_true (local.get $big))
                  (then
                    (local.set $z (f64x2.div (global.get $ONE) (f64x2.mul (local.get $ay) (local.get $ay))))
                    (local.set $rc (v128.bitselect
                      (f64x2.div
                        (f64x2.sub (global.get $INV_SQRT_PI)
                          (f64x2.div (f64x2.mul (local.get $z) (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (global.get $P5) (local.get $z)) (global.get $P0)) (local.get $z)) (global.get $P1)) (local.get $z)) (global.get $P2)) (local.get $z)) (global.get $P3)) (local.get $z)) (global.get $P4))) (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (f64x2.add (local.get $z) (global.get $Q0)) (local.get $z)) (global.get $Q1)) (local.get $z)) (global.get $Q2)) (local.get $z)) (global.get $Q3)) (local.get $z)) (global.get $Q4))))
                        (local.get $ay))
                      (local.get $rc) (local.get $big)))))))
            ;; tail = ½·erfcx(|y|)·n(x): N(x) = tail for x < 0, 1 - tail above
            (local.set $tail (f64x2.mul (f64x2.mul (global.get $HALF) (local.get $rc)) (v128.load offset=159744 (local.get $q))))
            (v128.store offset=155648 (local.get $q)
              (v128.bitselect (local.get $rs)
                (v128.bitselect (local.get $tail) (f64x2.sub (global.get $ONE) (local.get $tail)) (f64x2.lt (local.get $x) (global.get $ZERO)))
                (local.get $small)))
            (br_if $cdf (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $jend))))
          (br_if $cdfs (i32.lt_u (local.tee $seg (i32.add (local.get $seg) (i32.const 2048))) (i32.const 4096))))
        ;; 7. price and delta
        (local.set $j (i32.const 0))
        (loop $out
          (local.set $th (v128.load offset=137216 (local.get $j)))
          (local.set $n1 (v128.load offset=155648 (local.get $j)))
          (v128.store offset=100352 (i32.add (local.get $base) (local.get $j))
            (f64x2.max
              (f64x2.mul (local.get $th)
                (f64x2.sub (f64x2.mul (v128.load offset=163840 (local.get $j)) (local.get $n1))
                           (f64x2.mul (v128.load offset=165888 (local.get $j)) (v128.load offset=157696 (local.get $j)))))
              (global.get $ZERO)))
          (v128.store offset=116736 (i32.add (local.get $base) (local.get $j)) (f64x2.mul (f64x2.mul (local.get $th) (v128.load offset=143360 (local.get $j))) (local.get $n1)))
          (br_if $out (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $jend))))
        (local.set $base (i32.add (local.get $base) (i32.const 2048)))
        (br $block)))
    (local.get $left))
)
