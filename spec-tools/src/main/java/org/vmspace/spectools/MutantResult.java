package org.vmspace.spectools;

/**
 * The verdict on one mutant.
 *
 * @param mutant   the mutant
 * @param status   its class
 * @param model    the model that decided it (the killing model; for a survivor the first model
 *                 whose state graph differs from the original's), or ""
 * @param evidence what that model showed: the violation or error, or the state-graph comparison
 * @param seconds  TLC time spent on the mutant, all models
 */
public record MutantResult(Mutant mutant, Status status, String model, String evidence, double seconds) {

    public enum Status {
        /** Some model's outcome differs from its EXPECT: a violation, deadlock or evaluation error. */
        KILLED,
        /** Every model ends as expected and some model's reachable state graph differs from the original's. */
        SURVIVED,
        /** Every model ends as expected with the original's reachable states and transitions. */
        EQUIVALENT,
        /** No model killed it, and some model timed out or hit a tool error: counted as not killed. */
        UNDECIDED,
        /** SANY rejects the mutant (TLC exit 150): not a spec, left out of every count. */
        INVALID;

        public String label() {
            return name().toLowerCase();
        }
    }
}
