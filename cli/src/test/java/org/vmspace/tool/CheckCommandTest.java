package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmspace.tool.tla.Tlc;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code vmspace check}: the config header contract, the same results as scripts/check.sh, and the
 * machine-readable results. The fixture is a small checkout: the spec, the CI module, the bug model
 * MCVmSpaceBugNoCursorLock, a copy of it whose EXPECT line is wrong ("pass": the negative control,
 * which must fail and be a failing test case in junit.xml), and configs that break the contract.
 */
class CheckCommandTest {
    static final Path REPO = TraceSchema.REPO;

    @TempDir
    Path dir;

    @Test
    void theCiGroupHasTheBugModelsAndNotTheLargeModelNorTheReviewModels() {
        Cli ci = Cli.run("check", "--list");
        Cli large = Cli.run("check", "--list", "--group", "large");
        assertEquals(0, ci.exit(), ci.toString());
        assertTrue(ci.out().startsWith("MCVmSpace "), ci.out());
        assertTrue(ci.out().contains(String.format("%-40s %-6s %s%n", "MCVmSpaceBugNoCursorLock", "ci", "CursorExclusionInv")), ci.out());
        assertFalse(ci.out().contains("MCVmSpaceLarge"), ci.out());
        assertTrue(large.out().contains("MCVmSpaceLarge"), large.out());
        assertFalse(ci.out().contains("MCVmSpaceSeed"), ci.out());
    }

