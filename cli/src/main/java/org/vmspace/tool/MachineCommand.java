package org.vmspace.tool;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vmspace machine}: the many-spaces machine (org.vmspace.machine, tla/VmSpaceMachine.tla), its
 * own workload and its own trace schema ({@code vmspace-machine-trace}), so its own two subcommands,
 * {@code machine trace} and {@code machine validate}, rather than a flag on {@code trace} and
 * {@code validate}: none of their options (threads, window, shared readers, -j, --report, --base-spec)
 * applies to the machine, and none of the machine's (spaces, pages, its bugs) to them.
 */
@Command(name = "machine", mixinStandardHelpOptions = true, sortOptions = false,
        header = "The many-spaces machine: write its workload's trace, validate machine traces.",
        description = {"The many-spaces machine (org.vmspace.machine: address spaces sharing refcounted frames, "
                + "per-CPU TLBs, fork and copy-on-write) against tla/VmSpaceMachine.tla. Its traces follow "
                + "vmspace-machine-trace v1 (java-impl/MACHINE_TRACE_SCHEMA.md, " + MachineTraceSchema.FILE + ")."},
        subcommands = {MachineTraceCommand.class, MachineValidateCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:see the subcommand", "64:usage error (no subcommand, or an unknown one)"})
public final class MachineCommand implements Subcommand {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: trace or validate");
    }
}
