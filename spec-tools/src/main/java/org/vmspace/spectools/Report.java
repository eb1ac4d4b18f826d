package org.vmspace.spectools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Markdown report (tla/MUTATION.md): counts, score, run, one row per survivor. */
public final class Report {

    private Report() { }

    /** Counts of a result list. */
    public record Counts(int total, int killed, int killedByError, int killedByCoverage, int survived,
                         int equivalent, int undecided, int invalid) {
        /** killed / (total - equivalent - invalid); undecided mutants count as not killed. */
        public double score() {
            int denom = total - equivalent - invalid;
            return denom == 0 ? 100.0 : 100.0 * killed / denom;
        }

        public static Counts of(List<MutantResult> rs) {
            int k = 0, ke = 0, kc = 0, s = 0, e = 0, u = 0, inv = 0;
            for (MutantResult r : rs) {
                switch (r.status()) {
                    case KILLED -> {
                        k++;
                        if (r.evidence().startsWith("error(")) {
                            ke++;
                        } else if (r.evidence().startsWith("pass; never taken")) {
                            kc++;
                        }
                    }
                    case SURVIVED -> s++;
                    case EQUIVALENT -> e++;
                    case UNDECIDED -> u++;
                    case INVALID -> inv++;
                    default -> throw new IllegalStateException();
                }
            }
            return new Counts(rs.size(), k, ke, kc, s, e, u, inv);
        }
    }

