package org.vmspace.mm;

import com.google.common.base.Splitter;
import java.util.EnumSet;
import java.util.Set;

/**
 * Names of {@link Bug}s: parsing {@code NAME[,NAME]}, and the default set of a {@link VmSpace} built
 * without {@link VmSpace.Builder#bugs}: the system property {@code vmspace.bugs=NAME[,NAME]}, read when
 * the space is built. Which bugs are on is a property of each space ({@link VmSpace#bugs()}); there is
 * no global switch.
 */
public final class Bugs {
    /** The system property naming the bugs of a space built without an explicit set. */
    public static final String PROPERTY = "vmspace.bugs";

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

    /**
     * The bugs named by the system property {@link #PROPERTY} now (none when it is not set); throws
     * {@link IllegalArgumentException} on an unknown name.
     */
    public static Set<Bug> fromProperty() {
        return parse(System.getProperty(PROPERTY, ""));
    }
}
