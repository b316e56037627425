// fp8_systolic_exact: a rows x cols output-stationary array of FP8 MAC elements with exact accumulation, one rounding per output (or per block, rule 8).
//
// Ports (i < 4 rows, j < 4 columns; every input is sampled at the rising edge of clk):
//   clk, rst          clock; synchronous reset (one cycle clears every control register and flag; the sums need none)
//   fmt_a, fmt_b, sr  operand formats (0 = e4m3, 1 = e5m2) and SR enable, fixed during a GEMM
//   scale_exp [7:0]   s of the scale 2^s, two's complement, -64 .. 64, fixed during a GEMM
//   valid             a_i / b_j carry one MAC step of the current tile (low: the cycle adds nothing)
//   start             a tile begins in this cycle (with valid high, this is its step k = 0)
//   a_i  [7:0]        A[i][k] of the tile's row i       (no skew: all rows in the same cycle)
//   b_j  [7:0]        B[k][j] of the tile's column j    (no skew)
//   shift             pop: each column's bottom sum goes to the rounder, the others move down one
//   c_j  [15:0]       C[i][j] (FP16) of the output this pop reads (ignored when chain is high)
//   seed_j [31:0]     its SR state stream_seed(seed, i, j), i and j counted over the whole matrix,
//                     before its xorshift32 step (README, "Random bits of a GEMM", gives the
//                     formula); ignored when sr = 0
//   chain             with shift: the popped sums are blocks after their outputs' first (rule 8); each
//                     adds to its output's last Y from the block store and c_j is ignored
//   y_j  [15:0]       Y = round(C + 2^s sum_k A[i][k] B[k][j]) (FP16), 19 cycles after its shift
//                     (in blocks, rule 8, each block's result, C being the previous one)
//
// Every element sums its tile's products exactly (a two's complement fixed-point accumulator
// of 11 8-bit segments with registered carries, grid 2^-34), exact for K <= 2^16; no
// rounding happens inside the array. One rounder, which the columns share, computes C + 2^s T, T the exact sum
// (C is not scaled), and rounds it once to FP16: RNE, or SR with the low 8 bits of
// xorshift32(seed_j) (docs/spec.md section 8).
//
// Protocol (output-stationary: every element does one MAC per cycle while valid is high).
// Cycle t ends at the (t+1)-th rising edge of clk: inputs driven for cycle t are sampled at
// that edge; y_j of cycle t is read just before it. t_n is the cycle in which tile n starts.
//   1. Cycle 0: rst. Nothing is preloaded: C and the seed go to the rounder with each pop.
//      One reset suffices: GEMMs may follow back to back, fmt_a, fmt_b, sr and scale_exp
//      changing between them (after the last Y of one, before the first start of the next).
//   2. Tile n: start high in cycle t_n (t_0 >= 1). Its steps k = 0 .. K-1 are the cycles with
//      valid high from t_n on, before t_(n+1): a_i = A[i][k], b_j = B[k][j]. Back to back,
//      step k is in cycle t_n + k; valid may also drop for idle cycles anywhere in the tile
//      (a_i, b_j are then ignored). Every cycle with valid high adds its product, so valid is
//      low from the tile's last step to the next start. Rows past M and columns past N may
//      carry any code: their results are dropped.
//   3. The next start: t_(n+1) >= t_n + 17 and t_(n+1) > (tile n's last step): the least
//      tile period is P = max(K, 17) = max(K, rows S, rows + 1 + (rows - 1) S), with S =
//      4 rule 5's pop spacing: the least at which rule 5's pops fit. (`fp8mac gemm`
//      drives t_0 = 5 and P = max(K, 17).)
//   4. After the last tile: the flush, start high with valid low (a tile of no steps), by rule 3.
//   5. Pops: tile n's sums are popped in its window, t_(n+1) + 7 .. t_(n+2) + 2, both ends
//      included and exact (a cycle earlier or later loses sums); the last tile's window, after
//      the flush, has no end until the next start or rst. Shift is high in exactly 4 cycles
//      of the window. Any two cycles with shift high, pops or not, are at least S = 4
//      apart (t' >= t + 4): the columns reach the array's one rounder a cycle after each
//      other, and each element moves its sum down a cycle after its pop, once the gather has
//      read the bottom one. The s-th pop (s = 0 .. 3) reads row 3 - s
//      (padding rows too), with c_j = C[row][j] and seed_j of that output, and its Y is on y_j
//      in cycle (pop) + 19: column j sees the pop j cycles later, a gather register and the
//      rounder take 16 cycles, y_j is delayed 3 - j.
//      From t_n + 3 to t_n + 6 (n >= 1), between two windows, shift is low.
//      Up to cycle t_1 + 2 there is nothing to pop yet: shift, c_j and seed_j are free.
//      In any cycle without a pop c_j and seed_j are free; a padding pop may carry any.
//   6. y_j of cycle t + 19 rounds c_j and seed_j of cycle t with the sum at the bottom of
//      column j in cycle t + j: a result after a pop (row < M, column < N); otherwise not 0,
//      not meaningful.
//   7. K = 0: a tile of no steps (a start alone) gives Y = C, a NaN as the canonical NaN.
//   8. Blocks of n products (docs/spec.md section 12, n < K: Y = round(... round(round(C + 2^s
//      block 0) + 2^s block 1) ...), the FP16 chain at n = 1): each output's K steps run as
//      tiles of n (the last may be shorter). The first block's pop has chain low and takes
//      c_j; each later block's pop has chain high: the rounder adds the block to the output's
//      Y of the previous block, from the block store, and c_j is ignored. The store is a ring
//      of 4 x 4 slots: every column a pop gathers reads the next slot, every result is
//      written to the next slot, so a chained pop takes the result of the pop 4 pops before
//      it: the same output's previous block, as every tile has its 4 pops. That pop must be
//      at least 17 cycles earlier (its result is stored 16 cycles after it): tile period
//      P >= max(n, 17) (`fp8mac gemm` drives P = max(n, 17)). seed_j of block b
//      is the output's state stepped b times by xorshift32 (one step per rounding). Only a
//      block, not K, must stay within 2^16 products. With chain low in every pop the array
//      sums all K in one block, as above.
//
// Generated by fp8mac 0.1.0 with --sr-bits 8 --rows 4 --cols 4 --pipeline 1 --max-k 65536.
// Do not edit: run `fp8mac generate`.

