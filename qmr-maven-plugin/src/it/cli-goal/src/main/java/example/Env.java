package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;
import java.lang.management.ManagementFactory;

/** What the worker sees: a variable set by -Dqmr.environment and the JVM options from -Dqmr.jvmOptions. */
public class Env implements TaskFunction<Params, String> {
    @Override
    public String apply(Params p) {
        return System.getenv("QMR_IT_GREETING") + " " + p.get("n") + " "
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
}
