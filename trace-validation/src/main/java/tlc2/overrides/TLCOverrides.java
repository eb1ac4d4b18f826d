package tlc2.overrides;

import org.vmspace.tv.TraceIO;

/**
 * TLC2 looks this class up by name on its classpath and registers the Java definitions of the
 * classes it returns: here the operators of TraceIO.tla (TraceHeader, TraceLog, DiagAt).
 */
public class TLCOverrides implements ITLCOverrides {
    @Override
    @SuppressWarnings("rawtypes")
    public Class[] get() {
        return new Class[] {TraceIO.class};
    }
}