    /** The fixture checkout; returns its root. */
    private Path fixture() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("tla"));
        Files.createDirectories(root.resolve("scripts"));
        for (String f : List.of("tla/VmSpace.tla", "tla/MCVmSpace.tla", "tla/MCVmSpaceBugNoCursorLock.cfg",
                "scripts/check.sh", "scripts/tlc.sh")) {
            Files.copy(REPO.resolve(f), root.resolve(f));
        }
        root.resolve("scripts/check.sh").toFile().setExecutable(true);
        root.resolve("scripts/tlc.sh").toFile().setExecutable(true);
        String cfg = Files.readString(REPO.resolve("tla/MCVmSpaceBugNoCursorLock.cfg"));
        assertTrue(cfg.startsWith("\\* EXPECT: CursorExclusionInv\n"));
        Files.writeString(root.resolve("tla/MCVmSpaceBugWrongExpect.cfg"), cfg.replaceFirst("EXPECT: CursorExclusionInv", "EXPECT: pass"));
        String body = cfg.substring(cfg.indexOf('\n') + 1);
        Files.writeString(root.resolve("tla/MCVmSpaceNoExpect.cfg"), body);
        Files.writeString(root.resolve("tla/MCVmSpaceBadCoverage.cfg"), "\\* EXPECT: pass\n\\* COVERAGE: lines\n" + body);
        Files.writeString(root.resolve("tla/MCVmSpaceTwoProps.cfg"), "\\* EXPECT: TemporalProperty\n" + body + "PROPERTY A B\n");
        Files.writeString(root.resolve("tla/MCVmSpaceHuge.cfg"), "\\* EXPECT: pass\n\\* GROUP: large\n" + body);
        return root;
    }

    @Test
    void theJarAndCheckShGiveTheSameResultsAndAWrongExpectationIsAFailingTestCase() throws Exception {
        Path root = fixture();
        // scripts/check.sh on the fixture
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/check.sh").directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("check-sh.out").toFile());
        pb.environment().put("TLA2TOOLS", Tlc.jarFromEnvironment().toString());
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        String shOut = Files.readString(dir.resolve("check-sh.out"));
        assertEquals(1, p.exitValue(), shOut);
        List<String> sh = Files.readAllLines(root.resolve("build/check/results-ci.txt")).stream().map(CheckCommandTest::cut).sorted().toList();

        Path out = dir.resolve("out");
        Cli r = Cli.run("check", "--quiet", "--root", root.toString(), "--out", out.toString());
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        List<String> jar = Files.readAllLines(out.resolve("results-ci.txt")).stream().map(CheckCommandTest::cut).sorted().toList();
        assertEquals(sh, jar, "results-ci.txt of check.sh and of the jar");
        assertEquals(List.of("FAIL|MCVmSpaceBadCoverage|pass|unknown COVERAGE: lines|?",
                "FAIL|MCVmSpaceBugWrongExpect|pass|CursorExclusionInv", "FAIL|MCVmSpaceNoExpect|?|no '\\* EXPECT:' line|?",
                "FAIL|MCVmSpaceTwoProps|TemporalProperty|EXPECT: TemporalProperty needs exactly one PROPERTY (has 2)|?",
                "ok|MCVmSpaceBugNoCursorLock|CursorExclusionInv|CursorExclusionInv"),
                jar.stream().map(s -> s.replaceFirst("\\|\\d+$", "")).toList());
        for (String line : r.out().lines().filter(s -> s.startsWith("   ok ") || s.startsWith("   FAIL")).toList()) {
            assertTrue(shOut.contains(line.replaceFirst("\\s+[0-9.]+$", "")), "check.sh has no line like: " + line + "\n" + shOut);
        }
        assertTrue(r.out().contains("   ok    tla/MCVmSpace.tla\n"), r.out());
        assertTrue(r.out().endsWith("== check: FAILED\n"), r.out());

        Document x = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        Element suites = x.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        Map<String, Element> byName = new HashMap<>();
        NodeList cases = x.getElementsByTagName("testcase");
        for (int k = 0; k < cases.getLength(); k++) {
            Element c = (Element) cases.item(k);
            byName.put(c.getAttribute("name"), c);
        }
        assertEquals(5 + 2, cases.getLength(), "5 ci models and 2 modules parsed");
        Element passing = byName.get("MCVmSpaceBugNoCursorLock");
        Element failing = byName.get("MCVmSpaceBugWrongExpect");
        assertEquals(0, passing.getElementsByTagName("failure").getLength());
        assertEquals(1, failing.getElementsByTagName("failure").getLength());
        assertEquals("expected pass, got CursorExclusionInv",
                ((Element) failing.getElementsByTagName("failure").item(0)).getAttribute("message"));
        assertEquals("pass", property(failing, "expected"));
        assertEquals("CursorExclusionInv", property(failing, "actual"));
        long states = Long.parseLong(property(passing, "distinctStates"));
        assertTrue(states > 1, "distinct states: " + states);
        assertTrue(Double.parseDouble(failing.getAttribute("time")) > 0);
        assertEquals(1, byName.get("MCVmSpaceNoExpect").getElementsByTagName("failure").getLength());

        JsonObject module = JsonParser.parseString(Files.readString(out.resolve("manifest.json"), StandardCharsets.UTF_8))
                .getAsJsonObject().getAsJsonArray("specifications").get(0).getAsJsonObject()
                .getAsJsonArray("modules").get(0).getAsJsonObject();
        assertEquals("tla/MCVmSpace.tla", module.get("path").getAsString());
        JsonArray models = module.getAsJsonArray("models");
        JsonObject bug = null;
        JsonObject noExpect = null;
        for (var m : models) {
            String path = m.getAsJsonObject().get("path").getAsString();
            if (path.equals("tla/MCVmSpaceBugNoCursorLock.cfg")) {
                bug = m.getAsJsonObject();
            } else if (path.equals("tla/MCVmSpaceNoExpect.cfg")) {
                noExpect = m.getAsJsonObject();
            }
        }
        assertEquals("unknown", noExpect.get("result").getAsString());
        assertEquals("safety failure", bug.get("result").getAsString());
        assertEquals(states, bug.get("distinctStates").getAsLong());
        assertTrue(bug.get("runtime").getAsString().matches("\\d\\d:\\d\\d:\\d\\d"));
    }

    /** A results line without its seconds (and distinct states where TLC did not run). */
    private static String cut(String s) {
        return s.substring(0, s.lastIndexOf('|'));
    }

    @Test
    void theJsonResultNamesEveryModelWithItsVerdict() throws Exception {
        Path root = fixture();
        Cli r = Cli.run("check", "--quiet", "--json", "--root", root.toString(), "--out", dir.resolve("out").toString(),
                "--model", "MCVmSpaceNoExpect", "--model", "MCVmSpaceTwoProps");
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertFalse(j.get("ok").getAsBoolean());
        JsonArray ms = j.getAsJsonArray("models");
        assertEquals(2, ms.size());
        assertEquals("FAIL", ms.get(0).getAsJsonObject().get("verdict").getAsString());
        assertEquals("no '\\* EXPECT:' line", ms.get(0).getAsJsonObject().get("actual").getAsString());
    }

    private static String property(Element testcase, String name) {
        NodeList ps = testcase.getElementsByTagName("property");
        for (int k = 0; k < ps.getLength(); k++) {
            Element p = (Element) ps.item(k);
            if (p.getAttribute("name").equals(name)) {
                return p.getAttribute("value");
            }
        }
        throw new AssertionError("no property " + name);
    }
}
