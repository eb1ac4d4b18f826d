package org.vmspace.spectools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tla2sany.drivers.SANY;
import tla2sany.modanalyzer.SpecObj;
import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.ExprNode;
import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.LabelNode;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.ModuleNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.SubstInNode;
import tla2sany.semantic.SymbolNode;
import tla2sany.st.Location;
import util.SimpleFilenameToStream;
import util.UniqueString;

/**
 * Generates the mutants of a TLA+ module mechanically from SANY's semantic tree: every
 * definition reachable from the next-state definition (default {@code Next}) in that module is
 * walked, and each expression a {@link MutationOperator} applies to yields one mutant, a single
 * replacement of the expression's source span. Init, invariants and properties are not mutated
 * unless Next uses them. Mutants with the same text as another or as the original are dropped.
 */
public final class MutantGenerator {

    /** SANY rejected the module, or the next-state definition is missing. */
    public static final class SpecException extends Exception {
        private static final long serialVersionUID = 1L;

        public SpecException(String message) {
            super(message);
        }
    }

    private record Edit(MutationOperator op, String def, int start, int end, String replacement) { }

    private final String source;
    private final int[] lineStarts;
    private final String moduleName;
    private final List<Edit> edits = new ArrayList<>();
    private final Set<OpDefNode> visited = new HashSet<>();
    private final Deque<OpDefNode> queue = new ArrayDeque<>();
    private final Set<OpApplNode> innerLand = new HashSet<>();
    private ModuleNode module;

    private MutantGenerator(String source, String moduleName) {
        this.source = source;
        this.moduleName = moduleName;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The mutants of {@code spec} reachable from the definition {@code next}, in source order. */
    public static List<Mutant> generate(Path spec, String next) throws IOException, SpecException {
        String text = Files.readString(spec, StandardCharsets.UTF_8);
        if (text.indexOf('\t') >= 0) {
            throw new SpecException(spec + " contains tab characters; SANY's columns would not match the text");
        }
        String name = spec.getFileName().toString().replaceFirst("\\.tla$", "");
        MutantGenerator g = new MutantGenerator(text, name);
        g.module = parse(spec, name);
        OpDefNode root = g.module.getOpDef(next);
        if (root == null || !g.inModule(root)) {
            throw new SpecException("module " + name + " has no definition '" + next + "' (use --next)");
        }
        g.queue.add(root);
        while (!g.queue.isEmpty()) {
            OpDefNode def = g.queue.poll();
            if (g.visited.add(def)) {
                g.walk(def.getBody(), def.getName().toString());
            }
        }
        return g.mutants();
    }

    /** Parses (and level-checks) the module with SANY; the module's directory is the library path. */
    static ModuleNode parse(Path spec, String name) throws SpecException {
        Path dir = spec.toAbsolutePath().getParent();
        SpecObj so = new SpecObj(spec.toAbsolutePath().toString(),
                new SimpleFilenameToStream(new String[] {dir.toString()}));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream toolOut = util.ToolIO.out;
        PrintStream toolErr = util.ToolIO.err;
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            // SANY reports progress ("Parsing file ...") on ToolIO: into the log with the rest.
            util.ToolIO.out = out;
            util.ToolIO.err = out;
            int rc = SANY.frontEndMain(so, spec.toAbsolutePath().toString(), out);
            boolean failed = rc != 0 || so.getInitErrors().isFailure() || so.getParseErrors().isFailure()
                    || so.getSemanticErrors().isFailure();
            ModuleNode m = failed || so.getExternalModuleTable() == null ? null
                    : so.getExternalModuleTable().getModuleNode(UniqueString.uniqueStringOf(name));
            if (m == null) {
                String msg = log.toString(StandardCharsets.UTF_8);
                throw new SpecException("SANY could not parse " + spec + ":\n" + msg.strip());
            }
            return m;
        } catch (tla2sany.drivers.FrontEndException e) {
            throw new SpecException("SANY could not parse " + spec + ": " + e.getMessage());
        } finally {
            util.ToolIO.out = toolOut;
            util.ToolIO.err = toolErr;
        }
    }

    private boolean inModule(SemanticNode n) {
        Location loc = n.getLocation();
        return loc != null && moduleName.equals(loc.source()) && loc.beginLine() > 0;
    }

    private int offset(int line, int col) {
        return lineStarts[line - 1] + col - 1;
    }

