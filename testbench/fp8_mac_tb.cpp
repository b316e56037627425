// Verilator harness for fp8_mac (combinational): evaluates requests streamed by fp8mac.
//
//   'B' fmt_a:u8 fmt_b:u8 c:u16 sr:u8 [rnd:u32 x 65536 if sr]
//        -> y:u16 x 65536, for every (a, b) in the order a << 8 | b
//   'V' n:u32, then n records {a:u8 fmt_a:u8 b:u8 fmt_b:u8 c:u16 sr:u8 pad:u8 rnd:u32}
//        -> y:u16 x n
#include "Vfp8_mac.h"
#include "verilated.h"
#include "stream.h"

struct Vector {
    uint8_t a, fmt_a, b, fmt_b;
    uint16_t c;
    uint8_t sr, pad;
    uint32_t rnd;
};
static_assert(sizeof(Vector) == 12, "packed record");

int main(int argc, char** argv) {
    Verilated::commandArgs(argc, argv);
    Vfp8_mac top;
    uint8_t kind;
    while (read_exact(&kind, 1)) {
        if (kind == 'B') {
            uint8_t fmt_a = read_value<uint8_t>(), fmt_b = read_value<uint8_t>();
            uint16_t c = read_value<uint16_t>();
            uint8_t sr = read_value<uint8_t>();
            std::vector<uint32_t> rnd(sr ? 65536 : 0);
            if (sr && !read_exact(rnd.data(), rnd.size() * 4)) return 2;
            std::vector<uint16_t> y(65536);
            top.fmt_a = fmt_a; top.fmt_b = fmt_b; top.c = c; top.sr = sr; top.rnd = 0;
            for (uint32_t i = 0; i < 65536; i++) {
                top.a = i >> 8; top.b = i & 0xFF;
                if (sr) top.rnd = rnd[i];
                top.eval();
                y[i] = top.y;
            }
            write_all(y);
        } else if (kind == 'V') {
            uint32_t n = read_value<uint32_t>();
            std::vector<Vector> v(n);
            if (n && !read_exact(v.data(), n * sizeof(Vector))) return 2;
            std::vector<uint16_t> y(n);
            for (uint32_t i = 0; i < n; i++) {
                top.a = v[i].a; top.fmt_a = v[i].fmt_a; top.b = v[i].b; top.fmt_b = v[i].fmt_b;
                top.c = v[i].c; top.sr = v[i].sr; top.rnd = v[i].rnd;
                top.eval();
                y[i] = top.y;
            }
            write_all(y);
        } else {
            fprintf(stderr, "fp8_mac_tb: unknown request '%c'\n", kind);
            return 2;
        }
    }
    top.final();
    return 0;
}
