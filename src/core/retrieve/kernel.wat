;; Scores every int8 gallery row against an int16 query with 128-bit SIMD.
;;
;; Memory is supplied by the host (env.memory). All byte offsets are multiples of 16.
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
)
