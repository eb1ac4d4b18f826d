package org.vmspace.spectools;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reachable state graph TLC wrote with {@code -dump dot FILE}, reduced to what identifies
 * it: the set of states (by TLC fingerprint, the node ids of the dot file) and the set of
 * transitions (pairs of fingerprints), and a SHA-256 digest of both sorted sets. Two specs
 * with equal digests on a model have the same reachable states and the same steps between them.
 */
public record StateGraph(int states, int transitions, String digest) {

    private static final Pattern NODE = Pattern.compile("^(-?\\d+) \\[");
    private static final Pattern EDGE = Pattern.compile("^(-?\\d+) -> (-?\\d+)");

    public static StateGraph read(Path dot) throws IOException {
        long[] nodes = new long[1024];
        int n = 0;
        long[] edges = new long[2048];
        int e = 0;
        try (BufferedReader r = Files.newBufferedReader(dot, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Matcher em = EDGE.matcher(line);
                if (em.find()) {
                    if (e + 2 > edges.length) {
                        edges = Arrays.copyOf(edges, edges.length * 2);
                    }
                    edges[e++] = Long.parseLong(em.group(1));
                    edges[e++] = Long.parseLong(em.group(2));
                    continue;
                }
                Matcher nm = NODE.matcher(line);
                if (nm.find()) {
                    if (n == nodes.length) {
                        nodes = Arrays.copyOf(nodes, n * 2);
                    }
                    nodes[n++] = Long.parseLong(nm.group(1));
                }
            }
        }
        long[] ns = Arrays.stream(nodes, 0, n).sorted().distinct().toArray();
        long[][] pairs = new long[e / 2][];
        for (int i = 0; i < e; i += 2) {
            pairs[i / 2] = new long[] {edges[i], edges[i + 1]};
        }
        Arrays.sort(pairs, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
        ByteBuffer buf = ByteBuffer.allocate(16);
        for (long x : ns) {
            buf.clear();
            buf.putLong(x);
            md.update(buf.array(), 0, 8);
        }
        md.update((byte) '|');
        int distinctEdges = 0;
        long[] prev = null;
        for (long[] p : pairs) {
            if (prev != null && prev[0] == p[0] && prev[1] == p[1]) {
                continue;
            }
            buf.clear();
            buf.putLong(p[0]).putLong(p[1]);
            md.update(buf.array(), 0, 16);
            distinctEdges++;
            prev = p;
        }
        return new StateGraph(ns.length, distinctEdges, HexFormat.of().formatHex(md.digest()).substring(0, 16));
    }
}
