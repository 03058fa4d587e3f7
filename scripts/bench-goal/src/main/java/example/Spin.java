package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Spins 0.2 s of this thread's CPU time. */
public class Spin implements TaskFunction<Params, Long> {
    @Override
    public Long apply(Params p) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long end = cpu.getCurrentThreadCpuTime() + 200_000_000L;
        long spins = 0;
        while (cpu.getCurrentThreadCpuTime() < end) {
            spins++;
        }
        return spins;
    }
}
