// Binary request/response plumbing shared by the Verilator harnesses.
//
// The harness reads requests from stdin and answers on stdout, little-endian, until EOF.
// Each request starts with one ASCII byte naming its kind; see each harness for the rest.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

// Reads exactly n bytes or reports whether stdin ended cleanly before the first byte.
static bool read_exact(void* dst, size_t n) {
    size_t got = fread(dst, 1, n, stdin);
    if (got == n) return true;
    if (got == 0 && feof(stdin)) return false;
    fprintf(stderr, "harness: truncated request (%zu of %zu bytes)\n", got, n);
    exit(2);
}

template <typename T> static T read_value() {
    T v;
    if (!read_exact(&v, sizeof v)) {
        fprintf(stderr, "harness: truncated request\n");
        exit(2);
    }
    return v;
}

template <typename T> static void write_all(const std::vector<T>& v) {
    if (fwrite(v.data(), sizeof(T), v.size(), stdout) != v.size()) exit(3);
    fflush(stdout);
}
