// Verilator harness for fp16_to_fp8 (combinational): evaluates requests streamed by fp8mac.
//
//   'B' fmt:u8 sr:u8 sat:u8 [rnd:u32 x 65536 if sr]
//        -> y:u8 x 65536, for every FP16 input x in order
//   'V' n:u32, then n records {x:u16 fmt:u8 sr:u8 sat:u8 pad:u8[3] rnd:u32}
//        -> y:u8 x n
#include "Vfp16_to_fp8.h"
#include "verilated.h"
#include "stream.h"

struct Vector {
    uint16_t x;
    uint8_t fmt, sr, sat, pad[3];
    uint32_t rnd;
};
static_assert(sizeof(Vector) == 12, "packed record");

int main(int argc, char** argv) {
    Verilated::commandArgs(argc, argv);
    Vfp16_to_fp8 top;
    uint8_t kind;
    while (read_exact(&kind, 1)) {
        if (kind == 'B') {
            uint8_t fmt = read_value<uint8_t>(), sr = read_value<uint8_t>(), sat = read_value<uint8_t>();
            std::vector<uint32_t> rnd(sr ? 65536 : 0);
            if (sr && !read_exact(rnd.data(), rnd.size() * 4)) return 2;
            std::vector<uint8_t> y(65536);
            top.fmt = fmt; top.sr = sr; top.sat = sat; top.rnd = 0;
            for (uint32_t i = 0; i < 65536; i++) {
                top.x = i;
                if (sr) top.rnd = rnd[i];
                top.eval();
                y[i] = top.y;
            }
            write_all(y);
        } else if (kind == 'V') {
            uint32_t n = read_value<uint32_t>();
            std::vector<Vector> v(n);
            if (n && !read_exact(v.data(), n * sizeof(Vector))) return 2;
            std::vector<uint8_t> y(n);
            for (uint32_t i = 0; i < n; i++) {
                top.x = v[i].x; top.fmt = v[i].fmt; top.sr = v[i].sr; top.sat = v[i].sat; top.rnd = v[i].rnd;
                top.eval();
                y[i] = top.y;
            }
            write_all(y);
        } else {
            fprintf(stderr, "fp16_to_fp8_tb: unknown request '%c'\n", kind);
            return 2;
        }
    }
    top.final();
    return 0;
}
