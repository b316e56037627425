// Verilator harness for fp8_systolic and fp8_systolic_exact (clocked): runs cycle schedules
// streamed by fp8mac.
//
// The port glue for one array is generated beside this file as ports.h: the model's header
// and type Top, FRAME_BYTES, Y_BYTES, configure(top, scale_exp), apply(top, frame) and
// sample(top, y).
//
//   'S' fmt_a:u8 fmt_b:u8 sr:u8 scale_exp:i8 -> nothing (configuration for the next runs)
//   'F' n:u32, then n frames of FRAME_BYTES -> n x Y_BYTES
//        each frame: its inputs are applied with clk low, y is sampled (the value during that
//        cycle), then one rising and one falling edge of clk.
#include "verilated.h"
#include "stream.h"
#include <cstring>

static inline uint32_t rd32(const uint8_t* p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline void wr32(uint8_t* p, uint32_t v) { memcpy(p, &v, 4); }

#include "ports.h"

int main(int argc, char** argv) {
    Verilated::commandArgs(argc, argv);
    Top top;
    top.clk = 0;
    top.eval();
    uint8_t kind;
    while (read_exact(&kind, 1)) {
        if (kind == 'S') {
            top.fmt_a = read_value<uint8_t>();
            top.fmt_b = read_value<uint8_t>();
            top.sr = read_value<uint8_t>();
            configure(top, read_value<uint8_t>());
        } else if (kind == 'F') {
            uint32_t n = read_value<uint32_t>();
            std::vector<uint8_t> frames((size_t)n * FRAME_BYTES);
            if (n && !read_exact(frames.data(), frames.size())) return 2;
            std::vector<uint8_t> y((size_t)n * Y_BYTES);
            for (uint32_t i = 0; i < n; i++) {
                apply(top, &frames[(size_t)i * FRAME_BYTES]);
                top.clk = 0;
                top.eval();
                sample(top, &y[(size_t)i * Y_BYTES]);
                top.clk = 1;
                top.eval();
            }
            write_all(y);
        } else {
            fprintf(stderr, "fp8_systolic_tb: unknown request '%c'\n", kind);
            return 2;
        }
    }
    top.final();
    return 0;
}
