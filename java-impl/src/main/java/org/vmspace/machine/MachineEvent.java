package org.vmspace.machine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vmspace.trace.JsonLine;

/**
 * One event of the machine trace (java-impl/MACHINE_TRACE_SCHEMA.md): {@code op} (the spec action's
 * name in tla/VmSpaceMachine.tla), {@code args}, {@code outcome} ({@code "ok"} or the refusal) and,
 * for a performed operation, {@code post}: what it changed. Built only when the sink is enabled.
 */
public final class MachineEvent {
    private final String op;
    private final Map<String, Object> args = new LinkedHashMap<>();
    private String outcome = "ok";
    private Map<String, Object> post;

    MachineEvent(String op) {
        this.op = op;
    }

    /** A page as the trace writes it: lowercase hex of the unsigned 64-bit value. */
    public static String page(long page) {
        return "0x" + Long.toHexString(page);
    }

    MachineEvent arg(String name, Object value) {
        args.put(name, value);
        return this;
    }

    MachineEvent post(String name, Object value) {
        if (post == null) {
            post = new LinkedHashMap<>();
        }
        post.put(name, value);
        return this;
    }

    MachineEvent refused(String outcome) {
        this.outcome = outcome;
        this.post = null;
        return this;
    }

    /** Writes the NDJSON line (no newline) into {@code out}, fields in the schema's order. */
    JsonLine writeJson(long seq, String thread, JsonLine out) {
        out.raw('{').name("seq").number(seq).raw(',').name("thread").string(thread).raw(',').name("op").string(op)
                .raw(',').name("args").value(args).raw(',').name("outcome").string(outcome);
        if (post != null) {
            out.raw(',').name("post").value(post);
        }
        return out.raw('}');
    }
}
