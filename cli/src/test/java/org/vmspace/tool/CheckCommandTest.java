package org.vmspace.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code vmspace check}: model selection by the cfg header contract, and the machine-readable results.
 * The negative control: a copy of a bug model whose EXPECT line is wrong ("pass") must fail the check
 * and be a failing test case in junit.xml.
 */
class CheckCommandTest {
    static final Path REPO = Path.of(System.getProperty("vmspace.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theCiGroupHasTheBugModelsAndNotTheLargeModel() {
        Cli ci = Cli.run("check", "--list");
        Cli large = Cli.run("check", "--list", "--group", "large");
        assertEquals(0, ci.exit(), ci.toString());
        assertTrue(ci.out().startsWith("MCVmSpace "), "the coverage model runs first:\n" + ci.out());
        assertTrue(ci.out().contains("MCVmSpaceBugNoCursorLock           ci     CursorExclusionInv\n"), ci.out());
        assertFalse(ci.out().contains("MCVmSpaceLarge"), ci.out());
        assertTrue(large.out().contains("MCVmSpaceLarge"), large.out());
        assertFalse(ci.out().contains("MCVmSpaceSeed"), "review models have no EXPECT line:\n" + ci.out());
    }

    @Test
    void aModelWithAWrongExpectationIsAFailingTestCaseInJunitXmlAndTheManifestHasBoth() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("tla"));
        for (String f : new String[] {"VmSpace.tla", "MCVmSpace.tla", "MCVmSpaceBugNoCursorLock.cfg"}) {
            Files.copy(REPO.resolve("tla").resolve(f), root.resolve("tla").resolve(f));
        }
        String cfg = Files.readString(REPO.resolve("tla/MCVmSpaceBugNoCursorLock.cfg"));
        assertTrue(cfg.startsWith("\\* EXPECT: CursorExclusionInv\n"));
        Files.writeString(root.resolve("tla/MCVmSpaceBugWrongExpect.cfg"), cfg.replaceFirst("EXPECT: CursorExclusionInv", "EXPECT: pass"));
        Path out = dir.resolve("out");
        Cli r = Cli.run("check", "--quiet", "--root", root.toString(), "--out", out.toString(), "--json",
                "--model", "MCVmSpaceBugNoCursorLock", "--model", "MCVmSpaceBugWrongExpect");
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());

        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertFalse(j.get("ok").getAsBoolean());
        JsonArray ms = j.getAsJsonArray("models");
        assertEquals("ok", ms.get(0).getAsJsonObject().get("verdict").getAsString());
        assertEquals("FAIL", ms.get(1).getAsJsonObject().get("verdict").getAsString());
        assertEquals("CursorExclusionInv", ms.get(1).getAsJsonObject().get("actual").getAsString());

        Document x = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        Element suites = x.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        assertEquals("2", suites.getAttribute("tests"));
        assertEquals("1", suites.getAttribute("failures"));
        NodeList cases = x.getElementsByTagName("testcase");
        assertEquals(2, cases.getLength());
        Map<String, Element> byName = new HashMap<>();
        for (int k = 0; k < cases.getLength(); k++) {
            Element c = (Element) cases.item(k);
            byName.put(c.getAttribute("name"), c);
        }
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

        JsonObject spec = JsonParser.parseString(Files.readString(out.resolve("manifest.json"))).getAsJsonObject()
                .getAsJsonArray("specifications").get(0).getAsJsonObject();
        JsonObject module = spec.getAsJsonArray("modules").get(0).getAsJsonObject();
        assertEquals("tla/MCVmSpace.tla", module.get("path").getAsString());
        JsonArray models = module.getAsJsonArray("models");
        assertEquals(2, models.size());
        JsonObject bug = models.get(0).getAsJsonObject();
        assertEquals("tla/MCVmSpaceBugNoCursorLock.cfg", bug.get("path").getAsString());
        assertEquals("safety failure", bug.get("result").getAsString());
        assertEquals(states, bug.get("distinctStates").getAsLong());
        assertTrue(bug.get("runtime").getAsString().matches("\\d\\d:\\d\\d:\\d\\d"));
        assertEquals("success", models.get(1).getAsJsonObject().get("result").getAsString());
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
