package org.vmspace.tv.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A counterexample read from TLC's output: the violated invariant or property and the behaviour
 * TLC printed ({@code State N: <Action line .. of module M>} followed by one {@code /\ var = value}
 * per variable, values possibly spread over several lines).
 */
public record Counterexample(String violated, List<State> states, String loop) {
    /** One state of the behaviour: its number, the action that reached it, its variables. */
    public record State(int number, String action, Map<String, Object> vars) {}

    private static final Pattern STATE = Pattern.compile("^State (\\d+): <([A-Za-z_0-9]+)?[^>]*>?\\s*$");
    private static final Pattern INITIAL = Pattern.compile("^State (\\d+): <Initial predicate>\\s*$");
    private static final Pattern VIOLATED = Pattern.compile(
            "^Error: (?:Invariant|Action property) ([A-Za-z_0-9]+) is violated.*");
    private static final Pattern VIOLATED_INIT = Pattern.compile(
            "^Error: The initial state does not satisfy (?:the invariant )?([A-Za-z_0-9]+).*|^Error: Invariant ([A-Za-z_0-9]+) is violated by the initial state.*");
    private static final Pattern BACK = Pattern.compile("^State (\\d+): Back to state (\\d+).*|^(\\d+): Back to state (\\d+).*");
    private static final Pattern VAR = Pattern.compile("^/\\\\ ([A-Za-z_0-9]+) = (.*)$");

    /** Parses TLC's output; throws {@link IllegalArgumentException} when it holds no behaviour. */
    public static Counterexample parse(List<String> lines) {
        String violated = "";
        String loop = "";
        List<State> states = new ArrayList<>();
        int k = 0;
        while (k < lines.size()) {
            String s = lines.get(k);
            Matcher v = VIOLATED.matcher(s);
            Matcher vi = VIOLATED_INIT.matcher(s);
            if (violated.isEmpty() && v.matches()) {
                violated = v.group(1);
            } else if (violated.isEmpty() && vi.matches()) {
                violated = vi.group(1) != null ? vi.group(1) : vi.group(2);
            } else if (s.startsWith("Error: Temporal properties were violated")) {
                violated = "temporal property";
            }
            Matcher b = BACK.matcher(s);
            if (b.matches()) {
                loop = "back to state " + (b.group(2) != null ? b.group(2) : b.group(4));
                k++;
                continue;
            }
            Matcher init = INITIAL.matcher(s);
            Matcher st = STATE.matcher(s);
            // A static model's initial state follows its error line without a "State 1:" header.
            boolean bare = s.startsWith("Error: ") && s.contains("is violated by the initial state");
            boolean isInit = bare || init.matches();
            if (isInit || st.matches()) {
                int number = bare ? 1 : Integer.parseInt(isInit ? init.group(1) : st.group(1));
                String action = isInit ? "Init" : st.group(2) == null ? "?" : st.group(2);
                Map<String, Object> vars = new LinkedHashMap<>();
                k++;
                String name = null;
                StringBuilder text = new StringBuilder();
                for (; k < lines.size(); k++) {
                    String t = lines.get(k);
                    if (t.isBlank() || t.startsWith("State ") || t.startsWith("Error:")
                            || BACK.matcher(t).matches()) {
                        break;
                    }
                    Matcher m = VAR.matcher(t);
                    if (m.matches()) {
                        if (name != null) {
                            vars.put(name, TlcValue.parse(text.toString()));
                        }
                        name = m.group(1);
                        text = new StringBuilder(m.group(2));
                    } else if (name != null) {
                        text.append(' ').append(t.trim());
                    } else if (t.contains(" = ")) { // a one-variable state prints without "/\ "
                        int eq = t.indexOf(" = ");
                        name = t.substring(0, eq).trim();
                        text = new StringBuilder(t.substring(eq + 3));
                    }
                }
                if (name != null) {
                    vars.put(name, TlcValue.parse(text.toString()));
                }
                states.add(new State(number, action, vars));
                continue;
            }
            k++;
        }
        if (states.isEmpty()) {
            throw new IllegalArgumentException("no behaviour in TLC's output");
        }
        return new Counterexample(violated, states, loop);
    }
}
