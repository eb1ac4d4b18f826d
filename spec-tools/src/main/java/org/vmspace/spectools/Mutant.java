package org.vmspace.spectools;

/**
 * One mutant of a spec: a single textual replacement of the source span [start, end) found
 * through SANY's semantic tree.
 *
 * @param id         M001, M002, ... in source order (stable for a given spec text)
 * @param operator   the mutation operator (see {@link MutationOperator})
 * @param definition the operator definition the mutated expression belongs to
 * @param line       1-based line of the mutated expression in the original text
 * @param column     1-based column of the mutated expression
 * @param original   the original text of the span
 * @param replacement the text that replaces it
 * @param text       the whole mutated module text
 */
public record Mutant(String id, MutationOperator operator, String definition, int line, int column,
                     String original, String replacement, String text) {

    /** A one-line, whitespace-normalised description: {@code Def L12: "a < b" -> "a <= b"}. */
    public String describe() {
        return definition + " L" + line + ": \"" + squeeze(original) + "\" -> \"" + squeeze(replacement) + "\"";
    }

    /**
     * A key that survives edits elsewhere in the spec (no line number): the operator, the
     * definition and the normalised original and replacement. Triage notes are keyed by it.
     */
    public String key() {
        return operator.label() + " " + definition + ": \"" + squeeze(original) + "\" -> \"" + squeeze(replacement) + "\"";
    }

    static String squeeze(String s) {
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() <= 70 ? t : t.substring(0, 67) + "...";
    }
}