module fp8_systolic_exact(clk,rst,fmt_a,fmt_b,sr,scale_exp,valid,start,shift,chain,a_0,a_1,a_2,a_3,b_0,b_1,b_2,b_3,c_0,c_1,c_2,c_3,seed_0,seed_1,seed_2,seed_3,y_0,y_1,y_2,y_3);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  fmt_a;
    input wire  fmt_b;
    input wire  sr;
    input wire  [7:0] scale_exp;
    input wire  valid;
    input wire  start;
    input wire  shift;
    input wire  chain;
    input wire  [7:0] a_0;
    input wire  [7:0] a_1;
    input wire  [7:0] a_2;
    input wire  [7:0] a_3;
    input wire  [7:0] b_0;
    input wire  [7:0] b_1;
    input wire  [7:0] b_2;
    input wire  [7:0] b_3;
    input wire  [15:0] c_0;
    input wire  [15:0] c_1;
    input wire  [15:0] c_2;
    input wire  [15:0] c_3;
    input wire  [31:0] seed_0;
    input wire  [31:0] seed_1;
    input wire  [31:0] seed_2;
    input wire  [31:0] seed_3;
    output reg  [15:0] y_0;
    output reg  [15:0] y_1;
    output reg  [15:0] y_2;
    output reg  [15:0] y_3;
    
    // Constant declarations
    localparam  low_bits = 8'h0;
    localparam  low_segs = 8'h0;
    
    // Stub signals
    reg  skew$clk;
    reg  skew$rst;
    reg  skew$valid;
    reg  skew$start;
    reg  skew$shift;
    reg  skew$chain;
    reg  [7:0] skew$a_0;
    reg  [7:0] skew$a_1;
    reg  [7:0] skew$a_2;
    reg  [7:0] skew$a_3;
    reg  [7:0] skew$b_0;
    reg  [7:0] skew$b_1;
    reg  [7:0] skew$b_2;
    reg  [7:0] skew$b_3;
    reg  [15:0] skew$c_0;
    reg  [15:0] skew$c_1;
    reg  [15:0] skew$c_2;
    reg  [15:0] skew$c_3;
    reg  [31:0] skew$seed_0;
    reg  [31:0] skew$seed_1;
    reg  [31:0] skew$seed_2;
    reg  [31:0] skew$seed_3;
    reg  [15:0] skew$bottom_0;
    reg  [15:0] skew$bottom_1;
    reg  [15:0] skew$bottom_2;
    reg  [15:0] skew$bottom_3;
    wire  [7:0] skew$a_row_0;
    wire  [7:0] skew$a_row_1;
    wire  [7:0] skew$a_row_2;
    wire  [7:0] skew$a_row_3;
    wire  skew$valid_row_0;
    wire  skew$valid_row_1;
    wire  skew$valid_row_2;
    wire  skew$valid_row_3;
    wire  skew$start_row_0;
    wire  skew$start_row_1;
    wire  skew$start_row_2;
    wire  skew$start_row_3;
    wire  [7:0] skew$b_col_0;
    wire  [7:0] skew$b_col_1;
    wire  [7:0] skew$b_col_2;
    wire  [7:0] skew$b_col_3;
    wire  [15:0] skew$c_col_0;
    wire  [15:0] skew$c_col_1;
    wire  [15:0] skew$c_col_2;
    wire  [15:0] skew$c_col_3;
    wire  [31:0] skew$seed_col_0;
    wire  [31:0] skew$seed_col_1;
    wire  [31:0] skew$seed_col_2;
    wire  [31:0] skew$seed_col_3;
    wire  skew$shift_col_0;
    wire  skew$shift_col_1;
    wire  skew$shift_col_2;
    wire  skew$shift_col_3;
    wire  skew$pop_col$0;
    wire  skew$pop_col$1;
    wire  skew$pop_col$2;
    wire  skew$pop_col$3;
    wire  skew$chain_col$0;
    wire  skew$chain_col$1;
    wire  skew$chain_col$2;
    wire  skew$chain_col$3;
    wire  [15:0] skew$y_0;
    wire  [15:0] skew$y_1;
    wire  [15:0] skew$y_2;
    wire  [15:0] skew$y_3;
    reg  pes$0$clk;
    reg  pes$0$rst;
    reg  [3:0] pes$0$fmt_a;
    reg  [3:0] pes$0$fmt_b;
    reg  [7:0] pes$0$a_in;
    reg  pes$0$valid_in;
    reg  pes$0$start_in;
    reg  [7:0] pes$0$b_in;
    reg  pes$0$shift;
    reg  [4:0] pes$0$xa_in;
    reg  [4:0] pes$0$xb_in;
    reg  [95:0] pes$0$x_seg_in;
    reg  [15:0] pes$0$x_carry_in;
    reg  [3:0] pes$0$x_flags_in;
    wire  [7:0] pes$0$a_out;
    wire  pes$0$valid_out;
    wire  pes$0$start_out;
    wire  [7:0] pes$0$b_out;
    wire  [4:0] pes$0$xa_out;
    wire  [4:0] pes$0$xb_out;
    wire  [95:0] pes$0$x_seg_out;
    wire  [15:0] pes$0$x_carry_out;
    wire  [3:0] pes$0$x_flags_out;
    reg  pes$1$clk;
    reg  pes$1$rst;
    reg  [3:0] pes$1$fmt_a;
    reg  [3:0] pes$1$fmt_b;
    reg  [7:0] pes$1$a_in;
    reg  pes$1$valid_in;
    reg  pes$1$start_in;
    reg  [7:0] pes$1$b_in;
    reg  pes$1$shift;
    reg  [4:0] pes$1$xa_in;
    reg  [4:0] pes$1$xb_in;
    reg  [95:0] pes$1$x_seg_in;
    reg  [15:0] pes$1$x_carry_in;
    reg  [3:0] pes$1$x_flags_in;
    wire  [7:0] pes$1$a_out;
    wire  pes$1$valid_out;
    wire  pes$1$start_out;
    wire  [7:0] pes$1$b_out;
    wire  [4:0] pes$1$xa_out;
    wire  [4:0] pes$1$xb_out;
    wire  [95:0] pes$1$x_seg_out;
    wire  [15:0] pes$1$x_carry_out;
    wire  [3:0] pes$1$x_flags_out;
    reg  pes$2$clk;
    reg  pes$2$rst;
    reg  [3:0] pes$2$fmt_a;
    reg  [3:0] pes$2$fmt_b;
    reg  [7:0] pes$2$a_in;
    reg  pes$2$valid_in;
    reg  pes$2$start_in;
    reg  [7:0] pes$2$b_in;
    reg  pes$2$shift;
    reg  [4:0] pes$2$xa_in;
    reg  [4:0] pes$2$xb_in;
    reg  [95:0] pes$2$x_seg_in;
    reg  [15:0] pes$2$x_carry_in;
    reg  [3:0] pes$2$x_flags_in;
    wire  [7:0] pes$2$a_out;
    wire  pes$2$valid_out;
    wire  pes$2$start_out;
    wire  [7:0] pes$2$b_out;
    wire  [4:0] pes$2$xa_out;
    wire  [4:0] pes$2$xb_out;
    wire  [95:0] pes$2$x_seg_out;
    wire  [15:0] pes$2$x_carry_out;
    wire  [3:0] pes$2$x_flags_out;
    reg  pes$3$clk;
    reg  pes$3$rst;
    reg  [3:0] pes$3$fmt_a;
    reg  [3:0] pes$3$fmt_b;
    reg  [7:0] pes$3$a_in;
    reg  pes$3$valid_in;
    reg  pes$3$start_in;
    reg  [7:0] pes$3$b_in;
    reg  pes$3$shift;
    reg  [4:0] pes$3$xa_in;
    reg  [4:0] pes$3$xb_in;
    reg  [95:0] pes$3$x_seg_in;
    reg  [15:0] pes$3$x_carry_in;
    reg  [3:0] pes$3$x_flags_in;
    wire  [7:0] pes$3$a_out;
    wire  pes$3$valid_out;
    wire  pes$3$start_out;
    wire  [7:0] pes$3$b_out;
    wire  [4:0] pes$3$xa_out;
    wire  [4:0] pes$3$xb_out;
    wire  [95:0] pes$3$x_seg_out;
    wire  [15:0] pes$3$x_carry_out;
    wire  [3:0] pes$3$x_flags_out;
    reg  pes$4$clk;
    reg  pes$4$rst;
    reg  [3:0] pes$4$fmt_a;
    reg  [3:0] pes$4$fmt_b;
    reg  [7:0] pes$4$a_in;
    reg  pes$4$valid_in;
    reg  pes$4$start_in;
    reg  [7:0] pes$4$b_in;
    reg  pes$4$shift;
    reg  [4:0] pes$4$xa_in;
    reg  [4:0] pes$4$xb_in;
    reg  [95:0] pes$4$x_seg_in;
    reg  [15:0] pes$4$x_carry_in;
    reg  [3:0] pes$4$x_flags_in;
    wire  [7:0] pes$4$a_out;
    wire  pes$4$valid_out;
    wire  pes$4$start_out;
    wire  [7:0] pes$4$b_out;
    wire  [4:0] pes$4$xa_out;
    wire  [4:0] pes$4$xb_out;
    wire  [95:0] pes$4$x_seg_out;
    wire  [15:0] pes$4$x_carry_out;
    wire  [3:0] pes$4$x_flags_out;
    reg  pes$5$clk;
    reg  pes$5$rst;
    reg  [3:0] pes$5$fmt_a;
    reg  [3:0] pes$5$fmt_b;
    reg  [7:0] pes$5$a_in;
    reg  pes$5$valid_in;
    reg  pes$5$start_in;
    reg  [7:0] pes$5$b_in;
    reg  pes$5$shift;
    reg  [4:0] pes$5$xa_in;
    reg  [4:0] pes$5$xb_in;
    reg  [95:0] pes$5$x_seg_in;
    reg  [15:0] pes$5$x_carry_in;
    reg  [3:0] pes$5$x_flags_in;
    wire  [7:0] pes$5$a_out;
    wire  pes$5$valid_out;
    wire  pes$5$start_out;
    wire  [7:0] pes$5$b_out;
    wire  [4:0] pes$5$xa_out;
    wire  [4:0] pes$5$xb_out;
    wire  [95:0] pes$5$x_seg_out;
    wire  [15:0] pes$5$x_carry_out;
    wire  [3:0] pes$5$x_flags_out;
    reg  pes$6$clk;
    reg  pes$6$rst;
    reg  [3:0] pes$6$fmt_a;
    reg  [3:0] pes$6$fmt_b;
    reg  [7:0] pes$6$a_in;
    reg  pes$6$valid_in;
    reg  pes$6$start_in;
    reg  [7:0] pes$6$b_in;
    reg  pes$6$shift;
    reg  [4:0] pes$6$xa_in;
    reg  [4:0] pes$6$xb_in;
    reg  [95:0] pes$6$x_seg_in;
    reg  [15:0] pes$6$x_carry_in;
    reg  [3:0] pes$6$x_flags_in;
    wire  [7:0] pes$6$a_out;
    wire  pes$6$valid_out;
    wire  pes$6$start_out;
    wire  [7:0] pes$6$b_out;
    wire  [4:0] pes$6$xa_out;
    wire  [4:0] pes$6$xb_out;
    wire  [95:0] pes$6$x_seg_out;
    wire  [15:0] pes$6$x_carry_out;
    wire  [3:0] pes$6$x_flags_out;
    reg  pes$7$clk;
    reg  pes$7$rst;
    reg  [3:0] pes$7$fmt_a;
    reg  [3:0] pes$7$fmt_b;
    reg  [7:0] pes$7$a_in;
    reg  pes$7$valid_in;
    reg  pes$7$start_in;
    reg  [7:0] pes$7$b_in;
    reg  pes$7$shift;
    reg  [4:0] pes$7$xa_in;
    reg  [4:0] pes$7$xb_in;
    reg  [95:0] pes$7$x_seg_in;
    reg  [15:0] pes$7$x_carry_in;
    reg  [3:0] pes$7$x_flags_in;
    wire  [7:0] pes$7$a_out;
    wire  pes$7$valid_out;
    wire  pes$7$start_out;
    wire  [7:0] pes$7$b_out;
    wire  [4:0] pes$7$xa_out;
    wire  [4:0] pes$7$xb_out;
    wire  [95:0] pes$7$x_seg_out;
    wire  [15:0] pes$7$x_carry_out;
    wire  [3:0] pes$7$x_flags_out;
    reg  pes$8$clk;
    reg  pes$8$rst;
    reg  [3:0] pes$8$fmt_a;
    reg  [3:0] pes$8$fmt_b;
    reg  [7:0] pes$8$a_in;
    reg  pes$8$valid_in;
    reg  pes$8$start_in;
    reg  [7:0] pes$8$b_in;
    reg  pes$8$shift;
    reg  [4:0] pes$8$xa_in;
    reg  [4:0] pes$8$xb_in;
    reg  [95:0] pes$8$x_seg_in;
    reg  [15:0] pes$8$x_carry_in;
    reg  [3:0] pes$8$x_flags_in;
    wire  [7:0] pes$8$a_out;
    wire  pes$8$valid_out;
    wire  pes$8$start_out;
    wire  [7:0] pes$8$b_out;
    wire  [4:0] pes$8$xa_out;
    wire  [4:0] pes$8$xb_out;
    wire  [95:0] pes$8$x_seg_out;
    wire  [15:0] pes$8$x_carry_out;
    wire  [3:0] pes$8$x_flags_out;
    reg  pes$9$clk;
    reg  pes$9$rst;
    reg  [3:0] pes$9$fmt_a;
    reg  [3:0] pes$9$fmt_b;
    reg  [7:0] pes$9$a_in;
    reg  pes$9$valid_in;
    reg  pes$9$start_in;
    reg  [7:0] pes$9$b_in;
    reg  pes$9$shift;
    reg  [4:0] pes$9$xa_in;
    reg  [4:0] pes$9$xb_in;
    reg  [95:0] pes$9$x_seg_in;
    reg  [15:0] pes$9$x_carry_in;
    reg  [3:0] pes$9$x_flags_in;
    wire  [7:0] pes$9$a_out;
    wire  pes$9$valid_out;
    wire  pes$9$start_out;
    wire  [7:0] pes$9$b_out;
    wire  [4:0] pes$9$xa_out;
    wire  [4:0] pes$9$xb_out;
    wire  [95:0] pes$9$x_seg_out;
    wire  [15:0] pes$9$x_carry_out;
    wire  [3:0] pes$9$x_flags_out;
    reg  pes$10$clk;
    reg  pes$10$rst;
    reg  [3:0] pes$10$fmt_a;
    reg  [3:0] pes$10$fmt_b;
    reg  [7:0] pes$10$a_in;
    reg  pes$10$valid_in;
    reg  pes$10$start_in;
    reg  [7:0] pes$10$b_in;
    reg  pes$10$shift;
    reg  [4:0] pes$10$xa_in;
    reg  [4:0] pes$10$xb_in;
    reg  [95:0] pes$10$x_seg_in;
    reg  [15:0] pes$10$x_carry_in;
    reg  [3:0] pes$10$x_flags_in;
    wire  [7:0] pes$10$a_out;
    wire  pes$10$valid_out;
    wire  pes$10$start_out;
    wire  [7:0] pes$10$b_out;
    wire  [4:0] pes$10$xa_out;
    wire  [4:0] pes$10$xb_out;
    wire  [95:0] pes$10$x_seg_out;
    wire  [15:0] pes$10$x_carry_out;
    wire  [3:0] pes$10$x_flags_out;
    reg  pes$11$clk;
    reg  pes$11$rst;
    reg  [3:0] pes$11$fmt_a;
    reg  [3:0] pes$11$fmt_b;
    reg  [7:0] pes$11$a_in;
    reg  pes$11$valid_in;
    reg  pes$11$start_in;
    reg  [7:0] pes$11$b_in;
    reg  pes$11$shift;
    reg  [4:0] pes$11$xa_in;
    reg  [4:0] pes$11$xb_in;
    reg  [95:0] pes$11$x_seg_in;
    reg  [15:0] pes$11$x_carry_in;
    reg  [3:0] pes$11$x_flags_in;
    wire  [7:0] pes$11$a_out;
    wire  pes$11$valid_out;
    wire  pes$11$start_out;
    wire  [7:0] pes$11$b_out;
    wire  [4:0] pes$11$xa_out;
    wire  [4:0] pes$11$xb_out;
    wire  [95:0] pes$11$x_seg_out;
    wire  [15:0] pes$11$x_carry_out;
    wire  [3:0] pes$11$x_flags_out;
    reg  pes$12$clk;
    reg  pes$12$rst;
    reg  [3:0] pes$12$fmt_a;
    reg  [3:0] pes$12$fmt_b;
    reg  [7:0] pes$12$a_in;
    reg  pes$12$valid_in;
    reg  pes$12$start_in;
    reg  [7:0] pes$12$b_in;
    reg  pes$12$shift;
    reg  [4:0] pes$12$xa_in;
    reg  [4:0] pes$12$xb_in;
    reg  [95:0] pes$12$x_seg_in;
    reg  [15:0] pes$12$x_carry_in;
    reg  [3:0] pes$12$x_flags_in;
    wire  [7:0] pes$12$a_out;
    wire  pes$12$valid_out;
    wire  pes$12$start_out;
    wire  [7:0] pes$12$b_out;
    wire  [4:0] pes$12$xa_out;
    wire  [4:0] pes$12$xb_out;
    wire  [95:0] pes$12$x_seg_out;
    wire  [15:0] pes$12$x_carry_out;
    wire  [3:0] pes$12$x_flags_out;
    reg  pes$13$clk;
    reg  pes$13$rst;
    reg  [3:0] pes$13$fmt_a;
    reg  [3:0] pes$13$fmt_b;
    reg  [7:0] pes$13$a_in;
    reg  pes$13$valid_in;
    reg  pes$13$start_in;
    reg  [7:0] pes$13$b_in;
    reg  pes$13$shift;
    reg  [4:0] pes$13$xa_in;
    reg  [4:0] pes$13$xb_in;
    reg  [95:0] pes$13$x_seg_in;
    reg  [15:0] pes$13$x_carry_in;
    reg  [3:0] pes$13$x_flags_in;
    wire  [7:0] pes$13$a_out;
    wire  pes$13$valid_out;
    wire  pes$13$start_out;
    wire  [7:0] pes$13$b_out;
    wire  [4:0] pes$13$xa_out;
    wire  [4:0] pes$13$xb_out;
    wire  [95:0] pes$13$x_seg_out;
    wire  [15:0] pes$13$x_carry_out;
    wire  [3:0] pes$13$x_flags_out;
    reg  pes$14$clk;
    reg  pes$14$rst;
    reg  [3:0] pes$14$fmt_a;
    reg  [3:0] pes$14$fmt_b;
    reg  [7:0] pes$14$a_in;
    reg  pes$14$valid_in;
    reg  pes$14$start_in;
    reg  [7:0] pes$14$b_in;
    reg  pes$14$shift;
    reg  [4:0] pes$14$xa_in;
    reg  [4:0] pes$14$xb_in;
    reg  [95:0] pes$14$x_seg_in;
    reg  [15:0] pes$14$x_carry_in;
    reg  [3:0] pes$14$x_flags_in;
    wire  [7:0] pes$14$a_out;
    wire  pes$14$valid_out;
    wire  pes$14$start_out;
    wire  [7:0] pes$14$b_out;
    wire  [4:0] pes$14$xa_out;
    wire  [4:0] pes$14$xb_out;
    wire  [95:0] pes$14$x_seg_out;
    wire  [15:0] pes$14$x_carry_out;
    wire  [3:0] pes$14$x_flags_out;
    reg  pes$15$clk;
    reg  pes$15$rst;
    reg  [3:0] pes$15$fmt_a;
    reg  [3:0] pes$15$fmt_b;
    reg  [7:0] pes$15$a_in;
    reg  pes$15$valid_in;
    reg  pes$15$start_in;
    reg  [7:0] pes$15$b_in;
    reg  pes$15$shift;
    reg  [4:0] pes$15$xa_in;
    reg  [4:0] pes$15$xb_in;
    reg  [95:0] pes$15$x_seg_in;
    reg  [15:0] pes$15$x_carry_in;
    reg  [3:0] pes$15$x_flags_in;
    wire  [7:0] pes$15$a_out;
    wire  pes$15$valid_out;
    wire  pes$15$start_out;
    wire  [7:0] pes$15$b_out;
    wire  [4:0] pes$15$xa_out;
    wire  [4:0] pes$15$xb_out;
    wire  [95:0] pes$15$x_seg_out;
    wire  [15:0] pes$15$x_carry_out;
    wire  [3:0] pes$15$x_flags_out;
    reg  [95:0] g_seg$d;
    wire  [95:0] g_seg$q;
    reg  g_seg$clock;
    reg  [15:0] g_carry$d;
    wire  [15:0] g_carry$q;
    reg  g_carry$clock;
    reg  [3:0] g_flags$d;
    wire  [3:0] g_flags$q;
    reg  g_flags$clock;
    reg  [15:0] g_c$d;
    wire  [15:0] g_c$q;
    reg  g_c$clock;
    reg  [31:0] g_seed$d;
    wire  [31:0] g_seed$q;
    reg  g_seed$clock;
    reg  g_chain$d;
    wire  g_chain$q;
    reg  g_chain$clock;
    reg  rounder$clk;
    reg  [95:0] rounder$seg;
    reg  [15:0] rounder$carry;
    reg  [3:0] rounder$flags;
    reg  [15:0] rounder$c;
    reg  [31:0] rounder$seed;
    reg  rounder$sr;
    reg  [7:0] rounder$scale_exp;
    wire  [15:0] rounder$y;
    reg  store$clk;
    reg  store$rst;
    reg  store$read;
    wire  [15:0] store$read_data;
    reg  store$write;
    reg  [15:0] store$write_data;
    reg  done$clk;
    reg  done$rst;
    reg  done$inp;
    reg  done$flag0_in;
    reg  done$flag1_in;
    wire  done$out;
    wire  done$flag0_out;
    wire  done$flag1_out;
    
    // Local signals
    reg  [95:0] pick_seg;
    reg  [15:0] pick_carry;
    reg  [15:0] pick_c;
    reg  [31:0] pick_seed;
    reg  [3:0] pick_flags;
    reg  [95:0] any_seg;
    reg  [15:0] any_carry;
    reg  [15:0] any_c;
    reg  [31:0] any_seed;
    reg  [3:0] any_flags;
    reg  any_chain;
    reg  gathered;
    
    // Sub module instances
    fp8_exact_edge skew(
        .clk(skew$clk),
        .rst(skew$rst),
        .valid(skew$valid),
        .start(skew$start),
        .shift(skew$shift),
        .chain(skew$chain),
        .a_0(skew$a_0),
        .a_1(skew$a_1),
        .a_2(skew$a_2),
        .a_3(skew$a_3),
        .b_0(skew$b_0),
        .b_1(skew$b_1),
        .b_2(skew$b_2),
        .b_3(skew$b_3),
        .c_0(skew$c_0),
        .c_1(skew$c_1),
        .c_2(skew$c_2),
        .c_3(skew$c_3),
        .seed_0(skew$seed_0),
        .seed_1(skew$seed_1),
        .seed_2(skew$seed_2),
        .seed_3(skew$seed_3),
        .bottom_0(skew$bottom_0),
        .bottom_1(skew$bottom_1),
        .bottom_2(skew$bottom_2),
        .bottom_3(skew$bottom_3),
        .a_row_0(skew$a_row_0),
        .a_row_1(skew$a_row_1),
        .a_row_2(skew$a_row_2),
        .a_row_3(skew$a_row_3),
        .valid_row_0(skew$valid_row_0),
        .valid_row_1(skew$valid_row_1),
        .valid_row_2(skew$valid_row_2),
        .valid_row_3(skew$valid_row_3),
        .start_row_0(skew$start_row_0),
        .start_row_1(skew$start_row_1),
        .start_row_2(skew$start_row_2),
        .start_row_3(skew$start_row_3),
        .b_col_0(skew$b_col_0),
        .b_col_1(skew$b_col_1),
        .b_col_2(skew$b_col_2),
        .b_col_3(skew$b_col_3),
        .c_col_0(skew$c_col_0),
        .c_col_1(skew$c_col_1),
        .c_col_2(skew$c_col_2),
        .c_col_3(skew$c_col_3),
        .seed_col_0(skew$seed_col_0),
        .seed_col_1(skew$seed_col_1),
        .seed_col_2(skew$seed_col_2),
        .seed_col_3(skew$seed_col_3),
        .shift_col_0(skew$shift_col_0),
        .shift_col_1(skew$shift_col_1),
        .shift_col_2(skew$shift_col_2),
        .shift_col_3(skew$shift_col_3),
        .pop_col$0(skew$pop_col$0),
        .pop_col$1(skew$pop_col$1),
        .pop_col$2(skew$pop_col$2),
        .pop_col$3(skew$pop_col$3),
        .chain_col$0(skew$chain_col$0),
        .chain_col$1(skew$chain_col$1),
        .chain_col$2(skew$chain_col$2),
        .chain_col$3(skew$chain_col$3),
        .y_0(skew$y_0),
        .y_1(skew$y_1),
        .y_2(skew$y_2),
        .y_3(skew$y_3)
    );
    fp8_exact_pe_exact pes$0(
        .clk(pes$0$clk),
        .rst(pes$0$rst),
        .fmt_a(pes$0$fmt_a),
        .fmt_b(pes$0$fmt_b),
        .a_in(pes$0$a_in),
        .valid_in(pes$0$valid_in),
        .start_in(pes$0$start_in),
        .b_in(pes$0$b_in),
        .shift(pes$0$shift),
        .xa_in(pes$0$xa_in),
        .xb_in(pes$0$xb_in),
        .x_seg_in(pes$0$x_seg_in),
        .x_carry_in(pes$0$x_carry_in),
        .x_flags_in(pes$0$x_flags_in),
        .a_out(pes$0$a_out),
        .valid_out(pes$0$valid_out),
        .start_out(pes$0$start_out),
        .b_out(pes$0$b_out),
        .xa_out(pes$0$xa_out),
        .xb_out(pes$0$xb_out),
        .x_seg_out(pes$0$x_seg_out),
        .x_carry_out(pes$0$x_carry_out),
        .x_flags_out(pes$0$x_flags_out)
    );
    fp8_exact_pe_exact pes$1(
        .clk(pes$1$clk),
        .rst(pes$1$rst),
        .fmt_a(pes$1$fmt_a),
        .fmt_b(pes$1$fmt_b),
        .a_in(pes$1$a_in),
        .valid_in(pes$1$valid_in),
        .start_in(pes$1$start_in),
        .b_in(pes$1$b_in),
        .shift(pes$1$shift),
        .xa_in(pes$1$xa_in),
        .xb_in(pes$1$xb_in),
        .x_seg_in(pes$1$x_seg_in),
        .x_carry_in(pes$1$x_carry_in),
        .x_flags_in(pes$1$x_flags_in),
        .a_out(pes$1$a_out),
        .valid_out(pes$1$valid_out),
        .start_out(pes$1$start_out),
        .b_out(pes$1$b_out),
        .xa_out(pes$1$xa_out),
        .xb_out(pes$1$xb_out),
        .x_seg_out(pes$1$x_seg_out),
        .x_carry_out(pes$1$x_carry_out),
        .x_flags_out(pes$1$x_flags_out)
    );
    fp8_exact_pe_exact pes$2(
        .clk(pes$2$clk),
        .rst(pes$2$rst),
        .fmt_a(pes$2$fmt_a),
        .fmt_b(pes$2$fmt_b),
        .a_in(pes$2$a_in),
        .valid_in(pes$2$valid_in),
        .start_in(pes$2$start_in),
        .b_in(pes$2$b_in),
        .shift(pes$2$shift),
        .xa_in(pes$2$xa_in),
        .xb_in(pes$2$xb_in),
        .x_seg_in(pes$2$x_seg_in),
        .x_carry_in(pes$2$x_carry_in),
        .x_flags_in(pes$2$x_flags_in),
        .a_out(pes$2$a_out),
        .valid_out(pes$2$valid_out),
        .start_out(pes$2$start_out),
        .b_out(pes$2$b_out),
        .xa_out(pes$2$xa_out),
        .xb_out(pes$2$xb_out),
        .x_seg_out(pes$2$x_seg_out),
        .x_carry_out(pes$2$x_carry_out),
        .x_flags_out(pes$2$x_flags_out)
    );
    fp8_exact_pe_exact pes$3(
        .clk(pes$3$clk),
        .rst(pes$3$rst),
        .fmt_a(pes$3$fmt_a),
        .fmt_b(pes$3$fmt_b),
        .a_in(pes$3$a_in),
        .valid_in(pes$3$valid_in),
        .start_in(pes$3$start_in),
        .b_in(pes$3$b_in),
        .shift(pes$3$shift),
        .xa_in(pes$3$xa_in),
        .xb_in(pes$3$xb_in),
        .x_seg_in(pes$3$x_seg_in),
        .x_carry_in(pes$3$x_carry_in),
        .x_flags_in(pes$3$x_flags_in),
        .a_out(pes$3$a_out),
        .valid_out(pes$3$valid_out),
        .start_out(pes$3$start_out),
        .b_out(pes$3$b_out),
        .xa_out(pes$3$xa_out),
        .xb_out(pes$3$xb_out),
        .x_seg_out(pes$3$x_seg_out),
        .x_carry_out(pes$3$x_carry_out),
        .x_flags_out(pes$3$x_flags_out)
    );
    fp8_exact_pe_exact pes$4(
        .clk(pes$4$clk),
        .rst(pes$4$rst),
        .fmt_a(pes$4$fmt_a),
        .fmt_b(pes$4$fmt_b),
        .a_in(pes$4$a_in),
        .valid_in(pes$4$valid_in),
        .start_in(pes$4$start_in),
        .b_in(pes$4$b_in),
        .shift(pes$4$shift),
        .xa_in(pes$4$xa_in),
        .xb_in(pes$4$xb_in),
        .x_seg_in(pes$4$x_seg_in),
        .x_carry_in(pes$4$x_carry_in),
        .x_flags_in(pes$4$x_flags_in),
        .a_out(pes$4$a_out),
        .valid_out(pes$4$valid_out),
        .start_out(pes$4$start_out),
        .b_out(pes$4$b_out),
        .xa_out(pes$4$xa_out),
        .xb_out(pes$4$xb_out),
        .x_seg_out(pes$4$x_seg_out),
        .x_carry_out(pes$4$x_carry_out),
        .x_flags_out(pes$4$x_flags_out)
    );
    fp8_exact_pe_exact pes$5(
        .clk(pes$5$clk),
        .rst(pes$5$rst),
        .fmt_a(pes$5$fmt_a),
        .fmt_b(pes$5$fmt_b),
        .a_in(pes$5$a_in),
        .valid_in(pes$5$valid_in),
        .start_in(pes$5$start_in),
        .b_in(pes$5$b_in),
        .shift(pes$5$shift),
        .xa_in(pes$5$xa_in),
        .xb_in(pes$5$xb_in),
        .x_seg_in(pes$5$x_seg_in),
        .x_carry_in(pes$5$x_carry_in),
        .x_flags_in(pes$5$x_flags_in),
        .a_out(pes$5$a_out),
        .valid_out(pes$5$valid_out),
        .start_out(pes$5$start_out),
        .b_out(pes$5$b_out),
        .xa_out(pes$5$xa_out),
        .xb_out(pes$5$xb_out),
        .x_seg_out(pes$5$x_seg_out),
        .x_carry_out(pes$5$x_carry_out),
        .x_flags_out(pes$5$x_flags_out)
    );
    fp8_exact_pe_exact pes$6(
        .clk(pes$6$clk),
        .rst(pes$6$rst),
        .fmt_a(pes$6$fmt_a),
        .fmt_b(pes$6$fmt_b),
        .a_in(pes$6$a_in),
        .valid_in(pes$6$valid_in),
        .start_in(pes$6$start_in),
        .b_in(pes$6$b_in),
        .shift(pes$6$shift),
        .xa_in(pes$6$xa_in),
        .xb_in(pes$6$xb_in),
        .x_seg_in(pes$6$x_seg_in),
        .x_carry_in(pes$6$x_carry_in),
        .x_flags_in(pes$6$x_flags_in),
        .a_out(pes$6$a_out),
        .valid_out(pes$6$valid_out),
        .start_out(pes$6$start_out),
        .b_out(pes$6$b_out),
        .xa_out(pes$6$xa_out),
        .xb_out(pes$6$xb_out),
        .x_seg_out(pes$6$x_seg_out),
        .x_carry_out(pes$6$x_carry_out),
        .x_flags_out(pes$6$x_flags_out)
    );
    fp8_exact_pe_exact pes$7(
        .clk(pes$7$clk),
        .rst(pes$7$rst),
        .fmt_a(pes$7$fmt_a),
        .fmt_b(pes$7$fmt_b),
        .a_in(pes$7$a_in),
        .valid_in(pes$7$valid_in),
        .start_in(pes$7$start_in),
        .b_in(pes$7$b_in),
        .shift(pes$7$shift),
        .xa_in(pes$7$xa_in),
        .xb_in(pes$7$xb_in),
        .x_seg_in(pes$7$x_seg_in),
        .x_carry_in(pes$7$x_carry_in),
        .x_flags_in(pes$7$x_flags_in),
        .a_out(pes$7$a_out),
        .valid_out(pes$7$valid_out),
        .start_out(pes$7$start_out),
        .b_out(pes$7$b_out),
        .xa_out(pes$7$xa_out),
        .xb_out(pes$7$xb_out),
        .x_seg_out(pes$7$x_seg_out),
        .x_carry_out(pes$7$x_carry_out),
        .x_flags_out(pes$7$x_flags_out)
    );
    fp8_exact_pe_exact pes$8(
        .clk(pes$8$clk),
        .rst(pes$8$rst),
        .fmt_a(pes$8$fmt_a),
        .fmt_b(pes$8$fmt_b),
        .a_in(pes$8$a_in),
        .valid_in(pes$8$valid_in),
        .start_in(pes$8$start_in),
        .b_in(pes$8$b_in),
        .shift(pes$8$shift),
        .xa_in(pes$8$xa_in),
        .xb_in(pes$8$xb_in),
        .x_seg_in(pes$8$x_seg_in),
        .x_carry_in(pes$8$x_carry_in),
        .x_flags_in(pes$8$x_flags_in),
        .a_out(pes$8$a_out),
        .valid_out(pes$8$valid_out),
        .start_out(pes$8$start_out),
        .b_out(pes$8$b_out),
        .xa_out(pes$8$xa_out),
        .xb_out(pes$8$xb_out),
        .x_seg_out(pes$8$x_seg_out),
        .x_carry_out(pes$8$x_carry_out),
        .x_flags_out(pes$8$x_flags_out)
    );
    fp8_exact_pe_exact pes$9(
        .clk(pes$9$clk),
        .rst(pes$9$rst),
        .fmt_a(pes$9$fmt_a),
        .fmt_b(pes$9$fmt_b),
        .a_in(pes$9$a_in),
        .valid_in(pes$9$valid_in),
        .start_in(pes$9$start_in),
        .b_in(pes$9$b_in),
        .shift(pes$9$shift),
        .xa_in(pes$9$xa_in),
        .xb_in(pes$9$xb_in),
        .x_seg_in(pes$9$x_seg_in),
        .x_carry_in(pes$9$x_carry_in),
        .x_flags_in(pes$9$x_flags_in),
        .a_out(pes$9$a_out),
        .valid_out(pes$9$valid_out),
        .start_out(pes$9$start_out),
        .b_out(pes$9$b_out),
        .xa_out(pes$9$xa_out),
        .xb_out(pes$9$xb_out),
        .x_seg_out(pes$9$x_seg_out),
        .x_carry_out(pes$9$x_carry_out),
        .x_flags_out(pes$9$x_flags_out)
    );
    fp8_exact_pe_exact pes$10(
        .clk(pes$10$clk),
        .rst(pes$10$rst),
        .fmt_a(pes$10$fmt_a),
        .fmt_b(pes$10$fmt_b),
        .a_in(pes$10$a_in),
        .valid_in(pes$10$valid_in),
        .start_in(pes$10$start_in),
        .b_in(pes$10$b_in),
        .shift(pes$10$shift),
        .xa_in(pes$10$xa_in),
        .xb_in(pes$10$xb_in),
        .x_seg_in(pes$10$x_seg_in),
        .x_carry_in(pes$10$x_carry_in),
        .x_flags_in(pes$10$x_flags_in),
        .a_out(pes$10$a_out),
        .valid_out(pes$10$valid_out),
        .start_out(pes$10$start_out),
        .b_out(pes$10$b_out),
        .xa_out(pes$10$xa_out),
        .xb_out(pes$10$xb_out),
        .x_seg_out(pes$10$x_seg_out),
        .x_carry_out(pes$10$x_carry_out),
        .x_flags_out(pes$10$x_flags_out)
    );
    fp8_exact_pe_exact pes$11(
        .clk(pes$11$clk),
        .rst(pes$11$rst),
        .fmt_a(pes$11$fmt_a),
        .fmt_b(pes$11$fmt_b),
        .a_in(pes$11$a_in),
        .valid_in(pes$11$valid_in),
        .start_in(pes$11$start_in),
        .b_in(pes$11$b_in),
        .shift(pes$11$shift),
        .xa_in(pes$11$xa_in),
        .xb_in(pes$11$xb_in),
        .x_seg_in(pes$11$x_seg_in),
        .x_carry_in(pes$11$x_carry_in),
        .x_flags_in(pes$11$x_flags_in),
        .a_out(pes$11$a_out),
        .valid_out(pes$11$valid_out),
        .start_out(pes$11$start_out),
        .b_out(pes$11$b_out),
        .xa_out(pes$11$xa_out),
        .xb_out(pes$11$xb_out),
        .x_seg_out(pes$11$x_seg_out),
        .x_carry_out(pes$11$x_carry_out),
        .x_flags_out(pes$11$x_flags_out)
    );
    fp8_exact_pe_exact pes$12(
        .clk(pes$12$clk),
        .rst(pes$12$rst),
        .fmt_a(pes$12$fmt_a),
        .fmt_b(pes$12$fmt_b),
        .a_in(pes$12$a_in),
        .valid_in(pes$12$valid_in),
        .start_in(pes$12$start_in),
        .b_in(pes$12$b_in),
        .shift(pes$12$shift),
        .xa_in(pes$12$xa_in),
        .xb_in(pes$12$xb_in),
        .x_seg_in(pes$12$x_seg_in),
        .x_carry_in(pes$12$x_carry_in),
        .x_flags_in(pes$12$x_flags_in),
        .a_out(pes$12$a_out),
        .valid_out(pes$12$valid_out),
        .start_out(pes$12$start_out),
        .b_out(pes$12$b_out),
        .xa_out(pes$12$xa_out),
        .xb_out(pes$12$xb_out),
        .x_seg_out(pes$12$x_seg_out),
        .x_carry_out(pes$12$x_carry_out),
        .x_flags_out(pes$12$x_flags_out)
    );
    fp8_exact_pe_exact pes$13(
        .clk(pes$13$clk),
        .rst(pes$13$rst),
        .fmt_a(pes$13$fmt_a),
        .fmt_b(pes$13$fmt_b),
        .a_in(pes$13$a_in),
        .valid_in(pes$13$valid_in),
        .start_in(pes$13$start_in),
        .b_in(pes$13$b_in),
        .shift(pes$13$shift),
        .xa_in(pes$13$xa_in),
        .xb_in(pes$13$xb_in),
        .x_seg_in(pes$13$x_seg_in),
        .x_carry_in(pes$13$x_carry_in),
        .x_flags_in(pes$13$x_flags_in),
        .a_out(pes$13$a_out),
        .valid_out(pes$13$valid_out),
        .start_out(pes$13$start_out),
        .b_out(pes$13$b_out),
        .xa_out(pes$13$xa_out),
        .xb_out(pes$13$xb_out),
        .x_seg_out(pes$13$x_seg_out),
        .x_carry_out(pes$13$x_carry_out),
        .x_flags_out(pes$13$x_flags_out)
    );
    fp8_exact_pe_exact pes$14(
        .clk(pes$14$clk),
        .rst(pes$14$rst),
        .fmt_a(pes$14$fmt_a),
        .fmt_b(pes$14$fmt_b),
        .a_in(pes$14$a_in),
        .valid_in(pes$14$valid_in),
        .start_in(pes$14$start_in),
        .b_in(pes$14$b_in),
        .shift(pes$14$shift),
        .xa_in(pes$14$xa_in),
        .xb_in(pes$14$xb_in),
        .x_seg_in(pes$14$x_seg_in),
        .x_carry_in(pes$14$x_carry_in),
        .x_flags_in(pes$14$x_flags_in),
        .a_out(pes$14$a_out),
        .valid_out(pes$14$valid_out),
        .start_out(pes$14$start_out),
        .b_out(pes$14$b_out),
        .xa_out(pes$14$xa_out),
        .xb_out(pes$14$xb_out),
        .x_seg_out(pes$14$x_seg_out),
        .x_carry_out(pes$14$x_carry_out),
        .x_flags_out(pes$14$x_flags_out)
    );
    fp8_exact_pe_exact pes$15(
        .clk(pes$15$clk),
        .rst(pes$15$rst),
        .fmt_a(pes$15$fmt_a),
        .fmt_b(pes$15$fmt_b),
        .a_in(pes$15$a_in),
        .valid_in(pes$15$valid_in),
        .start_in(pes$15$start_in),
        .b_in(pes$15$b_in),
        .shift(pes$15$shift),
        .xa_in(pes$15$xa_in),
        .xb_in(pes$15$xb_in),
        .x_seg_in(pes$15$x_seg_in),
        .x_carry_in(pes$15$x_carry_in),
        .x_flags_in(pes$15$x_flags_in),
        .a_out(pes$15$a_out),
        .valid_out(pes$15$valid_out),
        .start_out(pes$15$start_out),
        .b_out(pes$15$b_out),
        .xa_out(pes$15$xa_out),
        .xb_out(pes$15$xb_out),
        .x_seg_out(pes$15$x_seg_out),
        .x_carry_out(pes$15$x_carry_out),
        .x_flags_out(pes$15$x_flags_out)
    );
    fp8_exact_dff96 g_seg(
        .d(g_seg$d),
        .q(g_seg$q),
        .clock(g_seg$clock)
    );
    fp8_exact_dff16 g_carry(
        .d(g_carry$d),
        .q(g_carry$q),
        .clock(g_carry$clock)
    );
    fp8_exact_dff4 g_flags(
        .d(g_flags$d),
        .q(g_flags$q),
        .clock(g_flags$clock)
    );
    fp8_exact_dff16 g_c(
        .d(g_c$d),
        .q(g_c$q),
        .clock(g_c$clock)
    );
    fp8_exact_dff32 g_seed(
        .d(g_seed$d),
        .q(g_seed$q),
        .clock(g_seed$clock)
    );
    fp8_exact_dff1 g_chain(
        .d(g_chain$d),
        .q(g_chain$q),
        .clock(g_chain$clock)
    );
    fp8_exact_rounder rounder(
        .clk(rounder$clk),
        .seg(rounder$seg),
        .carry(rounder$carry),
        .flags(rounder$flags),
        .c(rounder$c),
        .seed(rounder$seed),
        .sr(rounder$sr),
        .scale_exp(rounder$scale_exp),
        .y(rounder$y)
    );
    fp8_exact_store store(
        .clk(store$clk),
        .rst(store$rst),
        .read(store$read),
        .read_data(store$read_data),
        .write(store$write),
        .write_data(store$write_data)
    );
    fp8_exact_done done(
        .clk(done$clk),
        .rst(done$rst),
        .inp(done$inp),
        .flag0_in(done$flag0_in),
        .flag1_in(done$flag1_in),
        .out(done$out),
        .flag0_out(done$flag0_out),
        .flag1_out(done$flag1_out)
    );
    
    // Update code
    always @(*) begin
        g_seg$clock = clk;
        g_carry$clock = clk;
        g_flags$clock = clk;
        g_c$clock = clk;
        g_seed$clock = clk;
        g_chain$clock = clk;
        g_seg$d = g_seg$q;
        g_carry$d = g_carry$q;
        g_flags$d = g_flags$q;
        g_c$d = g_c$q;
        g_seed$d = g_seed$q;
        g_chain$d = g_chain$q;
        skew$clk = clk;
        skew$rst = rst;
        skew$valid = valid;
        skew$start = start;
        skew$shift = shift;
        skew$chain = chain;
        skew$a_0 = a_0;
        skew$a_1 = a_1;
        skew$a_2 = a_2;
        skew$a_3 = a_3;
        skew$b_0 = b_0;
        skew$c_0 = c_0;
        skew$seed_0 = seed_0;
        y_0 = skew$y_0;
        skew$b_1 = b_1;
        skew$c_1 = c_1;
        skew$seed_1 = seed_1;
        y_1 = skew$y_1;
        skew$b_2 = b_2;
        skew$c_2 = c_2;
        skew$seed_2 = seed_2;
        y_2 = skew$y_2;
        skew$b_3 = b_3;
        skew$c_3 = c_3;
        skew$seed_3 = seed_3;
        y_3 = skew$y_3;
        rounder$clk = clk;
        rounder$carry = g_carry$q << low_segs;
        rounder$flags = g_flags$q;
        rounder$seg = g_seg$q << low_bits;
        rounder$c = g_c$q;
        if (g_chain$q) begin
            rounder$c = store$read_data;
        end
        rounder$seed = g_seed$q;
        rounder$sr = sr;
        rounder$scale_exp = scale_exp;
        skew$bottom_0 = rounder$y;
        skew$bottom_1 = rounder$y;
        skew$bottom_2 = rounder$y;
        skew$bottom_3 = rounder$y;
        pes$0$clk = clk;
        pes$0$rst = rst;
        pes$0$fmt_a = ((fmt_a) & 4'hf);
        pes$0$fmt_b = ((fmt_b) & 4'hf);
        pes$0$shift = skew$shift_col_0;
        pes$1$clk = clk;
        pes$1$rst = rst;
        pes$1$fmt_a = ((fmt_a) & 4'hf);
        pes$1$fmt_b = ((fmt_b) & 4'hf);
        pes$1$shift = skew$shift_col_1;
        pes$2$clk = clk;
        pes$2$rst = rst;
        pes$2$fmt_a = ((fmt_a) & 4'hf);
        pes$2$fmt_b = ((fmt_b) & 4'hf);
        pes$2$shift = skew$shift_col_2;
        pes$3$clk = clk;
        pes$3$rst = rst;
        pes$3$fmt_a = ((fmt_a) & 4'hf);
        pes$3$fmt_b = ((fmt_b) & 4'hf);
        pes$3$shift = skew$shift_col_3;
        pes$4$clk = clk;
        pes$4$rst = rst;
        pes$4$fmt_a = ((fmt_a) & 4'hf);
        pes$4$fmt_b = ((fmt_b) & 4'hf);
        pes$4$shift = skew$shift_col_0;
        pes$5$clk = clk;
        pes$5$rst = rst;
        pes$5$fmt_a = ((fmt_a) & 4'hf);
        pes$5$fmt_b = ((fmt_b) & 4'hf);
        pes$5$shift = skew$shift_col_1;
        pes$6$clk = clk;
        pes$6$rst = rst;
        pes$6$fmt_a = ((fmt_a) & 4'hf);
        pes$6$fmt_b = ((fmt_b) & 4'hf);
        pes$6$shift = skew$shift_col_2;
        pes$7$clk = clk;
        pes$7$rst = rst;
        pes$7$fmt_a = ((fmt_a) & 4'hf);
        pes$7$fmt_b = ((fmt_b) & 4'hf);
        pes$7$shift = skew$shift_col_3;
        pes$8$clk = clk;
        pes$8$rst = rst;
        pes$8$fmt_a = ((fmt_a) & 4'hf);
        pes$8$fmt_b = ((fmt_b) & 4'hf);
        pes$8$shift = skew$shift_col_0;
        pes$9$clk = clk;
        pes$9$rst = rst;
        pes$9$fmt_a = ((fmt_a) & 4'hf);
        pes$9$fmt_b = ((fmt_b) & 4'hf);
        pes$9$shift = skew$shift_col_1;
        pes$10$clk = clk;
        pes$10$rst = rst;
        pes$10$fmt_a = ((fmt_a) & 4'hf);
        pes$10$fmt_b = ((fmt_b) & 4'hf);
        pes$10$shift = skew$shift_col_2;
        pes$11$clk = clk;
        pes$11$rst = rst;
        pes$11$fmt_a = ((fmt_a) & 4'hf);
        pes$11$fmt_b = ((fmt_b) & 4'hf);
        pes$11$shift = skew$shift_col_3;
        pes$12$clk = clk;
        pes$12$rst = rst;
        pes$12$fmt_a = ((fmt_a) & 4'hf);
        pes$12$fmt_b = ((fmt_b) & 4'hf);
        pes$12$shift = skew$shift_col_0;
        pes$13$clk = clk;
        pes$13$rst = rst;
        pes$13$fmt_a = ((fmt_a) & 4'hf);
        pes$13$fmt_b = ((fmt_b) & 4'hf);
        pes$13$shift = skew$shift_col_1;
        pes$14$clk = clk;
        pes$14$rst = rst;
        pes$14$fmt_a = ((fmt_a) & 4'hf);
        pes$14$fmt_b = ((fmt_b) & 4'hf);
        pes$14$shift = skew$shift_col_2;
        pes$15$clk = clk;
        pes$15$rst = rst;
        pes$15$fmt_a = ((fmt_a) & 4'hf);
        pes$15$fmt_b = ((fmt_b) & 4'hf);
        pes$15$shift = skew$shift_col_3;
        pes$0$a_in = skew$a_row_0;
        pes$0$xa_in = 32'h0;
        pes$0$valid_in = skew$valid_row_0;
        pes$0$start_in = skew$start_row_0;
        pes$1$a_in = pes$0$a_out;
        pes$1$valid_in = pes$0$valid_out;
        pes$1$start_in = pes$0$start_out;
        pes$1$xa_in = pes$0$xa_out;
        pes$2$a_in = pes$1$a_out;
        pes$2$valid_in = pes$1$valid_out;
        pes$2$start_in = pes$1$start_out;
        pes$2$xa_in = pes$1$xa_out;
        pes$3$a_in = pes$2$a_out;
        pes$3$valid_in = pes$2$valid_out;
        pes$3$start_in = pes$2$start_out;
        pes$3$xa_in = pes$2$xa_out;
        pes$4$a_in = skew$a_row_1;
        pes$4$xa_in = 32'h0;
        pes$4$valid_in = skew$valid_row_1;
        pes$4$start_in = skew$start_row_1;
        pes$5$a_in = pes$4$a_out;
        pes$5$valid_in = pes$4$valid_out;
        pes$5$start_in = pes$4$start_out;
        pes$5$xa_in = pes$4$xa_out;
        pes$6$a_in = pes$5$a_out;
        pes$6$valid_in = pes$5$valid_out;
        pes$6$start_in = pes$5$start_out;
        pes$6$xa_in = pes$5$xa_out;
        pes$7$a_in = pes$6$a_out;
        pes$7$valid_in = pes$6$valid_out;
        pes$7$start_in = pes$6$start_out;
        pes$7$xa_in = pes$6$xa_out;
        pes$8$a_in = skew$a_row_2;
        pes$8$xa_in = 32'h0;
        pes$8$valid_in = skew$valid_row_2;
        pes$8$start_in = skew$start_row_2;
        pes$9$a_in = pes$8$a_out;
        pes$9$valid_in = pes$8$valid_out;
        pes$9$start_in = pes$8$start_out;
        pes$9$xa_in = pes$8$xa_out;
        pes$10$a_in = pes$9$a_out;
        pes$10$valid_in = pes$9$valid_out;
        pes$10$start_in = pes$9$start_out;
        pes$10$xa_in = pes$9$xa_out;
        pes$11$a_in = pes$10$a_out;
        pes$11$valid_in = pes$10$valid_out;
        pes$11$start_in = pes$10$start_out;
        pes$11$xa_in = pes$10$xa_out;
        pes$12$a_in = skew$a_row_3;
        pes$12$xa_in = 32'h0;
        pes$12$valid_in = skew$valid_row_3;
        pes$12$start_in = skew$start_row_3;
        pes$13$a_in = pes$12$a_out;
        pes$13$valid_in = pes$12$valid_out;
        pes$13$start_in = pes$12$start_out;
        pes$13$xa_in = pes$12$xa_out;
        pes$14$a_in = pes$13$a_out;
        pes$14$valid_in = pes$13$valid_out;
        pes$14$start_in = pes$13$start_out;
        pes$14$xa_in = pes$13$xa_out;
        pes$15$a_in = pes$14$a_out;
        pes$15$valid_in = pes$14$valid_out;
        pes$15$start_in = pes$14$start_out;
        pes$15$xa_in = pes$14$xa_out;
        pes$0$b_in = skew$b_col_0;
        pes$0$xb_in = 32'h0;
        pes$0$x_carry_in = 32'h0;
        pes$0$x_flags_in = pes$0$x_flags_out;
        pes$0$x_seg_in = 32'h0;
        pes$1$b_in = skew$b_col_1;
        pes$1$xb_in = 32'h0;
        pes$1$x_carry_in = 32'h0;
        pes$1$x_flags_in = pes$1$x_flags_out;
        pes$1$x_seg_in = 32'h0;
        pes$2$b_in = skew$b_col_2;
        pes$2$xb_in = 32'h0;
        pes$2$x_carry_in = 32'h0;
        pes$2$x_flags_in = pes$2$x_flags_out;
        pes$2$x_seg_in = 32'h0;
        pes$3$b_in = skew$b_col_3;
        pes$3$xb_in = 32'h0;
        pes$3$x_carry_in = 32'h0;
        pes$3$x_flags_in = pes$3$x_flags_out;
        pes$3$x_seg_in = 32'h0;
        pes$4$b_in = pes$0$b_out;
        pes$4$xb_in = pes$0$xb_out;
        pes$4$x_carry_in = pes$0$x_carry_out;
        pes$4$x_flags_in = pes$0$x_flags_out;
        pes$4$x_seg_in = pes$0$x_seg_out;
        pes$5$b_in = pes$1$b_out;
        pes$5$xb_in = pes$1$xb_out;
        pes$5$x_carry_in = pes$1$x_carry_out;
        pes$5$x_flags_in = pes$1$x_flags_out;
        pes$5$x_seg_in = pes$1$x_seg_out;
        pes$6$b_in = pes$2$b_out;
        pes$6$xb_in = pes$2$xb_out;
        pes$6$x_carry_in = pes$2$x_carry_out;
        pes$6$x_flags_in = pes$2$x_flags_out;
        pes$6$x_seg_in = pes$2$x_seg_out;
        pes$7$b_in = pes$3$b_out;
        pes$7$xb_in = pes$3$xb_out;
        pes$7$x_carry_in = pes$3$x_carry_out;
        pes$7$x_flags_in = pes$3$x_flags_out;
        pes$7$x_seg_in = pes$3$x_seg_out;
        pes$8$b_in = pes$4$b_out;
        pes$8$xb_in = pes$4$xb_out;
        pes$8$x_carry_in = pes$4$x_carry_out;
        pes$8$x_flags_in = pes$4$x_flags_out;
        pes$8$x_seg_in = pes$4$x_seg_out;
        pes$9$b_in = pes$5$b_out;
        pes$9$xb_in = pes$5$xb_out;
        pes$9$x_carry_in = pes$5$x_carry_out;
        pes$9$x_flags_in = pes$5$x_flags_out;
        pes$9$x_seg_in = pes$5$x_seg_out;
        pes$10$b_in = pes$6$b_out;
        pes$10$xb_in = pes$6$xb_out;
        pes$10$x_carry_in = pes$6$x_carry_out;
        pes$10$x_flags_in = pes$6$x_flags_out;
        pes$10$x_seg_in = pes$6$x_seg_out;
        pes$11$b_in = pes$7$b_out;
        pes$11$xb_in = pes$7$xb_out;
        pes$11$x_carry_in = pes$7$x_carry_out;
        pes$11$x_flags_in = pes$7$x_flags_out;
        pes$11$x_seg_in = pes$7$x_seg_out;
        pes$12$b_in = pes$8$b_out;
        pes$12$xb_in = pes$8$xb_out;
        pes$12$x_carry_in = pes$8$x_carry_out;
        pes$12$x_flags_in = pes$8$x_flags_out;
        pes$12$x_seg_in = pes$8$x_seg_out;
        pes$13$b_in = pes$9$b_out;
        pes$13$xb_in = pes$9$xb_out;
        pes$13$x_carry_in = pes$9$x_carry_out;
        pes$13$x_flags_in = pes$9$x_flags_out;
        pes$13$x_seg_in = pes$9$x_seg_out;
        pes$14$b_in = pes$10$b_out;
        pes$14$xb_in = pes$10$xb_out;
        pes$14$x_carry_in = pes$10$x_carry_out;
        pes$14$x_flags_in = pes$10$x_flags_out;
        pes$14$x_seg_in = pes$10$x_seg_out;
        pes$15$b_in = pes$11$b_out;
        pes$15$xb_in = pes$11$xb_out;
        pes$15$x_carry_in = pes$11$x_carry_out;
        pes$15$x_flags_in = pes$11$x_flags_out;
        pes$15$x_seg_in = pes$11$x_seg_out;
        any_seg = 32'h0;
        any_carry = 32'h0;
        any_c = 32'h0;
        any_seed = 32'h0;
        any_chain = 1'b0;
        gathered = 1'b0;
        any_flags[0] = 1'b0;
        any_flags[1] = 1'b0;
        any_flags[2] = 1'b0;
        any_flags[3] = 1'b0;
        pick_seg = 32'h0;
        pick_carry = 32'h0;
        pick_c = 32'h0;
        pick_seed = 32'h0;
        pick_flags = pes$12$x_flags_out;
        if (skew$pop_col$0) begin
            pick_seg = pes$12$x_seg_out;
            pick_carry = pes$12$x_carry_out;
            pick_c = skew$c_col_0;
            pick_seed = skew$seed_col_0;
            any_chain = any_chain | skew$chain_col$0;
            gathered = 1'b1;
            any_flags[0] = any_flags[0] | pick_flags[0];
            any_flags[1] = any_flags[1] | pick_flags[1];
            any_flags[2] = any_flags[2] | pick_flags[2];
            any_flags[3] = any_flags[3] | pick_flags[3];
        end
        any_seg = any_seg | pick_seg;
        any_carry = any_carry | pick_carry;
        any_c = any_c | pick_c;
        any_seed = any_seed | pick_seed;
        pick_seg = 32'h0;
        pick_carry = 32'h0;
        pick_c = 32'h0;
        pick_seed = 32'h0;
        pick_flags = pes$13$x_flags_out;
        if (skew$pop_col$1) begin
            pick_seg = pes$13$x_seg_out;
            pick_carry = pes$13$x_carry_out;
            pick_c = skew$c_col_1;
            pick_seed = skew$seed_col_1;
            any_chain = any_chain | skew$chain_col$1;
            gathered = 1'b1;
            any_flags[0] = any_flags[0] | pick_flags[0];
            any_flags[1] = any_flags[1] | pick_flags[1];
            any_flags[2] = any_flags[2] | pick_flags[2];
            any_flags[3] = any_flags[3] | pick_flags[3];
        end
        any_seg = any_seg | pick_seg;
        any_carry = any_carry | pick_carry;
        any_c = any_c | pick_c;
        any_seed = any_seed | pick_seed;
        pick_seg = 32'h0;
        pick_carry = 32'h0;
        pick_c = 32'h0;
        pick_seed = 32'h0;
        pick_flags = pes$14$x_flags_out;
        if (skew$pop_col$2) begin
            pick_seg = pes$14$x_seg_out;
            pick_carry = pes$14$x_carry_out;
            pick_c = skew$c_col_2;
            pick_seed = skew$seed_col_2;
            any_chain = any_chain | skew$chain_col$2;
            gathered = 1'b1;
            any_flags[0] = any_flags[0] | pick_flags[0];
            any_flags[1] = any_flags[1] | pick_flags[1];
            any_flags[2] = any_flags[2] | pick_flags[2];
            any_flags[3] = any_flags[3] | pick_flags[3];
        end
        any_seg = any_seg | pick_seg;
        any_carry = any_carry | pick_carry;
        any_c = any_c | pick_c;
        any_seed = any_seed | pick_seed;
        pick_seg = 32'h0;
        pick_carry = 32'h0;
        pick_c = 32'h0;
        pick_seed = 32'h0;
        pick_flags = pes$15$x_flags_out;
        if (skew$pop_col$3) begin
            pick_seg = pes$15$x_seg_out;
            pick_carry = pes$15$x_carry_out;
            pick_c = skew$c_col_3;
            pick_seed = skew$seed_col_3;
            any_chain = any_chain | skew$chain_col$3;
            gathered = 1'b1;
            any_flags[0] = any_flags[0] | pick_flags[0];
            any_flags[1] = any_flags[1] | pick_flags[1];
            any_flags[2] = any_flags[2] | pick_flags[2];
            any_flags[3] = any_flags[3] | pick_flags[3];
        end
        any_seg = any_seg | pick_seg;
        any_carry = any_carry | pick_carry;
        any_c = any_c | pick_c;
        any_seed = any_seed | pick_seed;
        g_seg$d = any_seg;
        g_carry$d = any_carry;
        g_flags$d = any_flags;
        g_c$d = any_c;
        g_seed$d = any_seed;
        g_chain$d = any_chain;
        store$clk = clk;
        store$rst = rst;
        store$read = gathered;
        store$write = done$flag0_out;
        store$write_data = rounder$y;
        done$clk = clk;
        done$rst = rst;
        done$inp = 32'h0;
        done$flag0_in = gathered;
        done$flag1_in = 1'b0;
    end
    
endmodule // fp8_systolic_exact

// edge: the skew lines: row i's operand, valid and start delayed i cycles; column j's operand, C, seed and shift j cycles; column j's result cols - 1 - j cycles.
module fp8_exact_edge(clk,rst,valid,start,shift,chain,a_0,a_1,a_2,a_3,b_0,b_1,b_2,b_3,c_0,c_1,c_2,c_3,seed_0,seed_1,seed_2,seed_3,bottom_0,bottom_1,bottom_2,bottom_3,a_row_0,a_row_1,a_row_2,a_row_3,valid_row_0,valid_row_1,valid_row_2,valid_row_3,start_row_0,start_row_1,start_row_2,start_row_3,b_col_0,b_col_1,b_col_2,b_col_3,c_col_0,c_col_1,c_col_2,c_col_3,seed_col_0,seed_col_1,seed_col_2,seed_col_3,shift_col_0,shift_col_1,shift_col_2,shift_col_3,pop_col$0,pop_col$1,pop_col$2,pop_col$3,chain_col$0,chain_col$1,chain_col$2,chain_col$3,y_0,y_1,y_2,y_3);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  valid;
    input wire  start;
    input wire  shift;
    input wire  chain;
    input wire  [7:0] a_0;
    input wire  [7:0] a_1;
    input wire  [7:0] a_2;
    input wire  [7:0] a_3;
    input wire  [7:0] b_0;
    input wire  [7:0] b_1;
    input wire  [7:0] b_2;
    input wire  [7:0] b_3;
    input wire  [15:0] c_0;
    input wire  [15:0] c_1;
    input wire  [15:0] c_2;
    input wire  [15:0] c_3;
    input wire  [31:0] seed_0;
    input wire  [31:0] seed_1;
    input wire  [31:0] seed_2;
    input wire  [31:0] seed_3;
    input wire  [15:0] bottom_0;
    input wire  [15:0] bottom_1;
    input wire  [15:0] bottom_2;
    input wire  [15:0] bottom_3;
    output reg  [7:0] a_row_0;
    output reg  [7:0] a_row_1;
    output reg  [7:0] a_row_2;
    output reg  [7:0] a_row_3;
    output reg  valid_row_0;
    output reg  valid_row_1;
    output reg  valid_row_2;
    output reg  valid_row_3;
    output reg  start_row_0;
    output reg  start_row_1;
    output reg  start_row_2;
    output reg  start_row_3;
    output reg  [7:0] b_col_0;
    output reg  [7:0] b_col_1;
    output reg  [7:0] b_col_2;
    output reg  [7:0] b_col_3;
    output reg  [15:0] c_col_0;
    output reg  [15:0] c_col_1;
    output reg  [15:0] c_col_2;
    output reg  [15:0] c_col_3;
    output reg  [31:0] seed_col_0;
    output reg  [31:0] seed_col_1;
    output reg  [31:0] seed_col_2;
    output reg  [31:0] seed_col_3;
    output reg  shift_col_0;
    output reg  shift_col_1;
    output reg  shift_col_2;
    output reg  shift_col_3;
    output reg  pop_col$0;
    output reg  pop_col$1;
    output reg  pop_col$2;
    output reg  pop_col$3;
    output reg  chain_col$0;
    output reg  chain_col$1;
    output reg  chain_col$2;
    output reg  chain_col$3;
    output reg  [15:0] y_0;
    output reg  [15:0] y_1;
    output reg  [15:0] y_2;
    output reg  [15:0] y_3;
    
    // Stub signals
    reg  a_skew$0$clk;
    reg  a_skew$0$rst;
    reg  [7:0] a_skew$0$inp;
    reg  a_skew$0$flag0_in;
    reg  a_skew$0$flag1_in;
    wire  [7:0] a_skew$0$out;
    wire  a_skew$0$flag0_out;
    wire  a_skew$0$flag1_out;
    reg  a_skew$1$clk;
    reg  a_skew$1$rst;
    reg  [7:0] a_skew$1$inp;
    reg  a_skew$1$flag0_in;
    reg  a_skew$1$flag1_in;
    wire  [7:0] a_skew$1$out;
    wire  a_skew$1$flag0_out;
    wire  a_skew$1$flag1_out;
    reg  a_skew$2$clk;
    reg  a_skew$2$rst;
    reg  [7:0] a_skew$2$inp;
    reg  a_skew$2$flag0_in;
    reg  a_skew$2$flag1_in;
    wire  [7:0] a_skew$2$out;
    wire  a_skew$2$flag0_out;
    wire  a_skew$2$flag1_out;
    reg  a_skew$3$clk;
    reg  a_skew$3$rst;
    reg  [7:0] a_skew$3$inp;
    reg  a_skew$3$flag0_in;
    reg  a_skew$3$flag1_in;
    wire  [7:0] a_skew$3$out;
    wire  a_skew$3$flag0_out;
    wire  a_skew$3$flag1_out;
    reg  b_skew$0$clk;
    reg  b_skew$0$rst;
    reg  [7:0] b_skew$0$inp;
    reg  b_skew$0$flag0_in;
    reg  b_skew$0$flag1_in;
    wire  [7:0] b_skew$0$out;
    wire  b_skew$0$flag0_out;
    wire  b_skew$0$flag1_out;
    reg  b_skew$1$clk;
    reg  b_skew$1$rst;
    reg  [7:0] b_skew$1$inp;
    reg  b_skew$1$flag0_in;
    reg  b_skew$1$flag1_in;
    wire  [7:0] b_skew$1$out;
    wire  b_skew$1$flag0_out;
    wire  b_skew$1$flag1_out;
    reg  b_skew$2$clk;
    reg  b_skew$2$rst;
    reg  [7:0] b_skew$2$inp;
    reg  b_skew$2$flag0_in;
    reg  b_skew$2$flag1_in;
    wire  [7:0] b_skew$2$out;
    wire  b_skew$2$flag0_out;
    wire  b_skew$2$flag1_out;
    reg  b_skew$3$clk;
    reg  b_skew$3$rst;
    reg  [7:0] b_skew$3$inp;
    reg  b_skew$3$flag0_in;
    reg  b_skew$3$flag1_in;
    wire  [7:0] b_skew$3$out;
    wire  b_skew$3$flag0_out;
    wire  b_skew$3$flag1_out;
    reg  c_skew$0$clk;
    reg  c_skew$0$rst;
    reg  [15:0] c_skew$0$inp;
    reg  c_skew$0$flag0_in;
    reg  c_skew$0$flag1_in;
    wire  [15:0] c_skew$0$out;
    wire  c_skew$0$flag0_out;
    wire  c_skew$0$flag1_out;
    reg  c_skew$1$clk;
    reg  c_skew$1$rst;
    reg  [15:0] c_skew$1$inp;
    reg  c_skew$1$flag0_in;
    reg  c_skew$1$flag1_in;
    wire  [15:0] c_skew$1$out;
    wire  c_skew$1$flag0_out;
    wire  c_skew$1$flag1_out;
    reg  c_skew$2$clk;
    reg  c_skew$2$rst;
    reg  [15:0] c_skew$2$inp;
    reg  c_skew$2$flag0_in;
    reg  c_skew$2$flag1_in;
    wire  [15:0] c_skew$2$out;
    wire  c_skew$2$flag0_out;
    wire  c_skew$2$flag1_out;
    reg  c_skew$3$clk;
    reg  c_skew$3$rst;
    reg  [15:0] c_skew$3$inp;
    reg  c_skew$3$flag0_in;
    reg  c_skew$3$flag1_in;
    wire  [15:0] c_skew$3$out;
    wire  c_skew$3$flag0_out;
    wire  c_skew$3$flag1_out;
    reg  s_skew$0$clk;
    reg  s_skew$0$rst;
    reg  [31:0] s_skew$0$inp;
    reg  s_skew$0$flag0_in;
    reg  s_skew$0$flag1_in;
    wire  [31:0] s_skew$0$out;
    wire  s_skew$0$flag0_out;
    wire  s_skew$0$flag1_out;
    reg  s_skew$1$clk;
    reg  s_skew$1$rst;
    reg  [31:0] s_skew$1$inp;
    reg  s_skew$1$flag0_in;
    reg  s_skew$1$flag1_in;
    wire  [31:0] s_skew$1$out;
    wire  s_skew$1$flag0_out;
    wire  s_skew$1$flag1_out;
    reg  s_skew$2$clk;
    reg  s_skew$2$rst;
    reg  [31:0] s_skew$2$inp;
    reg  s_skew$2$flag0_in;
    reg  s_skew$2$flag1_in;
    wire  [31:0] s_skew$2$out;
    wire  s_skew$2$flag0_out;
    wire  s_skew$2$flag1_out;
    reg  s_skew$3$clk;
    reg  s_skew$3$rst;
    reg  [31:0] s_skew$3$inp;
    reg  s_skew$3$flag0_in;
    reg  s_skew$3$flag1_in;
    wire  [31:0] s_skew$3$out;
    wire  s_skew$3$flag0_out;
    wire  s_skew$3$flag1_out;
    reg  y_skew$0$clk;
    reg  y_skew$0$rst;
    reg  [15:0] y_skew$0$inp;
    reg  y_skew$0$flag0_in;
    reg  y_skew$0$flag1_in;
    wire  [15:0] y_skew$0$out;
    wire  y_skew$0$flag0_out;
    wire  y_skew$0$flag1_out;
    reg  y_skew$1$clk;
    reg  y_skew$1$rst;
    reg  [15:0] y_skew$1$inp;
    reg  y_skew$1$flag0_in;
    reg  y_skew$1$flag1_in;
    wire  [15:0] y_skew$1$out;
    wire  y_skew$1$flag0_out;
    wire  y_skew$1$flag1_out;
    reg  y_skew$2$clk;
    reg  y_skew$2$rst;
    reg  [15:0] y_skew$2$inp;
    reg  y_skew$2$flag0_in;
    reg  y_skew$2$flag1_in;
    wire  [15:0] y_skew$2$out;
    wire  y_skew$2$flag0_out;
    wire  y_skew$2$flag1_out;
    reg  y_skew$3$clk;
    reg  y_skew$3$rst;
    reg  [15:0] y_skew$3$inp;
    reg  y_skew$3$flag0_in;
    reg  y_skew$3$flag1_in;
    wire  [15:0] y_skew$3$out;
    wire  y_skew$3$flag0_out;
    wire  y_skew$3$flag1_out;
    
    // Sub module instances
    fp8_exact_skew8_d0 a_skew$0(
        .clk(a_skew$0$clk),
        .rst(a_skew$0$rst),
        .inp(a_skew$0$inp),
        .flag0_in(a_skew$0$flag0_in),
        .flag1_in(a_skew$0$flag1_in),
        .out(a_skew$0$out),
        .flag0_out(a_skew$0$flag0_out),
        .flag1_out(a_skew$0$flag1_out)
    );
    fp8_exact_skew8_d1 a_skew$1(
        .clk(a_skew$1$clk),
        .rst(a_skew$1$rst),
        .inp(a_skew$1$inp),
        .flag0_in(a_skew$1$flag0_in),
        .flag1_in(a_skew$1$flag1_in),
        .out(a_skew$1$out),
        .flag0_out(a_skew$1$flag0_out),
        .flag1_out(a_skew$1$flag1_out)
    );
    fp8_exact_skew8_d2 a_skew$2(
        .clk(a_skew$2$clk),
        .rst(a_skew$2$rst),
        .inp(a_skew$2$inp),
        .flag0_in(a_skew$2$flag0_in),
        .flag1_in(a_skew$2$flag1_in),
        .out(a_skew$2$out),
        .flag0_out(a_skew$2$flag0_out),
        .flag1_out(a_skew$2$flag1_out)
    );
    fp8_exact_skew8_d3 a_skew$3(
        .clk(a_skew$3$clk),
        .rst(a_skew$3$rst),
        .inp(a_skew$3$inp),
        .flag0_in(a_skew$3$flag0_in),
        .flag1_in(a_skew$3$flag1_in),
        .out(a_skew$3$out),
        .flag0_out(a_skew$3$flag0_out),
        .flag1_out(a_skew$3$flag1_out)
    );
    fp8_exact_skew8_d0 b_skew$0(
        .clk(b_skew$0$clk),
        .rst(b_skew$0$rst),
        .inp(b_skew$0$inp),
        .flag0_in(b_skew$0$flag0_in),
        .flag1_in(b_skew$0$flag1_in),
        .out(b_skew$0$out),
        .flag0_out(b_skew$0$flag0_out),
        .flag1_out(b_skew$0$flag1_out)
    );
    fp8_exact_skew8_d1 b_skew$1(
        .clk(b_skew$1$clk),
        .rst(b_skew$1$rst),
        .inp(b_skew$1$inp),
        .flag0_in(b_skew$1$flag0_in),
        .flag1_in(b_skew$1$flag1_in),
        .out(b_skew$1$out),
        .flag0_out(b_skew$1$flag0_out),
        .flag1_out(b_skew$1$flag1_out)
    );
    fp8_exact_skew8_d2 b_skew$2(
        .clk(b_skew$2$clk),
        .rst(b_skew$2$rst),
        .inp(b_skew$2$inp),
        .flag0_in(b_skew$2$flag0_in),
        .flag1_in(b_skew$2$flag1_in),
        .out(b_skew$2$out),
        .flag0_out(b_skew$2$flag0_out),
        .flag1_out(b_skew$2$flag1_out)
    );
    fp8_exact_skew8_d3 b_skew$3(
        .clk(b_skew$3$clk),
        .rst(b_skew$3$rst),
        .inp(b_skew$3$inp),
        .flag0_in(b_skew$3$flag0_in),
        .flag1_in(b_skew$3$flag1_in),
        .out(b_skew$3$out),
        .flag0_out(b_skew$3$flag0_out),
        .flag1_out(b_skew$3$flag1_out)
    );
    fp8_exact_skew16_d0 c_skew$0(
        .clk(c_skew$0$clk),
        .rst(c_skew$0$rst),
        .inp(c_skew$0$inp),
        .flag0_in(c_skew$0$flag0_in),
        .flag1_in(c_skew$0$flag1_in),
        .out(c_skew$0$out),
        .flag0_out(c_skew$0$flag0_out),
        .flag1_out(c_skew$0$flag1_out)
    );
    fp8_exact_skew16_d1 c_skew$1(
        .clk(c_skew$1$clk),
        .rst(c_skew$1$rst),
        .inp(c_skew$1$inp),
        .flag0_in(c_skew$1$flag0_in),
        .flag1_in(c_skew$1$flag1_in),
        .out(c_skew$1$out),
        .flag0_out(c_skew$1$flag0_out),
        .flag1_out(c_skew$1$flag1_out)
    );
    fp8_exact_skew16_d2 c_skew$2(
        .clk(c_skew$2$clk),
        .rst(c_skew$2$rst),
        .inp(c_skew$2$inp),
        .flag0_in(c_skew$2$flag0_in),
        .flag1_in(c_skew$2$flag1_in),
        .out(c_skew$2$out),
        .flag0_out(c_skew$2$flag0_out),
        .flag1_out(c_skew$2$flag1_out)
    );
    fp8_exact_skew16_d3 c_skew$3(
        .clk(c_skew$3$clk),
        .rst(c_skew$3$rst),
        .inp(c_skew$3$inp),
        .flag0_in(c_skew$3$flag0_in),
        .flag1_in(c_skew$3$flag1_in),
        .out(c_skew$3$out),
        .flag0_out(c_skew$3$flag0_out),
        .flag1_out(c_skew$3$flag1_out)
    );
    fp8_exact_skew32_d0 s_skew$0(
        .clk(s_skew$0$clk),
        .rst(s_skew$0$rst),
        .inp(s_skew$0$inp),
        .flag0_in(s_skew$0$flag0_in),
        .flag1_in(s_skew$0$flag1_in),
        .out(s_skew$0$out),
        .flag0_out(s_skew$0$flag0_out),
        .flag1_out(s_skew$0$flag1_out)
    );
    fp8_exact_skew32_d1 s_skew$1(
        .clk(s_skew$1$clk),
        .rst(s_skew$1$rst),
        .inp(s_skew$1$inp),
        .flag0_in(s_skew$1$flag0_in),
        .flag1_in(s_skew$1$flag1_in),
        .out(s_skew$1$out),
        .flag0_out(s_skew$1$flag0_out),
        .flag1_out(s_skew$1$flag1_out)
    );
    fp8_exact_skew32_d2 s_skew$2(
        .clk(s_skew$2$clk),
        .rst(s_skew$2$rst),
        .inp(s_skew$2$inp),
        .flag0_in(s_skew$2$flag0_in),
        .flag1_in(s_skew$2$flag1_in),
        .out(s_skew$2$out),
        .flag0_out(s_skew$2$flag0_out),
        .flag1_out(s_skew$2$flag1_out)
    );
    fp8_exact_skew32_d3 s_skew$3(
        .clk(s_skew$3$clk),
        .rst(s_skew$3$rst),
        .inp(s_skew$3$inp),
        .flag0_in(s_skew$3$flag0_in),
        .flag1_in(s_skew$3$flag1_in),
        .out(s_skew$3$out),
        .flag0_out(s_skew$3$flag0_out),
        .flag1_out(s_skew$3$flag1_out)
    );
    fp8_exact_skew16_d3 y_skew$0(
        .clk(y_skew$0$clk),
        .rst(y_skew$0$rst),
        .inp(y_skew$0$inp),
        .flag0_in(y_skew$0$flag0_in),
        .flag1_in(y_skew$0$flag1_in),
        .out(y_skew$0$out),
        .flag0_out(y_skew$0$flag0_out),
        .flag1_out(y_skew$0$flag1_out)
    );
    fp8_exact_skew16_d2 y_skew$1(
        .clk(y_skew$1$clk),
        .rst(y_skew$1$rst),
        .inp(y_skew$1$inp),
        .flag0_in(y_skew$1$flag0_in),
        .flag1_in(y_skew$1$flag1_in),
        .out(y_skew$1$out),
        .flag0_out(y_skew$1$flag0_out),
        .flag1_out(y_skew$1$flag1_out)
    );
    fp8_exact_skew16_d1 y_skew$2(
        .clk(y_skew$2$clk),
        .rst(y_skew$2$rst),
        .inp(y_skew$2$inp),
        .flag0_in(y_skew$2$flag0_in),
        .flag1_in(y_skew$2$flag1_in),
        .out(y_skew$2$out),
        .flag0_out(y_skew$2$flag0_out),
        .flag1_out(y_skew$2$flag1_out)
    );
    fp8_exact_skew16_d0 y_skew$3(
        .clk(y_skew$3$clk),
        .rst(y_skew$3$rst),
        .inp(y_skew$3$inp),
        .flag0_in(y_skew$3$flag0_in),
        .flag1_in(y_skew$3$flag1_in),
        .out(y_skew$3$out),
        .flag0_out(y_skew$3$flag0_out),
        .flag1_out(y_skew$3$flag1_out)
    );
    
    // Update code
    always @(*) begin
        a_skew$0$clk = clk;
        a_skew$0$rst = rst;
        a_skew$0$inp = a_0;
        a_skew$0$flag0_in = valid;
        a_skew$0$flag1_in = start;
        a_row_0 = a_skew$0$out;
        valid_row_0 = a_skew$0$flag0_out;
        start_row_0 = a_skew$0$flag1_out;
        a_skew$1$clk = clk;
        a_skew$1$rst = rst;
        a_skew$1$inp = a_1;
        a_skew$1$flag0_in = valid;
        a_skew$1$flag1_in = start;
        a_row_1 = a_skew$1$out;
        valid_row_1 = a_skew$1$flag0_out;
        start_row_1 = a_skew$1$flag1_out;
        a_skew$2$clk = clk;
        a_skew$2$rst = rst;
        a_skew$2$inp = a_2;
        a_skew$2$flag0_in = valid;
        a_skew$2$flag1_in = start;
        a_row_2 = a_skew$2$out;
        valid_row_2 = a_skew$2$flag0_out;
        start_row_2 = a_skew$2$flag1_out;
        a_skew$3$clk = clk;
        a_skew$3$rst = rst;
        a_skew$3$inp = a_3;
        a_skew$3$flag0_in = valid;
        a_skew$3$flag1_in = start;
        a_row_3 = a_skew$3$out;
        valid_row_3 = a_skew$3$flag0_out;
        start_row_3 = a_skew$3$flag1_out;
        b_skew$0$clk = clk;
        b_skew$0$rst = rst;
        b_skew$0$inp = b_0;
        b_skew$0$flag0_in = 1'b0;
        b_skew$0$flag1_in = 1'b0;
        b_col_0 = b_skew$0$out;
        c_skew$0$clk = clk;
        c_skew$0$rst = rst;
        c_skew$0$inp = c_0;
        c_skew$0$flag0_in = shift;
        c_skew$0$flag1_in = chain;
        c_col_0 = c_skew$0$out;
        shift_col_0 = c_skew$0$flag0_out;
        chain_col$0 = c_skew$0$flag1_out;
        s_skew$0$clk = clk;
        s_skew$0$rst = rst;
        s_skew$0$inp = seed_0;
        s_skew$0$flag0_in = shift;
        s_skew$0$flag1_in = 1'b0;
        seed_col_0 = s_skew$0$out;
        pop_col$0 = s_skew$0$flag0_out;
        y_skew$0$clk = clk;
        y_skew$0$rst = rst;
        y_skew$0$inp = bottom_0;
        y_skew$0$flag0_in = 1'b0;
        y_skew$0$flag1_in = 1'b0;
        y_0 = y_skew$0$out;
        b_skew$1$clk = clk;
        b_skew$1$rst = rst;
        b_skew$1$inp = b_1;
        b_skew$1$flag0_in = 1'b0;
        b_skew$1$flag1_in = 1'b0;
        b_col_1 = b_skew$1$out;
        c_skew$1$clk = clk;
        c_skew$1$rst = rst;
        c_skew$1$inp = c_1;
        c_skew$1$flag0_in = shift;
        c_skew$1$flag1_in = chain;
        c_col_1 = c_skew$1$out;
        shift_col_1 = c_skew$1$flag0_out;
        chain_col$1 = c_skew$1$flag1_out;
        s_skew$1$clk = clk;
        s_skew$1$rst = rst;
        s_skew$1$inp = seed_1;
        s_skew$1$flag0_in = shift;
        s_skew$1$flag1_in = 1'b0;
        seed_col_1 = s_skew$1$out;
        pop_col$1 = s_skew$1$flag0_out;
        y_skew$1$clk = clk;
        y_skew$1$rst = rst;
        y_skew$1$inp = bottom_1;
        y_skew$1$flag0_in = 1'b0;
        y_skew$1$flag1_in = 1'b0;
        y_1 = y_skew$1$out;
        b_skew$2$clk = clk;
        b_skew$2$rst = rst;
        b_skew$2$inp = b_2;
        b_skew$2$flag0_in = 1'b0;
        b_skew$2$flag1_in = 1'b0;
        b_col_2 = b_skew$2$out;
        c_skew$2$clk = clk;
        c_skew$2$rst = rst;
        c_skew$2$inp = c_2;
        c_skew$2$flag0_in = shift;
        c_skew$2$flag1_in = chain;
        c_col_2 = c_skew$2$out;
        shift_col_2 = c_skew$2$flag0_out;
        chain_col$2 = c_skew$2$flag1_out;
        s_skew$2$clk = clk;
        s_skew$2$rst = rst;
        s_skew$2$inp = seed_2;
        s_skew$2$flag0_in = shift;
        s_skew$2$flag1_in = 1'b0;
        seed_col_2 = s_skew$2$out;
        pop_col$2 = s_skew$2$flag0_out;
        y_skew$2$clk = clk;
        y_skew$2$rst = rst;
        y_skew$2$inp = bottom_2;
        y_skew$2$flag0_in = 1'b0;
        y_skew$2$flag1_in = 1'b0;
        y_2 = y_skew$2$out;
        b_skew$3$clk = clk;
        b_skew$3$rst = rst;
        b_skew$3$inp = b_3;
        b_skew$3$flag0_in = 1'b0;
        b_skew$3$flag1_in = 1'b0;
        b_col_3 = b_skew$3$out;
        c_skew$3$clk = clk;
        c_skew$3$rst = rst;
        c_skew$3$inp = c_3;
        c_skew$3$flag0_in = shift;
        c_skew$3$flag1_in = chain;
        c_col_3 = c_skew$3$out;
        shift_col_3 = c_skew$3$flag0_out;
        chain_col$3 = c_skew$3$flag1_out;
        s_skew$3$clk = clk;
        s_skew$3$rst = rst;
        s_skew$3$inp = seed_3;
        s_skew$3$flag0_in = shift;
        s_skew$3$flag1_in = 1'b0;
        seed_col_3 = s_skew$3$out;
        pop_col$3 = s_skew$3$flag0_out;
        y_skew$3$clk = clk;
        y_skew$3$rst = rst;
        y_skew$3$inp = bottom_3;
        y_skew$3$flag0_in = 1'b0;
        y_skew$3$flag1_in = 1'b0;
        y_3 = y_skew$3$out;
    end
    
endmodule // fp8_exact_edge

// pe_exact: one element: multiply, place the product in its segments, accumulate exactly (segments and registered carries); the exchange register.
module fp8_exact_pe_exact(clk,rst,fmt_a,fmt_b,a_in,valid_in,start_in,b_in,shift,xa_in,xb_in,x_seg_in,x_carry_in,x_flags_in,a_out,valid_out,start_out,b_out,xa_out,xb_out,x_seg_out,x_carry_out,x_flags_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  [3:0] fmt_a;
    input wire  [3:0] fmt_b;
    input wire  [7:0] a_in;
    input wire  valid_in;
    input wire  start_in;
    input wire  [7:0] b_in;
    input wire  shift;
    input wire  [4:0] xa_in;
    input wire  [4:0] xb_in;
    input wire  [95:0] x_seg_in;
    input wire  [15:0] x_carry_in;
    input wire  [3:0] x_flags_in;
    output reg  [7:0] a_out;
    output reg  valid_out;
    output reg  start_out;
    output reg  [7:0] b_out;
    output reg  [4:0] xa_out;
    output reg  [4:0] xb_out;
    output reg  [95:0] x_seg_out;
    output reg  [15:0] x_carry_out;
    output reg  [3:0] x_flags_out;
    
    // Constant declarations
    localparam  scale_mask = 5'b0;
    localparam  offset_mask = 5'b1111;
    localparam  nan_bit = 5'b10000;
    localparam  shift_base = 7'b0;
    localparam  seg_pos$0 = 8'h0;
    localparam  seg_pos$1 = 8'h8;
    localparam  seg_pos$2 = 8'h10;
    localparam  seg_pos$3 = 8'h18;
    localparam  seg_pos$4 = 8'h20;
    localparam  seg_pos$5 = 8'h28;
    localparam  seg_pos$6 = 8'h30;
    localparam  seg_pos$7 = 8'h38;
    localparam  seg_pos$8 = 8'h40;
    localparam  seg_pos$9 = 8'h48;
    localparam  seg_pos$10 = 8'h50;
    localparam  part_at$0 = 16'h0;
    localparam  part_at$1 = 16'h1;
    localparam  rot_when$0 = 16'h5555;
    localparam  rot_when$1 = 16'haaaa;
    localparam  rot_left$0 = 8'h0;
    localparam  rot_left$1 = 8'h8;
    localparam  rot_right$0 = 8'h10;
    localparam  rot_right$1 = 8'h8;
    localparam  byte_at$0 = 8'h0;
    localparam  byte_at$1 = 8'h8;
    localparam  byte_at$2 = 8'h0;
    localparam  byte_at$3 = 8'h8;
    localparam  byte_at$4 = 8'h0;
    localparam  byte_at$5 = 8'h8;
    localparam  byte_at$6 = 8'h0;
    localparam  byte_at$7 = 8'h8;
    localparam  byte_at$8 = 8'h0;
    localparam  byte_at$9 = 8'h8;
    localparam  byte_at$10 = 8'h0;
    localparam  addend_mask = 24'hffff;
    localparam  one = 16'h1;
    localparam  low_segs = 4'h0;
    localparam  seg_mask = 96'hffffffffffffffffffffff;
    localparam  carry_mask = 16'h7ff;
    localparam  carry_bit$0 = 16'h1;
    localparam  carry_bit$1 = 16'h2;
    localparam  carry_bit$2 = 16'h4;
    localparam  carry_bit$3 = 16'h8;
    localparam  carry_bit$4 = 16'h10;
    localparam  carry_bit$5 = 16'h20;
    localparam  carry_bit$6 = 16'h40;
    localparam  carry_bit$7 = 16'h80;
    localparam  carry_bit$8 = 16'h100;
    localparam  carry_bit$9 = 16'h200;
    localparam  carry_bit$10 = 16'h400;
    localparam  select_mask = 4'h1;
    
    // Stub signals
    reg  [3:0] fmt_a_r$d;
    wire  [3:0] fmt_a_r$q;
    reg  fmt_a_r$clock;
    reg  [3:0] fmt_b_r$d;
    wire  [3:0] fmt_b_r$q;
    reg  fmt_b_r$clock;
    reg  [7:0] a_r$d;
    wire  [7:0] a_r$q;
    reg  a_r$clock;
    reg  valid_r$d;
    wire  valid_r$q;
    reg  valid_r$clock;
    reg  start_r$d;
    wire  start_r$q;
    reg  start_r$clock;
    reg  [7:0] b_r$d;
    wire  [7:0] b_r$q;
    reg  b_r$clock;
    reg  [4:0] xa_r$d;
    wire  [4:0] xa_r$q;
    reg  xa_r$clock;
    reg  [4:0] xb_r$d;
    wire  [4:0] xb_r$q;
    reg  xb_r$clock;
    reg  [7:0] sa0$d;
    wire  [7:0] sa0$q;
    reg  sa0$clock;
    reg  [7:0] sb0$d;
    wire  [7:0] sb0$q;
    reg  sb0$clock;
    reg  [6:0] ex0$d;
    wire  [6:0] ex0$q;
    reg  ex0$clock;
    reg  kill0$d;
    wire  kill0$q;
    reg  kill0$clock;
    reg  neg0$d;
    wire  neg0$q;
    reg  neg0$clock;
    reg  [3:0] flags0$d;
    wire  [3:0] flags0$q;
    reg  flags0$clock;
    reg  start0$d;
    wire  start0$q;
    reg  start0$clock;
    reg  [15:0] p1$d;
    wire  [15:0] p1$q;
    reg  p1$clock;
    reg  [6:0] shift1$d;
    wire  [6:0] shift1$q;
    reg  shift1$clock;
    reg  neg1$d;
    wire  neg1$q;
    reg  neg1$clock;
    reg  [3:0] flags1$d;
    wire  [3:0] flags1$q;
    reg  flags1$clock;
    reg  start1$d;
    wire  start1$q;
    reg  start1$clock;
    reg  [23:0] addend2$d;
    wire  [23:0] addend2$q;
    reg  addend2$clock;
    reg  [15:0] sel2$d;
    wire  [15:0] sel2$q;
    reg  sel2$clock;
    reg  neg2$d;
    wire  neg2$q;
    reg  neg2$clock;
    reg  [3:0] flags2$d;
    wire  [3:0] flags2$q;
    reg  flags2$clock;
    reg  start2$d;
    wire  start2$q;
    reg  start2$clock;
    reg  [7:0] acc$0$d;
    wire  [7:0] acc$0$q;
    reg  acc$0$clock;
    reg  [7:0] acc$1$d;
    wire  [7:0] acc$1$q;
    reg  acc$1$clock;
    reg  [7:0] acc$2$d;
    wire  [7:0] acc$2$q;
    reg  acc$2$clock;
    reg  [7:0] acc$3$d;
    wire  [7:0] acc$3$q;
    reg  acc$3$clock;
    reg  [7:0] acc$4$d;
    wire  [7:0] acc$4$q;
    reg  acc$4$clock;
    reg  [7:0] acc$5$d;
    wire  [7:0] acc$5$q;
    reg  acc$5$clock;
    reg  [7:0] acc$6$d;
    wire  [7:0] acc$6$q;
    reg  acc$6$clock;
    reg  [7:0] acc$7$d;
    wire  [7:0] acc$7$q;
    reg  acc$7$clock;
    reg  [7:0] acc$8$d;
    wire  [7:0] acc$8$q;
    reg  acc$8$clock;
    reg  [7:0] acc$9$d;
    wire  [7:0] acc$9$q;
    reg  acc$9$clock;
    reg  [7:0] acc$10$d;
    wire  [7:0] acc$10$q;
    reg  acc$10$clock;
    reg  [15:0] carry$d;
    wire  [15:0] carry$q;
    reg  carry$clock;
    reg  [3:0] flags$d;
    wire  [3:0] flags$q;
    reg  flags$clock;
    reg  [95:0] x_seg$d;
    wire  [95:0] x_seg$q;
    reg  x_seg$clock;
    reg  [15:0] x_carry$d;
    wire  [15:0] x_carry$q;
    reg  x_carry$clock;
    reg  [3:0] x_flags$d;
    wire  [3:0] x_flags$q;
    reg  x_flags$clock;
    reg  x_move$d;
    wire  x_move$q;
    reg  x_move$clock;
    reg  [7:0] ua$code;
    reg  [3:0] ua$fmt;
    wire  ua$sign;
    wire  [7:0] ua$sig;
    wire  [6:0] ua$ex;
    wire  ua$nan;
    wire  ua$inf;
    reg  [7:0] ub$code;
    reg  [3:0] ub$fmt;
    wire  ub$sign;
    wire  [7:0] ub$sig;
    wire  [6:0] ub$ex;
    wire  ub$nan;
    wire  ub$inf;
    reg  [7:0] product$a;
    reg  [7:0] product$b;
    wire  [15:0] product$p;
    
    // Local signals
    reg  [6:0] ex_sum;
    reg  [4:0] xa;
    reg  [4:0] xb;
    reg  scale_nan;
    reg  zero;
    reg  inf;
    reg  sign;
    reg  [3:0] f;
    reg  [2:0] lo;
    reg  [23:0] mag;
    reg  [7:0] part;
    reg  [7:0] seg;
    reg  [95:0] acc_word;
    reg  [95:0] wide;
    reg  [8:0] t9;
    reg  [8:0] cin;
    reg  [15:0] new_carry;
    reg  [15:0] hi;
    reg  [15:0] sel;
    reg  [15:0] hi_bit;
    reg  [23:0] rotated;
    reg  [3:0] neutral;
    reg  [15:0] cin_word;
    reg  [15:0] cbits;
    
    // Sub module instances
    fp8_exact_dff4 fmt_a_r(
        .d(fmt_a_r$d),
        .q(fmt_a_r$q),
        .clock(fmt_a_r$clock)
    );
    fp8_exact_dff4 fmt_b_r(
        .d(fmt_b_r$d),
        .q(fmt_b_r$q),
        .clock(fmt_b_r$clock)
    );
    fp8_exact_dff8 a_r(
        .d(a_r$d),
        .q(a_r$q),
        .clock(a_r$clock)
    );
    fp8_exact_dff1 valid_r(
        .d(valid_r$d),
        .q(valid_r$q),
        .clock(valid_r$clock)
    );
    fp8_exact_dff1 start_r(
        .d(start_r$d),
        .q(start_r$q),
        .clock(start_r$clock)
    );
    fp8_exact_dff8 b_r(
        .d(b_r$d),
        .q(b_r$q),
        .clock(b_r$clock)
    );
    fp8_exact_dff5 xa_r(
        .d(xa_r$d),
        .q(xa_r$q),
        .clock(xa_r$clock)
    );
    fp8_exact_dff5 xb_r(
        .d(xb_r$d),
        .q(xb_r$q),
        .clock(xb_r$clock)
    );
    fp8_exact_dff8 sa0(
        .d(sa0$d),
        .q(sa0$q),
        .clock(sa0$clock)
    );
    fp8_exact_dff8 sb0(
        .d(sb0$d),
        .q(sb0$q),
        .clock(sb0$clock)
    );
    fp8_exact_dff7 ex0(
        .d(ex0$d),
        .q(ex0$q),
        .clock(ex0$clock)
    );
    fp8_exact_dff1 kill0(
        .d(kill0$d),
        .q(kill0$q),
        .clock(kill0$clock)
    );
    fp8_exact_dff1 neg0(
        .d(neg0$d),
        .q(neg0$q),
        .clock(neg0$clock)
    );
    fp8_exact_dff4 flags0(
        .d(flags0$d),
        .q(flags0$q),
        .clock(flags0$clock)
    );
    fp8_exact_dff1 start0(
        .d(start0$d),
        .q(start0$q),
        .clock(start0$clock)
    );
    fp8_exact_dff16 p1(
        .d(p1$d),
        .q(p1$q),
        .clock(p1$clock)
    );
    fp8_exact_dff7 shift1(
        .d(shift1$d),
        .q(shift1$q),
        .clock(shift1$clock)
    );
    fp8_exact_dff1 neg1(
        .d(neg1$d),
        .q(neg1$q),
        .clock(neg1$clock)
    );
    fp8_exact_dff4 flags1(
        .d(flags1$d),
        .q(flags1$q),
        .clock(flags1$clock)
    );
    fp8_exact_dff1 start1(
        .d(start1$d),
        .q(start1$q),
        .clock(start1$clock)
    );
    fp8_exact_dff24 addend2(
        .d(addend2$d),
        .q(addend2$q),
        .clock(addend2$clock)
    );
    fp8_exact_dff16 sel2(
        .d(sel2$d),
        .q(sel2$q),
        .clock(sel2$clock)
    );
    fp8_exact_dff1 neg2(
        .d(neg2$d),
        .q(neg2$q),
        .clock(neg2$clock)
    );
    fp8_exact_dff4 flags2(
        .d(flags2$d),
        .q(flags2$q),
        .clock(flags2$clock)
    );
    fp8_exact_dff1 start2(
        .d(start2$d),
        .q(start2$q),
        .clock(start2$clock)
    );
    fp8_exact_dff8 acc$0(
        .d(acc$0$d),
        .q(acc$0$q),
        .clock(acc$0$clock)
    );
    fp8_exact_dff8 acc$1(
        .d(acc$1$d),
        .q(acc$1$q),
        .clock(acc$1$clock)
    );
    fp8_exact_dff8 acc$2(
        .d(acc$2$d),
        .q(acc$2$q),
        .clock(acc$2$clock)
    );
    fp8_exact_dff8 acc$3(
        .d(acc$3$d),
        .q(acc$3$q),
        .clock(acc$3$clock)
    );
    fp8_exact_dff8 acc$4(
        .d(acc$4$d),
        .q(acc$4$q),
        .clock(acc$4$clock)
    );
    fp8_exact_dff8 acc$5(
        .d(acc$5$d),
        .q(acc$5$q),
        .clock(acc$5$clock)
    );
    fp8_exact_dff8 acc$6(
        .d(acc$6$d),
        .q(acc$6$q),
        .clock(acc$6$clock)
    );
    fp8_exact_dff8 acc$7(
        .d(acc$7$d),
        .q(acc$7$q),
        .clock(acc$7$clock)
    );
    fp8_exact_dff8 acc$8(
        .d(acc$8$d),
        .q(acc$8$q),
        .clock(acc$8$clock)
    );
    fp8_exact_dff8 acc$9(
        .d(acc$9$d),
        .q(acc$9$q),
        .clock(acc$9$clock)
    );
    fp8_exact_dff8 acc$10(
        .d(acc$10$d),
        .q(acc$10$q),
        .clock(acc$10$clock)
    );
    fp8_exact_dff16 carry(
        .d(carry$d),
        .q(carry$q),
        .clock(carry$clock)
    );
    fp8_exact_dff4 flags(
        .d(flags$d),
        .q(flags$q),
        .clock(flags$clock)
    );
    fp8_exact_dff96 x_seg(
        .d(x_seg$d),
        .q(x_seg$q),
        .clock(x_seg$clock)
    );
    fp8_exact_dff16 x_carry(
        .d(x_carry$d),
        .q(x_carry$q),
        .clock(x_carry$clock)
    );
    fp8_exact_dff4 x_flags(
        .d(x_flags$d),
        .q(x_flags$q),
        .clock(x_flags$clock)
    );
    fp8_exact_dff1 x_move(
        .d(x_move$d),
        .q(x_move$q),
        .clock(x_move$clock)
    );
    fp8_exact_unpack ua(
        .code(ua$code),
        .fmt(ua$fmt),
        .sign(ua$sign),
        .sig(ua$sig),
        .ex(ua$ex),
        .nan(ua$nan),
        .inf(ua$inf)
    );
    fp8_exact_unpack ub(
        .code(ub$code),
        .fmt(ub$fmt),
        .sign(ub$sign),
        .sig(ub$sig),
        .ex(ub$ex),
        .nan(ub$nan),
        .inf(ub$inf)
    );
    fp8_exact_product product(
        .a(product$a),
        .b(product$b),
        .p(product$p)
    );
    
    // Update code
    always @(*) begin
        fmt_a_r$clock = clk;
        fmt_b_r$clock = clk;
        a_r$clock = clk;
        valid_r$clock = clk;
        start_r$clock = clk;
        b_r$clock = clk;
        xa_r$clock = clk;
        xb_r$clock = clk;
        sa0$clock = clk;
        sb0$clock = clk;
        ex0$clock = clk;
        kill0$clock = clk;
        neg0$clock = clk;
        flags0$clock = clk;
        start0$clock = clk;
        p1$clock = clk;
        shift1$clock = clk;
        neg1$clock = clk;
        flags1$clock = clk;
        start1$clock = clk;
        addend2$clock = clk;
        sel2$clock = clk;
        neg2$clock = clk;
        flags2$clock = clk;
        start2$clock = clk;
        carry$clock = clk;
        flags$clock = clk;
        x_seg$clock = clk;
        x_carry$clock = clk;
        x_flags$clock = clk;
        x_move$clock = clk;
        fmt_a_r$d = fmt_a_r$q;
        fmt_b_r$d = fmt_b_r$q;
        a_r$d = a_r$q;
        valid_r$d = valid_r$q;
        start_r$d = start_r$q;
        b_r$d = b_r$q;
        xa_r$d = xa_r$q;
        xb_r$d = xb_r$q;
        sa0$d = sa0$q;
        sb0$d = sb0$q;
        ex0$d = ex0$q;
        kill0$d = kill0$q;
        neg0$d = neg0$q;
        flags0$d = flags0$q;
        start0$d = start0$q;
        p1$d = p1$q;
        shift1$d = shift1$q;
        neg1$d = neg1$q;
        flags1$d = flags1$q;
        start1$d = start1$q;
        addend2$d = addend2$q;
        sel2$d = sel2$q;
        neg2$d = neg2$q;
        flags2$d = flags2$q;
        start2$d = start2$q;
        carry$d = carry$q;
        flags$d = flags$q;
        x_seg$d = x_seg$q;
        x_carry$d = x_carry$q;
        x_flags$d = x_flags$q;
        x_move$d = x_move$q;
        acc_word = 32'h0;
        acc$0$clock = clk;
        acc$0$d = acc$0$q;
        seg = acc$0$q;
        wide = ((seg) & 96'hffffffffffffffffffffffff);
        acc_word = acc_word | (wide << seg_pos$0);
        acc$1$clock = clk;
        acc$1$d = acc$1$q;
        seg = acc$1$q;
        wide = ((seg) & 96'hffffffffffffffffffffffff);
        acc_word = acc_word | (wide << seg_pos$1);
        acc$2$clock = clk;
        acc$2$d = acc$2$q;
        seg = acc$2$q;
        wide = ((seg) & 96'hffffffffffffffffffffffff);
        acc_word = acc_word | (wide << seg_pos$2);
        acc$3$clock = clk;
        acc$3$d = acc$3$q;
        seg = acc$3$q;
        wide = ((seg) & 96'hffffffffffffffffffffffff);
        acc_word = acc_word | (wide << seg_pos$3);
        acc$4$clock = clk;
        acc$4$d = acc$4$q;
        seg = acc$4$q;
        wide = ((seg) & 96'hffffffffffffffffffffffff);
        acc_word = acc_word | (wide << seg_pos$4);
        acc$5$clock = clk;
        acc$5$d = acc$5$q;
        seg = acc$5$q;
        wide = ((seg) & 96'hffffffffffffffffffffffff);
        acc_word = acc_word | (wide << seg_pos$5);
        acc$6$clock = clk;
        acc$6$d = acc$6$q;
        seg = acc$6$q;
        wide = ((seg) & 96'hffffffffffffffffffffffff);
        acc_word = acc_word | (wide << seg_pos$6);
        acc$7$clock = clk;
        acc$7$d = acc$7$q;
        seg = acc$7$q;
        wide = ((seg) & 96'hffffffffffffffffffffffff);
        acc_word = acc_word | (wide << seg_pos$7);
        acc$8$clock = clk;
        acc$8$d = acc$8$q;
        seg = acc$8$q;
        wide = ((seg) & 96'hffffffffffffffffffffffff);
        acc_word = acc_word | (wide << seg_pos$8);
        acc$9$clock = clk;
        acc$9$d = acc$9$q;
        seg = acc$9$q;
        wide = ((seg) & 96'hffffffffffffffffffffffff);
        acc_word = acc_word | (wide << seg_pos$9);
        acc$10$clock = clk;
        acc$10$d = acc$10$q;
        seg = acc$10$q;
        wide = ((seg) & 96'hffffffffffffffffffffffff);
        acc_word = acc_word | (wide << seg_pos$10);
        fmt_a_r$d = fmt_a & select_mask;
        fmt_b_r$d = fmt_b & select_mask;
        a_r$d = a_in;
        valid_r$d = valid_in;
        start_r$d = start_in;
        b_r$d = b_in;
        a_out = a_r$q;
        valid_out = valid_r$q;
        start_out = start_r$q;
        b_out = b_r$q;
        xa = xa_in & scale_mask;
        xb = xb_in & scale_mask;
        xa_r$d = xa;
        xb_r$d = xb;
        xa_out = xa_r$q;
        xb_out = xb_r$q;
        neutral[0] = 1'b0;
        neutral[1] = 1'b0;
        neutral[2] = 1'b0;
        neutral[3] = 1'b1;
        ua$code = a_in;
        ua$fmt = fmt_a_r$q;
        ub$code = b_in;
        ub$fmt = fmt_b_r$q;
        ex_sum = ua$ex + ub$ex + shift_base + ((xa & offset_mask) & 7'h7f) + ((xb & offset_mask) & 7'h7f);
        scale_nan = |((xa | xb) & nan_bit);
        sign = ua$sign ^ ub$sign;
        zero = ~|ua$sig | ~|ub$sig;
        inf = ua$inf | ub$inf;
        f[0] = ua$nan | ub$nan | (inf & zero) | scale_nan;
        f[1] = inf & ~sign;
        f[2] = inf & sign;
        f[3] = zero & sign;
        sa0$d = ua$sig;
        sb0$d = ub$sig;
        ex0$d = ex_sum;
        kill0$d = zero | inf | ua$nan | ub$nan | ~valid_in;
        neg0$d = sign;
        flags0$d = f;
        if (~valid_in) begin
            flags0$d = neutral;
        end
        start0$d = start_in;
        product$a = sa0$q;
        product$b = sb0$q;
        p1$d = product$p;
        if (kill0$q) begin
            p1$d = 32'h0;
        end
        shift1$d = ex0$q;
        neg1$d = neg0$q & ~kill0$q;
        flags1$d = flags0$q;
        start1$d = start0$q;
        lo = ((shift1$q) & 3'h7);
        mag = ((p1$q) & 24'hffffff) << lo;
        hi = ((((shift1$q >> 32'h3) & 4'hf) - low_segs) & 16'hffff);
        sel = 32'h0;
        sel = sel | (one << (hi + part_at$0));
        sel = sel | (one << (hi + part_at$1));
        sel2$d = sel;
        hi_bit = one << hi;
        rotated = mag;
        if (|(hi_bit & rot_when$0)) begin
            rotated = ((mag << rot_left$0) | (mag >> rot_right$0)) & addend_mask;
        end
        if (|(hi_bit & rot_when$1)) begin
            rotated = ((mag << rot_left$1) | (mag >> rot_right$1)) & addend_mask;
        end
        addend2$d = rotated;
        if (neg1$q) begin
            addend2$d = ~rotated;
        end
        neg2$d = neg1$q;
        flags2$d = flags1$q;
        start2$d = start1$q;
        new_carry = 32'h0;
        cin_word = (carry$q << 32'h1) | ((neg2$q) & 16'hffff);
        if (start2$q) begin
            cin_word = ((neg2$q) & 16'hffff);
        end
        part = 32'h0;
        if (neg2$q) begin
            part = 32'hff;
        end
        if (|(sel2$q & carry_bit$0)) begin
            part = addend2$q[(byte_at$0)+:(8)];
        end
        cin = 32'h0;
        cbits = cin_word & carry_bit$0;
        if (|cbits) begin
            cin = 32'h1;
        end
        seg = acc$0$q;
        if (start2$q) begin
            seg = 32'h0;
        end
        t9 = ((seg) & 9'h1ff) + ((part) & 9'h1ff) + cin;
        acc$0$d = t9[7:0];
        if (t9[8]) begin
            new_carry = new_carry | carry_bit$0;
        end
        part = 32'h0;
        if (neg2$q) begin
            part = 32'hff;
        end
        if (|(sel2$q & carry_bit$1)) begin
            part = addend2$q[(byte_at$1)+:(8)];
        end
        cin = 32'h0;
        cbits = cin_word & carry_bit$1;
        if (|cbits) begin
            cin = 32'h1;
        end
        seg = acc$1$q;
        if (start2$q) begin
            seg = 32'h0;
        end
        t9 = ((seg) & 9'h1ff) + ((part) & 9'h1ff) + cin;
        acc$1$d = t9[7:0];
        if (t9[8]) begin
            new_carry = new_carry | carry_bit$1;
        end
        part = 32'h0;
        if (neg2$q) begin
            part = 32'hff;
        end
        if (|(sel2$q & carry_bit$2)) begin
            part = addend2$q[(byte_at$2)+:(8)];
        end
        cin = 32'h0;
        cbits = cin_word & carry_bit$2;
        if (|cbits) begin
            cin = 32'h1;
        end
        seg = acc$2$q;
        if (start2$q) begin
            seg = 32'h0;
        end
        t9 = ((seg) & 9'h1ff) + ((part) & 9'h1ff) + cin;
        acc$2$d = t9[7:0];
        if (t9[8]) begin
            new_carry = new_carry | carry_bit$2;
        end
        part = 32'h0;
        if (neg2$q) begin
            part = 32'hff;
        end
        if (|(sel2$q & carry_bit$3)) begin
            part = addend2$q[(byte_at$3)+:(8)];
        end
        cin = 32'h0;
        cbits = cin_word & carry_bit$3;
        if (|cbits) begin
            cin = 32'h1;
        end
        seg = acc$3$q;
        if (start2$q) begin
            seg = 32'h0;
        end
        t9 = ((seg) & 9'h1ff) + ((part) & 9'h1ff) + cin;
        acc$3$d = t9[7:0];
        if (t9[8]) begin
            new_carry = new_carry | carry_bit$3;
        end
        part = 32'h0;
        if (neg2$q) begin
            part = 32'hff;
        end
        if (|(sel2$q & carry_bit$4)) begin
            part = addend2$q[(byte_at$4)+:(8)];
        end
        cin = 32'h0;
        cbits = cin_word & carry_bit$4;
        if (|cbits) begin
            cin = 32'h1;
        end
        seg = acc$4$q;
        if (start2$q) begin
            seg = 32'h0;
        end
        t9 = ((seg) & 9'h1ff) + ((part) & 9'h1ff) + cin;
        acc$4$d = t9[7:0];
        if (t9[8]) begin
            new_carry = new_carry | carry_bit$4;
        end
        part = 32'h0;
        if (neg2$q) begin
            part = 32'hff;
        end
        if (|(sel2$q & carry_bit$5)) begin
            part = addend2$q[(byte_at$5)+:(8)];
        end
        cin = 32'h0;
        cbits = cin_word & carry_bit$5;
        if (|cbits) begin
            cin = 32'h1;
        end
        seg = acc$5$q;
        if (start2$q) begin
            seg = 32'h0;
        end
        t9 = ((seg) & 9'h1ff) + ((part) & 9'h1ff) + cin;
        acc$5$d = t9[7:0];
        if (t9[8]) begin
            new_carry = new_carry | carry_bit$5;
        end
        part = 32'h0;
        if (neg2$q) begin
            part = 32'hff;
        end
        if (|(sel2$q & carry_bit$6)) begin
            part = addend2$q[(byte_at$6)+:(8)];
        end
        cin = 32'h0;
        cbits = cin_word & carry_bit$6;
        if (|cbits) begin
            cin = 32'h1;
        end
        seg = acc$6$q;
        if (start2$q) begin
            seg = 32'h0;
        end
        t9 = ((seg) & 9'h1ff) + ((part) & 9'h1ff) + cin;
        acc$6$d = t9[7:0];
        if (t9[8]) begin
            new_carry = new_carry | carry_bit$6;
        end
        part = 32'h0;
        if (neg2$q) begin
            part = 32'hff;
        end
        if (|(sel2$q & carry_bit$7)) begin
            part = addend2$q[(byte_at$7)+:(8)];
        end
        cin = 32'h0;
        cbits = cin_word & carry_bit$7;
        if (|cbits) begin
            cin = 32'h1;
        end
        seg = acc$7$q;
        if (start2$q) begin
            seg = 32'h0;
        end
        t9 = ((seg) & 9'h1ff) + ((part) & 9'h1ff) + cin;
        acc$7$d = t9[7:0];
        if (t9[8]) begin
            new_carry = new_carry | carry_bit$7;
        end
        part = 32'h0;
        if (neg2$q) begin
            part = 32'hff;
        end
        if (|(sel2$q & carry_bit$8)) begin
            part = addend2$q[(byte_at$8)+:(8)];
        end
        cin = 32'h0;
        cbits = cin_word & carry_bit$8;
        if (|cbits) begin
            cin = 32'h1;
        end
        seg = acc$8$q;
        if (start2$q) begin
            seg = 32'h0;
        end
        t9 = ((seg) & 9'h1ff) + ((part) & 9'h1ff) + cin;
        acc$8$d = t9[7:0];
        if (t9[8]) begin
            new_carry = new_carry | carry_bit$8;
        end
        part = 32'h0;
        if (neg2$q) begin
            part = 32'hff;
        end
        if (|(sel2$q & carry_bit$9)) begin
            part = addend2$q[(byte_at$9)+:(8)];
        end
        cin = 32'h0;
        cbits = cin_word & carry_bit$9;
        if (|cbits) begin
            cin = 32'h1;
        end
        seg = acc$9$q;
        if (start2$q) begin
            seg = 32'h0;
        end
        t9 = ((seg) & 9'h1ff) + ((part) & 9'h1ff) + cin;
        acc$9$d = t9[7:0];
        if (t9[8]) begin
            new_carry = new_carry | carry_bit$9;
        end
        part = 32'h0;
        if (neg2$q) begin
            part = 32'hff;
        end
        if (|(sel2$q & carry_bit$10)) begin
            part = addend2$q[(byte_at$10)+:(8)];
        end
        cin = 32'h0;
        cbits = cin_word & carry_bit$10;
        if (|cbits) begin
            cin = 32'h1;
        end
        seg = acc$10$q;
        if (start2$q) begin
            seg = 32'h0;
        end
        t9 = ((seg) & 9'h1ff) + ((part) & 9'h1ff) + cin;
        acc$10$d = t9[7:0];
        if (t9[8]) begin
            new_carry = new_carry | carry_bit$10;
        end
        carry$d = new_carry;
        flags$d[0] = flags$q[0] | flags2$q[0];
        flags$d[1] = flags$q[1] | flags2$q[1];
        flags$d[2] = flags$q[2] | flags2$q[2];
        flags$d[3] = flags$q[3] & flags2$q[3];
        if (start2$q) begin
            flags$d = flags2$q;
        end
        if (x_move$q) begin
            if (start2$q) begin
                x_seg$d = acc_word;
                x_carry$d = carry$q;
                x_flags$d = flags$q;
            end
            else begin
                x_seg$d = x_seg_in & seg_mask;
                x_carry$d = x_carry_in & carry_mask;
                x_flags$d = x_flags_in;
            end
        end
        x_seg_out = x_seg$q;
        x_carry_out = x_carry$q;
        x_flags_out = x_flags$q;
        x_move$d = start1$q | shift;
        if (rst) begin
            valid_r$d = 1'b0;
            start_r$d = 1'b0;
            start0$d = 1'b0;
            kill0$d = 1'b1;
            flags0$d = neutral;
            start1$d = 1'b0;
            flags1$d = neutral;
            start2$d = 1'b0;
            neg2$d = 1'b0;
            flags2$d = neutral;
            flags$d = neutral;
            x_flags$d = neutral;
            x_move$d = 1'b0;
        end
    end
    
endmodule // fp8_exact_pe_exact

// unpack: a code of any format of the set as its integer significand sig and ex (value = sig x 2^(ex - offset)), NaN, infinity.
module fp8_exact_unpack(code,fmt,sign,sig,ex,nan,inf);
    
    // Module arguments
    input wire  [7:0] code;
    input wire  [3:0] fmt;
    output reg  sign;
    output reg  [7:0] sig;
    output reg  [6:0] ex;
    output reg  nan;
    output reg  inf;
    
    // Constant declarations
    localparam  select$0 = 4'h0;
    localparam  select$1 = 4'h1;
    localparam  first$0 = 1'b1;
    localparam  first$1 = 1'b0;
    localparam  int$0 = 1'b0;
    localparam  int$1 = 1'b0;
    localparam  man$0 = 8'h3;
    localparam  man$1 = 8'h2;
    localparam  e_mask$0 = 8'hf;
    localparam  e_mask$1 = 8'h1f;
    localparam  m_mask$0 = 8'h7;
    localparam  m_mask$1 = 8'h3;
    localparam  mag_mask$0 = 8'h7f;
    localparam  mag_mask$1 = 8'h7f;
    localparam  sign_bit$0 = 8'h80;
    localparam  sign_bit$1 = 8'h80;
    localparam  pad$0 = 8'h0;
    localparam  pad$1 = 8'h0;
    localparam  hidden$0 = 8'h8;
    localparam  hidden$1 = 8'h4;
    localparam  ex_off$0 = 7'b111;
    localparam  ex_off$1 = 7'b0;
    localparam  ex_sub$0 = 7'b1000;
    localparam  ex_sub$1 = 7'b1;
    localparam  ieee$0 = 1'b0;
    localparam  ieee$1 = 1'b1;
    localparam  nan_all_ones$0 = 1'b1;
    localparam  nan_all_ones$1 = 1'b0;
    localparam  nan_neg_zero$0 = 1'b0;
    localparam  nan_neg_zero$1 = 1'b0;
    
    // Local signals
    reg  pick;
    reg  [7:0] e;
    reg  [7:0] m;
    
    // Update code
    always @(*) begin
        sign = 1'b0;
        sig = 32'h0;
        ex = 32'h1;
        nan = 1'b0;
        inf = 1'b0;
        e = 32'h0;
        m = 32'h0;
        pick = first$0 | (fmt == select$0);
        if (pick) begin
            sign = |(code & sign_bit$0);
            if (int$0) begin
                sig = code;
                if (sign) begin
                    sig = (~code + 32'h1) & m_mask$0;
                end
                ex = ex_sub$0;
                nan = 1'b0;
                inf = 1'b0;
            end
            else begin
                e = (code >> man$0) & e_mask$0;
                m = code & m_mask$0;
                sig = m << pad$0;
                ex = ((e) & 7'h7f) + ex_off$0;
                if (|e) begin
                    sig = sig | hidden$0;
                end
                else begin
                    ex = ex_sub$0;
                end
                nan = (ieee$0 & (e == e_mask$0) & |m) | (nan_all_ones$0 & ((code & mag_mask$0) == mag_mask$0)) | (nan_neg_zero$0 & (code == sign_bit$0));
                inf = ieee$0 & (e == e_mask$0) & ~|m;
            end
        end
        pick = first$1 | (fmt == select$1);
        if (pick) begin
            sign = |(code & sign_bit$1);
            if (int$1) begin
                sig = code;
                if (sign) begin
                    sig = (~code + 32'h1) & m_mask$1;
                end
                ex = ex_sub$1;
                nan = 1'b0;
                inf = 1'b0;
            end
            else begin
                e = (code >> man$1) & e_mask$1;
                m = code & m_mask$1;
                sig = m << pad$1;
                ex = ((e) & 7'h7f) + ex_off$1;
                if (|e) begin
                    sig = sig | hidden$1;
                end
                else begin
                    ex = ex_sub$1;
                end
                nan = (ieee$1 & (e == e_mask$1) & |m) | (nan_all_ones$1 & ((code & mag_mask$1) == mag_mask$1)) | (nan_neg_zero$1 & (code == sign_bit$1));
                inf = ieee$1 & (e == e_mask$1) & ~|m;
            end
        end
    end
    
endmodule // fp8_exact_unpack

// product: the significands' product, as wide as the set's widest significand: shift-and-add over two bits of b at a time, two sums side by side (LUTs, no DSP block).
module fp8_exact_product(a,b,p);
    
    // Module arguments
    input wire  [7:0] a;
    input wire  [7:0] b;
    output reg  [15:0] p;
    
    // Constant declarations
    localparam  pair_lo$0 = 8'h0;
    localparam  pair_lo$1 = 8'h2;
    localparam  pair_hi$0 = 8'h1;
    localparam  pair_hi$1 = 8'h3;
    localparam  pair_even$0 = 1'b1;
    localparam  pair_even$1 = 1'b0;
    localparam  mask = 16'hff;
    
    // Local signals
    reg  [15:0] wide_a;
    reg  [15:0] pair;
    reg  [15:0] even;
    reg  [15:0] odd;
    
    // Update code
    always @(*) begin
        wide_a = ((a) & 16'hffff);
        even = 32'h0;
        odd = 32'h0;
        pair = 32'h0;
        if (b[pair_lo$0]) begin
            pair = wide_a << pair_lo$0;
        end
        if (b[pair_hi$0]) begin
            pair = pair + (wide_a << pair_hi$0);
        end
        if (pair_even$0) begin
            even = even + pair;
        end
        else begin
            odd = odd + pair;
        end
        pair = 32'h0;
        if (b[pair_lo$1]) begin
            pair = wide_a << pair_lo$1;
        end
        if (b[pair_hi$1]) begin
            pair = pair + (wide_a << pair_hi$1);
        end
        if (pair_even$1) begin
            even = even + pair;
        end
        else begin
            odd = odd + pair;
        end
        p = (even + odd) & mask;
    end
    
endmodule // fp8_exact_product

// rounder: the array's one rounder, which the columns share: resolve the carries, |T| 2^s and C as frames on a window relative to the larger, the smaller aligned with a sticky bit, add, normalise, round once to the output format.
module fp8_exact_rounder(clk,seg,carry,flags,c,seed,sr,scale_exp,y);
    
    // Module arguments
    input wire  clk;
    input wire  [95:0] seg;
    input wire  [15:0] carry;
    input wire  [3:0] flags;
    input wire  [15:0] c;
    input wire  [31:0] seed;
    input wire  sr;
    input wire  [7:0] scale_exp;
    output reg  [15:0] y;
    
    // Constant declarations
    localparam  man_bits = 8'ha;
    localparam  exp_ones = 8'h1f;
    localparam  man_mask = 24'h3ff;
    localparam  hidden = 24'h400;
    localparam  t_bias = 10'b1001100;
    localparam  t_at = 8'h1f;
    localparam  c_at = 8'h74;
    localparam  half = 8'h40;
    localparam  h48 = 8'h30;
    localparam  low48 = 96'hffffffffffff;
    localparam  low_half = 128'hffffffffffffffff;
    localparam  top_half_bit = 8'h3f;
    localparam  ones = 128'hffffffffffffffffffffffffffffffff;
    localparam  bit0 = 128'h1;
    localparam  byte_pos$0 = 8'h0;
    localparam  byte_pos$1 = 8'h8;
    localparam  byte_pos$2 = 8'h10;
    localparam  byte_pos$3 = 8'h18;
    localparam  byte_pos$4 = 8'h20;
    localparam  byte_pos$5 = 8'h28;
    localparam  byte_pos$6 = 8'h30;
    localparam  byte_pos$7 = 8'h38;
    localparam  byte_pos$8 = 8'h40;
    localparam  byte_pos$9 = 8'h48;
    localparam  byte_pos$10 = 8'h50;
    localparam  byte_pos$11 = 8'h58;
    localparam  byte_pos$12 = 8'h60;
    localparam  byte_pos$13 = 8'h68;
    localparam  byte_pos$14 = 8'h70;
    localparam  byte_pos$15 = 8'h78;
    localparam  byte_bit$0 = 32'h1;
    localparam  byte_bit$1 = 32'h2;
    localparam  byte_bit$2 = 32'h4;
    localparam  byte_bit$3 = 32'h8;
    localparam  byte_bit$4 = 32'h10;
    localparam  byte_bit$5 = 32'h20;
    localparam  byte_bit$6 = 32'h40;
    localparam  byte_bit$7 = 32'h80;
    localparam  byte_bit$8 = 32'h100;
    localparam  byte_bit$9 = 32'h200;
    localparam  byte_bit$10 = 32'h400;
    localparam  byte_bit$11 = 32'h800;
    localparam  byte_bit$12 = 32'h1000;
    localparam  byte_bit$13 = 32'h2000;
    localparam  byte_bit$14 = 32'h4000;
    localparam  byte_bit$15 = 32'h8000;
    localparam  width = 10'b10000000;
    localparam  byte_mask = 10'b1111111000;
    localparam  bit_mask = 10'b111;
    localparam  n_bytes = 8'hf8;
    localparam  n_bits = 8'h7;
    localparam  word_at = 8'h56;
    localparam  below_word = 128'h3fffffffffffffffffffff;
    localparam  step_at = 8'h1f;
    localparam  inf_code = 40'h7c00;
    localparam  nan_code = 16'h7e00;
    localparam  sign_bit = 16'h8000;
    
    // Stub signals
    reg  [95:0] t1$d;
    wire  [95:0] t1$q;
    reg  t1$clock;
    reg  [3:0] flags1$d;
    wire  [3:0] flags1$q;
    reg  flags1$clock;
    reg  [15:0] c1$d;
    wire  [15:0] c1$q;
    reg  c1$clock;
    reg  [9:0] t_top$d;
    wire  [9:0] t_top$q;
    reg  t_top$clock;
    reg  [95:0] abs2$d;
    wire  [95:0] abs2$q;
    reg  abs2$clock;
    reg  t_zero2$d;
    wire  t_zero2$q;
    reg  t_zero2$clock;
    reg  [23:0] c_sig2$d;
    wire  [23:0] c_sig2$q;
    reg  c_sig2$clock;
    reg  [9:0] c_top2$d;
    wire  [9:0] c_top2$q;
    reg  c_top2$clock;
    reg  c_sign2$d;
    wire  c_sign2$q;
    reg  c_sign2$clock;
    reg  t_first2$d;
    wire  t_first2$q;
    reg  t_first2$clock;
    reg  [5:0] v2$d;
    wire  [5:0] v2$q;
    reg  v2$clock;
    reg  [127:0] high3$d;
    wire  [127:0] high3$q;
    reg  high3$clock;
    reg  [127:0] low3$d;
    wire  [127:0] low3$q;
    reg  low3$clock;
    reg  [9:0] d3$d;
    wire  [9:0] d3$q;
    reg  d3$clock;
    reg  [9:0] top3$d;
    wire  [9:0] top3$q;
    reg  top3$clock;
    reg  high_sign3$d;
    wire  high_sign3$q;
    reg  high_sign3$clock;
    reg  low_sign3$d;
    wire  low_sign3$q;
    reg  low_sign3$clock;
    reg  [5:0] v3$d;
    wire  [5:0] v3$q;
    reg  v3$clock;
    reg  [127:0] high4$d;
    wire  [127:0] high4$q;
    reg  high4$clock;
    reg  [127:0] coarse4$d;
    wire  [127:0] coarse4$q;
    reg  coarse4$clock;
    reg  [2:0] fine4$d;
    wire  [2:0] fine4$q;
    reg  fine4$clock;
    reg  [31:0] lost4$d;
    wire  [31:0] lost4$q;
    reg  lost4$clock;
    reg  [9:0] top4$d;
    wire  [9:0] top4$q;
    reg  top4$clock;
    reg  high_sign4$d;
    wire  high_sign4$q;
    reg  high_sign4$clock;
    reg  low_sign4$d;
    wire  low_sign4$q;
    reg  low_sign4$clock;
    reg  [5:0] v4$d;
    wire  [5:0] v4$q;
    reg  v4$clock;
    reg  [127:0] high5$d;
    wire  [127:0] high5$q;
    reg  high5$clock;
    reg  [127:0] low5$d;
    wire  [127:0] low5$q;
    reg  low5$clock;
    reg  sticky5$d;
    wire  sticky5$q;
    reg  sticky5$clock;
    reg  [9:0] top5$d;
    wire  [9:0] top5$q;
    reg  top5$clock;
    reg  high_sign5$d;
    wire  high_sign5$q;
    reg  high_sign5$clock;
    reg  low_sign5$d;
    wire  low_sign5$q;
    reg  low_sign5$clock;
    reg  [5:0] v5$d;
    wire  [5:0] v5$q;
    reg  v5$clock;
    reg  [127:0] lo_sum6$d;
    wire  [127:0] lo_sum6$q;
    reg  lo_sum6$clock;
    reg  [127:0] lo_diff6$d;
    wire  [127:0] lo_diff6$q;
    reg  lo_diff6$clock;
    reg  [127:0] lo_rev6$d;
    wire  [127:0] lo_rev6$q;
    reg  lo_rev6$clock;
    reg  [127:0] hi_high6$d;
    wire  [127:0] hi_high6$q;
    reg  hi_high6$clock;
    reg  [127:0] hi_low6$d;
    wire  [127:0] hi_low6$q;
    reg  hi_low6$clock;
    reg  same6$d;
    wire  same6$q;
    reg  same6$clock;
    reg  low_sign6$d;
    wire  low_sign6$q;
    reg  low_sign6$clock;
    reg  [9:0] top6$d;
    wire  [9:0] top6$q;
    reg  top6$clock;
    reg  [5:0] v6$d;
    wire  [5:0] v6$q;
    reg  v6$clock;
    reg  [127:0] either7$d;
    wire  [127:0] either7$q;
    reg  either7$clock;
    reg  [127:0] reverse7$d;
    wire  [127:0] reverse7$q;
    reg  reverse7$clock;
    reg  pick7$d;
    wire  pick7$q;
    reg  pick7$clock;
    reg  low_sign7$d;
    wire  low_sign7$q;
    reg  low_sign7$clock;
    reg  [9:0] top7$d;
    wire  [9:0] top7$q;
    reg  top7$clock;
    reg  [5:0] v7$d;
    wire  [5:0] v7$q;
    reg  v7$clock;
    reg  [127:0] mag8$d;
    wire  [127:0] mag8$q;
    reg  mag8$clock;
    reg  [9:0] top8$d;
    wire  [9:0] top8$q;
    reg  top8$clock;
    reg  [5:0] v8$d;
    wire  [5:0] v8$q;
    reg  v8$clock;
    reg  [127:0] mag9$d;
    wire  [127:0] mag9$q;
    reg  mag9$clock;
    reg  [9:0] top9$d;
    wire  [9:0] top9$q;
    reg  top9$clock;
    reg  [5:0] v9$d;
    wire  [5:0] v9$q;
    reg  v9$clock;
    reg  [127:0] mag10$d;
    wire  [127:0] mag10$q;
    reg  mag10$clock;
    reg  [7:0] lz10$d;
    wire  [7:0] lz10$q;
    reg  lz10$clock;
    reg  [9:0] top10$d;
    wire  [9:0] top10$q;
    reg  top10$clock;
    reg  [5:0] v10$d;
    wire  [5:0] v10$q;
    reg  v10$clock;
    reg  [7:0] n11$d;
    wire  [7:0] n11$q;
    reg  n11$clock;
    reg  [9:0] e11$d;
    wire  [9:0] e11$q;
    reg  e11$clock;
    reg  [127:0] mag11$d;
    wire  [127:0] mag11$q;
    reg  mag11$clock;
    reg  zero11$d;
    wire  zero11$q;
    reg  zero11$clock;
    reg  [5:0] v11$d;
    wire  [5:0] v11$q;
    reg  v11$clock;
    reg  [127:0] coarse12$d;
    wire  [127:0] coarse12$q;
    reg  coarse12$clock;
    reg  [2:0] fine12$d;
    wire  [2:0] fine12$q;
    reg  fine12$clock;
    reg  [9:0] e12$d;
    wire  [9:0] e12$q;
    reg  e12$clock;
    reg  zero12$d;
    wire  zero12$q;
    reg  zero12$clock;
    reg  [5:0] v12$d;
    wire  [5:0] v12$q;
    reg  v12$clock;
    reg  [41:0] word13$d;
    wire  [41:0] word13$q;
    reg  word13$clock;
    reg  [9:0] e13$d;
    wire  [9:0] e13$q;
    reg  e13$clock;
    reg  zero13$d;
    wire  zero13$q;
    reg  zero13$clock;
    reg  [5:0] v13$d;
    wire  [5:0] v13$q;
    reg  v13$clock;
    reg  [7:0] rnd$0$d;
    wire  [7:0] rnd$0$q;
    reg  rnd$0$clock;
    reg  [7:0] rnd$1$d;
    wire  [7:0] rnd$1$q;
    reg  rnd$1$clock;
    reg  [7:0] rnd$2$d;
    wire  [7:0] rnd$2$q;
    reg  rnd$2$clock;
    reg  [7:0] rnd$3$d;
    wire  [7:0] rnd$3$q;
    reg  rnd$3$clock;
    reg  [7:0] rnd$4$d;
    wire  [7:0] rnd$4$q;
    reg  rnd$4$clock;
    reg  [7:0] rnd$5$d;
    wire  [7:0] rnd$5$q;
    reg  rnd$5$clock;
    reg  [7:0] rnd$6$d;
    wire  [7:0] rnd$6$q;
    reg  rnd$6$clock;
    reg  [7:0] rnd$7$d;
    wire  [7:0] rnd$7$q;
    reg  rnd$7$clock;
    reg  [7:0] rnd$8$d;
    wire  [7:0] rnd$8$q;
    reg  rnd$8$clock;
    reg  [7:0] rnd$9$d;
    wire  [7:0] rnd$9$q;
    reg  rnd$9$clock;
    reg  [7:0] rnd$10$d;
    wire  [7:0] rnd$10$q;
    reg  rnd$10$clock;
    reg  [7:0] rnd$11$d;
    wire  [7:0] rnd$11$q;
    reg  rnd$11$clock;
    reg  [7:0] rnd$12$d;
    wire  [7:0] rnd$12$q;
    reg  rnd$12$clock;
    reg  [39:0] code14$d;
    wire  [39:0] code14$q;
    reg  code14$clock;
    reg  up14$d;
    wire  up14$q;
    reg  up14$clock;
    reg  big14$d;
    wire  big14$q;
    reg  big14$clock;
    reg  zero14$d;
    wire  zero14$q;
    reg  zero14$clock;
    reg  [5:0] v14$d;
    wire  [5:0] v14$q;
    reg  v14$clock;
    reg  [15:0] y15$d;
    wire  [15:0] y15$q;
    reg  y15$clock;
    reg  [95:0] resolve$seg;
    reg  [15:0] resolve$carry;
    wire  [95:0] resolve$t;
    reg  [31:0] seed_step$state;
    reg  [31:0] seed_step$seed;
    reg  seed_step$load;
    reg  seed_step$step;
    wire  [31:0] seed_step$next_state;
    reg  [3:0] special$flags;
    reg  special$c_sign;
    reg  special$c_nan;
    reg  special$c_inf;
    reg  special$c_neg_zero;
    reg  special$t_sign;
    wire  [5:0] special$v;
    reg  lzc$clk;
    reg  [127:0] lzc$x;
    wire  [7:0] lzc$count;
    reg  round_up$sr;
    reg  [7:0] round_up$rnd;
    reg  [41:0] round_up$word;
    wire  round_up$up;
    
    // Local signals
    reg  [5:0] v;
    reg  [9:0] s10;
    reg  [15:0] c_shifted;
    reg  [7:0] c_exp;
    reg  [9:0] c_top;
    reg  [23:0] c_man;
    reg  c_nan;
    reg  c_inf;
    reg  [127:0] t_frame;
    reg  [127:0] c_frame;
    reg  [127:0] lost;
    reg  [31:0] lost_bytes;
    reg  [95:0] neg_lo;
    reg  [95:0] neg_hi;
    reg  [127:0] lo_high;
    reg  [127:0] lo_low;
    reg  [127:0] sum;
    reg  [127:0] diff;
    reg  [127:0] reverse;
    reg  [127:0] mag;
    reg  [127:0] fine;
    reg  [127:0] low;
    reg  [9:0] lz_ext;
    reg  [127:0] word;
    reg  [39:0] q;
    reg  [39:0] e40;
    reg  [39:0] code;
    
    // Sub module instances
    fp8_exact_dff96 t1(
        .d(t1$d),
        .q(t1$q),
        .clock(t1$clock)
    );
    fp8_exact_dff4 flags1(
        .d(flags1$d),
        .q(flags1$q),
        .clock(flags1$clock)
    );
    fp8_exact_dff16 c1(
        .d(c1$d),
        .q(c1$q),
        .clock(c1$clock)
    );
    fp8_exact_dff10 t_top(
        .d(t_top$d),
        .q(t_top$q),
        .clock(t_top$clock)
    );
    fp8_exact_dff96 abs2(
        .d(abs2$d),
        .q(abs2$q),
        .clock(abs2$clock)
    );
    fp8_exact_dff1 t_zero2(
        .d(t_zero2$d),
        .q(t_zero2$q),
        .clock(t_zero2$clock)
    );
    fp8_exact_dff24 c_sig2(
        .d(c_sig2$d),
        .q(c_sig2$q),
        .clock(c_sig2$clock)
    );
    fp8_exact_dff10 c_top2(
        .d(c_top2$d),
        .q(c_top2$q),
        .clock(c_top2$clock)
    );
    fp8_exact_dff1 c_sign2(
        .d(c_sign2$d),
        .q(c_sign2$q),
        .clock(c_sign2$clock)
    );
    fp8_exact_dff1 t_first2(
        .d(t_first2$d),
        .q(t_first2$q),
        .clock(t_first2$clock)
    );
    fp8_exact_dff6 v2(
        .d(v2$d),
        .q(v2$q),
        .clock(v2$clock)
    );
    fp8_exact_dff128 high3(
        .d(high3$d),
        .q(high3$q),
        .clock(high3$clock)
    );
    fp8_exact_dff128 low3(
        .d(low3$d),
        .q(low3$q),
        .clock(low3$clock)
    );
    fp8_exact_dff10 d3(
        .d(d3$d),
        .q(d3$q),
        .clock(d3$clock)
    );
    fp8_exact_dff10 top3(
        .d(top3$d),
        .q(top3$q),
        .clock(top3$clock)
    );
    fp8_exact_dff1 high_sign3(
        .d(high_sign3$d),
        .q(high_sign3$q),
        .clock(high_sign3$clock)
    );
    fp8_exact_dff1 low_sign3(
        .d(low_sign3$d),
        .q(low_sign3$q),
        .clock(low_sign3$clock)
    );
    fp8_exact_dff6 v3(
        .d(v3$d),
        .q(v3$q),
        .clock(v3$clock)
    );
    fp8_exact_dff128 high4(
        .d(high4$d),
        .q(high4$q),
        .clock(high4$clock)
    );
    fp8_exact_dff128 coarse4(
        .d(coarse4$d),
        .q(coarse4$q),
        .clock(coarse4$clock)
    );
    fp8_exact_dff3 fine4(
        .d(fine4$d),
        .q(fine4$q),
        .clock(fine4$clock)
    );
    fp8_exact_dff32 lost4(
        .d(lost4$d),
        .q(lost4$q),
        .clock(lost4$clock)
    );
    fp8_exact_dff10 top4(
        .d(top4$d),
        .q(top4$q),
        .clock(top4$clock)
    );
    fp8_exact_dff1 high_sign4(
        .d(high_sign4$d),
        .q(high_sign4$q),
        .clock(high_sign4$clock)
    );
    fp8_exact_dff1 low_sign4(
        .d(low_sign4$d),
        .q(low_sign4$q),
        .clock(low_sign4$clock)
    );
    fp8_exact_dff6 v4(
        .d(v4$d),
        .q(v4$q),
        .clock(v4$clock)
    );
    fp8_exact_dff128 high5(
        .d(high5$d),
        .q(high5$q),
        .clock(high5$clock)
    );
    fp8_exact_dff128 low5(
        .d(low5$d),
        .q(low5$q),
        .clock(low5$clock)
    );
    fp8_exact_dff1 sticky5(
        .d(sticky5$d),
        .q(sticky5$q),
        .clock(sticky5$clock)
    );
    fp8_exact_dff10 top5(
        .d(top5$d),
        .q(top5$q),
        .clock(top5$clock)
    );
    fp8_exact_dff1 high_sign5(
        .d(high_sign5$d),
        .q(high_sign5$q),
        .clock(high_sign5$clock)
    );
    fp8_exact_dff1 low_sign5(
        .d(low_sign5$d),
        .q(low_sign5$q),
        .clock(low_sign5$clock)
    );
    fp8_exact_dff6 v5(
        .d(v5$d),
        .q(v5$q),
        .clock(v5$clock)
    );
    fp8_exact_dff128 lo_sum6(
        .d(lo_sum6$d),
        .q(lo_sum6$q),
        .clock(lo_sum6$clock)
    );
    fp8_exact_dff128 lo_diff6(
        .d(lo_diff6$d),
        .q(lo_diff6$q),
        .clock(lo_diff6$clock)
    );
    fp8_exact_dff128 lo_rev6(
        .d(lo_rev6$d),
        .q(lo_rev6$q),
        .clock(lo_rev6$clock)
    );
    fp8_exact_dff128 hi_high6(
        .d(hi_high6$d),
        .q(hi_high6$q),
        .clock(hi_high6$clock)
    );
    fp8_exact_dff128 hi_low6(
        .d(hi_low6$d),
        .q(hi_low6$q),
        .clock(hi_low6$clock)
    );
    fp8_exact_dff1 same6(
        .d(same6$d),
        .q(same6$q),
        .clock(same6$clock)
    );
    fp8_exact_dff1 low_sign6(
        .d(low_sign6$d),
        .q(low_sign6$q),
        .clock(low_sign6$clock)
    );
    fp8_exact_dff10 top6(
        .d(top6$d),
        .q(top6$q),
        .clock(top6$clock)
    );
    fp8_exact_dff6 v6(
        .d(v6$d),
        .q(v6$q),
        .clock(v6$clock)
    );
    fp8_exact_dff128 either7(
        .d(either7$d),
        .q(either7$q),
        .clock(either7$clock)
    );
    fp8_exact_dff128 reverse7(
        .d(reverse7$d),
        .q(reverse7$q),
        .clock(reverse7$clock)
    );
    fp8_exact_dff1 pick7(
        .d(pick7$d),
        .q(pick7$q),
        .clock(pick7$clock)
    );
    fp8_exact_dff1 low_sign7(
        .d(low_sign7$d),
        .q(low_sign7$q),
        .clock(low_sign7$clock)
    );
    fp8_exact_dff10 top7(
        .d(top7$d),
        .q(top7$q),
        .clock(top7$clock)
    );
    fp8_exact_dff6 v7(
        .d(v7$d),
        .q(v7$q),
        .clock(v7$clock)
    );
    fp8_exact_dff128 mag8(
        .d(mag8$d),
        .q(mag8$q),
        .clock(mag8$clock)
    );
    fp8_exact_dff10 top8(
        .d(top8$d),
        .q(top8$q),
        .clock(top8$clock)
    );
    fp8_exact_dff6 v8(
        .d(v8$d),
        .q(v8$q),
        .clock(v8$clock)
    );
    fp8_exact_dff128 mag9(
        .d(mag9$d),
        .q(mag9$q),
        .clock(mag9$clock)
    );
    fp8_exact_dff10 top9(
        .d(top9$d),
        .q(top9$q),
        .clock(top9$clock)
    );
    fp8_exact_dff6 v9(
        .d(v9$d),
        .q(v9$q),
        .clock(v9$clock)
    );
    fp8_exact_dff128 mag10(
        .d(mag10$d),
        .q(mag10$q),
        .clock(mag10$clock)
    );
    fp8_exact_dff8 lz10(
        .d(lz10$d),
        .q(lz10$q),
        .clock(lz10$clock)
    );
    fp8_exact_dff10 top10(
        .d(top10$d),
        .q(top10$q),
        .clock(top10$clock)
    );
    fp8_exact_dff6 v10(
        .d(v10$d),
        .q(v10$q),
        .clock(v10$clock)
    );
    fp8_exact_dff8 n11(
        .d(n11$d),
        .q(n11$q),
        .clock(n11$clock)
    );
    fp8_exact_dff10 e11(
        .d(e11$d),
        .q(e11$q),
        .clock(e11$clock)
    );
    fp8_exact_dff128 mag11(
        .d(mag11$d),
        .q(mag11$q),
        .clock(mag11$clock)
    );
    fp8_exact_dff1 zero11(
        .d(zero11$d),
        .q(zero11$q),
        .clock(zero11$clock)
    );
    fp8_exact_dff6 v11(
        .d(v11$d),
        .q(v11$q),
        .clock(v11$clock)
    );
    fp8_exact_dff128 coarse12(
        .d(coarse12$d),
        .q(coarse12$q),
        .clock(coarse12$clock)
    );
    fp8_exact_dff3 fine12(
        .d(fine12$d),
        .q(fine12$q),
        .clock(fine12$clock)
    );
    fp8_exact_dff10 e12(
        .d(e12$d),
        .q(e12$q),
        .clock(e12$clock)
    );
    fp8_exact_dff1 zero12(
        .d(zero12$d),
        .q(zero12$q),
        .clock(zero12$clock)
    );
    fp8_exact_dff6 v12(
        .d(v12$d),
        .q(v12$q),
        .clock(v12$clock)
    );
    fp8_exact_dff42 word13(
        .d(word13$d),
        .q(word13$q),
        .clock(word13$clock)
    );
    fp8_exact_dff10 e13(
        .d(e13$d),
        .q(e13$q),
        .clock(e13$clock)
    );
    fp8_exact_dff1 zero13(
        .d(zero13$d),
        .q(zero13$q),
        .clock(zero13$clock)
    );
    fp8_exact_dff6 v13(
        .d(v13$d),
        .q(v13$q),
        .clock(v13$clock)
    );
    fp8_exact_dff8 rnd$0(
        .d(rnd$0$d),
        .q(rnd$0$q),
        .clock(rnd$0$clock)
    );
    fp8_exact_dff8 rnd$1(
        .d(rnd$1$d),
        .q(rnd$1$q),
        .clock(rnd$1$clock)
    );
    fp8_exact_dff8 rnd$2(
        .d(rnd$2$d),
        .q(rnd$2$q),
        .clock(rnd$2$clock)
    );
    fp8_exact_dff8 rnd$3(
        .d(rnd$3$d),
        .q(rnd$3$q),
        .clock(rnd$3$clock)
    );
    fp8_exact_dff8 rnd$4(
        .d(rnd$4$d),
        .q(rnd$4$q),
        .clock(rnd$4$clock)
    );
    fp8_exact_dff8 rnd$5(
        .d(rnd$5$d),
        .q(rnd$5$q),
        .clock(rnd$5$clock)
    );
    fp8_exact_dff8 rnd$6(
        .d(rnd$6$d),
        .q(rnd$6$q),
        .clock(rnd$6$clock)
    );
    fp8_exact_dff8 rnd$7(
        .d(rnd$7$d),
        .q(rnd$7$q),
        .clock(rnd$7$clock)
    );
    fp8_exact_dff8 rnd$8(
        .d(rnd$8$d),
        .q(rnd$8$q),
        .clock(rnd$8$clock)
    );
    fp8_exact_dff8 rnd$9(
        .d(rnd$9$d),
        .q(rnd$9$q),
        .clock(rnd$9$clock)
    );
    fp8_exact_dff8 rnd$10(
        .d(rnd$10$d),
        .q(rnd$10$q),
        .clock(rnd$10$clock)
    );
    fp8_exact_dff8 rnd$11(
        .d(rnd$11$d),
        .q(rnd$11$q),
        .clock(rnd$11$clock)
    );
    fp8_exact_dff8 rnd$12(
        .d(rnd$12$d),
        .q(rnd$12$q),
        .clock(rnd$12$clock)
    );
    fp8_exact_dff40 code14(
        .d(code14$d),
        .q(code14$q),
        .clock(code14$clock)
    );
    fp8_exact_dff1 up14(
        .d(up14$d),
        .q(up14$q),
        .clock(up14$clock)
    );
    fp8_exact_dff1 big14(
        .d(big14$d),
        .q(big14$q),
        .clock(big14$clock)
    );
    fp8_exact_dff1 zero14(
        .d(zero14$d),
        .q(zero14$q),
        .clock(zero14$clock)
    );
    fp8_exact_dff6 v14(
        .d(v14$d),
        .q(v14$q),
        .clock(v14$clock)
    );
    fp8_exact_dff16 y15(
        .d(y15$d),
        .q(y15$q),
        .clock(y15$clock)
    );
    fp8_exact_resolve resolve(
        .seg(resolve$seg),
        .carry(resolve$carry),
        .t(resolve$t)
    );
    fp8_exact_seed_step seed_step(
        .state(seed_step$state),
        .seed(seed_step$seed),
        .load(seed_step$load),
        .step(seed_step$step),
        .next_state(seed_step$next_state)
    );
    fp8_exact_special special(
        .flags(special$flags),
        .c_sign(special$c_sign),
        .c_nan(special$c_nan),
        .c_inf(special$c_inf),
        .c_neg_zero(special$c_neg_zero),
        .t_sign(special$t_sign),
        .v(special$v)
    );
    fp8_exact_lzc lzc(
        .clk(lzc$clk),
        .x(lzc$x),
        .count(lzc$count)
    );
    fp8_exact_round_up round_up(
        .sr(round_up$sr),
        .rnd(round_up$rnd),
        .word(round_up$word),
        .up(round_up$up)
    );
    
    // Update code
    always @(*) begin
        t1$clock = clk;
        flags1$clock = clk;
        c1$clock = clk;
        t_top$clock = clk;
        abs2$clock = clk;
        t_zero2$clock = clk;
        c_sig2$clock = clk;
        c_top2$clock = clk;
        c_sign2$clock = clk;
        t_first2$clock = clk;
        v2$clock = clk;
        high3$clock = clk;
        low3$clock = clk;
        d3$clock = clk;
        top3$clock = clk;
        high_sign3$clock = clk;
        low_sign3$clock = clk;
        v3$clock = clk;
        high4$clock = clk;
        coarse4$clock = clk;
        fine4$clock = clk;
        lost4$clock = clk;
        top4$clock = clk;
        high_sign4$clock = clk;
        low_sign4$clock = clk;
        v4$clock = clk;
        high5$clock = clk;
        low5$clock = clk;
        sticky5$clock = clk;
        top5$clock = clk;
        high_sign5$clock = clk;
        low_sign5$clock = clk;
        v5$clock = clk;
        lo_sum6$clock = clk;
        lo_diff6$clock = clk;
        lo_rev6$clock = clk;
        hi_high6$clock = clk;
        hi_low6$clock = clk;
        same6$clock = clk;
        low_sign6$clock = clk;
        top6$clock = clk;
        v6$clock = clk;
        either7$clock = clk;
        reverse7$clock = clk;
        pick7$clock = clk;
        low_sign7$clock = clk;
        top7$clock = clk;
        v7$clock = clk;
        mag8$clock = clk;
        top8$clock = clk;
        v8$clock = clk;
        mag9$clock = clk;
        top9$clock = clk;
        v9$clock = clk;
        mag10$clock = clk;
        lz10$clock = clk;
        top10$clock = clk;
        v10$clock = clk;
        n11$clock = clk;
        e11$clock = clk;
        mag11$clock = clk;
        zero11$clock = clk;
        v11$clock = clk;
        coarse12$clock = clk;
        fine12$clock = clk;
        e12$clock = clk;
        zero12$clock = clk;
        v12$clock = clk;
        word13$clock = clk;
        e13$clock = clk;
        zero13$clock = clk;
        v13$clock = clk;
        code14$clock = clk;
        up14$clock = clk;
        big14$clock = clk;
        zero14$clock = clk;
        v14$clock = clk;
        y15$clock = clk;
        t1$d = t1$q;
        flags1$d = flags1$q;
        c1$d = c1$q;
        t_top$d = t_top$q;
        abs2$d = abs2$q;
        t_zero2$d = t_zero2$q;
        c_sig2$d = c_sig2$q;
        c_top2$d = c_top2$q;
        c_sign2$d = c_sign2$q;
        t_first2$d = t_first2$q;
        v2$d = v2$q;
        high3$d = high3$q;
        low3$d = low3$q;
        d3$d = d3$q;
        top3$d = top3$q;
        high_sign3$d = high_sign3$q;
        low_sign3$d = low_sign3$q;
        v3$d = v3$q;
        high4$d = high4$q;
        coarse4$d = coarse4$q;
        fine4$d = fine4$q;
        lost4$d = lost4$q;
        top4$d = top4$q;
        high_sign4$d = high_sign4$q;
        low_sign4$d = low_sign4$q;
        v4$d = v4$q;
        high5$d = high5$q;
        low5$d = low5$q;
        sticky5$d = sticky5$q;
        top5$d = top5$q;
        high_sign5$d = high_sign5$q;
        low_sign5$d = low_sign5$q;
        v5$d = v5$q;
        lo_sum6$d = lo_sum6$q;
        lo_diff6$d = lo_diff6$q;
        lo_rev6$d = lo_rev6$q;
        hi_high6$d = hi_high6$q;
        hi_low6$d = hi_low6$q;
        same6$d = same6$q;
        low_sign6$d = low_sign6$q;
        top6$d = top6$q;
        v6$d = v6$q;
        either7$d = either7$q;
        reverse7$d = reverse7$q;
        pick7$d = pick7$q;
        low_sign7$d = low_sign7$q;
        top7$d = top7$q;
        v7$d = v7$q;
        mag8$d = mag8$q;
        top8$d = top8$q;
        v8$d = v8$q;
        mag9$d = mag9$q;
        top9$d = top9$q;
        v9$d = v9$q;
        mag10$d = mag10$q;
        lz10$d = lz10$q;
        top10$d = top10$q;
        v10$d = v10$q;
        n11$d = n11$q;
        e11$d = e11$q;
        mag11$d = mag11$q;
        zero11$d = zero11$q;
        v11$d = v11$q;
        coarse12$d = coarse12$q;
        fine12$d = fine12$q;
        e12$d = e12$q;
        zero12$d = zero12$q;
        v12$d = v12$q;
        word13$d = word13$q;
        e13$d = e13$q;
        zero13$d = zero13$q;
        v13$d = v13$q;
        code14$d = code14$q;
        up14$d = up14$q;
        big14$d = big14$q;
        zero14$d = zero14$q;
        v14$d = v14$q;
        y15$d = y15$q;
        rnd$0$clock = clk;
        rnd$1$clock = clk;
        rnd$2$clock = clk;
        rnd$3$clock = clk;
        rnd$4$clock = clk;
        rnd$5$clock = clk;
        rnd$6$clock = clk;
        rnd$7$clock = clk;
        rnd$8$clock = clk;
        rnd$9$clock = clk;
        rnd$10$clock = clk;
        rnd$11$clock = clk;
        rnd$12$clock = clk;
        rnd$1$d = rnd$0$q;
        rnd$2$d = rnd$1$q;
        rnd$3$d = rnd$2$q;
        rnd$4$d = rnd$3$q;
        rnd$5$d = rnd$4$q;
        rnd$6$d = rnd$5$q;
        rnd$7$d = rnd$6$q;
        rnd$8$d = rnd$7$q;
        rnd$9$d = rnd$8$q;
        rnd$10$d = rnd$9$q;
        rnd$11$d = rnd$10$q;
        rnd$12$d = rnd$11$q;
        resolve$seg = seg;
        resolve$carry = carry;
        t1$d = resolve$t;
        flags1$d = flags;
        c1$d = c;
        seed_step$state = seed;
        seed_step$seed = 32'h0;
        seed_step$load = 1'b0;
        seed_step$step = 1'b1;
        rnd$0$d = ((seed_step$next_state) & 8'hff);
        s10 = ((scale_exp) & 10'h3ff);
        if (scale_exp[7]) begin
            s10 = s10 | 32'h300;
        end
        t_top$d = s10 + t_bias;
        neg_lo = (~t1$q & low48) + 32'h1;
        neg_hi = (~t1$q >> h48) & low48;
        if (neg_lo[h48]) begin
            neg_hi = neg_hi + 32'h1;
        end
        abs2$d = t1$q;
        if (t1$q[95]) begin
            abs2$d = (neg_hi << h48) | (neg_lo & low48);
        end
        t_zero2$d = ~|t1$q;
        c_sign2$d = |(c1$q & sign_bit);
        c_shifted = c1$q >> man_bits;
        c_exp = ((c_shifted) & 8'hff) & exp_ones;
        c_man = ((c1$q) & 24'hffffff) & man_mask;
        c_nan = (c_exp == exp_ones) & |c_man;
        c_inf = (c_exp == exp_ones) & ~|c_man;
        c_sig2$d = c_man;
        c_top = ((c_exp) & 10'h3ff);
        if (|c_exp) begin
            c_sig2$d = c_man | hidden;
        end
        else begin
            c_top = 32'h1;
        end
        if (c_exp == exp_ones) begin
            c_sig2$d = 32'h0;
        end
        c_top2$d = c_top;
        t_first2$d = (t_top$q >= c_top) | (c_exp == exp_ones) | ~(|c_exp | |c_man);
        special$flags = flags1$q;
        special$c_sign = |(c1$q & sign_bit);
        special$c_nan = c_nan;
        special$c_inf = c_inf;
        special$c_neg_zero = c1$q == sign_bit;
        special$t_sign = t1$q[95];
        v2$d = special$v;
        t_frame = ((abs2$q) & 128'hffffffffffffffffffffffffffffffff) << t_at;
        c_frame = ((c_sig2$q) & 128'hffffffffffffffffffffffffffffffff) << c_at;
        if (~t_zero2$q & t_first2$q) begin
            high3$d = t_frame;
            low3$d = c_frame;
            d3$d = t_top$q - c_top2$q;
            top3$d = t_top$q;
            high_sign3$d = v2$q[5];
            low_sign3$d = c_sign2$q;
        end
        else begin
            high3$d = c_frame;
            low3$d = t_frame;
            d3$d = c_top2$q - t_top$q;
            top3$d = c_top2$q;
            high_sign3$d = c_sign2$q;
            low_sign3$d = v2$q[5];
        end
        v3$d = v2$q;
        lost = low3$q & ~((ones << d3$q) << 32'h1);
        coarse4$d = low3$q >> (d3$q & byte_mask);
        if (d3$q >= width) begin
            coarse4$d = 32'h0;
            lost = low3$q;
        end
        lost_bytes = 32'h0;
        if (|lost[(byte_pos$0)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$0;
        end
        if (|lost[(byte_pos$1)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$1;
        end
        if (|lost[(byte_pos$2)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$2;
        end
        if (|lost[(byte_pos$3)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$3;
        end
        if (|lost[(byte_pos$4)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$4;
        end
        if (|lost[(byte_pos$5)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$5;
        end
        if (|lost[(byte_pos$6)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$6;
        end
        if (|lost[(byte_pos$7)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$7;
        end
        if (|lost[(byte_pos$8)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$8;
        end
        if (|lost[(byte_pos$9)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$9;
        end
        if (|lost[(byte_pos$10)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$10;
        end
        if (|lost[(byte_pos$11)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$11;
        end
        if (|lost[(byte_pos$12)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$12;
        end
        if (|lost[(byte_pos$13)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$13;
        end
        if (|lost[(byte_pos$14)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$14;
        end
        if (|lost[(byte_pos$15)+:(8)]) begin
            lost_bytes = lost_bytes | byte_bit$15;
        end
        lost4$d = lost_bytes;
        fine4$d = ((d3$q & bit_mask) & 3'h7);
        v4$d = v3$q;
        high4$d = high3$q;
        top4$d = top3$q;
        high_sign4$d = high_sign3$q;
        low_sign4$d = low_sign3$q;
        fine = coarse4$q >> fine4$q;
        low5$d = fine & ~bit0;
        sticky5$d = |lost4$q;
        high5$d = high4$q;
        top5$d = top4$q;
        high_sign5$d = high_sign4$q;
        low_sign5$d = low_sign4$q;
        v5$d = v4$q;
        low = low5$q;
        if (sticky5$q) begin
            low = low5$q | bit0;
        end
        lo_high = high5$q & low_half;
        lo_low = low & low_half;
        lo_sum6$d = lo_high + lo_low;
        lo_diff6$d = lo_high + (~low & low_half) + 32'h1;
        lo_rev6$d = lo_low + (~high5$q & low_half) + 32'h1;
        hi_high6$d = high5$q >> half;
        hi_low6$d = low >> half;
        same6$d = high_sign5$q == low_sign5$q;
        low_sign6$d = low_sign5$q;
        v = v5$q;
        v[5] = high_sign5$q;
        v6$d = v;
        top6$d = top5$q;
        sum = hi_high6$q + hi_low6$q + (lo_sum6$q >> half);
        diff = hi_high6$q + (~hi_low6$q & low_half) + (lo_diff6$q >> half);
        reverse = hi_low6$q + (~hi_high6$q & low_half) + (lo_rev6$q >> half);
        either7$d = (diff << half) | (lo_diff6$q & low_half);
        if (same6$q) begin
            either7$d = (sum << half) | (lo_sum6$q & low_half);
        end
        reverse7$d = (reverse << half) | (lo_rev6$q & low_half);
        pick7$d = ~same6$q & diff[top_half_bit];
        low_sign7$d = low_sign6$q;
        v7$d = v6$q;
        top7$d = top6$q;
        mag = either7$q;
        v = v7$q;
        if (pick7$q) begin
            mag = reverse7$q;
            v[5] = low_sign7$q;
        end
        lzc$clk = clk;
        lzc$x = mag;
        mag8$d = mag;
        top8$d = top7$q;
        v8$d = v;
        mag9$d = mag8$q;
        top9$d = top8$q;
        v9$d = v8$q;
        lz10$d = lzc$count;
        mag10$d = mag9$q;
        top10$d = top9$q;
        v10$d = v9$q;
        lz_ext = ((lz10$q) & 10'h3ff);
        n11$d = lz10$q;
        e11$d = top10$q - lz_ext;
        if (top10$q < lz_ext) begin
            n11$d = ((top10$q) & 8'hff);
            e11$d = 32'h0;
        end
        mag11$d = mag10$q;
        zero11$d = ~|mag10$q;
        v11$d = v10$q;
        coarse12$d = mag11$q << (n11$q & n_bytes);
        fine12$d = ((n11$q & n_bits) & 3'h7);
        e12$d = e11$q;
        zero12$d = zero11$q;
        v12$d = v11$q;
        word = coarse12$q << fine12$q;
        word13$d = ((word >> word_at) & 42'h3ffffffffff);
        if (|(word & below_word)) begin
            word13$d = ((word >> word_at) & 42'h3ffffffffff) | 32'h1;
        end
        e13$d = e12$q;
        zero13$d = zero12$q;
        v13$d = v12$q;
        round_up$sr = sr;
        round_up$rnd = rnd$12$q;
        round_up$word = word13$q;
        up14$d = round_up$up;
        q = ((word13$q >> step_at) & 40'hffffffffff);
        e40 = ((e13$q) & 40'hffffffffff);
        code = (e40 << man_bits) + q;
        code14$d = code;
        big14$d = code >= inf_code;
        zero14$d = zero13$q;
        v14$d = v13$q;
        v = v14$q;
        code = code14$q;
        if (up14$q) begin
            code = code14$q + 32'h1;
        end
        if (big14$q | v[1]) begin
            code = inf_code;
        end
        if (zero14$q & ~v[1]) begin
            code = 32'h0;
        end
        y15$d = ((code) & 16'hffff);
        if ((v[5] & ~v[1] & ~zero14$q) | (v[1] & v[2]) | (zero14$q & ~v[1] & v[3])) begin
            y15$d = ((code) & 16'hffff) | sign_bit;
        end
        if (v[0]) begin
            y15$d = nan_code;
        end
        y = y15$q;
    end
    
endmodule // fp8_exact_rounder

// resolve: the exact sum as one 96-bit two's complement number: segments plus pending carries.
module fp8_exact_resolve(seg,carry,t);
    
    // Module arguments
    input wire  [95:0] seg;
    input wire  [15:0] carry;
    output reg  [95:0] t;
    
    // Constant declarations
    localparam  carry_bit$0 = 16'h1;
    localparam  carry_bit$1 = 16'h2;
    localparam  carry_bit$2 = 16'h4;
    localparam  carry_bit$3 = 16'h8;
    localparam  carry_bit$4 = 16'h10;
    localparam  carry_bit$5 = 16'h20;
    localparam  carry_bit$6 = 16'h40;
    localparam  carry_bit$7 = 16'h80;
    localparam  carry_bit$8 = 16'h100;
    localparam  carry_bit$9 = 16'h200;
    localparam  carry_bit$10 = 16'h400;
    localparam  carry_one$0 = 96'h100;
    localparam  carry_one$1 = 96'h10000;
    localparam  carry_one$2 = 96'h1000000;
    localparam  carry_one$3 = 96'h100000000;
    localparam  carry_one$4 = 96'h10000000000;
    localparam  carry_one$5 = 96'h1000000000000;
    localparam  carry_one$6 = 96'h100000000000000;
    localparam  carry_one$7 = 96'h10000000000000000;
    localparam  carry_one$8 = 96'h1000000000000000000;
    localparam  carry_one$9 = 96'h100000000000000000000;
    localparam  carry_one$10 = 96'h0;
    localparam  low_mask = 96'hffffffffffffffffffffff;
    localparam  top_bit = 8'h57;
    
    // Local signals
    reg  [95:0] carries;
    reg  [15:0] cbits;
    
    // Update code
    always @(*) begin
        carries = 32'h0;
        cbits = carry & carry_bit$0;
        if (|cbits) begin
            carries = carries | carry_one$0;
        end
        cbits = carry & carry_bit$1;
        if (|cbits) begin
            carries = carries | carry_one$1;
        end
        cbits = carry & carry_bit$2;
        if (|cbits) begin
            carries = carries | carry_one$2;
        end
        cbits = carry & carry_bit$3;
        if (|cbits) begin
            carries = carries | carry_one$3;
        end
        cbits = carry & carry_bit$4;
        if (|cbits) begin
            carries = carries | carry_one$4;
        end
        cbits = carry & carry_bit$5;
        if (|cbits) begin
            carries = carries | carry_one$5;
        end
        cbits = carry & carry_bit$6;
        if (|cbits) begin
            carries = carries | carry_one$6;
        end
        cbits = carry & carry_bit$7;
        if (|cbits) begin
            carries = carries | carry_one$7;
        end
        cbits = carry & carry_bit$8;
        if (|cbits) begin
            carries = carries | carry_one$8;
        end
        cbits = carry & carry_bit$9;
        if (|cbits) begin
            carries = carries | carry_one$9;
        end
        cbits = carry & carry_bit$10;
        if (|cbits) begin
            carries = carries | carry_one$10;
        end
        t = (seg + carries) & low_mask;
        if (t[top_bit]) begin
            t = t | ~low_mask;
        end
    end
    
endmodule // fp8_exact_resolve

// seed_step: one xorshift32 step of the output's seed: its low bits are SR's random bits.
module fp8_exact_seed_step(state,seed,load,step,next_state);
    
    // Module arguments
    input wire  [31:0] state;
    input wire  [31:0] seed;
    input wire  load;
    input wire  step;
    output reg  [31:0] next_state;
    
    // Local signals
    reg  [31:0] x;
    
    // Update code
    always @(*) begin
        x = state;
        if (load) begin
            x = seed;
        end
        next_state = x;
        if (step) begin
            x = x ^ (x << 32'hd);
            x = x ^ (x >> 32'h11);
            next_state = x ^ (x << 32'h5);
        end
    end
    
endmodule // fp8_exact_seed_step

// special: the special cases, from the products' flags and C: NaN, an infinity and its sign, -0.
module fp8_exact_special(flags,c_sign,c_nan,c_inf,c_neg_zero,t_sign,v);
    
    // Module arguments
    input wire  [3:0] flags;
    input wire  c_sign;
    input wire  c_nan;
    input wire  c_inf;
    input wire  c_neg_zero;
    input wire  t_sign;
    output reg  [5:0] v;
    
    // Local signals
    reg  [3:0] f;
    reg  prod_inf;
    
    // Update code
    always @(*) begin
        f = flags;
        prod_inf = f[1] | f[2];
        v[0] = f[0] | c_nan | (f[1] & f[2]) | (c_inf & ((c_sign & f[1]) | (~c_sign & f[2])));
        v[1] = prod_inf | c_inf;
        v[2] = c_sign;
        if (prod_inf) begin
            v[2] = f[2];
        end
        v[3] = f[3] & c_neg_zero;
        v[4] = 1'b0;
        v[5] = t_sign;
    end
    
endmodule // fp8_exact_special

// lzc: leading zeros of the rounder's magnitude, per octet with a one-hot select of the highest nonzero one (0 if none).
module fp8_exact_lzc(clk,x,count);
    
    // Module arguments
    input wire  clk;
    input wire  [127:0] x;
    output reg  [7:0] count;
    
    // Constant declarations
    localparam  byte_pos$0 = 8'h78;
    localparam  byte_pos$1 = 8'h70;
    localparam  byte_pos$2 = 8'h68;
    localparam  byte_pos$3 = 8'h60;
    localparam  byte_pos$4 = 8'h58;
    localparam  byte_pos$5 = 8'h50;
    localparam  byte_pos$6 = 8'h48;
    localparam  byte_pos$7 = 8'h40;
    localparam  byte_pos$8 = 8'h38;
    localparam  byte_pos$9 = 8'h30;
    localparam  byte_pos$10 = 8'h28;
    localparam  byte_pos$11 = 8'h20;
    localparam  byte_pos$12 = 8'h18;
    localparam  byte_pos$13 = 8'h10;
    localparam  byte_pos$14 = 8'h8;
    localparam  byte_pos$15 = 8'h0;
    localparam  octet_bit$0 = 32'h1;
    localparam  octet_bit$1 = 32'h2;
    localparam  octet_bit$2 = 32'h4;
    localparam  octet_bit$3 = 32'h8;
    localparam  octet_bit$4 = 32'h10;
    localparam  octet_bit$5 = 32'h20;
    localparam  octet_bit$6 = 32'h40;
    localparam  octet_bit$7 = 32'h80;
    localparam  octet_bit$8 = 32'h100;
    localparam  octet_bit$9 = 32'h200;
    localparam  octet_bit$10 = 32'h400;
    localparam  octet_bit$11 = 32'h800;
    localparam  octet_bit$12 = 32'h1000;
    localparam  octet_bit$13 = 32'h2000;
    localparam  octet_bit$14 = 32'h4000;
    localparam  octet_bit$15 = 32'h8000;
    localparam  above$0 = 32'h0;
    localparam  above$1 = 32'h1;
    localparam  above$2 = 32'h3;
    localparam  above$3 = 32'h7;
    localparam  above$4 = 32'hf;
    localparam  above$5 = 32'h1f;
    localparam  above$6 = 32'h3f;
    localparam  above$7 = 32'h7f;
    localparam  above$8 = 32'hff;
    localparam  above$9 = 32'h1ff;
    localparam  above$10 = 32'h3ff;
    localparam  above$11 = 32'h7ff;
    localparam  above$12 = 32'hfff;
    localparam  above$13 = 32'h1fff;
    localparam  above$14 = 32'h3fff;
    localparam  above$15 = 32'h7fff;
    localparam  zeros_above$0 = 8'h0;
    localparam  zeros_above$1 = 8'h8;
    localparam  zeros_above$2 = 8'h10;
    localparam  zeros_above$3 = 8'h18;
    localparam  zeros_above$4 = 8'h20;
    localparam  zeros_above$5 = 8'h28;
    localparam  zeros_above$6 = 8'h30;
    localparam  zeros_above$7 = 8'h38;
    localparam  zeros_above$8 = 8'h40;
    localparam  zeros_above$9 = 8'h48;
    localparam  zeros_above$10 = 8'h50;
    localparam  zeros_above$11 = 8'h58;
    localparam  zeros_above$12 = 8'h60;
    localparam  zeros_above$13 = 8'h68;
    localparam  zeros_above$14 = 8'h70;
    localparam  zeros_above$15 = 8'h78;
    localparam  zeros_in$0 = 8'h7;
    localparam  zeros_in$1 = 8'h6;
    localparam  zeros_in$2 = 8'h5;
    localparam  zeros_in$3 = 8'h4;
    localparam  zeros_in$4 = 8'h3;
    localparam  zeros_in$5 = 8'h2;
    localparam  zeros_in$6 = 8'h1;
    localparam  zeros_in$7 = 8'h0;
    
    // Stub signals
    reg  [127:0] x_r$d;
    wire  [127:0] x_r$q;
    reg  x_r$clock;
    reg  [31:0] nonzero_r$d;
    wire  [31:0] nonzero_r$q;
    reg  nonzero_r$clock;
    reg  [31:0] first_r$d;
    wire  [31:0] first_r$q;
    reg  first_r$clock;
    reg  [7:0] zeros_r$0$d;
    wire  [7:0] zeros_r$0$q;
    reg  zeros_r$0$clock;
    reg  [7:0] zeros_r$1$d;
    wire  [7:0] zeros_r$1$q;
    reg  zeros_r$1$clock;
    reg  [7:0] zeros_r$2$d;
    wire  [7:0] zeros_r$2$q;
    reg  zeros_r$2$clock;
    reg  [7:0] zeros_r$3$d;
    wire  [7:0] zeros_r$3$q;
    reg  zeros_r$3$clock;
    reg  [7:0] zeros_r$4$d;
    wire  [7:0] zeros_r$4$q;
    reg  zeros_r$4$clock;
    reg  [7:0] zeros_r$5$d;
    wire  [7:0] zeros_r$5$q;
    reg  zeros_r$5$clock;
    reg  [7:0] zeros_r$6$d;
    wire  [7:0] zeros_r$6$q;
    reg  zeros_r$6$clock;
    reg  [7:0] zeros_r$7$d;
    wire  [7:0] zeros_r$7$q;
    reg  zeros_r$7$clock;
    reg  [7:0] zeros_r$8$d;
    wire  [7:0] zeros_r$8$q;
    reg  zeros_r$8$clock;
    reg  [7:0] zeros_r$9$d;
    wire  [7:0] zeros_r$9$q;
    reg  zeros_r$9$clock;
    reg  [7:0] zeros_r$10$d;
    wire  [7:0] zeros_r$10$q;
    reg  zeros_r$10$clock;
    reg  [7:0] zeros_r$11$d;
    wire  [7:0] zeros_r$11$q;
    reg  zeros_r$11$clock;
    reg  [7:0] zeros_r$12$d;
    wire  [7:0] zeros_r$12$q;
    reg  zeros_r$12$clock;
    reg  [7:0] zeros_r$13$d;
    wire  [7:0] zeros_r$13$q;
    reg  zeros_r$13$clock;
    reg  [7:0] zeros_r$14$d;
    wire  [7:0] zeros_r$14$q;
    reg  zeros_r$14$clock;
    reg  [7:0] zeros_r$15$d;
    wire  [7:0] zeros_r$15$q;
    reg  zeros_r$15$clock;
    
    // Local signals
    reg  [7:0] octet;
    reg  [7:0] zeros;
    reg  [31:0] nonzero;
    reg  [31:0] first;
    
    // Sub module instances
    fp8_exact_dff128 x_r(
        .d(x_r$d),
        .q(x_r$q),
        .clock(x_r$clock)
    );
    fp8_exact_dff32 nonzero_r(
        .d(nonzero_r$d),
        .q(nonzero_r$q),
        .clock(nonzero_r$clock)
    );
    fp8_exact_dff32 first_r(
        .d(first_r$d),
        .q(first_r$q),
        .clock(first_r$clock)
    );
    fp8_exact_dff8 zeros_r$0(
        .d(zeros_r$0$d),
        .q(zeros_r$0$q),
        .clock(zeros_r$0$clock)
    );
    fp8_exact_dff8 zeros_r$1(
        .d(zeros_r$1$d),
        .q(zeros_r$1$q),
        .clock(zeros_r$1$clock)
    );
    fp8_exact_dff8 zeros_r$2(
        .d(zeros_r$2$d),
        .q(zeros_r$2$q),
        .clock(zeros_r$2$clock)
    );
    fp8_exact_dff8 zeros_r$3(
        .d(zeros_r$3$d),
        .q(zeros_r$3$q),
        .clock(zeros_r$3$clock)
    );
    fp8_exact_dff8 zeros_r$4(
        .d(zeros_r$4$d),
        .q(zeros_r$4$q),
        .clock(zeros_r$4$clock)
    );
    fp8_exact_dff8 zeros_r$5(
        .d(zeros_r$5$d),
        .q(zeros_r$5$q),
        .clock(zeros_r$5$clock)
    );
    fp8_exact_dff8 zeros_r$6(
        .d(zeros_r$6$d),
        .q(zeros_r$6$q),
        .clock(zeros_r$6$clock)
    );
    fp8_exact_dff8 zeros_r$7(
        .d(zeros_r$7$d),
        .q(zeros_r$7$q),
        .clock(zeros_r$7$clock)
    );
    fp8_exact_dff8 zeros_r$8(
        .d(zeros_r$8$d),
        .q(zeros_r$8$q),
        .clock(zeros_r$8$clock)
    );
    fp8_exact_dff8 zeros_r$9(
        .d(zeros_r$9$d),
        .q(zeros_r$9$q),
        .clock(zeros_r$9$clock)
    );
    fp8_exact_dff8 zeros_r$10(
        .d(zeros_r$10$d),
        .q(zeros_r$10$q),
        .clock(zeros_r$10$clock)
    );
    fp8_exact_dff8 zeros_r$11(
        .d(zeros_r$11$d),
        .q(zeros_r$11$q),
        .clock(zeros_r$11$clock)
    );
    fp8_exact_dff8 zeros_r$12(
        .d(zeros_r$12$d),
        .q(zeros_r$12$q),
        .clock(zeros_r$12$clock)
    );
    fp8_exact_dff8 zeros_r$13(
        .d(zeros_r$13$d),
        .q(zeros_r$13$q),
        .clock(zeros_r$13$clock)
    );
    fp8_exact_dff8 zeros_r$14(
        .d(zeros_r$14$d),
        .q(zeros_r$14$q),
        .clock(zeros_r$14$clock)
    );
    fp8_exact_dff8 zeros_r$15(
        .d(zeros_r$15$d),
        .q(zeros_r$15$q),
        .clock(zeros_r$15$clock)
    );
    
    // Update code
    always @(*) begin
        x_r$clock = clk;
        nonzero_r$clock = clk;
        first_r$clock = clk;
        x_r$d = x_r$q;
        nonzero_r$d = nonzero_r$q;
        first_r$d = first_r$q;
        zeros_r$0$clock = clk;
        zeros_r$1$clock = clk;
        zeros_r$2$clock = clk;
        zeros_r$3$clock = clk;
        zeros_r$4$clock = clk;
        zeros_r$5$clock = clk;
        zeros_r$6$clock = clk;
        zeros_r$7$clock = clk;
        zeros_r$8$clock = clk;
        zeros_r$9$clock = clk;
        zeros_r$10$clock = clk;
        zeros_r$11$clock = clk;
        zeros_r$12$clock = clk;
        zeros_r$13$clock = clk;
        zeros_r$14$clock = clk;
        zeros_r$15$clock = clk;
        nonzero = 32'h0;
        octet = x[(byte_pos$0)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$0;
        end
        octet = x[(byte_pos$1)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$1;
        end
        octet = x[(byte_pos$2)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$2;
        end
        octet = x[(byte_pos$3)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$3;
        end
        octet = x[(byte_pos$4)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$4;
        end
        octet = x[(byte_pos$5)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$5;
        end
        octet = x[(byte_pos$6)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$6;
        end
        octet = x[(byte_pos$7)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$7;
        end
        octet = x[(byte_pos$8)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$8;
        end
        octet = x[(byte_pos$9)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$9;
        end
        octet = x[(byte_pos$10)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$10;
        end
        octet = x[(byte_pos$11)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$11;
        end
        octet = x[(byte_pos$12)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$12;
        end
        octet = x[(byte_pos$13)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$13;
        end
        octet = x[(byte_pos$14)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$14;
        end
        octet = x[(byte_pos$15)+:(8)];
        if (|octet) begin
            nonzero = nonzero | octet_bit$15;
        end
        x_r$d = x;
        nonzero_r$d = nonzero;
        first = 32'h0;
        octet = x_r$q[(byte_pos$0)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$0$d = zeros_above$0 | zeros;
        if (|octet & ~|(nonzero_r$q & above$0)) begin
            first = first | octet_bit$0;
        end
        octet = x_r$q[(byte_pos$1)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$1$d = zeros_above$1 | zeros;
        if (|octet & ~|(nonzero_r$q & above$1)) begin
            first = first | octet_bit$1;
        end
        octet = x_r$q[(byte_pos$2)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$2$d = zeros_above$2 | zeros;
        if (|octet & ~|(nonzero_r$q & above$2)) begin
            first = first | octet_bit$2;
        end
        octet = x_r$q[(byte_pos$3)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$3$d = zeros_above$3 | zeros;
        if (|octet & ~|(nonzero_r$q & above$3)) begin
            first = first | octet_bit$3;
        end
        octet = x_r$q[(byte_pos$4)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$4$d = zeros_above$4 | zeros;
        if (|octet & ~|(nonzero_r$q & above$4)) begin
            first = first | octet_bit$4;
        end
        octet = x_r$q[(byte_pos$5)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$5$d = zeros_above$5 | zeros;
        if (|octet & ~|(nonzero_r$q & above$5)) begin
            first = first | octet_bit$5;
        end
        octet = x_r$q[(byte_pos$6)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$6$d = zeros_above$6 | zeros;
        if (|octet & ~|(nonzero_r$q & above$6)) begin
            first = first | octet_bit$6;
        end
        octet = x_r$q[(byte_pos$7)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$7$d = zeros_above$7 | zeros;
        if (|octet & ~|(nonzero_r$q & above$7)) begin
            first = first | octet_bit$7;
        end
        octet = x_r$q[(byte_pos$8)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$8$d = zeros_above$8 | zeros;
        if (|octet & ~|(nonzero_r$q & above$8)) begin
            first = first | octet_bit$8;
        end
        octet = x_r$q[(byte_pos$9)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$9$d = zeros_above$9 | zeros;
        if (|octet & ~|(nonzero_r$q & above$9)) begin
            first = first | octet_bit$9;
        end
        octet = x_r$q[(byte_pos$10)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$10$d = zeros_above$10 | zeros;
        if (|octet & ~|(nonzero_r$q & above$10)) begin
            first = first | octet_bit$10;
        end
        octet = x_r$q[(byte_pos$11)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$11$d = zeros_above$11 | zeros;
        if (|octet & ~|(nonzero_r$q & above$11)) begin
            first = first | octet_bit$11;
        end
        octet = x_r$q[(byte_pos$12)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$12$d = zeros_above$12 | zeros;
        if (|octet & ~|(nonzero_r$q & above$12)) begin
            first = first | octet_bit$12;
        end
        octet = x_r$q[(byte_pos$13)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$13$d = zeros_above$13 | zeros;
        if (|octet & ~|(nonzero_r$q & above$13)) begin
            first = first | octet_bit$13;
        end
        octet = x_r$q[(byte_pos$14)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$14$d = zeros_above$14 | zeros;
        if (|octet & ~|(nonzero_r$q & above$14)) begin
            first = first | octet_bit$14;
        end
        octet = x_r$q[(byte_pos$15)+:(8)];
        zeros = 32'h0;
        if (octet[0]) begin
            zeros = zeros_in$0;
        end
        if (octet[1]) begin
            zeros = zeros_in$1;
        end
        if (octet[2]) begin
            zeros = zeros_in$2;
        end
        if (octet[3]) begin
            zeros = zeros_in$3;
        end
        if (octet[4]) begin
            zeros = zeros_in$4;
        end
        if (octet[5]) begin
            zeros = zeros_in$5;
        end
        if (octet[6]) begin
            zeros = zeros_in$6;
        end
        if (octet[7]) begin
            zeros = zeros_in$7;
        end
        zeros_r$15$d = zeros_above$15 | zeros;
        if (|octet & ~|(nonzero_r$q & above$15)) begin
            first = first | octet_bit$15;
        end
        first_r$d = first;
        count = 32'h0;
        if (first_r$q[0]) begin
            count = count | zeros_r$0$q;
        end
        if (first_r$q[1]) begin
            count = count | zeros_r$1$q;
        end
        if (first_r$q[2]) begin
            count = count | zeros_r$2$q;
        end
        if (first_r$q[3]) begin
            count = count | zeros_r$3$q;
        end
        if (first_r$q[4]) begin
            count = count | zeros_r$4$q;
        end
        if (first_r$q[5]) begin
            count = count | zeros_r$5$q;
        end
        if (first_r$q[6]) begin
            count = count | zeros_r$6$q;
        end
        if (first_r$q[7]) begin
            count = count | zeros_r$7$q;
        end
        if (first_r$q[8]) begin
            count = count | zeros_r$8$q;
        end
        if (first_r$q[9]) begin
            count = count | zeros_r$9$q;
        end
        if (first_r$q[10]) begin
            count = count | zeros_r$10$q;
        end
        if (first_r$q[11]) begin
            count = count | zeros_r$11$q;
        end
        if (first_r$q[12]) begin
            count = count | zeros_r$12$q;
        end
        if (first_r$q[13]) begin
            count = count | zeros_r$13$q;
        end
        if (first_r$q[14]) begin
            count = count | zeros_r$14$q;
        end
        if (first_r$q[15]) begin
            count = count | zeros_r$15$q;
        end
    end
    
endmodule // fp8_exact_lzc

// round_up: the rounding decision: RNE from guard, sticky and lsb, or SR from F + rnd.
module fp8_exact_round_up(sr,rnd,word,up);
    
    // Module arguments
    input wire  sr;
    input wire  [7:0] rnd;
    input wire  [41:0] word;
    output reg  up;
    
    // Constant declarations
    localparam  lsb = 8'h1f;
    localparam  guard = 8'h1e;
    localparam  sticky_mask = 42'h3fffffff;
    localparam  f_shift = 8'h17;
    localparam  carry = 8'h8;
    
    // Local signals
    reg  [7:0] f;
    reg  [31:0] f_sum;
    
    // Update code
    always @(*) begin
        f = ((word >> f_shift) & 8'hff);
        f_sum = ((f) & 32'hffffffff) + ((rnd) & 32'hffffffff);
        if (sr) begin
            up = f_sum[carry];
        end
        else begin
            up = word[guard] & (|(word & sticky_mask) | word[lsb]);
        end
    end
    
endmodule // fp8_exact_round_up

module fp8_exact_dff1(d,q,clock);
    
    // Module arguments
    input wire  d;
    output reg  q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 1'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff1

module fp8_exact_dff10(d,q,clock);
    
    // Module arguments
    input wire  [9:0] d;
    output reg  [9:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 10'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff10

module fp8_exact_dff128(d,q,clock);
    
    // Module arguments
    input wire  [127:0] d;
    output reg  [127:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 128'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff128

module fp8_exact_dff16(d,q,clock);
    
    // Module arguments
    input wire  [15:0] d;
    output reg  [15:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 16'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff16

module fp8_exact_dff24(d,q,clock);
    
    // Module arguments
    input wire  [23:0] d;
    output reg  [23:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 24'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff24

module fp8_exact_dff3(d,q,clock);
    
    // Module arguments
    input wire  [2:0] d;
    output reg  [2:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 3'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff3

module fp8_exact_dff32(d,q,clock);
    
    // Module arguments
    input wire  [31:0] d;
    output reg  [31:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 32'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff32

module fp8_exact_dff4(d,q,clock);
    
    // Module arguments
    input wire  [3:0] d;
    output reg  [3:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 4'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff4

module fp8_exact_dff40(d,q,clock);
    
    // Module arguments
    input wire  [39:0] d;
    output reg  [39:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 40'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff40

module fp8_exact_dff42(d,q,clock);
    
    // Module arguments
    input wire  [41:0] d;
    output reg  [41:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 42'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff42

module fp8_exact_dff5(d,q,clock);
    
    // Module arguments
    input wire  [4:0] d;
    output reg  [4:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 5'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff5

module fp8_exact_dff6(d,q,clock);
    
    // Module arguments
    input wire  [5:0] d;
    output reg  [5:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 6'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff6

module fp8_exact_dff7(d,q,clock);
    
    // Module arguments
    input wire  [6:0] d;
    output reg  [6:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 7'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff7

module fp8_exact_dff8(d,q,clock);
    
    // Module arguments
    input wire  [7:0] d;
    output reg  [7:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 8'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff8

module fp8_exact_dff96(d,q,clock);
    
    // Module arguments
    input wire  [95:0] d;
    output reg  [95:0] q;
    input wire  clock;
    
    // Update code (custom)
    initial begin
       q = 96'h0;
    end
    
    always @(posedge clock) begin
       q <= d;
    end
          
endmodule // fp8_exact_dff96

module fp8_exact_done(clk,rst,inp,flag0_in,flag1_in,out,flag0_out,flag1_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  inp;
    input wire  flag0_in;
    input wire  flag1_in;
    output reg  out;
    output reg  flag0_out;
    output reg  flag1_out;
    
    // Stub signals
    reg  stages$0$d;
    wire  stages$0$q;
    reg  stages$0$clock;
    reg  stages$1$d;
    wire  stages$1$q;
    reg  stages$1$clock;
    reg  stages$2$d;
    wire  stages$2$q;
    reg  stages$2$clock;
    reg  stages$3$d;
    wire  stages$3$q;
    reg  stages$3$clock;
    reg  stages$4$d;
    wire  stages$4$q;
    reg  stages$4$clock;
    reg  stages$5$d;
    wire  stages$5$q;
    reg  stages$5$clock;
    reg  stages$6$d;
    wire  stages$6$q;
    reg  stages$6$clock;
    reg  stages$7$d;
    wire  stages$7$q;
    reg  stages$7$clock;
    reg  stages$8$d;
    wire  stages$8$q;
    reg  stages$8$clock;
    reg  stages$9$d;
    wire  stages$9$q;
    reg  stages$9$clock;
    reg  stages$10$d;
    wire  stages$10$q;
    reg  stages$10$clock;
    reg  stages$11$d;
    wire  stages$11$q;
    reg  stages$11$clock;
    reg  stages$12$d;
    wire  stages$12$q;
    reg  stages$12$clock;
    reg  stages$13$d;
    wire  stages$13$q;
    reg  stages$13$clock;
    reg  stages$14$d;
    wire  stages$14$q;
    reg  stages$14$clock;
    reg  stages$15$d;
    wire  stages$15$q;
    reg  stages$15$clock;
    reg  stages0$0$d;
    wire  stages0$0$q;
    reg  stages0$0$clock;
    reg  stages0$1$d;
    wire  stages0$1$q;
    reg  stages0$1$clock;
    reg  stages0$2$d;
    wire  stages0$2$q;
    reg  stages0$2$clock;
    reg  stages0$3$d;
    wire  stages0$3$q;
    reg  stages0$3$clock;
    reg  stages0$4$d;
    wire  stages0$4$q;
    reg  stages0$4$clock;
    reg  stages0$5$d;
    wire  stages0$5$q;
    reg  stages0$5$clock;
    reg  stages0$6$d;
    wire  stages0$6$q;
    reg  stages0$6$clock;
    reg  stages0$7$d;
    wire  stages0$7$q;
    reg  stages0$7$clock;
    reg  stages0$8$d;
    wire  stages0$8$q;
    reg  stages0$8$clock;
    reg  stages0$9$d;
    wire  stages0$9$q;
    reg  stages0$9$clock;
    reg  stages0$10$d;
    wire  stages0$10$q;
    reg  stages0$10$clock;
    reg  stages0$11$d;
    wire  stages0$11$q;
    reg  stages0$11$clock;
    reg  stages0$12$d;
    wire  stages0$12$q;
    reg  stages0$12$clock;
    reg  stages0$13$d;
    wire  stages0$13$q;
    reg  stages0$13$clock;
    reg  stages0$14$d;
    wire  stages0$14$q;
    reg  stages0$14$clock;
    reg  stages0$15$d;
    wire  stages0$15$q;
    reg  stages0$15$clock;
    reg  stages1$0$d;
    wire  stages1$0$q;
    reg  stages1$0$clock;
    reg  stages1$1$d;
    wire  stages1$1$q;
    reg  stages1$1$clock;
    reg  stages1$2$d;
    wire  stages1$2$q;
    reg  stages1$2$clock;
    reg  stages1$3$d;
    wire  stages1$3$q;
    reg  stages1$3$clock;
    reg  stages1$4$d;
    wire  stages1$4$q;
    reg  stages1$4$clock;
    reg  stages1$5$d;
    wire  stages1$5$q;
    reg  stages1$5$clock;
    reg  stages1$6$d;
    wire  stages1$6$q;
    reg  stages1$6$clock;
    reg  stages1$7$d;
    wire  stages1$7$q;
    reg  stages1$7$clock;
    reg  stages1$8$d;
    wire  stages1$8$q;
    reg  stages1$8$clock;
    reg  stages1$9$d;
    wire  stages1$9$q;
    reg  stages1$9$clock;
    reg  stages1$10$d;
    wire  stages1$10$q;
    reg  stages1$10$clock;
    reg  stages1$11$d;
    wire  stages1$11$q;
    reg  stages1$11$clock;
    reg  stages1$12$d;
    wire  stages1$12$q;
    reg  stages1$12$clock;
    reg  stages1$13$d;
    wire  stages1$13$q;
    reg  stages1$13$clock;
    reg  stages1$14$d;
    wire  stages1$14$q;
    reg  stages1$14$clock;
    reg  stages1$15$d;
    wire  stages1$15$q;
    reg  stages1$15$clock;
    
    // Local signals
    reg  taps$0;
    reg  taps$1;
    reg  taps$2;
    reg  taps$3;
    reg  taps$4;
    reg  taps$5;
    reg  taps$6;
    reg  taps$7;
    reg  taps$8;
    reg  taps$9;
    reg  taps$10;
    reg  taps$11;
    reg  taps$12;
    reg  taps$13;
    reg  taps$14;
    reg  taps$15;
    reg  taps$16;
    reg  taps0$0;
    reg  taps0$1;
    reg  taps0$2;
    reg  taps0$3;
    reg  taps0$4;
    reg  taps0$5;
    reg  taps0$6;
    reg  taps0$7;
    reg  taps0$8;
    reg  taps0$9;
    reg  taps0$10;
    reg  taps0$11;
    reg  taps0$12;
    reg  taps0$13;
    reg  taps0$14;
    reg  taps0$15;
    reg  taps0$16;
    reg  taps1$0;
    reg  taps1$1;
    reg  taps1$2;
    reg  taps1$3;
    reg  taps1$4;
    reg  taps1$5;
    reg  taps1$6;
    reg  taps1$7;
    reg  taps1$8;
    reg  taps1$9;
    reg  taps1$10;
    reg  taps1$11;
    reg  taps1$12;
    reg  taps1$13;
    reg  taps1$14;
    reg  taps1$15;
    reg  taps1$16;
    
    // Sub module instances
    fp8_exact_dff1 stages$0(
        .d(stages$0$d),
        .q(stages$0$q),
        .clock(stages$0$clock)
    );
    fp8_exact_dff1 stages$1(
        .d(stages$1$d),
        .q(stages$1$q),
        .clock(stages$1$clock)
    );
    fp8_exact_dff1 stages$2(
        .d(stages$2$d),
        .q(stages$2$q),
        .clock(stages$2$clock)
    );
    fp8_exact_dff1 stages$3(
        .d(stages$3$d),
        .q(stages$3$q),
        .clock(stages$3$clock)
    );
    fp8_exact_dff1 stages$4(
        .d(stages$4$d),
        .q(stages$4$q),
        .clock(stages$4$clock)
    );
    fp8_exact_dff1 stages$5(
        .d(stages$5$d),
        .q(stages$5$q),
        .clock(stages$5$clock)
    );
    fp8_exact_dff1 stages$6(
        .d(stages$6$d),
        .q(stages$6$q),
        .clock(stages$6$clock)
    );
    fp8_exact_dff1 stages$7(
        .d(stages$7$d),
        .q(stages$7$q),
        .clock(stages$7$clock)
    );
    fp8_exact_dff1 stages$8(
        .d(stages$8$d),
        .q(stages$8$q),
        .clock(stages$8$clock)
    );
    fp8_exact_dff1 stages$9(
        .d(stages$9$d),
        .q(stages$9$q),
        .clock(stages$9$clock)
    );
    fp8_exact_dff1 stages$10(
        .d(stages$10$d),
        .q(stages$10$q),
        .clock(stages$10$clock)
    );
    fp8_exact_dff1 stages$11(
        .d(stages$11$d),
        .q(stages$11$q),
        .clock(stages$11$clock)
    );
    fp8_exact_dff1 stages$12(
        .d(stages$12$d),
        .q(stages$12$q),
        .clock(stages$12$clock)
    );
    fp8_exact_dff1 stages$13(
        .d(stages$13$d),
        .q(stages$13$q),
        .clock(stages$13$clock)
    );
    fp8_exact_dff1 stages$14(
        .d(stages$14$d),
        .q(stages$14$q),
        .clock(stages$14$clock)
    );
    fp8_exact_dff1 stages$15(
        .d(stages$15$d),
        .q(stages$15$q),
        .clock(stages$15$clock)
    );
    fp8_exact_dff1 stages0$0(
        .d(stages0$0$d),
        .q(stages0$0$q),
        .clock(stages0$0$clock)
    );
    fp8_exact_dff1 stages0$1(
        .d(stages0$1$d),
        .q(stages0$1$q),
        .clock(stages0$1$clock)
    );
    fp8_exact_dff1 stages0$2(
        .d(stages0$2$d),
        .q(stages0$2$q),
        .clock(stages0$2$clock)
    );
    fp8_exact_dff1 stages0$3(
        .d(stages0$3$d),
        .q(stages0$3$q),
        .clock(stages0$3$clock)
    );
    fp8_exact_dff1 stages0$4(
        .d(stages0$4$d),
        .q(stages0$4$q),
        .clock(stages0$4$clock)
    );
    fp8_exact_dff1 stages0$5(
        .d(stages0$5$d),
        .q(stages0$5$q),
        .clock(stages0$5$clock)
    );
    fp8_exact_dff1 stages0$6(
        .d(stages0$6$d),
        .q(stages0$6$q),
        .clock(stages0$6$clock)
    );
    fp8_exact_dff1 stages0$7(
        .d(stages0$7$d),
        .q(stages0$7$q),
        .clock(stages0$7$clock)
    );
    fp8_exact_dff1 stages0$8(
        .d(stages0$8$d),
        .q(stages0$8$q),
        .clock(stages0$8$clock)
    );
    fp8_exact_dff1 stages0$9(
        .d(stages0$9$d),
        .q(stages0$9$q),
        .clock(stages0$9$clock)
    );
    fp8_exact_dff1 stages0$10(
        .d(stages0$10$d),
        .q(stages0$10$q),
        .clock(stages0$10$clock)
    );
    fp8_exact_dff1 stages0$11(
        .d(stages0$11$d),
        .q(stages0$11$q),
        .clock(stages0$11$clock)
    );
    fp8_exact_dff1 stages0$12(
        .d(stages0$12$d),
        .q(stages0$12$q),
        .clock(stages0$12$clock)
    );
    fp8_exact_dff1 stages0$13(
        .d(stages0$13$d),
        .q(stages0$13$q),
        .clock(stages0$13$clock)
    );
    fp8_exact_dff1 stages0$14(
        .d(stages0$14$d),
        .q(stages0$14$q),
        .clock(stages0$14$clock)
    );
    fp8_exact_dff1 stages0$15(
        .d(stages0$15$d),
        .q(stages0$15$q),
        .clock(stages0$15$clock)
    );
    fp8_exact_dff1 stages1$0(
        .d(stages1$0$d),
        .q(stages1$0$q),
        .clock(stages1$0$clock)
    );
    fp8_exact_dff1 stages1$1(
        .d(stages1$1$d),
        .q(stages1$1$q),
        .clock(stages1$1$clock)
    );
    fp8_exact_dff1 stages1$2(
        .d(stages1$2$d),
        .q(stages1$2$q),
        .clock(stages1$2$clock)
    );
    fp8_exact_dff1 stages1$3(
        .d(stages1$3$d),
        .q(stages1$3$q),
        .clock(stages1$3$clock)
    );
    fp8_exact_dff1 stages1$4(
        .d(stages1$4$d),
        .q(stages1$4$q),
        .clock(stages1$4$clock)
    );
    fp8_exact_dff1 stages1$5(
        .d(stages1$5$d),
        .q(stages1$5$q),
        .clock(stages1$5$clock)
    );
    fp8_exact_dff1 stages1$6(
        .d(stages1$6$d),
        .q(stages1$6$q),
        .clock(stages1$6$clock)
    );
    fp8_exact_dff1 stages1$7(
        .d(stages1$7$d),
        .q(stages1$7$q),
        .clock(stages1$7$clock)
    );
    fp8_exact_dff1 stages1$8(
        .d(stages1$8$d),
        .q(stages1$8$q),
        .clock(stages1$8$clock)
    );
    fp8_exact_dff1 stages1$9(
        .d(stages1$9$d),
        .q(stages1$9$q),
        .clock(stages1$9$clock)
    );
    fp8_exact_dff1 stages1$10(
        .d(stages1$10$d),
        .q(stages1$10$q),
        .clock(stages1$10$clock)
    );
    fp8_exact_dff1 stages1$11(
        .d(stages1$11$d),
        .q(stages1$11$q),
        .clock(stages1$11$clock)
    );
    fp8_exact_dff1 stages1$12(
        .d(stages1$12$d),
        .q(stages1$12$q),
        .clock(stages1$12$clock)
    );
    fp8_exact_dff1 stages1$13(
        .d(stages1$13$d),
        .q(stages1$13$q),
        .clock(stages1$13$clock)
    );
    fp8_exact_dff1 stages1$14(
        .d(stages1$14$d),
        .q(stages1$14$q),
        .clock(stages1$14$clock)
    );
    fp8_exact_dff1 stages1$15(
        .d(stages1$15$d),
        .q(stages1$15$q),
        .clock(stages1$15$clock)
    );
    
    // Update code
    always @(*) begin
        taps$0 = inp;
        taps0$0 = flag0_in;
        taps1$0 = flag1_in;
        stages$0$clock = clk;
        stages0$0$clock = clk;
        stages1$0$clock = clk;
        stages$0$d = taps$0;
        stages0$0$d = taps0$0;
        stages1$0$d = taps1$0;
        taps$1 = stages$0$q;
        taps0$1 = stages0$0$q;
        taps1$1 = stages1$0$q;
        if (rst) begin
            stages0$0$d = 1'b0;
            stages1$0$d = 1'b0;
        end
        stages$1$clock = clk;
        stages0$1$clock = clk;
        stages1$1$clock = clk;
        stages$1$d = taps$1;
        stages0$1$d = taps0$1;
        stages1$1$d = taps1$1;
        taps$2 = stages$1$q;
        taps0$2 = stages0$1$q;
        taps1$2 = stages1$1$q;
        if (rst) begin
            stages0$1$d = 1'b0;
            stages1$1$d = 1'b0;
        end
        stages$2$clock = clk;
        stages0$2$clock = clk;
        stages1$2$clock = clk;
        stages$2$d = taps$2;
        stages0$2$d = taps0$2;
        stages1$2$d = taps1$2;
        taps$3 = stages$2$q;
        taps0$3 = stages0$2$q;
        taps1$3 = stages1$2$q;
        if (rst) begin
            stages0$2$d = 1'b0;
            stages1$2$d = 1'b0;
        end
        stages$3$clock = clk;
        stages0$3$clock = clk;
        stages1$3$clock = clk;
        stages$3$d = taps$3;
        stages0$3$d = taps0$3;
        stages1$3$d = taps1$3;
        taps$4 = stages$3$q;
        taps0$4 = stages0$3$q;
        taps1$4 = stages1$3$q;
        if (rst) begin
            stages0$3$d = 1'b0;
            stages1$3$d = 1'b0;
        end
        stages$4$clock = clk;
        stages0$4$clock = clk;
        stages1$4$clock = clk;
        stages$4$d = taps$4;
        stages0$4$d = taps0$4;
        stages1$4$d = taps1$4;
        taps$5 = stages$4$q;
        taps0$5 = stages0$4$q;
        taps1$5 = stages1$4$q;
        if (rst) begin
            stages0$4$d = 1'b0;
            stages1$4$d = 1'b0;
        end
        stages$5$clock = clk;
        stages0$5$clock = clk;
        stages1$5$clock = clk;
        stages$5$d = taps$5;
        stages0$5$d = taps0$5;
        stages1$5$d = taps1$5;
        taps$6 = stages$5$q;
        taps0$6 = stages0$5$q;
        taps1$6 = stages1$5$q;
        if (rst) begin
            stages0$5$d = 1'b0;
            stages1$5$d = 1'b0;
        end
        stages$6$clock = clk;
        stages0$6$clock = clk;
        stages1$6$clock = clk;
        stages$6$d = taps$6;
        stages0$6$d = taps0$6;
        stages1$6$d = taps1$6;
        taps$7 = stages$6$q;
        taps0$7 = stages0$6$q;
        taps1$7 = stages1$6$q;
        if (rst) begin
            stages0$6$d = 1'b0;
            stages1$6$d = 1'b0;
        end
        stages$7$clock = clk;
        stages0$7$clock = clk;
        stages1$7$clock = clk;
        stages$7$d = taps$7;
        stages0$7$d = taps0$7;
        stages1$7$d = taps1$7;
        taps$8 = stages$7$q;
        taps0$8 = stages0$7$q;
        taps1$8 = stages1$7$q;
        if (rst) begin
            stages0$7$d = 1'b0;
            stages1$7$d = 1'b0;
        end
        stages$8$clock = clk;
        stages0$8$clock = clk;
        stages1$8$clock = clk;
        stages$8$d = taps$8;
        stages0$8$d = taps0$8;
        stages1$8$d = taps1$8;
        taps$9 = stages$8$q;
        taps0$9 = stages0$8$q;
        taps1$9 = stages1$8$q;
        if (rst) begin
            stages0$8$d = 1'b0;
            stages1$8$d = 1'b0;
        end
        stages$9$clock = clk;
        stages0$9$clock = clk;
        stages1$9$clock = clk;
        stages$9$d = taps$9;
        stages0$9$d = taps0$9;
        stages1$9$d = taps1$9;
        taps$10 = stages$9$q;
        taps0$10 = stages0$9$q;
        taps1$10 = stages1$9$q;
        if (rst) begin
            stages0$9$d = 1'b0;
            stages1$9$d = 1'b0;
        end
        stages$10$clock = clk;
        stages0$10$clock = clk;
        stages1$10$clock = clk;
        stages$10$d = taps$10;
        stages0$10$d = taps0$10;
        stages1$10$d = taps1$10;
        taps$11 = stages$10$q;
        taps0$11 = stages0$10$q;
        taps1$11 = stages1$10$q;
        if (rst) begin
            stages0$10$d = 1'b0;
            stages1$10$d = 1'b0;
        end
        stages$11$clock = clk;
        stages0$11$clock = clk;
        stages1$11$clock = clk;
        stages$11$d = taps$11;
        stages0$11$d = taps0$11;
        stages1$11$d = taps1$11;
        taps$12 = stages$11$q;
        taps0$12 = stages0$11$q;
        taps1$12 = stages1$11$q;
        if (rst) begin
            stages0$11$d = 1'b0;
            stages1$11$d = 1'b0;
        end
        stages$12$clock = clk;
        stages0$12$clock = clk;
        stages1$12$clock = clk;
        stages$12$d = taps$12;
        stages0$12$d = taps0$12;
        stages1$12$d = taps1$12;
        taps$13 = stages$12$q;
        taps0$13 = stages0$12$q;
        taps1$13 = stages1$12$q;
        if (rst) begin
            stages0$12$d = 1'b0;
            stages1$12$d = 1'b0;
        end
        stages$13$clock = clk;
        stages0$13$clock = clk;
        stages1$13$clock = clk;
        stages$13$d = taps$13;
        stages0$13$d = taps0$13;
        stages1$13$d = taps1$13;
        taps$14 = stages$13$q;
        taps0$14 = stages0$13$q;
        taps1$14 = stages1$13$q;
        if (rst) begin
            stages0$13$d = 1'b0;
            stages1$13$d = 1'b0;
        end
        stages$14$clock = clk;
        stages0$14$clock = clk;
        stages1$14$clock = clk;
        stages$14$d = taps$14;
        stages0$14$d = taps0$14;
        stages1$14$d = taps1$14;
        taps$15 = stages$14$q;
        taps0$15 = stages0$14$q;
        taps1$15 = stages1$14$q;
        if (rst) begin
            stages0$14$d = 1'b0;
            stages1$14$d = 1'b0;
        end
        stages$15$clock = clk;
        stages0$15$clock = clk;
        stages1$15$clock = clk;
        stages$15$d = taps$15;
        stages0$15$d = taps0$15;
        stages1$15$d = taps1$15;
        taps$16 = stages$15$q;
        taps0$16 = stages0$15$q;
        taps1$16 = stages1$15$q;
        if (rst) begin
            stages0$15$d = 1'b0;
            stages1$15$d = 1'b0;
        end
        out = taps$16;
        flag0_out = taps0$16;
        flag1_out = taps1$16;
    end
    
endmodule // fp8_exact_done

module fp8_exact_skew16_d0(clk,rst,inp,flag0_in,flag1_in,out,flag0_out,flag1_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  [15:0] inp;
    input wire  flag0_in;
    input wire  flag1_in;
    output reg  [15:0] out;
    output reg  flag0_out;
    output reg  flag1_out;
    
    // Local signals
    reg  [15:0] taps$0;
    reg  taps0$0;
    reg  taps1$0;
    
    // Update code
    always @(*) begin
        taps$0 = inp;
        taps0$0 = flag0_in;
        taps1$0 = flag1_in;
        out = taps$0;
        flag0_out = taps0$0;
        flag1_out = taps1$0;
    end
    
endmodule // fp8_exact_skew16_d0

module fp8_exact_skew16_d1(clk,rst,inp,flag0_in,flag1_in,out,flag0_out,flag1_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  [15:0] inp;
    input wire  flag0_in;
    input wire  flag1_in;
    output reg  [15:0] out;
    output reg  flag0_out;
    output reg  flag1_out;
    
    // Stub signals
    reg  [15:0] stages$0$d;
    wire  [15:0] stages$0$q;
    reg  stages$0$clock;
    reg  stages0$0$d;
    wire  stages0$0$q;
    reg  stages0$0$clock;
    reg  stages1$0$d;
    wire  stages1$0$q;
    reg  stages1$0$clock;
    
    // Local signals
    reg  [15:0] taps$0;
    reg  [15:0] taps$1;
    reg  taps0$0;
    reg  taps0$1;
    reg  taps1$0;
    reg  taps1$1;
    
    // Sub module instances
    fp8_exact_dff16 stages$0(
        .d(stages$0$d),
        .q(stages$0$q),
        .clock(stages$0$clock)
    );
    fp8_exact_dff1 stages0$0(
        .d(stages0$0$d),
        .q(stages0$0$q),
        .clock(stages0$0$clock)
    );
    fp8_exact_dff1 stages1$0(
        .d(stages1$0$d),
        .q(stages1$0$q),
        .clock(stages1$0$clock)
    );
    
    // Update code
    always @(*) begin
        taps$0 = inp;
        taps0$0 = flag0_in;
        taps1$0 = flag1_in;
        stages$0$clock = clk;
        stages0$0$clock = clk;
        stages1$0$clock = clk;
        stages$0$d = taps$0;
        stages0$0$d = taps0$0;
        stages1$0$d = taps1$0;
        taps$1 = stages$0$q;
        taps0$1 = stages0$0$q;
        taps1$1 = stages1$0$q;
        if (rst) begin
            stages0$0$d = 1'b0;
            stages1$0$d = 1'b0;
        end
        out = taps$1;
        flag0_out = taps0$1;
        flag1_out = taps1$1;
    end
    
endmodule // fp8_exact_skew16_d1

module fp8_exact_skew16_d2(clk,rst,inp,flag0_in,flag1_in,out,flag0_out,flag1_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  [15:0] inp;
    input wire  flag0_in;
    input wire  flag1_in;
    output reg  [15:0] out;
    output reg  flag0_out;
    output reg  flag1_out;
    
    // Stub signals
    reg  [15:0] stages$0$d;
    wire  [15:0] stages$0$q;
    reg  stages$0$clock;
    reg  [15:0] stages$1$d;
    wire  [15:0] stages$1$q;
    reg  stages$1$clock;
    reg  stages0$0$d;
    wire  stages0$0$q;
    reg  stages0$0$clock;
    reg  stages0$1$d;
    wire  stages0$1$q;
    reg  stages0$1$clock;
    reg  stages1$0$d;
    wire  stages1$0$q;
    reg  stages1$0$clock;
    reg  stages1$1$d;
    wire  stages1$1$q;
    reg  stages1$1$clock;
    
    // Local signals
    reg  [15:0] taps$0;
    reg  [15:0] taps$1;
    reg  [15:0] taps$2;
    reg  taps0$0;
    reg  taps0$1;
    reg  taps0$2;
    reg  taps1$0;
    reg  taps1$1;
    reg  taps1$2;
    
    // Sub module instances
    fp8_exact_dff16 stages$0(
        .d(stages$0$d),
        .q(stages$0$q),
        .clock(stages$0$clock)
    );
    fp8_exact_dff16 stages$1(
        .d(stages$1$d),
        .q(stages$1$q),
        .clock(stages$1$clock)
    );
    fp8_exact_dff1 stages0$0(
        .d(stages0$0$d),
        .q(stages0$0$q),
        .clock(stages0$0$clock)
    );
    fp8_exact_dff1 stages0$1(
        .d(stages0$1$d),
        .q(stages0$1$q),
        .clock(stages0$1$clock)
    );
    fp8_exact_dff1 stages1$0(
        .d(stages1$0$d),
        .q(stages1$0$q),
        .clock(stages1$0$clock)
    );
    fp8_exact_dff1 stages1$1(
        .d(stages1$1$d),
        .q(stages1$1$q),
        .clock(stages1$1$clock)
    );
    
    // Update code
    always @(*) begin
        taps$0 = inp;
        taps0$0 = flag0_in;
        taps1$0 = flag1_in;
        stages$0$clock = clk;
        stages0$0$clock = clk;
        stages1$0$clock = clk;
        stages$0$d = taps$0;
        stages0$0$d = taps0$0;
        stages1$0$d = taps1$0;
        taps$1 = stages$0$q;
        taps0$1 = stages0$0$q;
        taps1$1 = stages1$0$q;
        if (rst) begin
            stages0$0$d = 1'b0;
            stages1$0$d = 1'b0;
        end
        stages$1$clock = clk;
        stages0$1$clock = clk;
        stages1$1$clock = clk;
        stages$1$d = taps$1;
        stages0$1$d = taps0$1;
        stages1$1$d = taps1$1;
        taps$2 = stages$1$q;
        taps0$2 = stages0$1$q;
        taps1$2 = stages1$1$q;
        if (rst) begin
            stages0$1$d = 1'b0;
            stages1$1$d = 1'b0;
        end
        out = taps$2;
        flag0_out = taps0$2;
        flag1_out = taps1$2;
    end
    
endmodule // fp8_exact_skew16_d2

module fp8_exact_skew16_d3(clk,rst,inp,flag0_in,flag1_in,out,flag0_out,flag1_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  [15:0] inp;
    input wire  flag0_in;
    input wire  flag1_in;
    output reg  [15:0] out;
    output reg  flag0_out;
    output reg  flag1_out;
    
    // Stub signals
    reg  [15:0] stages$0$d;
    wire  [15:0] stages$0$q;
    reg  stages$0$clock;
    reg  [15:0] stages$1$d;
    wire  [15:0] stages$1$q;
    reg  stages$1$clock;
    reg  [15:0] stages$2$d;
    wire  [15:0] stages$2$q;
    reg  stages$2$clock;
    reg  stages0$0$d;
    wire  stages0$0$q;
    reg  stages0$0$clock;
    reg  stages0$1$d;
    wire  stages0$1$q;
    reg  stages0$1$clock;
    reg  stages0$2$d;
    wire  stages0$2$q;
    reg  stages0$2$clock;
    reg  stages1$0$d;
    wire  stages1$0$q;
    reg  stages1$0$clock;
    reg  stages1$1$d;
    wire  stages1$1$q;
    reg  stages1$1$clock;
    reg  stages1$2$d;
    wire  stages1$2$q;
    reg  stages1$2$clock;
    
    // Local signals
    reg  [15:0] taps$0;
    reg  [15:0] taps$1;
    reg  [15:0] taps$2;
    reg  [15:0] taps$3;
    reg  taps0$0;
    reg  taps0$1;
    reg  taps0$2;
    reg  taps0$3;
    reg  taps1$0;
    reg  taps1$1;
    reg  taps1$2;
    reg  taps1$3;
    
    // Sub module instances
    fp8_exact_dff16 stages$0(
        .d(stages$0$d),
        .q(stages$0$q),
        .clock(stages$0$clock)
    );
    fp8_exact_dff16 stages$1(
        .d(stages$1$d),
        .q(stages$1$q),
        .clock(stages$1$clock)
    );
    fp8_exact_dff16 stages$2(
        .d(stages$2$d),
        .q(stages$2$q),
        .clock(stages$2$clock)
    );
    fp8_exact_dff1 stages0$0(
        .d(stages0$0$d),
        .q(stages0$0$q),
        .clock(stages0$0$clock)
    );
    fp8_exact_dff1 stages0$1(
        .d(stages0$1$d),
        .q(stages0$1$q),
        .clock(stages0$1$clock)
    );
    fp8_exact_dff1 stages0$2(
        .d(stages0$2$d),
        .q(stages0$2$q),
        .clock(stages0$2$clock)
    );
    fp8_exact_dff1 stages1$0(
        .d(stages1$0$d),
        .q(stages1$0$q),
        .clock(stages1$0$clock)
    );
    fp8_exact_dff1 stages1$1(
        .d(stages1$1$d),
        .q(stages1$1$q),
        .clock(stages1$1$clock)
    );
    fp8_exact_dff1 stages1$2(
        .d(stages1$2$d),
        .q(stages1$2$q),
        .clock(stages1$2$clock)
    );
    
    // Update code
    always @(*) begin
        taps$0 = inp;
        taps0$0 = flag0_in;
        taps1$0 = flag1_in;
        stages$0$clock = clk;
        stages0$0$clock = clk;
        stages1$0$clock = clk;
        stages$0$d = taps$0;
        stages0$0$d = taps0$0;
        stages1$0$d = taps1$0;
        taps$1 = stages$0$q;
        taps0$1 = stages0$0$q;
        taps1$1 = stages1$0$q;
        if (rst) begin
            stages0$0$d = 1'b0;
            stages1$0$d = 1'b0;
        end
        stages$1$clock = clk;
        stages0$1$clock = clk;
        stages1$1$clock = clk;
        stages$1$d = taps$1;
        stages0$1$d = taps0$1;
        stages1$1$d = taps1$1;
        taps$2 = stages$1$q;
        taps0$2 = stages0$1$q;
        taps1$2 = stages1$1$q;
        if (rst) begin
            stages0$1$d = 1'b0;
            stages1$1$d = 1'b0;
        end
        stages$2$clock = clk;
        stages0$2$clock = clk;
        stages1$2$clock = clk;
        stages$2$d = taps$2;
        stages0$2$d = taps0$2;
        stages1$2$d = taps1$2;
        taps$3 = stages$2$q;
        taps0$3 = stages0$2$q;
        taps1$3 = stages1$2$q;
        if (rst) begin
            stages0$2$d = 1'b0;
            stages1$2$d = 1'b0;
        end
        out = taps$3;
        flag0_out = taps0$3;
        flag1_out = taps1$3;
    end
    
endmodule // fp8_exact_skew16_d3

module fp8_exact_skew32_d0(clk,rst,inp,flag0_in,flag1_in,out,flag0_out,flag1_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  [31:0] inp;
    input wire  flag0_in;
    input wire  flag1_in;
    output reg  [31:0] out;
    output reg  flag0_out;
    output reg  flag1_out;
    
    // Local signals
    reg  [31:0] taps$0;
    reg  taps0$0;
    reg  taps1$0;
    
    // Update code
    always @(*) begin
        taps$0 = inp;
        taps0$0 = flag0_in;
        taps1$0 = flag1_in;
        out = taps$0;
        flag0_out = taps0$0;
        flag1_out = taps1$0;
    end
    
endmodule // fp8_exact_skew32_d0

module fp8_exact_skew32_d1(clk,rst,inp,flag0_in,flag1_in,out,flag0_out,flag1_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  [31:0] inp;
    input wire  flag0_in;
    input wire  flag1_in;
    output reg  [31:0] out;
    output reg  flag0_out;
    output reg  flag1_out;
    
    // Stub signals
    reg  [31:0] stages$0$d;
    wire  [31:0] stages$0$q;
    reg  stages$0$clock;
    reg  stages0$0$d;
    wire  stages0$0$q;
    reg  stages0$0$clock;
    reg  stages1$0$d;
    wire  stages1$0$q;
    reg  stages1$0$clock;
    
    // Local signals
    reg  [31:0] taps$0;
    reg  [31:0] taps$1;
    reg  taps0$0;
    reg  taps0$1;
    reg  taps1$0;
    reg  taps1$1;
    
    // Sub module instances
    fp8_exact_dff32 stages$0(
        .d(stages$0$d),
        .q(stages$0$q),
        .clock(stages$0$clock)
    );
    fp8_exact_dff1 stages0$0(
        .d(stages0$0$d),
        .q(stages0$0$q),
        .clock(stages0$0$clock)
    );
    fp8_exact_dff1 stages1$0(
        .d(stages1$0$d),
        .q(stages1$0$q),
        .clock(stages1$0$clock)
    );
    
    // Update code
    always @(*) begin
        taps$0 = inp;
        taps0$0 = flag0_in;
        taps1$0 = flag1_in;
        stages$0$clock = clk;
        stages0$0$clock = clk;
        stages1$0$clock = clk;
        stages$0$d = taps$0;
        stages0$0$d = taps0$0;
        stages1$0$d = taps1$0;
        taps$1 = stages$0$q;
        taps0$1 = stages0$0$q;
        taps1$1 = stages1$0$q;
        if (rst) begin
            stages0$0$d = 1'b0;
            stages1$0$d = 1'b0;
        end
        out = taps$1;
        flag0_out = taps0$1;
        flag1_out = taps1$1;
    end
    
endmodule // fp8_exact_skew32_d1

module fp8_exact_skew32_d2(clk,rst,inp,flag0_in,flag1_in,out,flag0_out,flag1_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  [31:0] inp;
    input wire  flag0_in;
    input wire  flag1_in;
    output reg  [31:0] out;
    output reg  flag0_out;
    output reg  flag1_out;
    
    // Stub signals
    reg  [31:0] stages$0$d;
    wire  [31:0] stages$0$q;
    reg  stages$0$clock;
    reg  [31:0] stages$1$d;
    wire  [31:0] stages$1$q;
    reg  stages$1$clock;
    reg  stages0$0$d;
    wire  stages0$0$q;
    reg  stages0$0$clock;
    reg  stages0$1$d;
    wire  stages0$1$q;
    reg  stages0$1$clock;
    reg  stages1$0$d;
    wire  stages1$0$q;
    reg  stages1$0$clock;
    reg  stages1$1$d;
    wire  stages1$1$q;
    reg  stages1$1$clock;
    
    // Local signals
    reg  [31:0] taps$0;
    reg  [31:0] taps$1;
    reg  [31:0] taps$2;
    reg  taps0$0;
    reg  taps0$1;
    reg  taps0$2;
    reg  taps1$0;
    reg  taps1$1;
    reg  taps1$2;
    
    // Sub module instances
    fp8_exact_dff32 stages$0(
        .d(stages$0$d),
        .q(stages$0$q),
        .clock(stages$0$clock)
    );
    fp8_exact_dff32 stages$1(
        .d(stages$1$d),
        .q(stages$1$q),
        .clock(stages$1$clock)
    );
    fp8_exact_dff1 stages0$0(
        .d(stages0$0$d),
        .q(stages0$0$q),
        .clock(stages0$0$clock)
    );
    fp8_exact_dff1 stages0$1(
        .d(stages0$1$d),
        .q(stages0$1$q),
        .clock(stages0$1$clock)
    );
    fp8_exact_dff1 stages1$0(
        .d(stages1$0$d),
        .q(stages1$0$q),
        .clock(stages1$0$clock)
    );
    fp8_exact_dff1 stages1$1(
        .d(stages1$1$d),
        .q(stages1$1$q),
        .clock(stages1$1$clock)
    );
    
    // Update code
    always @(*) begin
        taps$0 = inp;
        taps0$0 = flag0_in;
        taps1$0 = flag1_in;
        stages$0$clock = clk;
        stages0$0$clock = clk;
        stages1$0$clock = clk;
        stages$0$d = taps$0;
        stages0$0$d = taps0$0;
        stages1$0$d = taps1$0;
        taps$1 = stages$0$q;
        taps0$1 = stages0$0$q;
        taps1$1 = stages1$0$q;
        if (rst) begin
            stages0$0$d = 1'b0;
            stages1$0$d = 1'b0;
        end
        stages$1$clock = clk;
        stages0$1$clock = clk;
        stages1$1$clock = clk;
        stages$1$d = taps$1;
        stages0$1$d = taps0$1;
        stages1$1$d = taps1$1;
        taps$2 = stages$1$q;
        taps0$2 = stages0$1$q;
        taps1$2 = stages1$1$q;
        if (rst) begin
            stages0$1$d = 1'b0;
            stages1$1$d = 1'b0;
        end
        out = taps$2;
        flag0_out = taps0$2;
        flag1_out = taps1$2;
    end
    
endmodule // fp8_exact_skew32_d2

module fp8_exact_skew32_d3(clk,rst,inp,flag0_in,flag1_in,out,flag0_out,flag1_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  [31:0] inp;
    input wire  flag0_in;
    input wire  flag1_in;
    output reg  [31:0] out;
    output reg  flag0_out;
    output reg  flag1_out;
    
    // Stub signals
    reg  [31:0] stages$0$d;
    wire  [31:0] stages$0$q;
    reg  stages$0$clock;
    reg  [31:0] stages$1$d;
    wire  [31:0] stages$1$q;
    reg  stages$1$clock;
    reg  [31:0] stages$2$d;
    wire  [31:0] stages$2$q;
    reg  stages$2$clock;
    reg  stages0$0$d;
    wire  stages0$0$q;
    reg  stages0$0$clock;
    reg  stages0$1$d;
    wire  stages0$1$q;
    reg  stages0$1$clock;
    reg  stages0$2$d;
    wire  stages0$2$q;
    reg  stages0$2$clock;
    reg  stages1$0$d;
    wire  stages1$0$q;
    reg  stages1$0$clock;
    reg  stages1$1$d;
    wire  stages1$1$q;
    reg  stages1$1$clock;
    reg  stages1$2$d;
    wire  stages1$2$q;
    reg  stages1$2$clock;
    
    // Local signals
    reg  [31:0] taps$0;
    reg  [31:0] taps$1;
    reg  [31:0] taps$2;
    reg  [31:0] taps$3;
    reg  taps0$0;
    reg  taps0$1;
    reg  taps0$2;
    reg  taps0$3;
    reg  taps1$0;
    reg  taps1$1;
    reg  taps1$2;
    reg  taps1$3;
    
    // Sub module instances
    fp8_exact_dff32 stages$0(
        .d(stages$0$d),
        .q(stages$0$q),
        .clock(stages$0$clock)
    );
    fp8_exact_dff32 stages$1(
        .d(stages$1$d),
        .q(stages$1$q),
        .clock(stages$1$clock)
    );
    fp8_exact_dff32 stages$2(
        .d(stages$2$d),
        .q(stages$2$q),
        .clock(stages$2$clock)
    );
    fp8_exact_dff1 stages0$0(
        .d(stages0$0$d),
        .q(stages0$0$q),
        .clock(stages0$0$clock)
    );
    fp8_exact_dff1 stages0$1(
        .d(stages0$1$d),
        .q(stages0$1$q),
        .clock(stages0$1$clock)
    );
    fp8_exact_dff1 stages0$2(
        .d(stages0$2$d),
        .q(stages0$2$q),
        .clock(stages0$2$clock)
    );
    fp8_exact_dff1 stages1$0(
        .d(stages1$0$d),
        .q(stages1$0$q),
        .clock(stages1$0$clock)
    );
    fp8_exact_dff1 stages1$1(
        .d(stages1$1$d),
        .q(stages1$1$q),
        .clock(stages1$1$clock)
    );
    fp8_exact_dff1 stages1$2(
        .d(stages1$2$d),
        .q(stages1$2$q),
        .clock(stages1$2$clock)
    );
    
    // Update code
    always @(*) begin
        taps$0 = inp;
        taps0$0 = flag0_in;
        taps1$0 = flag1_in;
        stages$0$clock = clk;
        stages0$0$clock = clk;
        stages1$0$clock = clk;
        stages$0$d = taps$0;
        stages0$0$d = taps0$0;
        stages1$0$d = taps1$0;
        taps$1 = stages$0$q;
        taps0$1 = stages0$0$q;
        taps1$1 = stages1$0$q;
        if (rst) begin
            stages0$0$d = 1'b0;
            stages1$0$d = 1'b0;
        end
        stages$1$clock = clk;
        stages0$1$clock = clk;
        stages1$1$clock = clk;
        stages$1$d = taps$1;
        stages0$1$d = taps0$1;
        stages1$1$d = taps1$1;
        taps$2 = stages$1$q;
        taps0$2 = stages0$1$q;
        taps1$2 = stages1$1$q;
        if (rst) begin
            stages0$1$d = 1'b0;
            stages1$1$d = 1'b0;
        end
        stages$2$clock = clk;
        stages0$2$clock = clk;
        stages1$2$clock = clk;
        stages$2$d = taps$2;
        stages0$2$d = taps0$2;
        stages1$2$d = taps1$2;
        taps$3 = stages$2$q;
        taps0$3 = stages0$2$q;
        taps1$3 = stages1$2$q;
        if (rst) begin
            stages0$2$d = 1'b0;
            stages1$2$d = 1'b0;
        end
        out = taps$3;
        flag0_out = taps0$3;
        flag1_out = taps1$3;
    end
    
endmodule // fp8_exact_skew32_d3

module fp8_exact_skew8_d0(clk,rst,inp,flag0_in,flag1_in,out,flag0_out,flag1_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  [7:0] inp;
    input wire  flag0_in;
    input wire  flag1_in;
    output reg  [7:0] out;
    output reg  flag0_out;
    output reg  flag1_out;
    
    // Local signals
    reg  [7:0] taps$0;
    reg  taps0$0;
    reg  taps1$0;
    
    // Update code
    always @(*) begin
        taps$0 = inp;
        taps0$0 = flag0_in;
        taps1$0 = flag1_in;
        out = taps$0;
        flag0_out = taps0$0;
        flag1_out = taps1$0;
    end
    
endmodule // fp8_exact_skew8_d0

module fp8_exact_skew8_d1(clk,rst,inp,flag0_in,flag1_in,out,flag0_out,flag1_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  [7:0] inp;
    input wire  flag0_in;
    input wire  flag1_in;
    output reg  [7:0] out;
    output reg  flag0_out;
    output reg  flag1_out;
    
    // Stub signals
    reg  [7:0] stages$0$d;
    wire  [7:0] stages$0$q;
    reg  stages$0$clock;
    reg  stages0$0$d;
    wire  stages0$0$q;
    reg  stages0$0$clock;
    reg  stages1$0$d;
    wire  stages1$0$q;
    reg  stages1$0$clock;
    
    // Local signals
    reg  [7:0] taps$0;
    reg  [7:0] taps$1;
    reg  taps0$0;
    reg  taps0$1;
    reg  taps1$0;
    reg  taps1$1;
    
    // Sub module instances
    fp8_exact_dff8 stages$0(
        .d(stages$0$d),
        .q(stages$0$q),
        .clock(stages$0$clock)
    );
    fp8_exact_dff1 stages0$0(
        .d(stages0$0$d),
        .q(stages0$0$q),
        .clock(stages0$0$clock)
    );
    fp8_exact_dff1 stages1$0(
        .d(stages1$0$d),
        .q(stages1$0$q),
        .clock(stages1$0$clock)
    );
    
    // Update code
    always @(*) begin
        taps$0 = inp;
        taps0$0 = flag0_in;
        taps1$0 = flag1_in;
        stages$0$clock = clk;
        stages0$0$clock = clk;
        stages1$0$clock = clk;
        stages$0$d = taps$0;
        stages0$0$d = taps0$0;
        stages1$0$d = taps1$0;
        taps$1 = stages$0$q;
        taps0$1 = stages0$0$q;
        taps1$1 = stages1$0$q;
        if (rst) begin
            stages0$0$d = 1'b0;
            stages1$0$d = 1'b0;
        end
        out = taps$1;
        flag0_out = taps0$1;
        flag1_out = taps1$1;
    end
    
endmodule // fp8_exact_skew8_d1

module fp8_exact_skew8_d2(clk,rst,inp,flag0_in,flag1_in,out,flag0_out,flag1_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  [7:0] inp;
    input wire  flag0_in;
    input wire  flag1_in;
    output reg  [7:0] out;
    output reg  flag0_out;
    output reg  flag1_out;
    
    // Stub signals
    reg  [7:0] stages$0$d;
    wire  [7:0] stages$0$q;
    reg  stages$0$clock;
    reg  [7:0] stages$1$d;
    wire  [7:0] stages$1$q;
    reg  stages$1$clock;
    reg  stages0$0$d;
    wire  stages0$0$q;
    reg  stages0$0$clock;
    reg  stages0$1$d;
    wire  stages0$1$q;
    reg  stages0$1$clock;
    reg  stages1$0$d;
    wire  stages1$0$q;
    reg  stages1$0$clock;
    reg  stages1$1$d;
    wire  stages1$1$q;
    reg  stages1$1$clock;
    
    // Local signals
    reg  [7:0] taps$0;
    reg  [7:0] taps$1;
    reg  [7:0] taps$2;
    reg  taps0$0;
    reg  taps0$1;
    reg  taps0$2;
    reg  taps1$0;
    reg  taps1$1;
    reg  taps1$2;
    
    // Sub module instances
    fp8_exact_dff8 stages$0(
        .d(stages$0$d),
        .q(stages$0$q),
        .clock(stages$0$clock)
    );
    fp8_exact_dff8 stages$1(
        .d(stages$1$d),
        .q(stages$1$q),
        .clock(stages$1$clock)
    );
    fp8_exact_dff1 stages0$0(
        .d(stages0$0$d),
        .q(stages0$0$q),
        .clock(stages0$0$clock)
    );
    fp8_exact_dff1 stages0$1(
        .d(stages0$1$d),
        .q(stages0$1$q),
        .clock(stages0$1$clock)
    );
    fp8_exact_dff1 stages1$0(
        .d(stages1$0$d),
        .q(stages1$0$q),
        .clock(stages1$0$clock)
    );
    fp8_exact_dff1 stages1$1(
        .d(stages1$1$d),
        .q(stages1$1$q),
        .clock(stages1$1$clock)
    );
    
    // Update code
    always @(*) begin
        taps$0 = inp;
        taps0$0 = flag0_in;
        taps1$0 = flag1_in;
        stages$0$clock = clk;
        stages0$0$clock = clk;
        stages1$0$clock = clk;
        stages$0$d = taps$0;
        stages0$0$d = taps0$0;
        stages1$0$d = taps1$0;
        taps$1 = stages$0$q;
        taps0$1 = stages0$0$q;
        taps1$1 = stages1$0$q;
        if (rst) begin
            stages0$0$d = 1'b0;
            stages1$0$d = 1'b0;
        end
        stages$1$clock = clk;
        stages0$1$clock = clk;
        stages1$1$clock = clk;
        stages$1$d = taps$1;
        stages0$1$d = taps0$1;
        stages1$1$d = taps1$1;
        taps$2 = stages$1$q;
        taps0$2 = stages0$1$q;
        taps1$2 = stages1$1$q;
        if (rst) begin
            stages0$1$d = 1'b0;
            stages1$1$d = 1'b0;
        end
        out = taps$2;
        flag0_out = taps0$2;
        flag1_out = taps1$2;
    end
    
endmodule // fp8_exact_skew8_d2

module fp8_exact_skew8_d3(clk,rst,inp,flag0_in,flag1_in,out,flag0_out,flag1_out);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  [7:0] inp;
    input wire  flag0_in;
    input wire  flag1_in;
    output reg  [7:0] out;
    output reg  flag0_out;
    output reg  flag1_out;
    
    // Stub signals
    reg  [7:0] stages$0$d;
    wire  [7:0] stages$0$q;
    reg  stages$0$clock;
    reg  [7:0] stages$1$d;
    wire  [7:0] stages$1$q;
    reg  stages$1$clock;
    reg  [7:0] stages$2$d;
    wire  [7:0] stages$2$q;
    reg  stages$2$clock;
    reg  stages0$0$d;
    wire  stages0$0$q;
    reg  stages0$0$clock;
    reg  stages0$1$d;
    wire  stages0$1$q;
    reg  stages0$1$clock;
    reg  stages0$2$d;
    wire  stages0$2$q;
    reg  stages0$2$clock;
    reg  stages1$0$d;
    wire  stages1$0$q;
    reg  stages1$0$clock;
    reg  stages1$1$d;
    wire  stages1$1$q;
    reg  stages1$1$clock;
    reg  stages1$2$d;
    wire  stages1$2$q;
    reg  stages1$2$clock;
    
    // Local signals
    reg  [7:0] taps$0;
    reg  [7:0] taps$1;
    reg  [7:0] taps$2;
    reg  [7:0] taps$3;
    reg  taps0$0;
    reg  taps0$1;
    reg  taps0$2;
    reg  taps0$3;
    reg  taps1$0;
    reg  taps1$1;
    reg  taps1$2;
    reg  taps1$3;
    
    // Sub module instances
    fp8_exact_dff8 stages$0(
        .d(stages$0$d),
        .q(stages$0$q),
        .clock(stages$0$clock)
    );
    fp8_exact_dff8 stages$1(
        .d(stages$1$d),
        .q(stages$1$q),
        .clock(stages$1$clock)
    );
    fp8_exact_dff8 stages$2(
        .d(stages$2$d),
        .q(stages$2$q),
        .clock(stages$2$clock)
    );
    fp8_exact_dff1 stages0$0(
        .d(stages0$0$d),
        .q(stages0$0$q),
        .clock(stages0$0$clock)
    );
    fp8_exact_dff1 stages0$1(
        .d(stages0$1$d),
        .q(stages0$1$q),
        .clock(stages0$1$clock)
    );
    fp8_exact_dff1 stages0$2(
        .d(stages0$2$d),
        .q(stages0$2$q),
        .clock(stages0$2$clock)
    );
    fp8_exact_dff1 stages1$0(
        .d(stages1$0$d),
        .q(stages1$0$q),
        .clock(stages1$0$clock)
    );
    fp8_exact_dff1 stages1$1(
        .d(stages1$1$d),
        .q(stages1$1$q),
        .clock(stages1$1$clock)
    );
    fp8_exact_dff1 stages1$2(
        .d(stages1$2$d),
        .q(stages1$2$q),
        .clock(stages1$2$clock)
    );
    
    // Update code
    always @(*) begin
        taps$0 = inp;
        taps0$0 = flag0_in;
        taps1$0 = flag1_in;
        stages$0$clock = clk;
        stages0$0$clock = clk;
        stages1$0$clock = clk;
        stages$0$d = taps$0;
        stages0$0$d = taps0$0;
        stages1$0$d = taps1$0;
        taps$1 = stages$0$q;
        taps0$1 = stages0$0$q;
        taps1$1 = stages1$0$q;
        if (rst) begin
            stages0$0$d = 1'b0;
            stages1$0$d = 1'b0;
        end
        stages$1$clock = clk;
        stages0$1$clock = clk;
        stages1$1$clock = clk;
        stages$1$d = taps$1;
        stages0$1$d = taps0$1;
        stages1$1$d = taps1$1;
        taps$2 = stages$1$q;
        taps0$2 = stages0$1$q;
        taps1$2 = stages1$1$q;
        if (rst) begin
            stages0$1$d = 1'b0;
            stages1$1$d = 1'b0;
        end
        stages$2$clock = clk;
        stages0$2$clock = clk;
        stages1$2$clock = clk;
        stages$2$d = taps$2;
        stages0$2$d = taps0$2;
        stages1$2$d = taps1$2;
        taps$3 = stages$2$q;
        taps0$3 = stages0$2$q;
        taps1$3 = stages1$2$q;
        if (rst) begin
            stages0$2$d = 1'b0;
            stages1$2$d = 1'b0;
        end
        out = taps$3;
        flag0_out = taps0$3;
        flag1_out = taps1$3;
    end
    
endmodule // fp8_exact_skew8_d3

module fp8_exact_store(clk,rst,read,read_data,write,write_data);
    
    // Module arguments
    input wire  clk;
    input wire  rst;
    input wire  read;
    output reg  [15:0] read_data;
    input wire  write;
    input wire  [15:0] write_data;
    
    // Update code (custom)
    reg [15:0] mem [0:15];
    reg [3:0] rd_at;
    reg [3:0] wr_at;
    
    always @(posedge clk) begin
       if (read) read_data <= mem[rd_at];
       if (write) mem[wr_at] <= write_data;
    end
    
    always @(posedge clk) begin
       if (rst) begin
          rd_at <= 4'd0;
          wr_at <= 4'd0;
       end else begin
          if (read) rd_at <= (rd_at == 4'd15) ? 4'd0 : rd_at + 4'd1;
          if (write) wr_at <= (wr_at == 4'd15) ? 4'd0 : wr_at + 4'd1;
       end
    end
endmodule // fp8_exact_store
