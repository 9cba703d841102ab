# The two commands a new user needs (see README.md).
.PHONY: serve test build

serve:
	bash scripts/serve.sh

test:
	bash scripts/test.sh

build:
	bash scripts/setup.sh && . scripts/tools-env.sh && trunk build --release
