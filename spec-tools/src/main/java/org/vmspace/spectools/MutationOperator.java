package org.vmspace.spectools;

/** The mutation operators; each rewrites one expression of a definition reachable from Next. */
public enum MutationOperator {
    /** A conjunct without primed variables (an enabling condition) becomes TRUE. */
    GUARD_DROP("guard-drop"),
    /** A comparison is replaced by its neighbour: {@code < <=}, {@code <= <}, {@code = #}, {@code # =},
     *  {@code \in \notin}, {@code \notin \in}, {@code \subseteq \supseteq}, {@code > >=}, {@code >= >}. */
    COMPARISON("comparison"),
    /** A set operation {@code A \cup B}, {@code A \cap B}, {@code A \ B} becomes {@code A}. */
    SET_IDENTITY("set-identity"),
    /** A primed update {@code v' = e} becomes {@code v' = v}. */
    UPDATE_DROP("update-drop"),
    /** One update {@code ![a] = e} of an EXCEPT is dropped (the only one: the EXCEPT becomes its function). */
    EXCEPT_DROP("except-drop"),
    /** One variable is dropped from an UNCHANGED (the action no longer determines it). */
    UNCHANGED_DROP("unchanged-drop"),
    /** A negation {@code ~P} becomes {@code P}. */
    NOT_DROP("not-drop"),
    /** An implication {@code A => B} becomes {@code B}. */
    IMPLIES_DROP("implies-drop");

    private final String label;

    MutationOperator(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static MutationOperator fromLabel(String label) {
        for (MutationOperator o : values()) {
            if (o.label.equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown mutation operator: " + label);
    }
}
