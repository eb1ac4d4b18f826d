package org.vmspace.tool.check;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * {@code build/check/junit.xml}: the results of {@code vmspace check} as JUnit XML (the Ant/Surefire
 * form CI systems and IDEs read). Suite {@code vmspace.check.sany}: one test case per module SANY
 * parsed; suite {@code vmspace.check.models}: one test case per model, its time TLC's run time, with
 * the properties {@code expected}, {@code actual}, {@code distinctStates}, {@code tlcExitCode}; a model
 * whose result is not the expected one is a {@code <failure>}, one where TLC produced no result (exit
 * code other than 0, 11, 12, 13) an {@code <error>}, each with TLC's error lines.
 */
public final class JunitReport {
    private JunitReport() {}

    public static void write(Path file, List<Checker.Parse> parses, List<Outcome> models) throws IOException {
        String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "");
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        long mf = models.stream().filter(o -> !o.ok() && !o.error()).count();
        long me = models.stream().filter(Outcome::error).count();
        long pf = parses.stream().filter(p -> !p.ok()).count();
        double mt = models.stream().mapToDouble(Outcome::seconds).sum();
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuites name=\"vmspace check\" tests=\"%d\" failures=\"%d\" errors=\"%d\" time=\"%.3f\">%n",
                parses.size() + models.size(), mf + pf, me, mt));
        if (!parses.isEmpty()) {
            x.append(String.format(Locale.ROOT, "  <testsuite name=\"vmspace.check.sany\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"0\" timestamp=\"%s\" hostname=\"%s\">%n",
                    parses.size(), pf, ts, esc(host)));
            for (Checker.Parse p : parses) {
                x.append("    <testcase classname=\"vmspace.check.sany\" name=\"").append(esc(p.module())).append("\" time=\"0\"");
                if (p.ok()) {
                    x.append("/>\n");
                } else {
                    x.append(">\n      <failure type=\"ParseError\" message=\"SANY could not parse ").append(esc(p.module()))
                            .append(" (log: ").append(esc(p.log())).append(")\"/>\n    </testcase>\n");
                }
            }
            x.append("  </testsuite>\n");
        }
        x.append(String.format(Locale.ROOT, "  <testsuite name=\"vmspace.check.models\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"0\" time=\"%.3f\" timestamp=\"%s\" hostname=\"%s\">%n",
                models.size(), mf, me, mt, ts, esc(host)));
        for (Outcome o : models) {
            Model m = o.model();
            x.append(String.format(Locale.ROOT, "    <testcase classname=\"vmspace.check.models.%s\" name=\"%s\" time=\"%.3f\">%n",
                    esc(m.group()), esc(m.name()), o.seconds()));
            x.append("      <properties>\n");
            prop(x, "expected", m.expect());
            prop(x, "actual", o.got() + o.detail());
            prop(x, "distinctStates", o.distinct() == null ? "?" : o.distinct().toString());
            prop(x, "tlcExitCode", Integer.toString(o.tlcExit()));
            prop(x, "module", m.module() + ".tla");
            prop(x, "config", m.name() + ".cfg");
            x.append("      </properties>\n");
            if (!o.ok()) {
                String tag = o.error() ? "error" : "failure";
                String msg = "expected " + m.expect() + ", got " + o.got() + o.detail();
                x.append("      <").append(tag).append(" type=\"").append(o.error() ? "TlcError" : "UnexpectedResult")
                        .append("\" message=\"").append(esc(msg)).append("\">")
                        .append(esc(msg + "\nTLC log: " + o.log() + "\n" + String.join("\n", o.tail())))
                        .append("</").append(tag).append(">\n");
            }
            x.append("      <system-out>").append(esc(String.format(Locale.ROOT,
                    "model %s: expected %s, got %s%s, %s distinct states, %.1f s", m.name(), m.expect(), o.got(), o.detail(),
                    o.distinct() == null ? "?" : o.distinct(), o.seconds()))).append("</system-out>\n");
            x.append("    </testcase>\n");
        }
        x.append("  </testsuite>\n</testsuites>\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, x, StandardCharsets.UTF_8);
    }

    private static void prop(StringBuilder x, String name, String value) {
        x.append("        <property name=\"").append(name).append("\" value=\"").append(esc(value)).append("\"/>\n");
    }

    /** XML-escapes text and attribute values; drops characters XML 1.0 cannot hold. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