    public static void write(Path out, String specName, String command, List<MutationRun.Baseline> baselines,
                             List<MutantResult> results, Map<String, String> triage, double wallSeconds, int jobs,
                             String loadStart, String loadEnd, String tlcJar, boolean partial, int generated)
            throws IOException {
        Counts c = Counts.of(results);
        StringBuilder b = new StringBuilder();
        b.append("# Spec mutation testing: ").append(specName).append("\n\n");
        b.append("Written by `org.vmspace.spectools.Mutate` (spec-tools/; `make mutate`); do not edit by hand:\n");
        b.append("the reasons in the survivor table come from `").append("MUTATION-triage.txt")
                .append("` (one line per mutant key).\n");
        if (partial) {
            b.append(String.format("%n**Partial run**: %d of the %d generated mutants were run (--filter, --limit, "
                    + "--budget or a signal); the figures below cover those only.%n", results.size(), generated));
        }
        b.append("\n| | |\n|---|---|\n");
        b.append("| command | `").append(command).append("` |\n");
        b.append(String.format("| mutants | %d (from SANY's semantic tree: every definition reachable from Next) |%n",
                c.total()));
        b.append(String.format("| killed | %d (%d by a violation or deadlock, %d by an evaluation error, %d by action "
                        + "coverage: an action never taken on a `COVERAGE: actions` model) |%n",
                c.killed(), c.killed() - c.killedByError() - c.killedByCoverage(), c.killedByError(),
                c.killedByCoverage()));
        b.append(String.format("| survived | %d |%n", c.survived()));
        b.append(String.format("| undecided (timeout / tool error; counted as not killed) | %d |%n", c.undecided()));
        b.append(String.format("| equivalent (same reachable state graph on every model) | %d |%n", c.equivalent()));
        b.append(String.format("| invalid (SANY rejects the mutant; not counted) | %d |%n", c.invalid()));
        b.append(String.format("| **score** = killed / (mutants - equivalent - invalid) | **%.1f %%** (goal 95 %%) |%n",
                c.score()));
        if (partial) {
            // Mutants not run count as not killed: what the run shows at least, whatever the rest does.
            int valid = generated - c.invalid();
            b.append(String.format("| lower bound on the full score (mutants not run count as not killed) | "
                    + "%.1f %% (%d / %d) |%n", valid == 0 ? 100.0 : 100.0 * c.killed() / valid, c.killed(), valid));
        }
        int noErr = c.total() - c.equivalent() - c.invalid() - c.killedByError();
        b.append(String.format("| score without the evaluation-error kills | %.1f %% (%d / %d) |%n",
                noErr == 0 ? 100.0 : 100.0 * (c.killed() - c.killedByError()) / noErr,
                c.killed() - c.killedByError(), noErr));
        b.append(String.format("| run time | %.0f s wall, --jobs %d, load average (1, 5, 15 min) %s at the start, %s at the end |%n",
                wallSeconds, jobs, loadStart, loadEnd));
        b.append("| TLC | `").append(tlcJar).append("`, `-workers 1` per process |\n");
        b.append("\nModels (the original spec; each mutant runs them fastest first and stops at the first kill):\n\n");
        b.append("| model | expected | distinct states | transitions | seconds |\n|---|---|---:|---:|---:|\n");
        for (MutationRun.Baseline bl : baselines) {
            b.append(String.format("| `%s` | %s | %d | %s | %.1f |%n", bl.model().name(), bl.model().expect(),
                    bl.outcome().distinct(), bl.graph() == null ? "-" : String.valueOf(bl.graph().transitions()),
                    bl.outcome().seconds()));
        }

        b.append("\n## By operator\n\n| operator | mutants | killed | survived | undecided | equivalent | invalid |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        Map<MutationOperator, int[]> byOp = new EnumMap<>(MutationOperator.class);
        for (MutantResult r : results) {
            int[] a = byOp.computeIfAbsent(r.mutant().operator(), k -> new int[6]);
            a[0]++;
            a[1 + switch (r.status()) {
                case KILLED -> 0;
                case SURVIVED -> 1;
                case UNDECIDED -> 2;
                case EQUIVALENT -> 3;
                case INVALID -> 4;
            }]++;
        }
        for (Map.Entry<MutationOperator, int[]> e : byOp.entrySet()) {
            int[] a = e.getValue();
            b.append(String.format("| %s | %d | %d | %d | %d | %d | %d |%n", e.getKey().label(), a[0], a[1], a[2],
                    a[3], a[4], a[5]));
        }

        b.append("\n## Survivors\n\nEach row: a mutant every model accepts although its reachable state graph differs "
                + "from the original's (or a model timed out). The reason says what property would kill it.\n\n");
        b.append("| id | definition | line | mutation | evidence (model: mutant vs original) | reason |\n"
                + "|---|---|---:|---|---|---|\n");
        for (MutantResult r : results) {
            if (r.status() == MutantResult.Status.SURVIVED || r.status() == MutantResult.Status.UNDECIDED) {
                Mutant m = r.mutant();
                String reason = triage.getOrDefault(m.key(), "not triaged yet");
                b.append(String.format("| %s | `%s` | %d | %s | %s%s | %s |%n", m.id(), m.definition(), m.line(),
                        cell(m), r.status() == MutantResult.Status.UNDECIDED ? "undecided: " : "",
                        esc(r.model() + ": " + r.evidence()), esc(reason)));
            }
        }

        b.append("\n## Equivalent mutants\n\n| id | definition | line | mutation | evidence |\n|---|---|---:|---|---|\n");
        for (MutantResult r : results) {
            if (r.status() == MutantResult.Status.EQUIVALENT) {
                Mutant m = r.mutant();
                b.append(String.format("| %s | `%s` | %d | %s | %s |%n", m.id(), m.definition(), m.line(), cell(m),
                        esc(r.evidence())));
            }
        }

        b.append("\n## Killed and invalid mutants\n\n| id | definition | line | mutation | model | outcome |\n"
                + "|---|---|---:|---|---|---|\n");
        for (MutantResult r : results) {
            if (r.status() == MutantResult.Status.KILLED || r.status() == MutantResult.Status.INVALID) {
                Mutant m = r.mutant();
                b.append(String.format("| %s | `%s` | %d | %s | %s | %s%s |%n", m.id(), m.definition(), m.line(),
                        cell(m), r.model(), r.status() == MutantResult.Status.INVALID ? "invalid: " : "",
                        esc(r.evidence())));
            }
        }
        Files.writeString(out, b.toString(), StandardCharsets.UTF_8);
    }

    private static String cell(Mutant m) {
        return m.operator().label() + ": `" + esc(Mutant.squeeze(m.original())) + "` → `"
                + esc(Mutant.squeeze(m.replacement())) + "`";
    }

    private static String esc(String s) {
        return s.replace("|", "\\|");
    }

    /** Reads triage notes: lines {@code <mutant key>TAB<reason>}; '#' lines are comments. */
    public static Map<String, String> readTriage(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (file == null || !Files.isRegularFile(file)) {
            return m;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab > 0) {
                m.put(line.substring(0, tab).strip(), line.substring(tab + 1).strip());
            }
        }
        return m;
    }
}
