# fp8mac: the README's two commands are `make demo` and `make test`.
# Both install what they need first (Debian packages via apt-get), skipping what is there.

CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends

.PHONY: demo test setup

# gcc/g++ build SoftFloat (and, later, Verilator models); make drives Verilator's build.
setup:
	@need=""; \
	for tool in cc:gcc c++:g++ make:make; do \
	  command -v $${tool%%:*} >/dev/null || need="$$need $${tool##*:}"; \
	done; \
	if [ -n "$$need" ]; then \
	  echo "setup: installing$$need"; \
	  $(SUDO) apt-get update -qq && $(APT_INSTALL) $$need; \
	fi

demo: setup
	$(CARGO) run --release --quiet -- verify
	$(CARGO) run --release --quiet -- bench

test: setup
	$(CARGO) test --release
