;; Scoring kernels over a coordinate index, with 128-bit SIMD. Memory is supplied by the
;; host (env.memory); every byte offset passed in is a multiple of 16.
;;
;; scoreRows: the dot product of every int8 gallery row with an int16 query.
;;   rows    count x stride int8, each row zero-padded to `stride` (a multiple of 16)
;;   scales  count f32, the per-row dequantisation scale
;;   query   stride int16, the quantised query (zero-padded like the rows)
;;   out     count f32, written: out[r] = dot(row r, query) * scales[r] * queryScale
;;
;; Overflow: the host picks the query's int16 range so that 127 * maxQuery * dim fits in
;; an i32, so the per-lane partial sums and their final total never wrap.
(module
  (import "env" "memory" (memory 1))

  (func (export "scoreRows")
    (param $rows i32) (param $scales i32) (param $query i32) (param $out i32)
    (param $count i32) (param $stride i32) (param $queryScale f32)
    (local $rowEnd i32) (local $q i32) (local $outEnd i32)
    (local $acc0 v128) (local $acc1 v128) (local $bytes v128) (local $sum v128)

    (local.set $outEnd (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (block $allRowsDone
      (br_if $allRowsDone (i32.ge_u (local.get $out) (local.get $outEnd)))
      (loop $nextRow
        (local.set $rowEnd (i32.add (local.get $rows) (local.get $stride)))
        (local.set $q (local.get $query))
        (local.set $acc0 (v128.const i32x4 0 0 0 0))
        (local.set $acc1 (v128.const i32x4 0 0 0 0))
        ;; 16 int8 per step: widen each half to 8 x i16, multiply-add pairs into 4 x i32.
        (loop $nextBlock
          (local.set $bytes (v128.load (local.get $rows)))
          (local.set $acc0
            (i32x4.add (local.get $acc0)
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $bytes)) (v128.load (local.get $q)))))
          (local.set $acc1
            (i32x4.add (local.get $acc1)
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $bytes)) (v128.load offset=16 (local.get $q)))))
          (local.set $rows (i32.add (local.get $rows) (i32.const 16)))
          (local.set $q (i32.add (local.get $q) (i32.const 32)))
          (br_if $nextBlock (i32.lt_u (local.get $rows) (local.get $rowEnd))))

        (local.set $sum (i32x4.add (local.get $acc0) (local.get $acc1)))
        (f32.store (local.get $out)
          (f32.mul
            (f32.mul
              (f32.convert_i32_s
                (i32.add
                  (i32.add (i32x4.extract_lane 0 (local.get $sum)) (i32x4.extract_lane 1 (local.get $sum)))
                  (i32.add (i32x4.extract_lane 2 (local.get $sum)) (i32x4.extract_lane 3 (local.get $sum)))))
              (f32.load (local.get $scales)))
            (local.get $queryScale)))
        (local.set $scales (i32.add (local.get $scales) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br_if $nextRow (i32.lt_u (local.get $out) (local.get $outEnd))))))

  ;; sumExp: the softmax denominator, sum over i of exp(logitScale * (scores[i] - max)),
  ;; accumulated in f64. `count` must be a multiple of 4 (the host pads with -infinity).
  ;; Each term is computed in f32 as 2^n * e^r with n = round(x / ln 2) and |r| <= ln(2) / 2,
  ;; e^r by its degree-6 Taylor polynomial (relative error about 2e-7). Terms below e^-87,
  ;; including every -infinity, count as 0: with max subtracted the largest term is 1, so
  ;; they are far below f64 resolution of the sum.
  (func (export "sumExp")
    (param $scores i32) (param $count i32) (param $max f32) (param $logitScale f32) (result f64)
    (local $end i32) (local $shift v128) (local $scale v128)
    (local $x v128) (local $n v128) (local $r v128) (local $e v128)
    (local $sumLow v128) (local $sumHigh v128)

    (local.set $end (i32.add (local.get $scores) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $shift (f32x4.splat (local.get $max)))
    (local.set $scale (f32x4.splat (local.get $logitScale)))
    (local.set $sumLow (v128.const f64x2 0 0))
    (local.set $sumHigh (v128.const f64x2 0 0))
    (block $allDone
      (br_if $allDone (i32.ge_u (local.get $scores) (local.get $end)))
      (loop $nextFour
        (local.set $x
          (f32x4.mul (local.get $scale) (f32x4.sub (v128.load (local.get $scores)) (local.get $shift))))
        (local.set $r (f32x4.max (local.get $x) (v128.const f32x4 -87 -87 -87 -87)))
        (local.set $n (f32x4.nearest (f32x4.mul (local.get $r) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))))
        ;; r - n ln 2 in two steps: 0.693359375 has few enough bits that n times it is exact.
        (local.set $r
          (f32x4.sub
            (f32x4.sub (local.get $r) (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
            (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
        (local.set $e (f32x4.add (v128.const f32x4 0.00833333333 0.00833333333 0.00833333333 0.00833333333)
          (f32x4.mul (local.get $r) (v128.const f32x4 0.00138888889 0.00138888889 0.00138888889 0.00138888889))))
        (local.set $e (f32x4.add (v128.const f32x4 0.0416666667 0.0416666667 0.0416666667 0.0416666667) (f32x4.mul (local.get $r) (local.get $e))))
        (local.set $e (f32x4.add (v128.const f32x4 0.166666667 0.166666667 0.166666667 0.166666667) (f32x4.mul (local.get $r) (local.get $e))))
        (local.set $e (f32x4.add (v128.const f32x4 0.5 0.5 0.5 0.5) (f32x4.mul (local.get $r) (local.get $e))))
        (local.set $e (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $r) (local.get $e))))
        (local.set $e (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $r) (local.get $e))))
        ;; times 2^n, built from its exponent bits (n >= -126 after the clamp, so 2^n is normal)
        (local.set $e
          (f32x4.mul (local.get $e)
            (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))
        (local.set $e (v128.and (local.get $e) (f32x4.ge (local.get $x) (v128.const f32x4 -87 -87 -87 -87))))
        (local.set $sumLow (f64x2.add (local.get $sumLow) (f64x2.promote_low_f32x4 (local.get $e))))
        (local.set $sumHigh
          (f64x2.add (local.get $sumHigh)
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $e) (local.get $e)))))
        (local.set $scores (i32.add (local.get $scores) (i32.const 16)))
        (br_if $nextFour (i32.lt_u (local.get $scores) (local.get $end)))))
    (local.set $sumLow (f64x2.add (local.get $sumLow) (local.get $sumHigh)))
    (f64.add (f64x2.extract_lane 0 (local.get $sumLow)) (f64x2.extract_lane 1 (local.get $sumLow))))
)
