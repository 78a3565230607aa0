# Two commands do everything on a fresh machine: `make run` and `make test`.
# Both install missing system packages first, then build with optimisation (numeric code
# is 10-50x slower in debug builds).

SWIFT ?= swift
CONFIG ?= release
BUILD_FLAGS = -c $(CONFIG)
BIN = $(shell $(SWIFT) build $(BUILD_FLAGS) --show-bin-path 2>/dev/null)/attn
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup build run test notebooks docs fuzz fuzz-smoke bench bench-kernels clean fixtures render-deps \
	kernel-deps kernel-test

# Installs libedit-dev, libopenblas-dev, zlib1g-dev, libzmq3-dev and libicu-dev when
# pkg-config cannot find them.
setup:
	@missing=""; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	pkg-config --exists libedit 2>/dev/null || missing="$$missing libedit-dev"; \
	pkg-config --exists openblas 2>/dev/null || missing="$$missing libopenblas-dev"; \
	pkg-config --exists zlib 2>/dev/null || missing="$$missing zlib1g-dev"; \
	pkg-config --exists icu-uc 2>/dev/null || missing="$$missing libicu-dev"; \
	pkg-config --exists libzmq 2>/dev/null || missing="$$missing libzmq3-dev"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: setup
	$(SWIFT) build $(BUILD_FLAGS)

# `make run` starts the REPL; `make run FILE=notebooks/x.attn` runs a script.
run: build
	@$(BIN) $(FILE)

# One build serves the tests and the binary they drive (`swift test` alone would compile every
# module a second time, with testing enabled: ~3 minutes of the 10-minute budget on 2 cores).
# Every test target, the attack suite (Tests/Attacks, under a minute), a short run of each fuzz target (about 2 minutes with its sanitizer build
# from scratch), every notebook re-run against its recorded outputs (golden check), then the
# Jupyter kernel's tests (last: their pytest summary closes the run).
test: setup render-deps kernel-deps
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	$(SWIFT) test $(BUILD_FLAGS) --skip-build
	./Tests/Attacks/run.sh $(BIN)
	./Fuzz/run.sh $(FUZZ_SMOKE_SECONDS)
	$(BIN) check notebooks/*.attn
	$(KERNEL_TESTS)

# The kernel's tests alone (about a minute): conformance, protocol, bad input, notebooks.
KERNEL_TESTS = ATTN=$(BIN) python3 -m pytest -q -p no:cacheprovider Tests/kernel
kernel-test: build kernel-deps
	$(KERNEL_TESTS)

FUZZ_SMOKE_SECONDS ?= 20

# Re-records the notebooks' outputs after an intended change (review the diff).
notebooks: build
	$(BIN) update notebooks/*.attn

# libFuzzer targets (Fuzz/): `make fuzz SECONDS=600` runs each target that long, in parallel.
# Not part of `make test`: the ASan build of the runtime alone takes ~4 min on 2 busy cores.
SECONDS ?= 60
fuzz: setup
	./Fuzz/run.sh $(SECONDS)

# A short run on its own: 30 s per target (plus the build when sources changed). `make test`
# runs each target for FUZZ_SMOKE_SECONDS.
fuzz-smoke: setup
	./Fuzz/run.sh 30

# The render tests load pages in headless Chromium and validate .ipynb files with nbformat.
render-deps:
	@command -v chromium >/dev/null || { echo "installing: chromium"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@python3 -c 'import nbformat' 2>/dev/null || python3 -m pip install -q nbformat || \
	  echo "note: nbformat not installed; .ipynb schema validation will be skipped"

# The kernel tests drive attn through Jupyter's own client libraries.
kernel-deps:
	@python3 -c 'import jupyter_client, jupyter_kernel_test, nbclient, nbformat, pytest, zmq' 2>/dev/null || \
	  python3 -m pip install -q jupyter_client jupyter_kernel_test nbclient nbformat pytest pyzmq

# attn's small-product kernel against OpenBLAS on decoder-step shapes, as this CPU is and as the
# AVX2 machine kind's libraries are (OpenBLAS's Zen kernels, attn's AVX2 kernel).
bench-kernels: setup
	@mkdir -p Benchmarks/.out
	cc -O3 -ISources/CKernels/include $$(pkg-config --cflags openblas) Benchmarks/small_products.c \
	  Sources/CKernels/*.c -lpthread -lm $$(pkg-config --libs openblas) -o Benchmarks/.out/small_products
	Benchmarks/.out/small_products
	OPENBLAS_CORETYPE=Zen ATTN_ISA=avx2 Benchmarks/.out/small_products

clean:
	rm -rf .build .build-fuzz

# Regenerates the PyTorch parity fixtures (needs `pip install torch`); tests never run Python.
fixtures:
	python3 scripts/make_fixtures.py

# `make bench` runs Benchmarks/ (attn beside PyTorch when python3 can import torch), prints one
# table and rewrites Benchmarks/RESULTS.md. `make bench TORCH=1` first makes Benchmarks/.venv
# (seeing the system's packages, so an installed torch is reused) and pip-installs torch there;
# TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu" picks the CPU-only wheel.
# BENCH_ARGS passes options to the runner, e.g. BENCH_ARGS="--only 2,3 --reps 5".
BENCH_VENV = Benchmarks/.venv
bench: build
ifeq ($(TORCH),1)
	@[ -x $(BENCH_VENV)/bin/python ] || python3 -m venv --system-site-packages $(BENCH_VENV)
	@$(BENCH_VENV)/bin/python -c "import torch" 2>/dev/null || $(BENCH_VENV)/bin/pip install $(TORCH_PIP_ARGS) torch
	python3 Benchmarks/run.py --attn "$(BIN)" --python $(BENCH_VENV)/bin/python $(BENCH_ARGS)
else
	python3 Benchmarks/run.py --attn "$(BIN)" $(BENCH_ARGS)
endif
