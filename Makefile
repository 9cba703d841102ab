# The two commands a new user needs (see README.md).
.PHONY: serve test build fuzz

serve:
	bash scripts/serve.sh

test:
	bash scripts/test.sh

build:
	bash scripts/setup.sh && . scripts/tools-env.sh && trunk build --release

# Long fuzzing runs (FUZZING.md): every target for FUZZ_SECONDS (default ten minutes).
fuzz:
	bash scripts/setup.sh && bash scripts/fuzz.sh $${FUZZ_SECONDS:-600}
