package org.vmspace.mbt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of behaviours (paths from the initial state) that together take every transition of a
 * {@link StateGraph} at least once, and so visit every reachable state. Greedy: a behaviour starts
 * with the shortest path from the initial state to a state with an untaken transition, then keeps
 * taking untaken transitions; when the state it reached has none left, it walks (breadth-first, at
 * most {@code maxDetour} steps) to the nearest state that has one; it ends when there is none near or
 * it reached {@code maxLength} steps.
 */
public final class PathCover {
    /** A behaviour: the transitions taken, in order. */
    public record Behaviour(int index, int[] edges) {}

    private PathCover() {}

    /**
     * The behaviours, in order; at most {@code maxBehaviours} (0: no limit), so that a bounded run
     * covers a prefix of the full cover.
     */
    public static List<Behaviour> build(StateGraph g, int maxLength, int maxDetour, int maxBehaviours) {
        int n = g.states();
        // Shortest paths from the initial state: the transition that first reaches each state.
        int[] parentEdge = new int[n];
        Arrays.fill(parentEdge, -1);
        boolean[] seen = new boolean[n];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        seen[g.init()] = true;
        q.add(g.init());
        List<Integer> order = new ArrayList<>();
        while (!q.isEmpty()) {
            int s = q.poll();
            order.add(s);
            for (int k = g.outStart[s]; k < g.outStart[s + 1]; k++) {
                int e = g.outEdge[k];
                int t = g.dst[e];
                if (!seen[t]) {
                    seen[t] = true;
                    parentEdge[t] = e;
                    q.add(t);
                }
            }
        }
        int[] next = Arrays.copyOf(g.outStart, n); // per state: the next possibly untaken out-transition
        boolean[] taken = new boolean[g.transitions()];
        List<Behaviour> out = new ArrayList<>();
        int[] mark = new int[n];
        int stamp = 0;
        int[] via = new int[n];
        for (int start : order) {
            while (firstUntaken(g, start, next, taken) >= 0) {
                if (maxBehaviours > 0 && out.size() >= maxBehaviours) {
                    return out;
                }
                IntList path = new IntList();
                // The shortest path from init to start.
                List<Integer> prefix = new ArrayList<>();
                for (int s = start; s != g.init(); s = g.src[parentEdge[s]]) {
                    prefix.add(parentEdge[s]);
                }
                for (int i = prefix.size() - 1; i >= 0; i--) {
                    path.add(prefix.get(i));
                    taken[prefix.get(i)] = true;
                }
                int cur = start;
                while (path.size() < maxLength) {
                    int e = firstUntaken(g, cur, next, taken);
                    if (e >= 0) {
                        taken[e] = true;
                        path.add(e);
                        cur = g.dst[e];
                        continue;
                    }
                    // Detour: breadth-first to the nearest state with an untaken transition.
                    stamp++;
                    ArrayDeque<int[]> bq = new ArrayDeque<>();
                    bq.add(new int[] {cur, 0});
                    mark[cur] = stamp;
                    via[cur] = -1;
                    int found = -1;
                    while (!bq.isEmpty() && found < 0) {
                        int[] sd = bq.poll();
                        if (sd[1] >= maxDetour) {
                            continue;
                        }
                        for (int k = g.outStart[sd[0]]; k < g.outStart[sd[0] + 1]; k++) {
                            int ed = g.outEdge[k];
                            int t = g.dst[ed];
                            if (mark[t] != stamp) {
                                mark[t] = stamp;
                                via[t] = ed;
                                if (firstUntaken(g, t, next, taken) >= 0) {
                                    found = t;
                                    break;
                                }
                                bq.add(new int[] {t, sd[1] + 1});
                            }
                        }
                    }
                    if (found < 0) {
                        break;
                    }
                    IntList detour = new IntList();
                    for (int s = found; s != cur; s = g.src[via[s]]) {
                        detour.add(via[s]);
                    }
                    for (int i = detour.size() - 1; i >= 0; i--) {
                        path.add(detour.get(i));
                        taken[detour.get(i)] = true;
                    }
                    cur = found;
                }
                out.add(new Behaviour(out.size() + 1, path.toArray()));
            }
        }
        return out;
    }

    private static int firstUntaken(StateGraph g, int s, int[] next, boolean[] taken) {
        while (next[s] < g.outStart[s + 1]) {
            int e = g.outEdge[next[s]];
            if (!taken[e]) {
                return e;
            }
            next[s]++;
        }
        return -1;
    }

    /** A growable int array. */
    static final class IntList {
        private int[] a = new int[64];
        private int n;

        void add(int x) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = x;
        }

        int get(int i) {
            return a[i];
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