    private int start(SemanticNode n) {
        Location l = n.getLocation();
        return offset(l.beginLine(), l.beginColumn());
    }

    private int end(SemanticNode n) {
        Location l = n.getLocation();
        return offset(l.endLine(), l.endColumn()) + 1;
    }

    private String text(SemanticNode n) {
        return source.substring(start(n), end(n));
    }

    private void add(MutationOperator op, String def, int s, int e, String replacement) {
        if (s >= 0 && e <= source.length() && s < e && !source.substring(s, e).equals(replacement)) {
            edits.add(new Edit(op, def, s, e, replacement));
        }
    }

    private static int level(SemanticNode n) {
        return n instanceof ExprNode ? ((ExprNode) n).getLevel() : 0;
    }

    private static String opName(OpApplNode a) {
        return a.getOperator().getName().toString();
    }

    /** v' where v is a state variable: the variable's name, else null. */
    private static String primedVariable(ExprOrOpArgNode n) {
        if (n instanceof OpApplNode a && opName(a).equals("'") && a.getArgs().length == 1
                && a.getArgs()[0] instanceof OpApplNode v && v.getOperator() instanceof OpDeclNode d
                && d.getKind() == ASTConstants.VariableDeclKind) {
            return d.getName().toString();
        }
        return null;
    }

    private void walk(SemanticNode n, String def) {
        if (n == null || !inModule(n)) {
            return;
        }
        if (n instanceof LetInNode let) {
            for (OpDefNode d : let.getLets()) {
                if (d.getBody() != null) {
                    walk(d.getBody(), def);
                }
            }
            walk(let.getBody(), def);
            return;
        }
        if (n instanceof LabelNode label) {
            walk(label.getBody(), def);
            return;
        }
        if (n instanceof SubstInNode subst) {
            walk(subst.getBody(), def);
            return;
        }
        if (!(n instanceof OpApplNode a)) {
            return;
        }
        SymbolNode op = a.getOperator();
        if (op instanceof OpDefNode d && !d.isBuiltIn() && d.getBody() != null && inModule(d)
                && d.getKind() == ASTConstants.UserDefinedOpKind) {
            queue.add(d);
        }
        mutate(a, def);
        for (ExprOrOpArgNode arg : a.getArgs()) {
            if (arg != null) {
                walk(arg, def);
            }
        }
        ExprNode[] bounds = a.getBdedQuantBounds();
        if (bounds != null) {
            for (ExprNode b : bounds) {
                walk(b, def);
            }
        }
    }

    private static final Map<String, String[]> COMPARISONS = new LinkedHashMap<>();

    static {
        // SANY operator name -> {source spellings..., replacement}
        COMPARISONS.put("<", new String[] {"<", "<="});
        COMPARISONS.put("\\leq", new String[] {"<=", "=<", "\\leq", "<"});
        COMPARISONS.put(">", new String[] {">", ">="});
        COMPARISONS.put("\\geq", new String[] {">=", "\\geq", ">"});
        COMPARISONS.put("=", new String[] {"=", "#"});
        COMPARISONS.put("/=", new String[] {"#", "/=", "="});
        COMPARISONS.put("\\in", new String[] {"\\in", "\\notin"});
        COMPARISONS.put("\\notin", new String[] {"\\notin", "\\in"});
        COMPARISONS.put("\\subseteq", new String[] {"\\subseteq", "\\supseteq"});
    }

    private void mutate(OpApplNode a, String def) {
        String name = opName(a);
        ExprOrOpArgNode[] args = a.getArgs();
        switch (name) {
            case "$ConjList", "\\land" -> {
                if (!innerLand.contains(a)) {
                    for (ExprOrOpArgNode arg : conjuncts(a)) {
                        if (level(arg) <= 1) {
                            add(MutationOperator.GUARD_DROP, def, start(arg), end(arg), "TRUE");
                        }
                    }
                }
            }
            case "\\cup", "\\cap", "\\" -> {
                if (args.length == 2) {
                    add(MutationOperator.SET_IDENTITY, def, start(a), end(a), text(args[0]));
                }
            }
            case "UNCHANGED" -> unchanged(a, def);
            case "$Except" -> except(a, def);
            case "\\lnot" -> {
                if (level(a) <= 1 && args.length == 1) {
                    add(MutationOperator.NOT_DROP, def, start(a), end(a), text(args[0]));
                }
            }
            case "=>" -> {
                if (level(a) <= 1 && args.length == 2) {
                    add(MutationOperator.IMPLIES_DROP, def, start(a), end(a), text(args[1]));
                }
            }
            default -> { }
        }
        if (name.equals("=") && args.length == 2) {
            String v = primedVariable(args[0]);
            if (v != null) {
                add(MutationOperator.UPDATE_DROP, def, start(args[1]), end(args[1]), v);
                return;
            }
        }
        String[] cmp = COMPARISONS.get(name);
        if (cmp != null && args.length == 2 && level(a) <= 1) {
            // The operator's token lies between the two operands' spans.
            int from = end(args[0]);
            int to = start(args[1]);
            if (from < to) {
                String between = source.substring(from, to);
                for (int i = 0; i < cmp.length - 1; i++) {
                    int at = tokenIndex(between, cmp[i]);
                    if (at >= 0) {
                        add(MutationOperator.COMPARISON, def, from + at, from + at + cmp[i].length(), cmp[cmp.length - 1]);
                        break;
                    }
                }
            }
        }
    }

