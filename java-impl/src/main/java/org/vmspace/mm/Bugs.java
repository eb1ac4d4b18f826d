package org.vmspace.mm;

import com.google.common.base.Splitter;
import java.util.EnumSet;
import java.util.Set;

/**
 * The switch board of {@link Bug}s: initialised from the system property
 * {@code vmspace.bugs=NAME[,NAME]}, changed by {@link #enable} / {@link #reset} in tests and by the
 * workload's {@code --bugs}.
 */
public final class Bugs {
    /** The system property read at class initialisation. */
    public static final String PROPERTY = "vmspace.bugs";
    private static volatile Set<Bug> enabled = parse(System.getProperty(PROPERTY, ""));

    private Bugs() {}

    /** Parses {@code NAME[,NAME]}; throws {@link IllegalArgumentException} on an unknown name. */
    public static Set<Bug> parse(String spec) {
        EnumSet<Bug> s = EnumSet.noneOf(Bug.class);
        for (String name : Splitter.on(',').trimResults().omitEmptyStrings().split(spec == null ? "" : spec)) {
            try {
                s.add(Bug.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown bug '" + name + "'; known: " + EnumSet.allOf(Bug.class), e);
            }
        }
        return s;
    }

    /** True when {@code bug} is switched on. */
    public static boolean on(Bug bug) {
        return enabled.contains(bug);
    }

    /** Switches {@code bugs} on (in addition to those already on). */
    public static synchronized void enable(Bug... bugs) {
        EnumSet<Bug> s = enabled.isEmpty() ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(enabled);
        for (Bug b : bugs) {
            s.add(b);
        }
        enabled = s;
    }

    /** Switches every bug off. */
    public static synchronized void reset() {
        enabled = EnumSet.noneOf(Bug.class);
    }

    /** The bugs switched on. */
    public static Set<Bug> enabled() {
        return EnumSet.copyOf(enabled.isEmpty() ? EnumSet.noneOf(Bug.class) : enabled);
    }
}
