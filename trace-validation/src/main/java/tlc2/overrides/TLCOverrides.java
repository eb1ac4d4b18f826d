package tlc2.overrides;

import org.vmspace.tv.TraceIO;
import org.vmspace.tv.machine.MachineTraceIO;

/**
 * TLC2 looks this class up by name on its classpath and registers the Java definitions of the
 * classes it returns: here the operators of TraceIO.tla (TraceHeader, TraceLog, DiagAt) and of
 * MachineTraceIO.tla (MachineTraceHeader, MachineTraceLog, MachineDiagAt); each run uses the ones its
 * spec has (warn = false: the others are skipped silently).
 */
public class TLCOverrides implements ITLCOverrides {
    @Override
    @SuppressWarnings("rawtypes")
    public Class[] get() {
        return new Class[] {TraceIO.class, MachineTraceIO.class};
    }
}