    /** The index of {@code token} in {@code s} not followed or preceded by another operator character. */
    private static int tokenIndex(String s, String token) {
        String ops = "<>=#/\\";
        for (int i = s.indexOf(token); i >= 0; i = s.indexOf(token, i + 1)) {
            int after = i + token.length();
            boolean leftOk = i == 0 || ops.indexOf(s.charAt(i - 1)) < 0;
            boolean rightOk = after >= s.length() || ops.indexOf(s.charAt(after)) < 0
                    && !(Character.isLetter(token.charAt(token.length() - 1)) && Character.isLetter(s.charAt(after)));
            if (leftOk && rightOk) {
                return i;
            }
        }
        return -1;
    }

    /** The conjuncts of a conjunction: a \\land chain (a /\\ b /\\ c) is flattened to its leaves. */
    private List<ExprOrOpArgNode> conjuncts(OpApplNode a) {
        List<ExprOrOpArgNode> out = new ArrayList<>();
        for (ExprOrOpArgNode arg : a.getArgs()) {
            if (opName(a).equals("\\land") && arg instanceof OpApplNode b && opName(b).equals("\\land")) {
                innerLand.add(b);
                out.addAll(conjuncts(b));
            } else {
                out.add(arg);
            }
        }
        return out;
    }

    private void unchanged(OpApplNode a, String def) {
        ExprOrOpArgNode arg = a.getArgs()[0];
        if (arg instanceof OpApplNode t && opName(t).equals("$Tuple") && t.getArgs().length >= 2) {
            removeListElements(t.getArgs(), MutationOperator.UNCHANGED_DROP, def);
        } else {
            add(MutationOperator.UNCHANGED_DROP, def, start(a), end(a), "TRUE");
        }
    }

    private void except(OpApplNode a, String def) {
        ExprOrOpArgNode[] args = a.getArgs();
        if (args.length == 2) {
            add(MutationOperator.EXCEPT_DROP, def, start(a), end(a), text(args[0]));
        } else if (args.length > 2) {
            ExprOrOpArgNode[] pairs = new ExprOrOpArgNode[args.length - 1];
            System.arraycopy(args, 1, pairs, 0, pairs.length);
            removeListElements(pairs, MutationOperator.EXCEPT_DROP, def);
        }
    }

    /** One edit per element of a comma-separated list: the element and one adjacent comma go. */
    private void removeListElements(ExprOrOpArgNode[] elems, MutationOperator op, String def) {
        for (int k = 0; k < elems.length; k++) {
            if (k == 0) {
                add(op, def, start(elems[0]), start(elems[1]), "");
            } else {
                add(op, def, end(elems[k - 1]), end(elems[k]), "");
            }
        }
    }

    private List<Mutant> mutants() {
        edits.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end)
                .thenComparing(e -> e.op().ordinal()));
        List<Mutant> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        seen.add(source);
        for (Edit e : edits) {
            String mutated = source.substring(0, e.start()) + e.replacement() + source.substring(e.end());
            if (!seen.add(mutated)) {
                continue;
            }
            int line = lineOf(e.start());
            int col = e.start() - lineStarts[line - 1] + 1;
            String original = source.substring(e.start(), e.end());
            out.add(new Mutant(String.format("M%03d", out.size() + 1), e.op(), e.def(), line, col,
                    original, e.replacement(), mutated));
        }
        return out;
    }

    private int lineOf(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }
}
