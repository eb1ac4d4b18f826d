package org.vmspace.workload;

import static org.vmspace.workload.OwnerBooks.ACTIVE;

import java.util.List;
import java.util.Random;
import org.vmspace.mm.Fallible;
import org.vmspace.mm.VmReader;
import org.vmspace.mm.VmWriter;

/** An actor's user-space I/O through its active readers and writers: {@code Read}, {@code Write}, {@code Skip}. */
final class IoOps {
    private final Draws d;
    private final Random rnd;
    private final int ps;
    private final List<List<VmReader<Fallible>>> rs;
    private final List<List<VmWriter<Fallible>>> ws;

    IoOps(Draws d, OwnerBooks b) {
        this.d = d;
        this.rnd = d.rnd;
        this.ps = d.ps;
        this.rs = b.rs;
        this.ws = b.ws;
    }

    void io() {
        if (rnd.nextBoolean()) {
            VmReader<Fallible> x = d.pick(rs.get(ACTIVE));
            if (x == null) {
                return;
            }
            x.onCpu(d.cpu());
            switch (rnd.nextInt(5)) {
                case 0 -> x.readLong();
                case 1 -> x.readOnceLong();
                case 2 -> x.readFallible(VmWriter.fromSlice(new byte[1 + rnd.nextInt(ps)]));
                default -> x.read(VmWriter.fromSlice(new byte[1 + rnd.nextInt(ps)]));
            }
        } else {
            VmWriter<Fallible> x = d.pick(ws.get(ACTIVE));
            if (x == null) {
                return;
            }
            x.onCpu(d.cpu());
            switch (rnd.nextInt(7)) {
                case 0 -> x.writeVal(rnd.nextLong());
                case 1 -> x.writeOnce(rnd.nextLong());
                case 2 -> x.fill(rnd.nextLong());
                case 3 -> x.fillZeros(1 + rnd.nextInt(ps));
                case 4 -> x.writeFallible(VmReader.fromSlice(d.bytes(1 + rnd.nextInt(ps))));
                default -> x.write(VmReader.fromSlice(d.bytes(1 + rnd.nextInt(ps))));
            }
        }
    }

    void skip() {
        long n = rnd.nextInt(4) == 0 ? ps * 4L : rnd.nextInt(64);
        if (rnd.nextBoolean()) {
            VmReader<Fallible> x = d.pick(rs.get(ACTIVE));
            if (x != null) {
                x.skip(n);
            }
        } else {
            VmWriter<Fallible> x = d.pick(ws.get(ACTIVE));
            if (x != null) {
                x.skip(n);
            }
        }
    }
}
