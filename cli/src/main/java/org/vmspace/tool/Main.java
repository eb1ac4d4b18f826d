package org.vmspace.tool;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vmspace}: the one command line of the project ({@code java -jar build/vmspace.jar --help}).
 * The subcommands are the registered {@link Subcommand}s.
 */
@Command(name = "vmspace", mixinStandardHelpOptions = true, version = "vmspace 0.1.0 (TLC2 2.18, trace schema v2)",
        description = "The VmSpace ownership protocol: model-check the TLA+ spec, run the Java workload, "
                + "validate traces against the spec, replay the design review, model-based testing, spec mutation testing.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0   success: every model as expected, every trace accepted, no MBT mismatch",
                "  1   a model or review verdict not as expected; validate: a trace rejected;",
                "      mbt: a mismatch; mutate --expect: a mutant not as expected",
                "  2   bad input: a malformed trace, bad workload parameters, no such review row,",
                "      an unusable MBT model, a spec that does not parse or fails a model",
                "  3   tool failure: TLC failed or is missing, I/O error",
                "  4   validate --timeout: the time ran out",
                "  64  usage error",
                "",
                "Run 'vmspace COMMAND --help' for a command's options and exit codes."})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        // Ctrl-C or a kill ends every TLC child too (the validator's and the checker's): no orphans.
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "vmspace-children"));
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line with the given output streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine();
        PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        cl.setOut(o);
        cl.setErr(e);
        try {
            return cl.execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /** The command line with every registered subcommand and the project's exit codes. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        List<Subcommand> subs = new ArrayList<>();
        ServiceLoader.load(Subcommand.class, Main.class.getClassLoader()).forEach(subs::add);
        subs.sort(Comparator.comparing(s -> new CommandLine(s).getCommandName()));
        for (Subcommand s : subs) {
            cl.addSubcommand(s);
        }
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(c.getCommandName() + ": " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println(c.getCommandName() + ": internal error: " + ex);
            return ExitCodes.TOOL_FAILURE;
        });
        return cl;
    }
}
