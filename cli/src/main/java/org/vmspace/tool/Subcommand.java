package org.vmspace.tool;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vmspace.tool.tla.ModuleTree;
import picocli.CommandLine;

/**
 * A {@code vmspace} subcommand. To add one (say {@code mutate} or {@code mbt}): a public class with a
 * public no-argument constructor, annotated {@code @picocli.CommandLine.Command(name = "...",
 * mixinStandardHelpOptions = true, description = "...")}, implementing this interface ({@code call()}
 * returns the exit code), and its class name on a line of
 * {@code META-INF/services/org.vmspace.tool.Subcommand} in its module's resources. {@link Main} finds
 * every registered subcommand with {@link java.util.ServiceLoader} (the shaded jar merges the service
 * files), so a new subcommand never edits the existing ones. Usage errors are exit code
 * {@link ExitCodes#USAGE} for every subcommand (picocli reports them before {@code call()}).
 */
public interface Subcommand extends Callable<Integer> {
    /**
     * The TLA+ module tree of {@code --root} (the packaged one when null); a directory that is not a
     * checkout is a usage error naming {@code --root}.
     */
    static ModuleTree moduleTree(CommandLine.Model.CommandSpec spec, Path root) throws java.io.IOException {
        try {
            return ModuleTree.of(root);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--root: " + e.getMessage());
        }
    }
}
